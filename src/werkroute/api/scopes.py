"""The OAuth2 scopes of the API: one per resource and kind of access.

A client gets only the scopes its task needs. ``clients:bsn`` is separate from ``clients:read``, since a
system that synchronises a caseload usually has no need of the citizen service number.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from werkroute.regions.models import OrganisationKind

SCOPES = {
    "clients:read": _("klanten lezen (zonder BSN)"),
    "clients:write": _("klanten inschrijven en wijzigen"),
    "clients:bsn": _("het BSN van klanten lezen en schrijven"),
    "intakes:read": _("brede intakes lezen"),
    "plans:read": _("plannen (PIP) lezen"),
    "plans:write": _("plannen (PIP) vastleggen"),
    "activities:read": _("activiteiten lezen"),
    "activities:write": _("activiteiten afspreken"),
    "episodes:read": _("arbeidsmarktposities lezen"),
    "episodes:write": _("arbeidsmarktposities vastleggen"),
    "consents:read": _("toestemmingen lezen"),
    "consents:write": _("toestemmingen vastleggen"),
    "placements:read": _("plaatsen lezen"),
    "referrals:read": _("voordrachten lezen"),
    "referrals:write": _("stappen van voordrachten zetten"),
    "signals:read": _("signalen lezen"),
    "signals:write": _("signalen uitstellen en afwijzen"),
    "interventions:read": _("de catalogus van interventies lezen"),
    "monitoring:read": _("monitoringcijfers lezen (alleen totalen)"),
    "notifications:write": _("abonnementen op notificaties beheren"),
}


def parse(text: str) -> list[str]:
    """Scopes named in ``text`` (separated by spaces or commas), or ValueError naming the unknown ones."""
    names = [name for name in text.replace(",", " ").split() if name]
    unknown = [name for name in names if name not in SCOPES]
    if unknown:
        raise ValueError(", ".join(unknown))
    return list(dict.fromkeys(names))


# Kinds of organisation whose systems may hold only some scopes. The statistics office gets the monitoring
# figures (aggregates, with the exports' disclosure control) and nothing that names or counts a person's
# file; the other kinds are limited by the policies, per object, instead.
SCOPES_BY_ORGANISATION_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.STATISTICS_OFFICE: frozenset({"monitoring:read"}),
}


class ScopeNotAllowed(ValueError):
    """A scope that a system of this kind of organisation may not hold."""


def allowed_for(kind: str) -> frozenset[str]:
    """The scopes a system of an organisation of ``kind`` may hold."""
    return SCOPES_BY_ORGANISATION_KIND.get(kind, frozenset(SCOPES))


def check_for_kind(kind: str, scopes: list[str]) -> None:
    """ScopeNotAllowed, with a Dutch message naming them, for scopes ``kind`` may not hold."""
    refused = [name for name in scopes if name not in allowed_for(kind)]
    if refused:
        raise ScopeNotAllowed(
            gettext(
                "Een systeem van een organisatie van de soort %(kind)s mag alleen de scope(s) %(allowed)s "
                "hebben, niet %(refused)s."
            )
            % {
                "kind": OrganisationKind(kind).label,
                "allowed": ", ".join(sorted(allowed_for(kind))),
                "refused": ", ".join(refused),
            }
        )
