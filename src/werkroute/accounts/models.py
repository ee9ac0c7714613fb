"""Users and their memberships of organisations. Roles are held per organisation, never globally."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of docs/design.md. What each may see is decided in :mod:`werkroute.accounts.policies`."""

    CASEWORKER = "caseworker", _("klantmanager")
    TEAM_LEAD = "team_lead", _("teamleider")
    PARTNER_WORKER = "partner_worker", _("medewerker partnerorganisatie")
    EMPLOYER_SERVICE = "employer_service", _("accountmanager werkgeversservicepunt")
    EMPLOYER = "employer", _("werkgever")
    POLICY_ANALYST = "policy_analyst", _("beleidsmedewerker")
    ADMINISTRATOR = "administrator", _("functioneel beheerder")
    CLIENT = "client", _("klant")


class User(AbstractUser):
    is_demo_account = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Aangemaakt door de demo; productie start niet zolang zulke accounts bestaan."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
