"""Request type of views behind the login: for the type checker, ``request.user`` is always a User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from werkroute.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    # LoginRequiredMiddleware guarantees an authenticated user before any such view runs.
    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
