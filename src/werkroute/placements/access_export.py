"""Everything held about one client, for an access request under article 15 of the AVG (GDPR).

Here, in the highest layer that holds client records (referrals), so that the privacy officer's pages
and the client's own portal, which sit side by side above it, both use it without importing each other.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field, Model, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from werkroute.audit.labels import object_type_label, role_label
from werkroute.audit.models import AuditEvent
from werkroute.cases.events import describe
from werkroute.cases.models import (
    Activity,
    Client,
    ClientAccount,
    Consent,
    Education,
    Handover,
    Intake,
    LabourEpisode,
    LimitingCircumstance,
    Message,
    Note,
    PlanGoal,
    PlanVersion,
    Relocation,
    TimelineEvent,
    WorkExperience,
)
from werkroute.core import iso
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
    Handover,
    Note,
    Message,
    ClientAccount,
    Consent,
    Referral,
    TimelineEvent,
    AuditEvent,
)


@dataclass(frozen=True)
class ExtraSection:
    title: Any
    model: type[Model]
    path: str  # the lookup from the model to the client, e.g. ``after_care__client``


# What the apps above this one hold about a client (follow-up signals, after-care, linked
# interventions): they register it in their ``AppConfig.ready``, since this module cannot import them.
EXTRA_SECTIONS: dict[str, ExtraSection] = {}


def register(name: str, *, title: Any, model: type[Model], path: str) -> None:
    EXTRA_SECTIONS[name] = ExtraSection(title=title, model=model, path=path)


def exported_models() -> tuple[type[Model], ...]:
    return (*EXPORTED_MODELS, *(section.model for section in EXTRA_SECTIONS.values()))


def client_path(model: type[Model]) -> str:
    """The lookup from a row of ``model`` to its client's id, for every exported model."""
    extra = {section.model: section.path for section in EXTRA_SECTIONS.values()}
    if model in extra:
        return extra[model]
    if model is Client:
        return "pk"
    if model is AuditEvent:
        return "client_id"
    names = {field.name for field in model._meta.get_fields()}
    return next(
        path for path in ("client", "intake__client", "plan_version__client") if path.split("__")[0] in names
    )


def _records(client: Client) -> dict[str, QuerySet[Any]]:
    extra = {
        name: section.model._default_manager.filter(**{section.path: client.pk})
        for name, section in EXTRA_SECTIONS.items()
    }
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
        "handovers": Handover.objects.filter(client=client),
        "notes": Note.objects.filter(client=client),
        "messages": Message.objects.filter(client=client),
        "client_account": ClientAccount.objects.filter(client=client),
        "consents": Consent.objects.filter(client=client),
        "referrals": Referral.objects.filter(client=client),
        **extra,
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
    "handovers": _("Overdrachten van het dossier aan een andere gemeente"),
    "notes": _("Notities en contactmomenten"),
    "messages": _("Berichten in het klantportaal"),
    "client_account": _("Account voor het klantportaal"),
    "consents": _("Toestemmingen"),
    "referrals": _("Voordrachten voor werk"),
    "timeline": _("Tijdlijn"),
    "access_log": _("Wie uw gegevens heeft ingezien of gewijzigd"),
}


# Internals that mean nothing to the person reading the letter: keys, hashes, version counters, the
# client's own file as a link on every record, and the raw parameters behind a sentence shown instead.
# The JSON download keeps all of them.
HIDDEN_FIELDS = frozenset(
    {
        "id",
        "bsn_hash",
        "version",
        "client",
        "intake",
        "plan_version",
        "data",
        "kind",
        "actor_id",
        "object_id",
        "client_id",
        "changes",
        "request_id",
        "previous_hash",
        "entry_hash",
        "score_parts",
        "recorded_at",
        "created_at",
    }
)
COUNTRY_FIELDS = frozenset({"nationality", "country_of_birth", "country"})


def _label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _readable(record: Model, field: Field) -> Any:  # type: ignore[type-arg]
    """One stored value as a person reads it: names, labels in words, dates written out."""
    value = getattr(record, field.name)
    if value is None or value == "" or value == []:
        return None
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    if field.name in COUNTRY_FIELDS:
        return iso.country_name(value)
    if field.name == "languages_spoken":
        return ", ".join(iso.language_name(code) for code in value)
    if field.name == "other_languages":
        return ", ".join(f"{iso.language_name(item['language'])} ({item['level']})" for item in value)
    if field.name == "limiting_circumstances":
        labels = dict(LimitingCircumstance.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, Model):
        return str(getattr(value, "name", None) or value)
    return value


def _rows(name: str, queryset: QuerySet[Any]) -> list[list[tuple[str, Any]]]:
    model = queryset.model
    related = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.name not in HIDDEN_FIELDS
    ]
    records = list(queryset.select_related(*related).order_by("pk"))
    if name == "timeline":
        return [
            [
                (str(_("Datum")), formats.date_format(event.occurred_on, "DATE_FORMAT")),
                (str(_("Wat")), describe(event)),
            ]
            for event in records
        ]
    if name == "access_log":
        return [
            [
                (
                    str(_("Tijdstip")),
                    formats.date_format(timezone.localtime(entry.recorded_at), "DATETIME_FORMAT"),
                ),
                (str(_("Wie")), entry.actor_name or str(_("het systeem"))),
                (str(_("Rol")), role_label(entry.role) or None),
                (str(_("Organisatie")), entry.organisation or None),
                (str(_("Handeling")), entry.get_action_display()),
                (str(_("Waarover")), object_type_label(entry.object_type)),
                (str(_("Doel")), entry.purpose or None),
            ]
            for entry in records
        ]
    fields = [field for field in model._meta.concrete_fields if field.name not in HIDDEN_FIELDS]
    return [[(_label(model, field.name), _readable(record, field)) for field in fields] for record in records]


def readable_export(client: Client) -> list[ReadableSection]:
    """The same content as :func:`client_export`, written for the person it is about: names instead of
    ids, labels instead of codes, dates written out, no keys or hashes (the JSON download has those).
    For the printable HTML version of an access request."""
    rows = {name: _rows(name, queryset) for name, queryset in _records(client).items()}
    # Skills and wished occupations of the intake are many-to-many: by their names.
    intake = Intake.objects.filter(client=client).prefetch_related("skills", "wished_occupations").first()
    if intake is not None and rows["intake"]:
        rows["intake"][0] += [
            (str(_("Vaardigheden")), ", ".join(str(skill) for skill in intake.skills.all()) or None),
            (
                str(_("Gewenste beroepen")),
                ", ".join(str(occupation) for occupation in intake.wished_occupations.all()) or None,
            ),
        ]
    return [
        ReadableSection(
            title=str(SECTION_TITLES[name] if name in SECTION_TITLES else EXTRA_SECTIONS[name].title),
            records=records,
        )
        for name, records in rows.items()
    ]
