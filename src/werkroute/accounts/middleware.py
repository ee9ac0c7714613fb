"""Two-factor authentication is required for every account (demo accounts excepted in demo mode only)."""

from __future__ import annotations

from django.conf import settings
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
        user = request.user
        if (
            not settings.WERKROUTE_REQUIRE_TWO_FACTOR
            or not user.is_authenticated
            or demo_exempt(user)
            or user.is_verified()
            or request.resolver_match.url_name in OPEN_BEFORE_SECOND_FACTOR
        ):
            return None
        target = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
