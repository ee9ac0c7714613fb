from __future__ import annotations

from werkroute.audit.services import collecting


class AuditMiddleware:
    """Writes the audit entries of a request after its view, outside the view's transactions."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        with collecting(request.headers.get("X-Request-ID", "")[:64] or None):
            return self.get_response(request)
