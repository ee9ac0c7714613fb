from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.core.models import VersionedModel
from werkroute.core.values import CEFRLevel, ISCEDLevel

from .plans import LearningRoute


class LimitingCircumstance(models.TextChoices):
    """Categories of circumstances that limit work. Categories, not stories: free text is kept minimal."""

    PHYSICAL_HEALTH = "physical_health", _("lichamelijke gezondheid")
    MENTAL_HEALTH = "mental_health", _("psychische gezondheid")
    CHILDCARE = "childcare", _("kinderopvang of mantelzorg")
    DEBTS = "debts", _("schulden")
    HOUSING = "housing", _("huisvesting")
    FAMILY_REUNIFICATION = "family_reunification", _("gezinshereniging")
    TRANSPORT = "transport", _("vervoer")
    LITERACY = "literacy", _("laaggeletterdheid of analfabetisme")


class DiplomaRecognition(models.TextChoices):
    NONE = "none", _("geen diploma")
    NOT_REQUESTED = "not_requested", _("niet aangevraagd")
    REQUESTED = "requested", _("aangevraagd")
    RECOGNISED = "recognised", _("erkend / gewaardeerd")
    REJECTED = "rejected", _("niet erkend")
    NO_DOCUMENTS = "no_documents", _("geen documenten beschikbaar")


class Intake(VersionedModel):
    """The brede intake: the structured inventory of one client. One per client, kept up to date."""

    client = models.OneToOneField("cases.Client", on_delete=models.CASCADE, related_name="intake")
    intake_date = models.DateField(_("datum intake"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    dutch_listening = models.CharField(_("Nederlands luisteren"), max_length=2, choices=CEFRLevel.choices)
    dutch_reading = models.CharField(_("Nederlands lezen"), max_length=2, choices=CEFRLevel.choices)
    dutch_speaking = models.CharField(_("Nederlands spreken"), max_length=2, choices=CEFRLevel.choices)
    dutch_writing = models.CharField(_("Nederlands schrijven"), max_length=2, choices=CEFRLevel.choices)
    other_languages = models.JSONField(
        _("andere talen"),
        default=list,
        blank=True,
        help_text=_("Lijst van {taal, niveau}, met taal als ISO 639-1-code en niveau A0–C2."),
    )
    limiting_circumstances = models.JSONField(_("belemmerende omstandigheden"), default=list, blank=True)
    circumstances_note = models.CharField(
        _("toelichting omstandigheden"),
        max_length=300,
        blank=True,
        help_text=_("Kort en zakelijk; geen medische details."),
    )
    driving_licence = models.BooleanField(_("rijbewijs B"), default=False)
    hours_available = models.PositiveSmallIntegerField(_("beschikbaar (uur per week)"), null=True, blank=True)
    available_from = models.DateField(_("beschikbaar vanaf"), null=True, blank=True)
    skills = models.ManyToManyField("taxonomy.Skill", verbose_name=_("vaardigheden"), blank=True)
    wished_occupations = models.ManyToManyField(
        "taxonomy.Occupation", verbose_name=_("gewenste beroepen"), blank=True, related_name="+"
    )
    wished_sectors = models.JSONField(_("gewenste sectoren"), default=list, blank=True)
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("maximale reistijd (minuten)"), null=True, blank=True
    )
    # Asked, never assumed: only a client who says so is offered work beyond their travel time, and
    # only by the national market (matching.national), where a move for work is the point.
    willing_to_move = models.BooleanField(
        _("wil verhuizen voor werk"),
        default=False,
        db_default=False,
        help_text=_(
            "Alleen als de klant zelf zegt te willen verhuizen voor werk. In de landelijke markt krijgt de "
            "klant dan ook plaatsen buiten de reistijd, in het hele land."
        ),
    )
    learning_route_advice = models.CharField(
        _("advies leerroute"), max_length=10, choices=LearningRoute.choices, blank=True
    )

    class Meta:
        verbose_name = _("brede intake")
        verbose_name_plural = _("brede intakes")

    def __str__(self) -> str:
        return f"intake {self.intake_date}"

    @property
    def dutch_levels(self) -> dict[str, str]:
        return {
            "listening": self.dutch_listening,
            "reading": self.dutch_reading,
            "speaking": self.dutch_speaking,
            "writing": self.dutch_writing,
        }


class Education(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="education")
    isced_level = models.PositiveSmallIntegerField(_("niveau (ISCED)"), choices=ISCEDLevel.choices)
    field = models.CharField(_("richting"), max_length=200, blank=True)
    years = models.PositiveSmallIntegerField(_("aantal jaren"), null=True, blank=True)
    country = models.CharField(_("land"), max_length=2, blank=True, help_text=_("ISO 3166-1 code"))
    diploma = models.BooleanField(_("diploma behaald"), default=False)
    recognition = models.CharField(
        _("erkenning"), max_length=20, choices=DiplomaRecognition.choices, default=DiplomaRecognition.NONE
    )

    class Meta:
        ordering = ["-isced_level"]
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")

    def __str__(self) -> str:
        return self.get_isced_level_display()


class WorkExperience(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="work_experience")
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("beroep (ESCO)"), on_delete=models.PROTECT, related_name="+"
    )
    years = models.DecimalField(_("aantal jaren"), max_digits=4, decimal_places=1)
    country = models.CharField(_("land"), max_length=2, blank=True, help_text=_("ISO 3166-1 code"))

    class Meta:
        ordering = ["-years"]
        verbose_name = _("werkervaring")
        verbose_name_plural = _("werkervaring")

    def __str__(self) -> str:
        return f"{self.occupation} ({self.years})"
