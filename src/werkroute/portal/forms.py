"""The portal's forms. Every error message is the portal's own, so that it is translated in every
language of the portal: Django's built-in messages exist in neither Tigrinya nor plain words, and where
Django has no catalogue it falls back to Dutch."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.cases.client_services import MAX_MESSAGE_LENGTH

TOO_LONG = _("Uw tekst is te lang: hoogstens %(limit_value)d tekens, u schreef er %(show_value)d.")


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf eerst een bericht."), "max_length": TOO_LONG},
    )


class CannotAttendForm(forms.Form):
    activity = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kies de afspraak waar u niet kunt komen."),
            "invalid": _("Kies de afspraak waar u niet kunt komen."),
        },
    )
    text = forms.CharField(
        label=_("Waarom kunt u niet komen?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort waarom u niet kunt komen."), "max_length": TOO_LONG},
    )


class AnswerForm(forms.Form):
    referral = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Dit voorstel wacht niet meer op uw antwoord."),
            "invalid": _("Dit voorstel wacht niet meer op uw antwoord."),
        },
    )
    answer = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[("yes", _("Ja, ik wil dit werk")), ("no", _("Nee, ik wil dit werk niet"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee."), "invalid_choice": _("Kies ja of nee.")},
    )
    reason = forms.CharField(
        label=_("Waarom niet? (alleen bij nee)"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Wat is niet goed, en wat moet het zijn?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf wat er verbeterd moet worden."), "max_length": TOO_LONG},
    )
