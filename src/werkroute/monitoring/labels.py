"""Dutch names of the codes in the indicator table, for pages and the council report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

INDICATORS = {
    "in_paid_work": _("betaald werk"),
    "in_paid_work_12h": _("betaald werk, 12 uur of meer per week"),
    "on_social_assistance": _("bijstandsuitkering"),
    "in_education": _("onderwijs"),
    "in_activity": _("in een activiteit"),
    "none_of_these": _("geen van deze"),
    "days_to_intake": _("dagen van inschrijving tot brede intake"),
    "days_to_pip": _("dagen van inschrijving tot PIP"),
    "pip_within_deadline": _("PIP binnen de wettelijke 10 weken"),
    "days_to_first_activity": _("dagen van inschrijving tot eerste activiteit"),
    "active_activity": _("met een lopende activiteit"),
    "stopped_before_work": _("traject gestopt vóór werk gevonden"),
    "after_care_in_work": _("werkenden die nazorg kregen"),
    "caseload_per_caseworker": _("klanten per klantmanager"),
    "open_signal_over_4_weeks": _("met een signaal dat langer dan 4 weken openstaat"),
    "early_stop": _("begeleiding voortijdig gestopt, niets daarna"),
    "days_to_intake_median": _("mediaan dagen van inschrijving tot brede intake"),
    "days_intake_to_pip_median": _("mediaan dagen van brede intake tot PIP"),
    "after_care_retention_6m": _("nog aan het werk 6 maanden na de start (nazorg)"),
    "after_care_retention_12m": _("nog aan het werk 12 maanden na de start (nazorg)"),
}
GROUPS = {
    "total": _("totaal"),
    "gender": _("gender"),
    "age_band": _("leeftijd bij vergunning"),
    "learning_route": _("leerroute"),
    "dutch_level": _("Nederlands bij intake"),
    "vulnerable": _("belemmerende omstandigheden"),
    "target_group": _("doelgroep"),
}
VALUES = {
    "": _("totaal"),
    "female": _("vrouw"),
    "male": _("man"),
    "other": _("anders"),
    "unknown": _("onbekend"),
    "under_18": _("jonger dan 18"),
    "18-24": "18–24",
    "25-34": "25–34",
    "35-44": "35–44",
    "45-54": "45–54",
    "55+": _("55 en ouder"),
    "B1": _("B1-route"),
    "ONDERWIJS": _("onderwijsroute"),
    "Z": _("Z-route"),
    "none": _("nog geen plan"),
    "yes": _("één of meer"),
    "no": _("geen"),
    "statushouder": _("statushouders"),
}
LEVELS = {"municipality": _("gemeente"), "region": _("arbeidsmarktregio"), "national": _("Nederland")}


def value_label(value: str) -> str:
    return str(VALUES.get(value, value))
