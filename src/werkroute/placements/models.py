"""What employers offer: vacancies, work-experience places, learn-and-work places and dual trajectories."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.core.models import VersionedModel
from werkroute.core.values import CEFRLevel


class EmployerContact(models.Model):
    """A person at an employer whom the employer service point and caseworkers deal with."""

    employer = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("werkgever"),
        on_delete=models.CASCADE,
        related_name="contacts",
        limit_choices_to={"kind": "employer"},
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")

    def __str__(self) -> str:
        return self.name


class PlacementKind(models.TextChoices):
    VACANCY = "vacancy", _("vacature")
    WORK_EXPERIENCE = "work_experience", _("werkervaringsplaats")
    LEARN_AND_WORK = "learn_and_work", _("leerwerkplek")
    DUAL = "dual", _("duaal traject (taal en werk)")


class PlacementStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    OPEN = "open", _("open")
    FILLED = "filled", _("vervuld")
    CLOSED = "closed", _("gesloten")


class Placement(VersionedModel):
    """One offer of an employer, with its requirements and the number of people it can take."""

    employer = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("werkgever"),
        on_delete=models.PROTECT,
        related_name="placements",
        limit_choices_to={"kind": "employer"},
    )
    contact = models.ForeignKey(
        EmployerContact,
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PlacementKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("beroep (ESCO)"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("omschrijving"), blank=True)
    required_skills = models.ManyToManyField(
        "taxonomy.Skill", verbose_name=_("vereiste vaardigheden"), blank=True, related_name="+"
    )
    desirable_skills = models.ManyToManyField(
        "taxonomy.Skill", verbose_name=_("gewenste vaardigheden"), blank=True, related_name="+"
    )
    min_dutch_listening = models.CharField(
        _("minimaal Nederlands luisteren"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_reading = models.CharField(
        _("minimaal Nederlands lezen"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_speaking = models.CharField(
        _("minimaal Nederlands spreken"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_writing = models.CharField(
        _("minimaal Nederlands schrijven"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"))
    postcode = models.ForeignKey(
        "regions.PostcodeArea",
        verbose_name=_("postcode (4 cijfers)"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    job_coach = models.BooleanField(_("jobcoach op de werkvloer"), default=False)
    language_support = models.BooleanField(_("taalondersteuning op het werk"), default=False)
    driving_licence_required = models.BooleanField(_("rijbewijs B nodig"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlacementStatus.choices,
        default=PlacementStatus.OPEN,
        db_index=True,
    )

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=1) & models.Q(hours_per_week__lte=60),
                name="placement_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def min_dutch(self) -> dict[str, str]:
        return {
            "listening": self.min_dutch_listening,
            "reading": self.min_dutch_reading,
            "speaking": self.min_dutch_speaking,
            "writing": self.min_dutch_writing,
        }
