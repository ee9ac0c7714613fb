"""Setting up and confirming the second factor (TOTP, as in any authenticator app)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from werkroute.accounts import services
from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.views import home_url


class SetupForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit de app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class VerifyForm(OTPTokenForm):
    otp_error_messages = dict(
        OTPTokenForm.otp_error_messages,
        token_required=gettext_lazy("Vul de code uit uw authenticator-app in."),
        invalid_token=gettext_lazy("Deze code klopt niet of is verlopen. Probeer de nieuwe code."),
        # After a wrong code django-otp refuses codes for a growing number of seconds (brute force).
        n_failed_attempts=ngettext_lazy(
            "Na %(failure_count)d verkeerde code kunt u het over enkele seconden opnieuw proberen.",
            "Na %(failure_count)d verkeerde codes kunt u het over enkele seconden opnieuw proberen.",
            "failure_count",
        ),
        verification_not_allowed=gettext_lazy("Controle van de code is tijdelijk niet mogelijk."),
        device_required=gettext_lazy("Er is geen authenticator gekoppeld aan dit account."),
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = gettext_lazy("Code uit de app")
        self.fields["otp_token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric"}
        )
        # One authenticator per account here: no device choice, no challenge button.
        self.fields["otp_device"].required = False
        self.fields["otp_device"].widget = forms.HiddenInput()
        self.fields["otp_challenge"].widget = forms.HiddenInput()

    def _chosen_device(self, user):  # type: ignore[no-untyped-def]
        # The account's one confirmed authenticator (accounts here have one device: no choice shown).
        return (
            super()._chosen_device(user) or TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        )


def _after_second_factor(request: HttpRequest) -> str:
    # The start page only sends on to the page of the user's roles: going there directly saves every
    # login a request (and under load a wait in the queue).
    target = _next(request)
    if target == reverse("home"):
        return home_url(request.user) or target  # type: ignore[arg-type]
    return target


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, request.user.otp_device)  # type: ignore[union-attr]
        return redirect(_after_second_factor(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


PENDING_KEY = "two_factor_pending_key"


def _base32(key_hex: str) -> str:
    """The secret as authenticator apps ask for it when typed: base32, in groups of four."""
    encoded = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(encoded[start : start + 4] for start in range(0, len(encoded), 4))


@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; the account is protected once a code from it is confirmed.

    Only for an account without a confirmed authenticator, or one that has just confirmed it (to replace
    it): otherwise the password alone would let anyone put their own authenticator on the account. A GET
    writes nothing to the database: the secret waits in the session until a code from it is confirmed.
    """
    user = request.user
    if not services.may_enrol_second_factor(user):
        services.refuse_enrolment(user)
        messages.error(request, _("Bevestig eerst een code uit de authenticator-app die al is gekoppeld."))
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
    key = request.session.get(PENDING_KEY)
    if not key:
        key = random_hex(20)
        request.session[PENDING_KEY] = key
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.enrol_second_factor(user=user, key=key, token=form.cleaned_data["token"].strip())
        if device is not None:
            del request.session[PENDING_KEY]
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    unsaved = TOTPDevice(user=user, key=key, name="authenticator")
    qr = segno.make(unsaved.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4),
            "secret": _base32(key),
            "next": _next(request),
        },
    )
