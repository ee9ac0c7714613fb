"""Request middleware: the interface language and no caching of personal pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is ignored.

    Municipal desks run browsers in any language; the interface is Dutch until someone picks another
    language with the language switch (stored in the language cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and translation.check_for_language(chosen) else settings.LANGUAGE_CODE
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
