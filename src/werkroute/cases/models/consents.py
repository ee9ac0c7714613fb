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
    # A ground for a warm handover when the law gives none: the file goes to the new municipality.
    TRANSFER_TO_NEW_MUNICIPALITY = (
        "transfer_to_new_municipality",
        _("dossier overdragen aan de nieuwe gemeente bij een verhuizing"),
    )


# A consent naming an organisation is only meaningful for these scopes.
SCOPES_WITH_ORGANISATION = frozenset({ConsentScope.SHARE_FILE_WITH_PARTNER})

# A client gives these to the municipality that holds their file, for that municipality's partners. After a
# warm handover the file belongs to another municipality, which did not ask for them: they stop counting
# (the new caseworker asks again), while the rows stay as the record of what was allowed before.
SCOPES_BOUND_TO_MUNICIPALITY = frozenset({ConsentScope.SHARE_FILE_WITH_PARTNER})


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

    def in_force(self, day: dt.date) -> ConsentQuerySet:
        """Consents that allow sharing on ``day``: valid then, and for the scopes bound to a municipality,
        given while the file was with the municipality that holds it now. Read with the client's current
        municipality, so a handover's acceptance ends them at once."""
        return self.valid_on(day).exclude(
            Q(scope__in=SCOPES_BOUND_TO_MUNICIPALITY)
            & ~Q(municipality_id=models.F("client__municipality_id"))
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
    # The municipality that held the file when the consent was given: the one the client gave it to.
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("gegeven aan gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
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

    def given_to_previous_municipality(self, file_municipality_id: int) -> bool:
        """Whether this consent was given to a municipality that no longer holds the file (whose
        municipality is ``file_municipality_id``), for a scope where that ends it. For showing; every
        share checks :meth:`ConsentQuerySet.in_force` in the database at the moment of the share."""
        return self.scope in SCOPES_BOUND_TO_MUNICIPALITY and self.municipality_id != file_municipality_id

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )
