"""Two-factor authentication is required for every account (demo accounts excepted in demo mode only)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from werkroute.accounts.services import demo_exempt

# Pages an account that has not yet confirmed its second factor may still open. The setup page refuses
# an account that already has an authenticator (see ``two_factor.setup``).
OPEN_BEFORE_SECOND_FACTOR = ("two_factor_verify", "two_factor_setup", "logout", "set_language", "keep_alive")


class TwoFactorRequiredMiddleware:
    """After the password, an account must confirm a TOTP code (or set up its authenticator first)."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        # The full name: a page of another app that happens to be called "logout" is not exempt.
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        page = second_factor_page(request, request.get_full_path())
        return redirect(page) if page else None


def second_factor_page(request, next_url: str) -> str | None:  # type: ignore[no-untyped-def]
    """The page where the signed-in user of ``request`` must give (or set up) the second factor before
    going on to ``next_url``; None when none is needed."""
    user = request.user
    if (
        not settings.WERKROUTE_REQUIRE_TWO_FACTOR
        or not user.is_authenticated
        or demo_exempt(user)
        or request.session.get(BACKEND_SESSION_KEY) in settings.WERKROUTE_SECOND_FACTOR_EXEMPT_BACKENDS
        # Right after the password the user is a plain account, without django-otp's is_verified.
        or getattr(user, "is_verified", lambda: False)()
    ):
        return None
    target = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"
