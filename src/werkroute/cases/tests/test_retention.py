"""After the retention period a file is deleted completely, and only a pseudonymised trace remains."""

import datetime as dt

import pytest
from django.core.management import call_command

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.tests.helpers import assert_audited
from werkroute.audit.verification import verify_chain
from werkroute.cases import retention, services
from werkroute.cases.models import Client, RetentionTrace
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    NoteFactory,
    PlanGoalFactory,
    PlanVersionFactory,
)
from werkroute.placements.access_export import client_path, exported_models

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def _old_file(municipality, caseworker, last_event: dt.date, bsn=""):  # type: ignore[no-untyped-def]
    person = ClientFactory(
        municipality=municipality,
        registration_date=dt.date(2015, 3, 1),
        permit_date=dt.date(2014, 10, 1),
        first_name="Amal",
        bsn=bsn,
    )
    IntakeFactory(client=person)
    PlanGoalFactory(plan_version=PlanVersionFactory(client=person, number=1))
    ActivityFactory(client=person)
    ConsentFactory(client=person)
    NoteFactory(client=person)
    services.add_note(caseworker, person, {"channel": "phone", "occurred_on": last_event, "text": "Laatste"})
    return person


def test_a_file_unused_for_the_retention_period_is_deleted_with_a_trace(settings, caseworker, municipality):
    settings.WERKROUTE_RETENTION_YEARS = 7
    old = _old_file(municipality, caseworker, dt.date(2019, 11, 22), bsn="111222333")
    recent = _old_file(municipality, caseworker, dt.date(2019, 11, 23))  # exactly seven years: not yet
    old_id = old.pk

    call_command("retention", "--today", TODAY.isoformat())

    assert not Client.objects.filter(pk=old_id).exists()
    assert Client.objects.filter(pk=recent.pk).exists()
    for model in exported_models():
        if model is AuditEvent:
            continue  # append-only; see below
        assert not model.objects.filter(**{client_path(model): old_id}).exists(), model
    trace = RetentionTrace.objects.get()
    assert trace.pseudonym == retention.pseudonym(old_id) and str(old_id) not in trace.pseudonym
    assert trace.permit_year == 2014 and trace.municipality == municipality
    assert trace.records_removed["cases.Note"] == 2 and trace.records_removed["cases.PlanGoal"] == 1
    assert "Amal" not in str(trace.__dict__) and "111222333" not in str(trace.__dict__)
    deletion = assert_audited(action=AuditAction.DELETE, client_id=old_id, count=1)
    assert deletion.purpose == "verwijdering na bewaartermijn"
    assert verify_chain().intact


def _has(model, lookup: str) -> bool:  # type: ignore[no-untyped-def]
    first = lookup.split("__")[0]
    return any(field.name == first for field in model._meta.get_fields())


def test_dry_run_deletes_nothing(settings, caseworker, municipality, capsys):
    settings.WERKROUTE_RETENTION_YEARS = 7
    old = _old_file(municipality, caseworker, dt.date(2018, 1, 1))
    call_command("retention", "--dry-run", "--today", TODAY.isoformat())
    assert Client.objects.filter(pk=old.pk).exists()
    assert "1 dossiers" in capsys.readouterr().out


def test_a_file_without_events_counts_from_its_registration(settings, municipality):
    settings.WERKROUTE_RETENTION_YEARS = 7
    ClientFactory(municipality=municipality, registration_date=dt.date(2010, 1, 1))
    ClientFactory(municipality=municipality, registration_date=dt.date(2025, 1, 1))
    assert retention.due_for_deletion(TODAY).count() == 1


def test_after_retention_the_audit_log_holds_no_personal_value_of_the_file_and_still_verifies(
    caseworker_client, caseworker, municipality
):
    """Issue 10, item 4: health details and identities in the audit log outlived the file they were about."""
    from werkroute.audit.models import SubjectKey
    from werkroute.audit.services import unseal
    from werkroute.cases.tests.test_intake import _intake_form

    person = ClientFactory(
        municipality=municipality,
        registration_date=dt.date(2015, 3, 1),
        permit_date=dt.date(2014, 10, 1),
        first_name="Zainab",
        last_name="Oudenaarde",
        email="zainab.oud@example.org",
        date_of_birth=dt.date(1990, 4, 17),
    )
    services.update_client(
        caseworker,
        person,
        person.version,
        {
            "first_name": "Zaynab",
            "last_name": "Nieuwenhuizen",
            "email": "z.nieuw@example.org",
            "date_of_birth": dt.date(1991, 5, 18),
        },
    )
    intake_url = f"/klanten/{person.pk}/intake/"
    caseworker_client.post(intake_url, _intake_form(circumstances_note="Rugklachten sinds de vlucht"))
    caseworker_client.post(
        intake_url,
        _intake_form(
            version="1",
            limiting_circumstances=["mental_health"],
            circumstances_note="Rugklachten en slapeloosheid",
        ),
    )
    personal = [
        "Zainab", "Zaynab", "Oudenaarde", "Nieuwenhuizen", "zainab.oud", "z.nieuw",
        "1990-04-17", "1991-05-18", "Rugklachten", "slapeloosheid", "mental_health", "childcare",
    ]  # fmt: skip
    edit = AuditEvent.objects.get(client_id=person.pk, object_type="client_updated")
    assert unseal(person.pk, edit.changes["sealed"])["last_name"] == ["Oudenaarde", "Nieuwenhuizen"]
    intake_update = AuditEvent.objects.filter(client_id=person.pk, object_type="intake_recorded").last()
    assert {"limiting_circumstances", "circumstances_note"} <= set(intake_update.changes["changed"])

    call_command("retention", "--today", "2099-01-01")

    assert not Client.objects.filter(pk=person.pk).exists()
    assert not SubjectKey.objects.filter(client_id=person.pk).exists()
    assert unseal(person.pk, edit.changes["sealed"]) is None
    every_column = "\n".join(
        str(row) for row in AuditEvent.objects.values_list()
    )  # every column of every entry, as text
    assert [value for value in personal if value in every_column] == []
    assert verify_chain().intact
