"""Everything held about one client, for an access request under article 15 of the AVG (GDPR)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from werkroute.audit.models import AuditEvent
from werkroute.cases.models import (
    Activity,
    Client,
    Consent,
    Education,
    Intake,
    LabourEpisode,
    Note,
    PlanGoal,
    PlanVersion,
    Relocation,
    TimelineEvent,
    WorkExperience,
)
from werkroute.placements.models import Referral

# Whenever a model with personal data of a client is added, it belongs here: the test of this module
# checks that every model pointing at Client (directly or through an intake or plan) is listed.
EXPORTED_MODELS = (
    Client,
    Intake,
    Education,
    WorkExperience,
    PlanVersion,
    PlanGoal,
    Activity,
    LabourEpisode,
    Relocation,
    Note,
    Consent,
    Referral,
    TimelineEvent,
    AuditEvent,
)


def _records(client: Client) -> dict[str, QuerySet[Any]]:
    return {
        "client": Client.objects.filter(pk=client.pk),
        "intake": Intake.objects.filter(client=client),
        "education": Education.objects.filter(intake__client=client),
        "work_experience": WorkExperience.objects.filter(intake__client=client),
        "plan_versions": PlanVersion.objects.filter(client=client),
        "plan_goals": PlanGoal.objects.filter(plan_version__client=client),
        "activities": Activity.objects.filter(client=client),
        "labour_episodes": LabourEpisode.objects.filter(client=client),
        "relocations": Relocation.objects.filter(client=client),
        "notes": Note.objects.filter(client=client),
        "consents": Consent.objects.filter(client=client),
        "referrals": Referral.objects.filter(client=client),
        "timeline": TimelineEvent.objects.filter(client=client),
        # Who looked at and changed the file: part of what is held about the person.
        "access_log": AuditEvent.objects.filter(client_id=client.pk),
    }


def client_export(client: Client) -> dict[str, list[dict[str, Any]]]:
    """All records about ``client`` as plain data (model fields by name), grouped by kind."""
    result: dict[str, list[dict[str, Any]]] = {}
    for name, queryset in _records(client).items():
        rows = serializers.serialize("python", queryset.order_by("pk"))
        result[name] = [{"id": row["pk"], **row["fields"]} for row in rows]
    # Many-to-many choices of the intake, by their names rather than ids.
    intake = Intake.objects.filter(client=client).prefetch_related("skills", "wished_occupations").first()
    if intake is not None and result["intake"]:
        result["intake"][0]["skills"] = [str(skill) for skill in intake.skills.all()]
        result["intake"][0]["wished_occupations"] = [
            str(occupation) for occupation in intake.wished_occupations.all()
        ]
    return result


def client_export_json(client: Client) -> str:
    return json.dumps(client_export(client), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class ReadableSection:
    title: str
    records: list[list[tuple[str, Any]]]


SECTION_TITLES = {
    "client": _("Persoonsgegevens"),
    "intake": _("Brede intake"),
    "education": _("Opleidingen"),
    "work_experience": _("Werkervaring"),
    "plan_versions": _("Plan van aanpak (PIP), alle versies"),
    "plan_goals": _("Doelen in het plan"),
    "activities": _("Activiteiten"),
    "labour_episodes": _("Arbeidsmarktpositie door de tijd"),
    "relocations": _("Verhuizingen naar een andere gemeente"),
    "notes": _("Notities en contactmomenten"),
    "consents": _("Toestemmingen"),
    "referrals": _("Voordrachten voor werk"),
    "timeline": _("Tijdlijn"),
    "access_log": _("Wie uw gegevens heeft ingezien of gewijzigd"),
}


def _label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name))


def readable_export(client: Client) -> list[ReadableSection]:
    """The same content as :func:`client_export`, with the field names people read instead of code names,
    for the HTML version of an access request (printable to PDF from the browser)."""
    data = client_export(client)
    sections = []
    for name, queryset in _records(client).items():
        sections.append(
            ReadableSection(
                title=str(SECTION_TITLES[name]),
                records=[
                    [(_label(queryset.model, field), value) for field, value in row.items()]
                    for row in data[name]
                ],
            )
        )
    return sections
