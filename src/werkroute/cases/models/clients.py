from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.cases.models.plans import LearningRoute
from werkroute.core.fields import EncryptedCharField
from werkroute.core.models import VersionedModel
from werkroute.core.values import add_weeks, age_on, validate_bsn

PIP_DEADLINE_WEEKS = 10  # Wet inburgering 2021: the PIP is due 10 weeks after registration
# The law applies to people who became subject to the integration duty from this date on.
WET_INBURGERING_2021_START = dt.date(2022, 1, 1)


# The fields of a client's registration that caseworkers fill in and change, in the order of the form.
REGISTRATION_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "municipality",
    "permit_date",
    "linked_on",
    "registration_date",
    "target_group",
    "caseworker",
    "postcode",
    "email",
    "phone",
    "languages_spoken",
    "household_situation",
    "gender",
    "nationality",
    "country_of_birth",
]


class TargetGroup(models.Model):
    """Who the guidance is for. ``statushouder`` always exists; a region may add its own groups."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: landelijke doelgroep."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("vrouw")
    MALE = "male", _("man")
    OTHER = "other", _("anders")
    UNKNOWN = "unknown", _("onbekend")


class HouseholdSituation(models.TextChoices):
    SINGLE = "single", _("alleenstaand")
    SINGLE_PARENT = "single_parent", _("alleenstaande ouder")
    COUPLE = "couple", _("samenwonend zonder kinderen")
    COUPLE_WITH_CHILDREN = "couple_with_children", _("samenwonend met kinderen")
    FAMILY_REUNIFICATION = "family_reunification", _("wacht op gezinshereniging")
    OTHER = "other", _("anders")


class Client(VersionedModel):
    """A person guided to work. The permit date defines the cohort.

    Nationality, country of birth and gender are protected attributes: stored for monitoring and equity
    checks only, never an input of matching or ranking.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    bsn = EncryptedCharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Optioneel. Wordt nooit getoond in adressen van pagina's of in logregels."),
    )
    # Finds a client by BSN without storing it readably (the BSN itself is encrypted); set by the services.
    bsn_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="clients"
    )
    permit_date = models.DateField(
        _("datum verblijfsvergunning"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Bepaalt het cohort. Verplicht voor statushouders."),
    )
    # Early start: the COA links a status holder to a municipality weeks or months before they move in,
    # and guidance may begin then, in the reception centre. Either date may come first in a file; the
    # registration in the municipality is empty until the client lives there.
    linked_on = models.DateField(
        _("datum koppeling aan de gemeente"),
        null=True,
        blank=True,
        help_text=_("Vul in als de begeleiding al in het AZC begint, vóór de inschrijving in de gemeente."),
    )
    registration_date = models.DateField(
        _("datum inschrijving in de gemeente"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang de klant nog niet in de gemeente woont."),
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    languages_spoken = models.JSONField(
        _("gesproken talen"),
        default=list,
        blank=True,
        help_text=_("Taalcodes volgens ISO 639-1, zoals ar, ti, fa."),
    )
    household_situation = models.CharField(
        _("huishouden"), max_length=30, choices=HouseholdSituation.choices, blank=True
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klantmanager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
    )
    target_group = models.ForeignKey(TargetGroup, verbose_name=_("doelgroep"), on_delete=models.PROTECT)
    # Protected attributes: for monitoring only.
    nationality = models.CharField(
        _("nationaliteit"), max_length=2, blank=True, help_text=_("ISO 3166-1 code")
    )
    country_of_birth = models.CharField(
        _("geboorteland"), max_length=2, blank=True, help_text=_("ISO 3166-1 code")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    # The route of the newest plan version, kept beside the client so that the caseload filters and shows
    # it through an index instead of looking up every client's plans. Written only together with a plan
    # version, in its transaction (``services.create_plan_version``, ``store_current_learning_routes``);
    # ``selectors.learning_route_drift`` finds any client where it differs from the plans.
    current_learning_route = models.CharField(
        _("huidige leerroute"), max_length=10, choices=LearningRoute.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        indexes = [
            # The caseload's order (last name, first name, id) within a municipality or a caseworker's own
            # clients, so a page is read from the index, and a deep page or a count (the caseworker's
            # municipality included) without visiting the table: at 54,800 clients the last page sorted
            # them all (350 ms on PostgreSQL).
            models.Index(
                fields=["municipality", "last_name", "first_name", "id"], name="client_caseload_order"
            ),
            models.Index(
                fields=["caseworker", "municipality", "last_name", "first_name", "id"],
                name="client_own_caseload_order",
            ),
            # The API's synchronisation reads a municipality's clients in the order of their last change.
            models.Index(fields=["municipality", "updated_at", "id"], name="client_changed_order"),
        ]
        constraints = [
            # One person, one file; the service checks first to give a clear message, this catches races.
            models.UniqueConstraint(
                fields=["bsn_hash"], condition=~models.Q(bsn_hash=""), name="unique_client_bsn_hash"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_date__isnull=False) | models.Q(linked_on__isnull=False),
                name="client_registered_or_linked",
            ),
        ]

    def __str__(self) -> str:
        # Deliberately without BSN or date of birth: __str__ ends up in logs and admin messages.
        return f"{self.first_name} {self.last_name}"

    def __repr__(self) -> str:
        return f"<Client {self.pk}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cohort(self) -> int | None:
        return self.permit_date.year if self.permit_date else None

    @property
    def guidance_from(self) -> dt.date:
        """The first day guidance may take place: the link to the municipality or the registration,
        whichever came first (one of them is always there)."""
        return min(day for day in (self.linked_on, self.registration_date) if day is not None)

    @property
    def pip_deadline(self) -> dt.date | None:
        """The legal PIP deadline; None where the Wet inburgering 2021 does not apply to this client (yet:
        it counts from the registration, so not before the client lives in the municipality)."""
        if (
            self.target_group.code != "statushouder"
            or self.registration_date is None
            or self.registration_date < WET_INBURGERING_2021_START
        ):
            return None
        return add_weeks(self.registration_date, PIP_DEADLINE_WEEKS)

    def age(self, on: dt.date | None = None) -> int:
        return age_on(self.date_of_birth, on or dt.date.today())
