"""The AVG export of a client holds every record about that client and nothing about anyone else."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from werkroute.audit.models import AuditAction
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases import services
from werkroute.cases.models import Activity, Client, Education, Intake, PlanVersion, WorkExperience
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    NoteFactory,
    PlanGoalFactory,
    PlanVersionFactory,
)
from werkroute.followup.models import AfterCare
from werkroute.placements.access_export import client_export, client_path, exported_models
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db


def _full_history(person, caseworker):
    intake = IntakeFactory(client=person)
    Education.objects.create(intake=intake, isced_level=3, field="Bouwkunde")
    WorkExperience.objects.create(intake=intake, occupation=OccupationFactory(), years=4)
    PlanGoalFactory(plan_version=PlanVersionFactory(client=person, number=1))
    ActivityFactory(client=person)
    LabourEpisodeFactory(client=person)
    ConsentFactory(client=person)
    NoteFactory(client=person, text=f"Gesprek met {person.first_name}")
    services.add_note(
        caseworker, person, {"channel": "phone", "occurred_on": dt.date(2023, 1, 1), "text": "Gebeld"}
    )


def test_the_export_holds_every_record_of_the_client_and_nothing_of_anyone_else(caseworker, municipality):
    person = ClientFactory(municipality=municipality, first_name="Amal", bsn="111222333")
    other = ClientFactory(municipality=municipality, first_name="Yonas", last_name="Tesfamariam")
    _full_history(person, caseworker)
    _full_history(other, caseworker)

    export = client_export(person)
    exported_ids = {(kind, row["id"]) for kind, rows in export.items() for row in rows}
    expected = {
        ("client", str(person.pk)),  # the serialiser writes a UUID key as text
        *(("intake", pk) for pk in Intake.objects.filter(client=person).values_list("pk", flat=True)),
        *(
            ("plan_versions", pk)
            for pk in PlanVersion.objects.filter(client=person).values_list("pk", flat=True)
        ),
        *(("notes", pk) for pk in person.notes.values_list("pk", flat=True)),
        *(("activities", pk) for pk in person.activities.values_list("pk", flat=True)),
        *(("labour_episodes", pk) for pk in person.labour_episodes.values_list("pk", flat=True)),
        *(("timeline", pk) for pk in person.timeline_events.values_list("pk", flat=True)),
    }
    assert expected <= exported_ids
    assert len(export["education"]) == len(export["work_experience"]) == len(export["plan_goals"]) == 1
    assert export["client"][0]["bsn"] == "111222333"  # the person's own BSN, decrypted for them
    text = json.dumps(export, default=str)
    assert "Yonas" not in text and "Tesfamariam" not in text and str(other.pk) not in text
    assert export["access_log"]
    assert_audited(client_id=person.pk, count=len(export["access_log"]))


def test_every_model_with_client_data_is_exported():
    """A new model pointing at a client (directly or through an intake or plan) must join the export."""
    owners = {Client, Intake, PlanVersion, Activity, AfterCare}
    holding = {
        model
        for model in apps.get_models()
        if any(
            getattr(field, "related_model", None) in owners and field.many_to_one
            for field in model._meta.get_fields()
        )
    }
    assert holding - set(exported_models()) == set()


def test_what_the_apps_above_hold_about_the_client_is_exported_with_it(municipality):
    from werkroute.followup.tests.factories import (
        AfterCareFactory,
        CheckInFactory,
        PartnerReportFactory,
        SignalFactory,
    )
    from werkroute.knowledge.tests.factories import ActivityInterventionFactory

    person, other = ClientFactory(municipality=municipality), ClientFactory(municipality=municipality)
    made = {}
    for who in (person, other):
        activity = ActivityFactory(client=who)
        after_care = AfterCareFactory(client=who)
        made[who] = [
            SignalFactory(client=who),
            after_care,
            CheckInFactory(after_care=after_care),
            PartnerReportFactory(activity=activity),
            ActivityInterventionFactory(activity=activity),
        ]
    export = client_export(person)
    sections = {"signals", "after_care", "check_ins", "partner_reports", "activity_interventions"}
    assert sections <= set(export)
    exported = {str(row["id"]) for name in sections for row in export[name]}
    assert {str(row.pk) for row in made[person]} == exported  # theirs, and nobody else's
    for row in made[person]:
        assert client_path(type(row))


def test_the_export_command_writes_json_and_is_audited(tmp_path, caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    out = tmp_path / "inzage.json"
    call_command("avg_export", str(person.pk), "--out", str(out))
    assert (
        json.loads(out.read_text())["client"][0]["id"] == str(person.pk)
        or json.loads(out.read_text())["client"]
    )
    assert_audited(action=AuditAction.EXPORT, client_id=person.pk)
    with pytest.raises(CommandError, match="Geen klant"):
        call_command("avg_export", "geen-id")
