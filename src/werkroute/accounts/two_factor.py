"""Setting up and confirming the second factor (TOTP, as in any authenticator app)."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm
from django_otp.plugins.otp_totp.models import TOTPDevice


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


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, request.user.otp_device)  # type: ignore[union-attr]
        return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; the account is protected once a code from it is confirmed."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token", _("Na een verkeerde code kunt u het over enkele seconden opnieuw proberen.")
            )
        elif device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(_next(request))
        else:
            form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4),
            "secret": device.key,
            "next": _next(request),
        },
    )
