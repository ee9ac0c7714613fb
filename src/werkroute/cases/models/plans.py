from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class LearningRoute(models.TextChoices):
    B1 = "B1", _("B1-route")
    ONDERWIJS = "ONDERWIJS", _("onderwijsroute")
    Z = "Z", _("Z-route (zelfredzaamheid)")


class PlanVersion(models.Model):
    """One version of a client's PIP. Versions are never edited; a revision adds the next number.

    The current plan is the highest number. The PIP date is the date of version 1.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("versie"))
    plan_date = models.DateField(_("datum"))
    learning_route = models.CharField(_("leerroute"), max_length=10, choices=LearningRoute.choices)
    agreements = models.TextField(_("afspraken"), blank=True, max_length=4000)
    review_date = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    reason = models.CharField(_("reden van wijziging"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["client", "-number"]
        verbose_name = _("plan van aanpak (PIP)")
        verbose_name_plural = _("plannen van aanpak (PIP)")
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="unique_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"PIP v{self.number}"


class PlanGoal(models.Model):
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("doel"), max_length=300)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self) -> str:
        return self.description


def newest_learning_route(client: OuterRef | None = None) -> Coalesce:
    """For an annotation or update on ``Client``: the route of the client's newest plan version, "" when
    there is none. What ``Client.current_learning_route`` must always hold."""
    newest = PlanVersion.objects.filter(client=client or OuterRef("pk")).order_by("-number")
    return Coalesce(Subquery(newest.values("learning_route")[:1]), Value(""))
