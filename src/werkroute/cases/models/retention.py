from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionTrace(models.Model):
    """What remains of a client's file after deletion at the end of the retention period.

    No name, BSN, dates of birth or free text: a keyed pseudonym of the file's id (so the audit log's
    entries about the file can still be grouped, and a question about it answered with "deleted on"),
    the municipality and cohort years that keep monitoring totals honest, and how many records went.
    """

    pseudonym = models.CharField(_("pseudoniem"), max_length=64, unique=True)
    municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    permit_year = models.PositiveSmallIntegerField(_("cohort (jaar vergunning)"), null=True)
    registration_year = models.PositiveSmallIntegerField(_("jaar van inschrijving"))
    last_event_on = models.DateField(_("laatste gebeurtenis in het dossier"), null=True)
    deleted_at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    records_removed = models.JSONField(_("verwijderde gegevens (aantallen)"), default=dict)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("spoor van een verwijderd dossier")
        verbose_name_plural = _("sporen van verwijderde dossiers")

    def __str__(self) -> str:
        return f"{self.pseudonym[:12]} ({self.deleted_at:%Y-%m-%d})"
