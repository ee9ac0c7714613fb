"""Refusals: every request Werkroute turns down gets a plain page and an audit entry. The page is Dutch,
or under the client's portal in the client's language (``core.middleware.error_templates``).

The pages say what to do next and nothing about why in technical terms: an error message must not help
someone probing the system, and must not echo what they sent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.core.middleware import error_templates


def refuse(request: HttpRequest, reason: str, template: str, status: int, **details: Any) -> HttpResponse:
    user = getattr(request, "user", None)
    audit.record(
        AuditAction.REFUSED,
        actor=user if user is not None and user.is_authenticated else None,
        object_type="request",
        object_id=request.path[:64],
        changes={"reason": reason, "method": request.method, **details},
    )
    return render(request, error_templates(request, template), status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Not audited: a mistyped address is no refusal. Django's own handler knows only one template.
    return render(request, error_templates(request, "404.html"), status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django calls this for a SuspiciousOperation, such as a request body over DATA_UPLOAD_MAX_MEMORY_SIZE.
    reason = type(exception).__name__ if exception is not None else "bad_request"
    return refuse(request, reason, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refuse(request, "permission_denied", "403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # A missing, stale or altered CSRF token: a tampered form, a form from another site, or a page left
    # open across a logout. The user can simply reload and try again.
    return refuse(request, "csrf", "403_csrf.html", 403, csrf=reason[:100])


def request_too_large(request: HttpRequest) -> HttpResponse:
    return refuse(
        request, "too_large", "413.html", 413, content_length=request.META.get("CONTENT_LENGTH", "")
    )


class RequestSizeLimitMiddleware:
    """Refuses a request body over ``WERKROUTE_MAX_REQUEST_BYTES`` before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, which it streams to disk without a
    limit; this does. The refusal is audited (:func:`request_too_large`).
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        if length > settings.WERKROUTE_MAX_REQUEST_BYTES:
            return request_too_large(request)
        return self.get_response(request)
