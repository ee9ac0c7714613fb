from __future__ import annotations

from django.conf import settings
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


class HandoverStatus(models.TextChoices):
    # Asked for by the new municipality (it found the client by BSN when registering them).
    REQUESTED = "requested", _("aangevraagd door de nieuwe gemeente")
    SENT = "sent", _("overgedragen, wacht op acceptatie")
    ACCEPTED = "accepted", _("geaccepteerd")
    DECLINED = "declined", _("afgewezen")
    # Sent, then taken back by the sending municipality before acceptance: the file stays where it was.
    WITHDRAWN = "withdrawn", _("ingetrokken door de verzendende gemeente")


# While one of these is open, both municipalities look at the file; a client has at most one.
OPEN_HANDOVER_STATUSES = (HandoverStatus.REQUESTED, HandoverStatus.SENT)


class HandoverGround(models.TextChoices):
    LEGAL_BASIS = "legal_basis", _("wettelijke grondslag")
    CONSENT = "consent", _("toestemming van de klant")


class HandoverLegalBasis(models.TextChoices):
    """The laws on which a file may go to the new municipality without the client's consent. A fixed
    list, so that the receiving side and an audit read the same words; anything else is "other", named
    in the note."""

    WET_INBURGERING_2021 = (
        "wet_inburgering_2021",
        _("Wet inburgering 2021: de nieuwe woongemeente neemt de begeleiding van de inburgering over"),
    )
    PARTICIPATIEWET = (
        "participatiewet",
        _("Participatiewet: de nieuwe woongemeente ondersteunt bij arbeidsinschakeling en bijstand"),
    )
    WET_SUWI = "wet_suwi", _("Wet SUWI: gegevensuitwisseling in de keten van werk en inkomen")
    OTHER = "other", _("andere grondslag, zie toelichting")


class Handover(models.Model):
    """A warm handover of a client's file to the municipality they move to.

    The sending caseworker writes a note and sends the file on a recorded ground; the receiving
    municipality reads it and accepts it. Until then the file stays the sending municipality's (it keeps
    the responsibility, and the signal); on acceptance the one client row moves, so nothing is copied.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="handovers")
    from_municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("van gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    to_municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("naar gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField(_("verhuisdatum"))
    status = models.CharField(_("status"), max_length=20, choices=HandoverStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_on = models.DateField(null=True, blank=True)
    note = models.TextField(_("overdrachtsnotitie"), blank=True)
    ground = models.CharField(_("grondslag"), max_length=20, choices=HandoverGround.choices, blank=True)
    legal_basis = models.CharField(
        _("wettelijke grondslag"), max_length=30, choices=HandoverLegalBasis.choices, blank=True
    )
    legal_basis_note = models.TextField(_("toelichting op de grondslag"), blank=True)
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzing"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdraw_reason = models.TextField(_("reden van intrekken"), blank=True)
    relocation = models.OneToOneField(
        Relocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="handover"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client", "created_at"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            # Two handovers of one client at once would move the file twice; the service checks first to
            # give a clear message, this catches two caseworkers at the same moment.
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status__in=["requested", "sent"]),
                name="one_open_handover_per_client",
            )
        ]
        indexes = [models.Index(fields=["to_municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.from_municipality_id} → {self.to_municipality_id} ({self.status})"
