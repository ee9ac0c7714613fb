from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.cases.forms import DateInput
from werkroute.cases.models import ContractType
from werkroute.followup.models import PartnerOutcome


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Uitstellen tot en met"), widget=DateInput())
    note = forms.CharField(label=_("Reden"), max_length=300)


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_("Waarom dit signaal niet van toepassing is. Kort en zakelijk."),
    )


class CheckInForm(forms.Form):
    done_on = forms.DateField(label=_("Gesproken op"), widget=DateInput())
    still_in_work = forms.TypedChoiceField(
        label=_("Nog aan het werk?"),
        choices=[("ja", _("ja")), ("nee", _("nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    work_ended_on = forms.DateField(
        label=_("Werk gestopt op"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen als het werk stopte."),
    )
    hours_per_week = forms.IntegerField(label=_("Uur per week"), required=False, min_value=1, max_value=60)
    contract_type = forms.ChoiceField(
        label=_("Soort contract"), required=False, choices=[("", "–"), *ContractType.choices]
    )
    needs_support = forms.TypedChoiceField(
        label=_("Heeft de klant ondersteuning nodig?"),
        choices=[("nee", _("nee")), ("ja", _("ja"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )


class PartnerReportForm(forms.Form):
    period_end = forms.DateField(label=_("Over de periode tot en met"), widget=DateInput())
    sessions_planned = forms.IntegerField(label=_("Geplande bijeenkomsten"), min_value=0, max_value=500)
    sessions_attended = forms.IntegerField(label=_("Aanwezig"), min_value=0, max_value=500)
    outcome = forms.ChoiceField(label=_("Hoe gaat het?"), choices=PartnerOutcome.choices)
