from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relocation(models.Model):
    """A client's move to another municipality.

    ``Client.municipality`` is where the client lives now; these rows say where they lived before, so that
    monitoring counts a client in the municipality where they lived on a reference date.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="relocations")
    from_municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("van gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    to_municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("naar gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField(_("verhuisd op"))

    class Meta:
        ordering = ["client", "moved_on"]
        verbose_name = _("verhuizing")
        verbose_name_plural = _("verhuizingen")

    def __str__(self) -> str:
        return f"{self.from_municipality_id} → {self.to_municipality_id} {self.moved_on}"
