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
    "message_from_client": _("bericht van de klant (portaal)"),
    "client_cannot_attend": _("afmelding door de klant (portaal)"),
    "correction_requested": _("verzoek om correctie (portaal)"),
    "message_to_client": _("bericht aan de klant (portaal)"),
    "handover_requested": _("overdracht aan een andere gemeente aangevraagd"),
    "handover_sent": _("dossier overgedragen aan een andere gemeente"),
    "handover_accepted": _("overdracht geaccepteerd door de nieuwe gemeente"),
    "handover_declined": _("aanvraag van een overdracht afgewezen"),
    "handover_withdrawn": _("overdracht ingetrokken"),
    # Events that apps above the case file add to it.
    "activity_intervention_linked": _("interventie van een activiteit vastgelegd"),
    # Other kinds of record.
    "access_log": _("logboek van het dossier"),
    "account": _("account"),
    "api": _("verzoek aan de API"),
    "api_client": _("API-client"),
    "batch": _("regionale voordrachtenronde"),
    "national_batch": _("landelijke voordrachtenronde"),
    "candidate": _("kandidaat voor een plaats"),
    "client": _("dossier"),
    "client_list": _("klantenlijst"),
    "client_account": _("account van de klant voor het portaal"),
    "digid_login": _("inloggen met DigiD"),
    "message_inbox": _("berichten van klanten"),
    "portal": _("eigen dossier in het klantportaal"),
    "portal_preview": _("voorbeeld van het klantportaal"),
    "signal": _("signaal"),
    "signal_sweep": _("signaalronde"),
    "signal_inbox": _("signalen op de startpagina"),
    "signal_list": _("signalenlijst"),
    "after_care_check_in": _("nazorgcontact"),
    "partner_report": _("terugmelding van een partner"),
    "consent": _("toestemming"),
    "council_report": _("raadsrapportage"),
    "form": _("formulier"),
    "subscription": _("abonnement op notificaties"),
    "group_permission": _("recht van een groep"),
    "intervention": _("interventie in de kennisbank"),
    "intervention_catalogue": _("interventiecatalogus"),
    "membership": _("rol bij een organisatie"),
    "monitoring_indicators": _("monitoringcijfers"),
    "organisation": _("organisatie"),
    "placement": _("plaats bij een werkgever"),
    "privacy_search": _("zoekopdracht privacyfunctionaris"),
    "reference_import": _("import van referentiegegevens"),
    "referral": _("voordracht"),
    "region": _("arbeidsmarktregio"),
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
