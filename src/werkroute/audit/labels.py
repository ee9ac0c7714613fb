"""Dutch labels for the codes the audit log stores, so a privacy officer (and the client reading an
access export) reads "activiteit gepland" and "klantmanager" rather than ``activity_planned`` and
``caseworker``. The log itself keeps the codes: they are stable, the labels follow the reader's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from werkroute.accounts.models import Role

OBJECT_TYPE_LABELS: dict[str, Promise] = {
    # Events of the client file (cases.events.Kind).
    "client_registered": _("klant ingeschreven"),
    "client_updated": _("persoonsgegevens gewijzigd"),
    "intake_recorded": _("brede intake vastgelegd"),
    "plan_version_created": _("plan van aanpak vastgelegd"),
    "activity_planned": _("activiteit gepland"),
    "activity_status_changed": _("status van een activiteit gewijzigd"),
    "labour_episode_started": _("arbeidsmarktpositie vastgelegd"),
    "labour_episode_ended": _("arbeidsmarktpositie beëindigd"),
    "note_added": _("notitie toegevoegd"),
    "consent_given": _("toestemming vastgelegd"),
    "consent_withdrawn": _("toestemming ingetrokken"),
    # Other kinds of record.
    "access_log": _("logboek van het dossier"),
    "batch": _("regionale voordrachtenronde"),
    "candidate": _("kandidaat voor een plaats"),
    "client": _("dossier"),
    "client_list": _("klantenlijst"),
    "consent": _("toestemming"),
    "form": _("formulier"),
    "monitoring_indicators": _("monitoringcijfers"),
    "placement": _("plaats bij een werkgever"),
    "privacy_search": _("zoekopdracht privacyfunctionaris"),
    "referral": _("voordracht"),
    "request": _("verzoek"),
    "session": _("sessie"),
    "user": _("gebruiker"),
    "work_profile": _("werkprofiel"),
}


def object_type_label(code: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(code, code.replace("_", " ")))


def role_label(code: str) -> str:
    """The role as the log stored it (a code, or several joined by commas) in words."""
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(part.strip(), part.strip())) for part in code.split(",") if part.strip())
