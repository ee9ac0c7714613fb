from __future__ import annotations

from django.conf import settings

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.audit.services import collecting


class AuditMiddleware:
    """Writes the audit entries of a request after its view, outside the view's transactions."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        with collecting(request.headers.get("X-Request-ID", "")[:64] or None):
            return self.get_response(request)


class UnknownSessionMiddleware:
    """Logs a request that presents a session cookie the server does not know: forged, or expired.

    Django treats such a request as anonymous (and the login requirement sends it to the login page);
    the entry makes a series of guessed session ids visible in the log.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if cookie and not request.user.is_authenticated and not request.session.exists(cookie):
            audit.record(
                AuditAction.REFUSED,
                object_type="session",
                object_id=request.path[:64],
                changes={"reason": "unknown_or_expired_session"},
            )
        return self.get_response(request)
