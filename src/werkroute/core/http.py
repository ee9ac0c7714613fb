"""Request type of views behind the login (for the type checker, ``request.user`` is always a User), and
file downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from werkroute.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    # LoginRequiredMiddleware guarantees an authenticated user before any such view runs.
    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as ``filename`` instead of showing it."""
    header = content_disposition_header(as_attachment=True, filename=filename)
    assert header is not None  # None only for an inline response without a name
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = header
    return response
