"""The caseload and the client file cost a bounded number of queries, however long the history."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases import events
from werkroute.cases.models import Education, WorkExperience
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    NoteFactory,
    PlanGoalFactory,
    PlanVersionFactory,
)
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db

# Measured: session, user, memberships (policy), client, intake + its 4 prefetches, plans + goals,
# activities, episodes, consents, timeline, open attention points = 16 reads; the menu's permission check (user and group
# permissions) = 2; the session save (savepoint, update, release) = 3; the audit
# entry (actor's memberships, savepoint, chain head, insert, head update, release) = 6 on SQLite, 5 on
# PostgreSQL (insert and head update in one statement). Total 27.
# The follow-up app's block at the top (cases.extensions): the client's open signals = 1 more; on the
# caseload, the inbox and whether the user leads a team = 2 more.
AUDIT_QUERIES = 6
CLIENT_FILE_MAX_QUERIES = 22 + AUDIT_QUERIES
CASELOAD_MAX_QUERIES = 14 + AUDIT_QUERIES  # 14: with the menu's 2 and the signal inbox's 2


def _history(person, size: int) -> None:
    intake = IntakeFactory(client=person)
    for index in range(size):
        Education.objects.create(intake=intake, isced_level=3)
        WorkExperience.objects.create(intake=intake, occupation=OccupationFactory(), years=2)
        plan = PlanVersionFactory(client=person, number=index + 1)
        PlanGoalFactory(plan_version=plan)
        activity = ActivityFactory(client=person, start_date=dt.date(2022, 9, 1) + dt.timedelta(days=index))
        events.activity_planned(activity, None)
        LabourEpisodeFactory(
            client=person,
            start_date=dt.date(2010, 1, 1) + dt.timedelta(days=30 * index),
            end_date=dt.date(2010, 1, 10) + dt.timedelta(days=30 * index),
        )
        events.note_added(NoteFactory(client=person), None)


@pytest.mark.parametrize("history_length", [1, 25])
def test_client_file_queries_do_not_grow_with_history(
    caseworker_client, municipality, django_assert_max_num_queries, history_length
):
    person = ClientFactory(municipality=municipality)
    _history(person, history_length)
    with django_assert_max_num_queries(CLIENT_FILE_MAX_QUERIES):
        response = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-') == 2 * history_length


@pytest.mark.parametrize("clients", [2, 40])
def test_caseload_queries_do_not_grow_with_clients(
    caseworker_client, municipality, django_assert_max_num_queries, clients
):
    for _ in range(clients):
        person = ClientFactory(municipality=municipality)
        _history(person, 2)
    with django_assert_max_num_queries(CASELOAD_MAX_QUERIES):
        response = caseworker_client.get(reverse("cases:caseload"), {"idle": "on", "route": "B1"})
    assert response.status_code == 200
