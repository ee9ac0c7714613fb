from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

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
    """Logs requests that present a session cookie the server does not know: forged, or expired.

    Django treats such a request as anonymous (and the login requirement sends it to the login page);
    the entries make a series of guessed session ids visible in the log. They are aggregated, because
    anyone on the internet can send them: per source address and window
    (``WERKROUTE_UNKNOWN_SESSION_WINDOW_SECONDS``) the first request writes an entry and so does every
    tenfold (10, 100, 1000, ...) with the count so far, and over all sources at most
    ``WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES`` entries are written per window. A flood of forged cookies
    thus costs a handful of rows instead of one each, and cannot keep the chain's head locked. The counts
    live in Django's cache (per process with the default local-memory cache: the bounds then hold per
    process).
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if cookie and not request.user.is_authenticated and not request.session.exists(cookie):
            _count_unknown_session(request)
        return self.get_response(request)


def _incremented(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def _count_unknown_session(request):  # type: ignore[no-untyped-def]
    window_seconds = max(1, int(settings.WERKROUTE_UNKNOWN_SESSION_WINDOW_SECONDS))
    window = int(time.time()) // window_seconds
    source = str(request.META.get("REMOTE_ADDR", ""))[:64]
    count = _incremented(f"audit:unknown-session:{window}:{source}", 2 * window_seconds)
    if str(count).rstrip("0") != "1":
        return  # counted; the entry for this source and window is written at 1, 10, 100, ...
    entries = _incremented(f"audit:unknown-session:{window}:entries", 2 * window_seconds)
    if entries > settings.WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES:
        return
    audit.record(
        AuditAction.REFUSED,
        object_type="session",
        object_id=request.path[:64],
        changes={
            "reason": "unknown_or_expired_session",
            "source": source,
            "requests_in_window": count,
            "window_started": window * window_seconds,
            "last_entry_of_window": entries == settings.WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES,
        },
    )
