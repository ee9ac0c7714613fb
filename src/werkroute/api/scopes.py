"""The OAuth2 scopes of the API: one per resource and kind of access.

A client gets only the scopes its task needs. ``clients:bsn`` is separate from ``clients:read``, since a
system that synchronises a caseload usually has no need of the citizen service number.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
