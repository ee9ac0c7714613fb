"""Forms of the administration screens: they check input; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from werkroute.accounts.models import Role, User
from werkroute.cases.models import TargetGroup
from werkroute.regions.models import Municipality, Organisation, OrganisationKind, Region

# Permissions that are given to named people rather than with a role (see accounts.policies).
NAMED_PERMISSIONS = {
    "cases.override_consent": _("Delen zonder toestemming (met reden, gelogd)"),
    "audit.inspect_access": _("Privacyfunctionaris: inzage in het gebruik en inzageverzoeken"),
    "knowledge.edit_catalogue": _("Kennisredacteur: de interventiecatalogus bewerken en importeren"),
}


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=OrganisationKind.choices)
    region = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), queryset=Region.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Verplicht voor een gemeentelijke organisatie: de gemeente waarvoor zij werkt."),
    )

    def __init__(self, *args: Any, regions: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        if regions.count() == 1 and not self.initial.get("region"):
            self.initial["region"] = regions.first()


class UserForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hier krijgt de gebruiker bericht als er iets aan het account verandert."),
    )
    password = forms.CharField(
        label=_("Eerste wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Geef het op een veilige manier door; de gebruiker stelt bij de eerste keer inloggen de tweestapsverificatie in."
        ),
    )


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class PermissionForm(forms.Form):
    permission = forms.ChoiceField(label=_("Recht"), choices=list(NAMED_PERMISSIONS.items()))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=200)


class DeactivateForm(ReasonForm):
    successor = forms.ModelChoiceField(
        label=_("Klanten gaan naar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Een teamleider van de gemeente(n) van deze klanten."),
    )

    def __init__(self, *args: Any, successors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors  # type: ignore[attr-defined]


class NationalMarketForm(forms.Form):
    national_market = forms.BooleanField(
        label=_("Doet mee aan de landelijke markt"),
        required=False,
        help_text=_(
            "Het werkgeversservicepunt van deze regio maakt dan samen met de andere deelnemende regio's één "
            "landelijk voorstel: de klanten en vrije plaatsen van al die regio's samen. Zet dit alleen aan "
            "als de regio heeft afgesproken haar klanten en plaatsen zo te delen."
        ),
    )


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = ["code", "name", "region"]
        help_texts = {"code": _("Kleine letters, cijfers en streepjes; wordt gebruikt in exports.")}

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class RegionImportForm(forms.Form):
    municipalities = forms.FileField(
        label=_("Gemeenten (CSV)"), help_text=_("In het formaat van nl_gemeenten_2025.csv.")
    )
    postcodes = forms.FileField(
        label=_("Postcodegebieden (CSV, niet verplicht)"),
        required=False,
        help_text=_("In het formaat van nl_pc4_centroids.csv."),
    )
    regions = forms.CharField(
        label=_("Alleen deze arbeidsmarktregio's"),
        required=False,
        max_length=200,
        help_text=_("Codes gescheiden door spaties, bijvoorbeeld AM08. Leeg: alle regio's."),
    )

    def clean_regions(self) -> set[str]:
        codes = {code.strip().upper() for code in self.cleaned_data["regions"].replace(",", " ").split()}
        wrong = sorted(
            code
            for code in codes
            if not (len(code) == 4 and code.startswith("AM") and code[2:].isascii() and code[2:].isdecimal())
        )
        if wrong:
            raise forms.ValidationError(
                _("Geen regiocode: %(codes)s. Een code is AM met twee cijfers, zoals AM08.")
                % {"codes": ", ".join(wrong)}
            )
        return codes


class EscoImportForm(forms.Form):
    csv_files = MultipleFileField(
        label=_("ESCO-bestanden (CSV)"),
        help_text=_(
            "De bestanden uit de officiële ESCO-download: ten minste ISCOGroups en occupations; "
            "skills en occupationSkillRelations als u ook vaardigheden wilt bijwerken."
        ),
    )
