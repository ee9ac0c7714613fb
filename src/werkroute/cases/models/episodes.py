from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EpisodeKind(models.TextChoices):
    PAID_WORK = "paid_work", _("betaald werk")
    SELF_EMPLOYMENT = "self_employment", _("eigen onderneming")
    EDUCATION = "education", _("onderwijs")
    SOCIAL_ASSISTANCE = "social_assistance", _("bijstandsuitkering")
    NONE = "none", _("geen werk, onderwijs of uitkering")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("vast contract")
    FIXED_TERM = "fixed_term", _("tijdelijk contract")
    AGENCY = "agency", _("uitzendwerk")
    ON_CALL = "on_call", _("oproepcontract")
    SUBSIDISED = "subsidised", _("gesubsidieerd (loonkostensubsidie, beschut werk)")


class LabourEpisode(models.Model):
    """A dated spell of one labour market status. Spells of different kinds may overlap (part-time work
    beside a supplementary benefit); spells of the same kind may not (enforced in the service), except paid
    work: two part-time jobs at once are two spells, each with its own hours."""

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="labour_episodes")
    kind = models.CharField(_("positie"), max_length=20, choices=EpisodeKind.choices)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uur per week"), null=True, blank=True)
    contract_type = models.CharField(
        _("soort contract"), max_length=20, choices=ContractType.choices, blank=True
    )
    employer_name = models.CharField(_("werkgever of opleiding"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("arbeidsmarktpositie")
        verbose_name_plural = _("arbeidsmarktposities")
        indexes = [
            # One client's spells of a kind; with the end date the caseload's position columns and filters
            # check "open today" per client from the index alone.
            models.Index(fields=["client", "kind", "start_date", "end_date"], name="episode_client_kind_idx"),
            # The caseload's status filters: the spells of one kind open today, over all clients.
            models.Index(fields=["kind", "end_date", "start_date", "client"], name="episode_kind_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["paid_work"]) | models.Q(hours_per_week__isnull=False),
                name="paid_work_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date}"
