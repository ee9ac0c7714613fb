"""Forms of the knowledge base. :class:`InterventionForm` checks an intervention's content both when an
editor types it and for every item of an imported catalogue, so both follow one set of rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.cases.models import ActivityType, LearningRoute, LimitingCircumstance, TargetGroup
from werkroute.core.values import CEFRLevel
from werkroute.knowledge.models import EvidenceLevel, Intervention
from werkroute.regions.models import Region

OLDEST_SOURCE_YEAR = 1900
LATEST_SOURCE_YEAR = 2100
CEFR_CHOICES = [("", _("geen grens")), *CEFRLevel.choices]


def check_sources(value: Any) -> list[dict[str, Any]]:
    """A list of sources, each with a title, a year and a web address (http or https)."""
    if not isinstance(value, list):
        raise forms.ValidationError(_("Geef een lijst van bronnen, elk met titel, jaar en webadres."))
    sources = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - {"title", "year", "url"}:
            raise forms.ValidationError(
                _("Bron %(number)s: geef alleen titel, jaar en webadres."), params={"number": number}
            )
        title = str(item.get("title") or "").strip()
        url = str(item.get("url") or "").strip()
        year = item.get("year")
        if not title or len(title) > 300:
            raise forms.ValidationError(
                _("Bron %(number)s: een titel van hoogstens 300 tekens is verplicht."),
                params={"number": number},
            )
        if isinstance(year, str) and year.strip().isascii() and year.strip().isdigit():
            year = int(year.strip())
        if (
            not isinstance(year, int)
            or isinstance(year, bool)
            or not OLDEST_SOURCE_YEAR <= year <= LATEST_SOURCE_YEAR
        ):
            raise forms.ValidationError(
                _("Bron %(number)s: het jaar moet een jaartal zijn, zoals 2019."), params={"number": number}
            )
        parts = urlsplit(url)
        if url and (parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500):
            raise forms.ValidationError(
                _("Bron %(number)s: het webadres moet met http:// of https:// beginnen."),
                params={"number": number},
            )
        sources.append({"title": title, "year": year, "url": url})
    return sources


class SourcesField(forms.CharField):
    """Sources typed one per line as ``titel | jaar | webadres``; an imported file gives the list itself."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                " | ".join(
                    str(part) for part in (item.get("title", ""), item.get("year", ""), item.get("url", ""))
                )
                for item in value
                if isinstance(item, dict)
            )
        return value

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        if isinstance(value, list):
            return check_sources(value)
        items = []
        for line in str(value or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (2, 3):
                raise forms.ValidationError(
                    _("Schrijf elke bron op een eigen regel als: titel | jaar | webadres.")
                )
            items.append({"title": parts[0], "year": parts[1], "url": parts[2] if len(parts) == 3 else ""})
        return check_sources(items)


class SectorsField(forms.CharField):
    """Sectors as words, typed separated by commas; an imported file gives the list itself."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(str(item) for item in value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise forms.ValidationError(_("Geef de sectoren als woorden."))
            items = value
        else:
            items = str(value or "").split(",")
        words = [item.strip().lower() for item in items if item.strip()]
        if any(len(word) > 40 for word in words):
            raise forms.ValidationError(_("Een sector is hoogstens 40 tekens lang."))
        return list(dict.fromkeys(words))


class InterventionForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("Kleine letters, cijfers en streepjes; blijft gelijk bij import en export."),
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In eenvoudige taal (B1): wat gebeurt er, en voor wie?"),
    )
    target_group = forms.CharField(
        label=_("Doelgroep"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    not_for = forms.CharField(
        label=_("Niet bedoeld voor"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    aims = forms.CharField(
        label=_("Doelen"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    components = forms.CharField(
        label=_("Onderdelen"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    duration = forms.CharField(label=_("Duur en intensiteit"), max_length=300, required=False)
    cost_per_participant = forms.DecimalField(
        label=_("Kosten per deelnemer (euro)"), min_value=0, max_digits=9, decimal_places=2, required=False
    )
    providers = forms.CharField(
        label=_("Aanbieders"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Aangeboden in (arbeidsmarktregio's)"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    sources = SourcesField(
        label=_("Bronnen"),
        required=False,
        help_text=_("Eén bron per regel: titel | jaar | webadres."),
    )
    evidence_level = forms.ChoiceField(label=_("Niveau van bewijs"), choices=EvidenceLevel.choices)
    activity_types = forms.MultipleChoiceField(
        label=_("Soorten activiteit"),
        choices=ActivityType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    learning_routes = forms.MultipleChoiceField(
        label=_("Leerroutes"),
        choices=LearningRoute.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    dutch_from = forms.ChoiceField(label=_("Niveau Nederlands vanaf"), choices=CEFR_CHOICES, required=False)
    dutch_to = forms.ChoiceField(
        label=_("Niveau Nederlands tot en met"), choices=CEFR_CHOICES, required=False
    )
    circumstances = forms.MultipleChoiceField(
        label=_("Geschikt bij deze belemmerende omstandigheden"),
        choices=LimitingCircumstance.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = SectorsField(
        label=_("Sectoren"),
        required=False,
        help_text=_(
            "Sectoren uit de wensen van klanten, gescheiden door komma's, bijvoorbeeld: zorg, horeca."
        ),
    )
    is_demo = forms.BooleanField(label=_("Demo-inhoud (geen echte werkwijze)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].choices = list(  # type: ignore[attr-defined]
            TargetGroup.objects.order_by("name").values_list("code", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels = list(CEFRLevel.values)
        low, high = data.get("dutch_from"), data.get("dutch_to")
        if low and high and levels.index(low) > levels.index(high):
            self.add_error("dutch_to", _("Het hoogste niveau ligt onder het laagste."))
        return data


class EditReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van wijziging"),
        max_length=300,
        required=False,
        help_text=_("Bewaard bij de vorige tekst, zodat anderen zien wat er veranderde en waarom."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (JSON)"))


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    target_group = forms.ChoiceField(label=_("Doelgroep"), choices=[], required=False)
    activity_type = forms.ChoiceField(
        label=_("Soort activiteit"), choices=[("", _("alle")), *ActivityType.choices], required=False
    )
    route = forms.ChoiceField(
        label=_("Leerroute"), choices=[("", _("alle")), *LearningRoute.choices], required=False
    )
    evidence = forms.ChoiceField(
        label=_("Niveau van bewijs"), choices=[("", _("alle")), *EvidenceLevel.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("alle"),
    )
    measured = forms.BooleanField(label=_("Alleen met gemeten resultaten"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [  # type: ignore[attr-defined]
            ("", _("alle")),
            *TargetGroup.objects.order_by("name").values_list("code", "name"),
        ]


class ActivityLinkForm(forms.Form):
    intervention: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label=_("Interventie"),
        queryset=Intervention.objects.none(),
        required=False,
        empty_label=_("geen (koppeling opheffen)"),
    )

    def __init__(self, *args: Any, interventions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions  # type: ignore[attr-defined]
