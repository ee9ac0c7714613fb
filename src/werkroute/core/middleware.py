"""Request middleware: the session's inactivity timeout, the interface language, no caching of personal
pages, which proxy may say that a request came in over HTTPS, and the project's own error pages in the
demo."""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

PORTAL_PREFIX = "/mijn/"


def error_templates(request: HttpRequest, name: str) -> list[str]:
    """The templates of an error page (``404.html``, ``403_csrf.html``...) for ``request``: under the
    portal its own version first, in the client's language and with the portal's frame (the staff pages
    speak only Dutch and English), else the staff page."""
    if request.path.startswith(PORTAL_PREFIX):
        return [f"portal/errors/{name}", name]
    return [name]


# The session key holding when the session's expiry was last moved (seconds since the epoch).
SESSION_REFRESHED_KEY = "_werkroute_refreshed"


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with the inactivity timeout moved on at most once a minute.

    The session expires ``SESSION_COOKIE_AGE`` after the last request, not after login. Django's
    ``SESSION_SAVE_EVERY_REQUEST`` does that by writing and committing the session row on every page
    view: under load that was one more disk flush per request, for nothing but moving the expiry by a few
    seconds. Here the session is saved when something in it changed (as always) or when its expiry was
    last moved more than ``WERKROUTE_SESSION_REFRESH_S`` ago. The timeout therefore runs out between
    ``SESSION_COOKIE_AGE - WERKROUTE_SESSION_REFRESH_S`` and ``SESSION_COOKIE_AGE`` after the last request:
    never later than configured. A request without a session (the API, static files) creates none.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:
            refreshed = int(session.get(SESSION_REFRESHED_KEY, 0))
            # Loading a session that is no longer stored (expired, logged out) drops its key: such a
            # cookie must not bring a new, empty session into being.
            now = int(time.time())
            if (
                session.session_key is not None
                and not session.is_empty()
                and now - refreshed >= settings.WERKROUTE_SESSION_REFRESH_S
            ):
                session[SESSION_REFRESHED_KEY] = now  # marks it modified, so the parent saves it
        return super().process_response(request, response)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored.

    Municipal desks run browsers in any language; the interface is Dutch until someone picks another
    language with the language switch (stored in the language cookie). The client's portal (``/mijn/``)
    speaks all of ``LANGUAGES``; the staff pages only ``WERKROUTE_STAFF_LANGUAGES``, so a desk computer on
    which a client chose Tigrinya shows the staff pages in Dutch.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        offered = (
            {code for code, _name in settings.LANGUAGES}
            if request.path.startswith(PORTAL_PREFIX)
            else set(settings.WERKROUTE_STAFF_LANGUAGES)
        )
        language = (
            chosen if chosen in offered and translation.check_for_language(chosen) else settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateNoStoreMiddleware:
    """Pages shown to a logged-in user hold personal data: browsers and proxies must not keep them.

    On a shared desk computer the back button or the cache would otherwise show a client file after
    logging out. ``Vary: HX-Request`` keeps the htmx fragment and the full page of one URL apart.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["HX-Request"])
        return response


class OwnErrorPagesMiddleware:
    """With DEBUG on (the demo, development), Django answers a missing page or a crash with its English
    technical pages, which list the URL patterns and settings. The demo must look and speak like the
    service: this shows Werkroute's own Dutch 404 and 500 pages instead. A crash is still written to the
    console log with its traceback. Only in ``conf/dev.py``; production has DEBUG off and uses them anyway.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        # A page that matches no URL pattern is turned into Django's technical 404 before any middleware
        # sees an exception; it arrives here as an HTML 404 response.
        if (
            response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "is_own_error_page", False)
        ):
            return self._page(request, "404.html", 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):  # type: ignore[no-untyped-def]
        if isinstance(exception, Http404):
            return self._page(request, "404.html", 404)
        if isinstance(exception, PermissionDenied | SuspiciousOperation):
            return None  # Django calls handler403 / handler400, the project's own pages, also in DEBUG
        logger.error("Unhandled exception on %s", request.path, exc_info=exception)
        return self._page(request, "500.html", 500)

    @staticmethod
    def _page(request: HttpRequest, template: str, status: int):  # type: ignore[no-untyped-def]
        response = render(request, error_templates(request, template), status=status)
        response.is_own_error_page = True  # type: ignore[attr-defined]
        return response


class TrustedProxyMiddleware:
    """Honours ``X-Forwarded-Proto`` only from the proxies in ``WERKROUTE_TRUSTED_PROXIES``.

    Behind the TLS proxy, Django learns from that header that the browser used HTTPS
    (``SECURE_PROXY_SSL_HEADER``). Anyone who reaches the application server directly could send it too,
    and so pass for HTTPS (no redirect, secure cookies over plain HTTP). The header is removed from any
    other sender before Django's security middleware reads it, so this must run first.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response
        self.networks = trusted_networks(getattr(settings, "WERKROUTE_TRUSTED_PROXIES", []))

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if "HTTP_X_FORWARDED_PROTO" in request.META and not self._trusted(request.META.get("REMOTE_ADDR")):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)

    def _trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


def trusted_networks(
    entries: list[str],
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``); raises ValueError on anything else."""
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]
