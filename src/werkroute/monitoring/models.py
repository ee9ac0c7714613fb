"""Stored results of the last computation of all indicators.

Indicators are computed from the case data, never entered (see :mod:`werkroute.monitoring.engine`). A
full computation at national scale takes seconds, too long for every page view, so the result is kept
per area: a dashboard reads its municipality, region and the country, a few kilobytes each. Only
aggregates with disclosure control applied are stored here, never a client.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorSnapshot(models.Model):
    """One computation of all indicators on ``as_of``. Only the newest one is kept."""

    created_at = models.DateTimeField(_("berekend op"), auto_now_add=True)
    as_of = models.DateField(_("peildatum"))
    clients = models.PositiveIntegerField(_("aantal klanten"))
    rows = models.PositiveIntegerField(_("aantal cijfers"))
    seconds = models.FloatField(_("rekentijd (seconden)"))
    cohorts = models.JSONField(_("cohorten"), default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("berekening van indicatoren")
        verbose_name_plural = _("berekeningen van indicatoren")

    def __str__(self) -> str:
        return f"indicatoren {self.as_of}"


class AreaIndicators(models.Model):
    """The rows of the long indicator table for one area, in Arrow's stream format (LZ4-compressed)."""

    snapshot = models.ForeignKey(IndicatorSnapshot, on_delete=models.CASCADE, related_name="areas")
    level = models.CharField(max_length=20)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=100)
    table = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "code"], name="unique_snapshot_area")]
        verbose_name = _("indicatoren van een gebied")
        verbose_name_plural = _("indicatoren van gebieden")

    def __str__(self) -> str:
        return f"{self.code} {self.snapshot_id}"
