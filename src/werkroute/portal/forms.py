from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.cases.client_services import MAX_MESSAGE_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf eerst een bericht.")},
    )


class CannotAttendForm(forms.Form):
    activity = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Waarom kunt u niet komen?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort waarom u niet kunt komen.")},
    )


class AnswerForm(forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[("yes", _("Ja, ik wil dit werk")), ("no", _("Nee, ik wil dit werk niet"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
    reason = forms.CharField(
        label=_("Waarom niet? (alleen bij nee)"),
        max_length=MAX_MESSAGE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Wat is niet goed, en wat moet het zijn?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf wat er verbeterd moet worden.")},
    )
