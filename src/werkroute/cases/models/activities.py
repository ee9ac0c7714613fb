from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.core.models import VersionedModel


class ActivityType(models.TextChoices):
    LANGUAGE_COURSE = "language_course", _("taalcursus")
    DUAL_TRAJECTORY = "dual_trajectory", _("duaal traject (taal en werk)")
    JOB_APPLICATION_TRAINING = "job_application_training", _("sollicitatietraining")
    WORK_PLACEMENT = "work_placement", _("werkervaringsplaats")
    VOCATIONAL_TRAINING = "vocational_training", _("beroepsopleiding")
    VOLUNTEERING = "volunteering", _("vrijwilligerswerk")
    JOB_COACHING = "job_coaching", _("jobcoaching")
    MAP = "map", _("module arbeidsmarkt en participatie (MAP)")
    AFTER_CARE = "after_care", _("nazorg")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    ACTIVE = "active", _("lopend")
    COMPLETED = "completed", _("afgerond")
    STOPPED_EARLY = "stopped_early", _("voortijdig gestopt")
    CANCELLED = "cancelled", _("geannuleerd (niet begonnen)")


class Activity(VersionedModel):
    """An agreed activity. Status changes only through :mod:`werkroute.cases.workflow`."""

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="activities")
    activity_type = models.CharField(_("soort activiteit"), max_length=40, choices=ActivityType.choices)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    provider = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    # Free text: a provider works in several places, and the client must find the door.
    location = models.CharField(
        _("waar"),
        max_length=200,
        blank=True,
        help_text=_("Adres of plek waar de klant heen gaat, zoals de klant het kan vinden."),
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uur per week"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        db_index=True,
    )
    stop_reason = models.CharField(_("reden van stoppen"), max_length=300, blank=True)
    outcome = models.CharField(_("resultaat"), max_length=300, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
            )
        ]
        indexes = [
            # The caseload's "no running activity" filter and column: the few running activities, by
            # client, without the planned and finished ones.
            models.Index(
                fields=["client"], condition=models.Q(status="active"), name="activity_running_client"
            )
        ]

    def __str__(self) -> str:
        return self.description or self.get_activity_type_display()
