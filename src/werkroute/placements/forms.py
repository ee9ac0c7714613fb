from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.cases.forms import DateInput
from werkroute.placements.models import DeclineReason, Placement
from werkroute.regions.models import PostcodeArea
from werkroute.taxonomy.models import Occupation, Skill
from werkroute.taxonomy.widgets import TaxonomyPicker


class PlacementForm(forms.ModelForm):
    # The version the form was opened with (optimistic locking); validated like any field, so a tampered
    # value is a form error, not a server error.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    occupation = forms.ModelChoiceField(
        label=_("Beroep (ESCO)"),
        queryset=Occupation.objects.all(),
        widget=TaxonomyPicker("occupation", multiple=False),
    )
    pc4 = forms.CharField(label=_("Postcode (4 cijfers)"), max_length=4, min_length=4)
    required_skills = forms.ModelMultipleChoiceField(
        label=_("Vereiste vaardigheden (ESCO)"),
        queryset=Skill.objects.all(),
        required=False,
        widget=TaxonomyPicker("skill", multiple=True),
        help_text=_("Leeg: de vaardigheden die ESCO bij het beroep noemt."),
    )
    desirable_skills = forms.ModelMultipleChoiceField(
        label=_("Gewenste vaardigheden (ESCO)"),
        queryset=Skill.objects.all(),
        required=False,
        widget=TaxonomyPicker("skill", multiple=True),
    )

    class Meta:
        model = Placement
        fields = [
            "employer",
            "kind",
            "title",
            "description",
            "hours_per_week",
            "capacity",
            "start_date",
            "end_date",
            "min_dutch_listening",
            "min_dutch_reading",
            "min_dutch_speaking",
            "min_dutch_writing",
            "job_coach",
            "language_support",
            "driving_licence_required",
            "status",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        if self.instance.pk:
            # Declared on the form (with its picker), so ModelForm does not fill it from the instance.
            self.fields["occupation"].initial = self.instance.occupation_id
            self.fields["version"].initial = self.instance.version
            self.fields["pc4"].initial = self.instance.postcode_id
            self.fields["required_skills"].initial = list(self.instance.required_skills.all())
            self.fields["desirable_skills"].initial = list(self.instance.desirable_skills.all())
        self.order_fields(["employer", "kind", "title", "occupation", "pc4"])

    def clean_pc4(self) -> PostcodeArea:
        code = self.cleaned_data["pc4"].strip()
        try:
            return PostcodeArea.objects.get(pk=code)
        except PostcodeArea.DoesNotExist:
            raise forms.ValidationError(
                _("Deze postcode kennen we niet. Vul de vier cijfers in, zoals 6511.")
            ) from None


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden van afwijzing"), choices=DeclineReason.choices)


class StartWorkForm(forms.Form):
    """A client starts at the placement: on which day, for how many hours as agreed with the client, and
    what happens to the activities that were still planned."""

    start_date = forms.DateField(label=_("Eerste werkdag"), widget=DateInput())
    hours_per_week = forms.IntegerField(
        label=_("Uren per week volgens de afspraak met de klant"),
        min_value=1,
        max_value=60,
        help_text=_("De uren van het contract van de klant; die kunnen afwijken van de uren van de plaats."),
    )
    cancel_activities = forms.TypedMultipleChoiceField(
        label=_("Geplande activiteiten die vervallen door het werk"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Niet aangevinkt: de activiteit blijft gepland, bijvoorbeeld een taalcursus naast het werk."
        ),
    )

    def __init__(self, *args: Any, planned: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cancel_activities"].choices = [  # type: ignore[attr-defined]
            (activity.pk, f"{activity} ({activity.start_date:%d-%m-%Y})") for activity in planned
        ]
        if not planned:
            del self.fields["cancel_activities"]
