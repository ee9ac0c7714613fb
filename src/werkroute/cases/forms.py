"""Forms of the case file. They parse and check single fields; rules across records live in services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkroute.accounts.models import User
from werkroute.accounts.policies import PARTNER_ORGANISATION_KINDS, case_worker_filter
from werkroute.cases import handovers, services
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    Client,
    Consent,
    ConsentMethod,
    ConsentScope,
    ContactChannel,
    Education,
    EpisodeKind,
    HandoverGround,
    HandoverLegalBasis,
    Intake,
    LabourEpisode,
    LearningRoute,
    LimitingCircumstance,
    Note,
    PlanGoal,
    PlanVersion,
    TargetGroup,
    WorkExperience,
)
from werkroute.cases.models.clients import REGISTRATION_FIELDS
from werkroute.cases.workflow import allowed_next
from werkroute.core.forms import CountryField, LanguageField, LanguageLevelsField, LanguageListField
from werkroute.regions.models import Municipality, Organisation
from werkroute.taxonomy.models import Occupation, Skill
from werkroute.taxonomy.widgets import TaxonomyPicker

CODE_PATTERN = re.compile(r"^[a-z]{2}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CodeListField(forms.CharField):
    """A comma-separated list of two-letter codes (ISO 639-1 languages, sectors as words)."""

    def __init__(self, *, pattern: re.Pattern[str] | None = CODE_PATTERN, **kwargs: Any) -> None:
        self.pattern = pattern
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        items = [item.strip().lower() for item in (value or "").split(",") if item.strip()]
        if self.pattern is not None:
            wrong = [item for item in items if not self.pattern.match(item)]
            if wrong:
                raise forms.ValidationError(
                    _(
                        "Gebruik codes van twee letters, gescheiden door komma's (bijvoorbeeld: ar, ti). Onjuist: %(wrong)s"
                    ),
                    params={"wrong": ", ".join(wrong)},
                )
        return list(dict.fromkeys(items))


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput


class ClientForm(forms.ModelForm):
    version = VersionField(required=False)
    languages_spoken = LanguageListField(label=_("Gesproken talen"))
    nationality = CountryField(label=_("Nationaliteit"))
    country_of_birth = CountryField(label=_("Geboorteland"))

    class Meta:
        model = Client
        fields = REGISTRATION_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "permit_date": DateInput(),
            "linked_on": DateInput(),
            "registration_date": DateInput(),
            "bsn": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, municipality_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)  # type: ignore[attr-defined]
        self.fields["caseworker"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            case_worker_filter(municipality_ids)
        ).distinct()
        self.fields["target_group"].queryset = TargetGroup.objects.filter(  # type: ignore[attr-defined]
            Q(region__isnull=True) | Q(region__municipalities__in=municipality_ids)
        ).distinct()
        if len(municipality_ids) == 1:
            self.fields["municipality"].initial = next(iter(municipality_ids))
        # Statushouder is the default target group (see clean_target_group).
        self.fields["target_group"].required = False
        if not self.is_bound:  # shown preselected on an empty form; a sent form is cleaned below
            self.fields["target_group"].initial = TargetGroup.objects.filter(code="statushouder").first()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if not self.instance._state.adding:  # (the pk is a UUID, set before the first save)
            # A move goes through the warm handover (``cases.handovers``): the form offers only the
            # current municipality and answers any other with the way to move (``clean_municipality``
            # and the service refuse it too, for every other way in).
            field = self.fields["municipality"]
            field.queryset = Municipality.objects.filter(pk=self.instance.municipality_id)  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = services.moving_needs_a_handover()
            field.help_text = _(
                "Verhuist de klant naar een andere gemeente? Gebruik 'Overdragen bij verhuizing' op het "
                "dossier."
            )

    def clean_municipality(self) -> Municipality:
        municipality: Municipality = self.cleaned_data["municipality"]
        if not self.instance._state.adding and municipality.pk != self.instance.municipality_id:
            raise forms.ValidationError(services.moving_needs_a_handover())
        return municipality

    def clean_target_group(self) -> TargetGroup:
        return self.cleaned_data["target_group"] or TargetGroup.objects.get(code="statushouder")

    def clean_postcode(self) -> str:
        postcode = re.sub(r"\s+", "", self.cleaned_data["postcode"]).upper()
        if postcode and not re.fullmatch(r"[1-9][0-9]{3}([A-Z]{2})?", postcode):
            raise forms.ValidationError(_("Vul een Nederlandse postcode in, zoals 6511 AB of 6511."))
        return postcode

    def _post_clean(self) -> None:
        # Model validation runs in the service together with the rules across fields.
        pass


class IntakeForm(forms.ModelForm):
    version = VersionField(required=False)
    other_languages = LanguageLevelsField(label=_("Andere talen"))
    limiting_circumstances = forms.MultipleChoiceField(
        label=_("Belemmerende omstandigheden"),
        choices=LimitingCircumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wished_sectors = CodeListField(
        label=_("Gewenste sectoren"),
        pattern=None,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: zorg, horeca."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Vaardigheden (ESCO)"),
        queryset=Skill.objects.all(),
        required=False,
        widget=TaxonomyPicker("skill", multiple=True),
    )
    wished_occupations = forms.ModelMultipleChoiceField(
        label=_("Gewenste beroepen (ESCO)"),
        queryset=Occupation.objects.all(),
        required=False,
        widget=TaxonomyPicker("occupation", multiple=True),
    )

    class Meta:
        model = Intake
        fields = [
            "intake_date",
            "dutch_listening",
            "dutch_reading",
            "dutch_speaking",
            "dutch_writing",
            "other_languages",
            "limiting_circumstances",
            "circumstances_note",
            "driving_licence",
            "hours_available",
            "available_from",
            "skills",
            "wished_occupations",
            "wished_sectors",
            "max_travel_minutes",
            "willing_to_move",
            "learning_route_advice",
        ]
        widgets = {"intake_date": DateInput(), "available_from": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["hours_available"].widget.attrs["max"] = 60
        self.fields["max_travel_minutes"].widget.attrs["max"] = 240

    def clean_hours_available(self) -> int | None:
        hours = self.cleaned_data["hours_available"]
        if hours is not None and hours > 60:
            raise forms.ValidationError(_("Meer dan 60 uur per week is niet aannemelijk."))
        return hours

    def _post_clean(self) -> None:
        pass


class EducationForm(forms.ModelForm):
    country = CountryField(label=_("Land"))

    class Meta:
        model = Education
        fields = ["isced_level", "field", "years", "country", "diploma", "recognition"]


class WorkExperienceForm(forms.ModelForm):
    occupation = forms.ModelChoiceField(
        label=_("Beroep (ESCO)"),
        queryset=Occupation.objects.all(),
        widget=TaxonomyPicker("occupation", multiple=False),
    )
    country = CountryField(label=_("Land"))

    class Meta:
        model = WorkExperience
        fields = ["occupation", "years", "country"]

    def clean_years(self) -> Any:
        years = self.cleaned_data["years"]
        if years is not None and not 0 <= years <= 60:
            raise forms.ValidationError(_("Vul een aantal jaren tussen 0 en 60 in."))
        return years


EducationFormSet = forms.formset_factory(EducationForm, extra=1, can_delete=True, max_num=10)
WorkExperienceFormSet = forms.formset_factory(WorkExperienceForm, extra=1, can_delete=True, max_num=10)


class PlanForm(forms.ModelForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanVersion
        fields = ["plan_date", "learning_route", "agreements", "review_date", "reason"]
        widgets = {
            "plan_date": DateInput(),
            "review_date": DateInput(),
            "agreements": forms.Textarea(attrs={"rows": 4}),
        }


class PlanGoalForm(forms.ModelForm):
    class Meta:
        model = PlanGoal
        fields = ["description", "target_date"]
        widgets = {"target_date": DateInput()}


PlanGoalFormSet = forms.formset_factory(PlanGoalForm, extra=2, can_delete=True, max_num=20)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "activity_type",
            "description",
            "provider",
            "location",
            "start_date",
            "end_date",
            "hours_per_week",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            region_id=region_id, kind__in=PARTNER_ORGANISATION_KINDS
        )
        self.fields["hours_per_week"].widget.attrs["max"] = 60

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de startdatum."))
        return cleaned

    def _post_clean(self) -> None:
        pass


class ActivityTransitionForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=[])
    on = forms.DateField(label=_("Datum"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reden (verplicht bij voortijdig stoppen)"), max_length=300, required=False
    )
    outcome = forms.CharField(label=_("Resultaat"), max_length=300, required=False)

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status, ActivityStatus(status).label) for status in allowed_next(activity.status)
        ]
        self.fields["version"].initial = activity.version


class LabourEpisodeForm(forms.ModelForm):
    class Meta:
        model = LabourEpisode
        fields = ["kind", "start_date", "end_date", "hours_per_week", "contract_type", "employer_name"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de startdatum."))
        if cleaned.get("kind") == EpisodeKind.PAID_WORK and not cleaned.get("hours_per_week"):
            self.add_error("hours_per_week", _("Vul bij betaald werk het aantal uur per week in."))
        return cleaned

    def _post_clean(self) -> None:
        pass


class EpisodeEndForm(forms.Form):
    end_date = forms.DateField(label=_("Laatste dag"), widget=DateInput())


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["channel", "occurred_on", "text"]
        widgets = {"occurred_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].initial = ContactChannel.IN_PERSON


class ConsentForm(forms.ModelForm):
    interpreter_language = LanguageField(
        label=_("Getolkt in"), help_text=_("Laat leeg als er geen tolk nodig was.")
    )

    class Meta:
        model = Consent
        fields = ["scope", "organisation", "given_on", "valid_until", "method", "interpreter_language"]
        widgets = {"given_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only partners and providers of the client's own region; the service checks the same again.
        self.fields["organisation"].queryset = services.partner_organisations(client)  # type: ignore[attr-defined]
        self.fields["scope"].initial = ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
        self.fields["method"].initial = ConsentMethod.IN_PERSON


class ReferralConsentForm(forms.ModelForm):
    """The consent a referral asks for, recorded where it is asked: the scope is fixed (sharing the
    work profile with employers), the rest is how the client gave it."""

    interpreter_language = LanguageField(
        label=_("Getolkt in"), help_text=_("Laat leeg als er geen tolk nodig was.")
    )

    class Meta:
        model = Consent
        fields = ["given_on", "valid_until", "method", "interpreter_language"]
        widgets = {"given_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].initial = ConsentMethod.IN_PERSON

    def _post_clean(self) -> None:
        pass


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Ingetrokken op"), widget=DateInput())
    method = forms.ChoiceField(label=_("Hoe ingetrokken"), choices=ConsentMethod.choices)


STATUS_FILTER_CHOICES = [
    ("", _("alle posities")),
    (EpisodeKind.PAID_WORK, _("betaald werk")),
    (EpisodeKind.SOCIAL_ASSISTANCE, _("bijstand")),
    (EpisodeKind.EDUCATION, _("onderwijs")),
    (EpisodeKind.NONE, _("geen van deze")),
]


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("alle gemeenten"),
    )
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    route = forms.ChoiceField(
        label=_("Leerroute"), required=False, choices=[("", _("alle leerroutes")), *LearningRoute.choices]
    )
    status = forms.ChoiceField(label=_("Positie nu"), required=False, choices=STATUS_FILTER_CHOICES)
    idle = forms.BooleanField(label=_("Zonder lopende activiteit"), required=False)
    scope = forms.ChoiceField(
        label=_("Klanten van"),
        required=False,
        choices=[("mine", _("mij")), ("all", _("de hele gemeente"))],
    )

    def clean_q(self) -> str:
        # A BSN typed here would end up in the address bar, browser history and server logs.
        if re.search(r"\d{5,}", self.cleaned_data["q"]):
            raise forms.ValidationError(_("Zoek hier op naam. Zoek niet op BSN of andere nummers."))
        return self.cleaned_data["q"]

    def __init__(self, *args: Any, municipality_ids: set[int], cohorts: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=municipality_ids)  # type: ignore[attr-defined]
        self.fields["cohort"].choices = [("", _("alle cohorten"))] + [(year, str(year)) for year in cohorts]  # type: ignore[attr-defined]


class HandoverRequestForm(forms.Form):
    """The new municipality asks for the file of a client who moved to it."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    to_municipality = forms.ModelChoiceField(label=_("Uw gemeente"), queryset=Municipality.objects.none())
    moved_on = forms.DateField(label=_("Verhuisdatum"), widget=DateInput())

    def __init__(self, *args: Any, municipality_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_municipality"]
        field.queryset = Municipality.objects.filter(pk__in=municipality_ids)  # type: ignore[attr-defined]
        if len(municipality_ids) == 1:
            field.initial = next(iter(municipality_ids))

    def clean_bsn(self) -> str:
        return re.sub(r"\s+", "", self.cleaned_data["bsn"])


class HandoverForm(forms.Form):
    """The sending caseworker hands the file over."""

    to_municipality = forms.ModelChoiceField(
        label=_("Naar gemeente"), queryset=Municipality.objects.order_by("name")
    )
    moved_on = forms.DateField(label=_("Verhuisdatum"), widget=DateInput())
    ground = forms.ChoiceField(
        label=_("Grondslag"),
        choices=HandoverGround.choices,
        widget=forms.RadioSelect,
        help_text=_("Zonder wettelijke grondslag gaat het dossier alleen over met toestemming van de klant."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Wettelijke grondslag"),
        choices=[("", _("– kies een wet –")), *HandoverLegalBasis.choices],
        required=False,
        help_text=_("Alleen bij een wettelijke grondslag."),
    )
    legal_basis_note = forms.CharField(
        label=_("Toelichting op de grondslag"),
        max_length=500,
        required=False,
        help_text=_("Verplicht bij een andere grondslag: noem de wet en het artikel."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service checks the same; asked here too so that every mistake is shown in one answer.
        if "ground" in cleaned and "legal_basis" in cleaned:
            for field, message in handovers.ground_errors(
                cleaned["ground"], cleaned["legal_basis"], cleaned.get("legal_basis_note", "")
            ).items():
                self.add_error(field, message)
        return cleaned

    note = forms.CharField(
        label=_("Overdrachtsnotitie"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Voor de nieuwe klantmanager: waar staat de klant, wat loopt er, wat is afgesproken. Geen medische details."
        ),
    )


class HandoverDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 2}))


class HandoverWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef aan waarom u de overdracht intrekt.")},
    )


class HandoverAcceptForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label=_("Nieuwe klantmanager"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            case_worker_filter({municipality.pk})
        ).distinct()
        self.fields["caseworker"].help_text = _("Leeg: u wordt zelf de klantmanager.")
