from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsentScope(models.TextChoices):
    """What a client allows to be shared. Each scope is checked by the service that shares."""

    SHARE_PROFILE_WITH_EMPLOYERS = (
        "share_profile_with_employers",
        _("werkprofiel delen met werkgevers in de regio"),
    )
    SHARE_FILE_WITH_PARTNER = "share_file_with_partner", _("dossier delen met een partnerorganisatie")
    KNOWLEDGE_BASE = "knowledge_base", _("gepseudonimiseerde gegevens gebruiken voor de kennisbank")


# A consent naming an organisation is only meaningful for these scopes.
SCOPES_WITH_ORGANISATION = frozenset({ConsentScope.SHARE_FILE_WITH_PARTNER})


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("op papier ondertekend")
    PORTAL = "portal", _("in het klantportaal")
    IN_PERSON = "in_person", _("mondeling in een gesprek, met tolk waar nodig")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: dt.date) -> ConsentQuerySet:
        """Consents in force on ``day``: given by then, not yet expired, not withdrawn by then."""
        return self.filter(
            Q(given_on__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        )


class Consent(models.Model):
    """A client's permission to share, for one scope, from a date, until it expires or is withdrawn.

    Rows are never deleted or rewritten: a withdrawal is recorded on the row (who, when, how), so the
    file shows what was allowed at any moment, which an audit of a past share needs.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("waarvoor"), max_length=40, choices=ConsentScope.choices)
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("Alleen bij delen met een partnerorganisatie: met welke."),
    )
    given_on = models.DateField(_("gegeven op"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    method = models.CharField(_("hoe gegeven"), max_length=20, choices=ConsentMethod.choices)
    interpreter_language = models.CharField(
        _("getolkt in"),
        max_length=2,
        blank=True,
        help_text=_("De taal waarin een tolk de uitleg gaf (ISO 639-1); leeg als er geen tolk was."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawal_method = models.CharField(
        _("hoe ingetrokken"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intrekking vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        permissions = [
            (
                "override_consent",
                _("mag zonder toestemming delen, met een vastgelegde reden (wordt gelogd)"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
            ),
            models.CheckConstraint(
                condition=Q(scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation__isnull=False)
                | (~Q(scope=ConsentScope.SHARE_FILE_WITH_PARTNER) & Q(organisation__isnull=True)),
                name="consent_organisation_only_for_partner_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_on})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )
