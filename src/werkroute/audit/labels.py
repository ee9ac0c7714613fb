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
    "referral_withdrawn_without_consent": _("voordracht ingetrokken na intrekken toestemming"),
    # Other kinds of record.
    "access_log": _("logboek van het dossier"),
    "account": _("account"),
    "batch": _("regionale voordrachtenronde"),
    "candidate": _("kandidaat voor een plaats"),
    "client": _("dossier"),
    "client_list": _("klantenlijst"),
    "consent": _("toestemming"),
    "council_report": _("raadsrapportage"),
    "form": _("formulier"),
    "group_permission": _("recht van een groep"),
    "membership": _("rol bij een organisatie"),
    "monitoring_indicators": _("monitoringcijfers"),
    "organisation": _("organisatie"),
    "placement": _("plaats bij een werkgever"),
    "privacy_search": _("zoekopdracht privacyfunctionaris"),
    "reference_import": _("import van referentiegegevens"),
    "referral": _("voordracht"),
    "request": _("verzoek"),
    "second_factor": _("tweestapsverificatie"),
    "session": _("sessie"),
    "target_group": _("doelgroep"),
    "user": _("gebruiker"),
    "user_group": _("groep van een gebruiker"),
    "user_permission": _("recht van een gebruiker"),
    "work_profile": _("werkprofiel"),
}


def object_type_label(code: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(code, code.replace("_", " ")))


def role_label(code: str) -> str:
    """The role as the log stored it (a code, or several joined by commas) in words."""
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(part.strip(), part.strip())) for part in code.split(",") if part.strip())
