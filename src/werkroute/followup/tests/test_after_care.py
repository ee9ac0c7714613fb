"""After-care on any start of paid work: check-ins at 1, 3, 6 and 12 months, their outcome written as
labour episodes where the work changed, and a signal when the work ends within the after-care year."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.accounts.tests.factories import UserFactory
from werkroute.cases import services as cases_services
from werkroute.cases.models import EpisodeKind, LabourEpisode
from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup import services
from werkroute.followup.models import AfterCare, CheckIn
from werkroute.followup.sweep import find_all, find_all_by_queries, sweep

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2024, 1, 31)


def _working(**fields):  # type: ignore[no-untyped-def]
    client = ClientFactory(**fields)
    episode = cases_services.record_labour_episode(
        UserFactory(),
        client,
        {
            "kind": EpisodeKind.PAID_WORK,
            "start_date": START,
            "hours_per_week": 20,
            "contract_type": "fixed_term",
        },
        today=START,
    )
    return client, episode


def holds(rule: str, client, today: dt.date) -> set[str]:  # type: ignore[no-untyped-def]
    sweep(today, [client.pk])
    found = find_all(today, [client.pk])
    # The sweep evaluates the rules on column arrays; each rule's own queries must find the same.
    assert found == find_all_by_queries(today, [client.pk])
    return {subject for (client_id, subject) in found[rule] if client_id == client.pk}


def test_any_start_of_paid_work_gets_four_check_ins_once():
    client, episode = _working()
    sweep(START)
    sweep(START)
    after_care = AfterCare.objects.get(episode=episode)
    assert after_care.started_on == START
    assert list(after_care.check_ins.values_list("months", "due_on")) == [
        (1, D(2024, 2, 29)),
        (3, D(2024, 4, 30)),
        (6, D(2024, 7, 31)),
        (12, D(2025, 1, 31)),
    ]
    assert client.timeline_events.filter(kind="after_care_started").count() == 1


def test_after_cares_started_together_each_get_the_schedule_of_their_own_start_day():
    # The sweep writes the check-ins of all new after-cares in one statement, joined on the start day.
    earlier, first_episode = _working()
    sweep(START)
    later = ClientFactory()
    cases_services.record_labour_episode(
        UserFactory(),
        later,
        {"kind": EpisodeKind.PAID_WORK, "start_date": D(2024, 3, 31), "hours_per_week": 32},
        today=D(2024, 3, 31),
    )
    other = ClientFactory()
    cases_services.record_labour_episode(
        UserFactory(),
        other,
        {"kind": EpisodeKind.SELF_EMPLOYMENT, "start_date": D(2024, 3, 1)},
        today=D(2024, 3, 31),
    )
    sweep(D(2024, 3, 31))
    schedules = {
        after_care.client_id: list(after_care.check_ins.values_list("months", "due_on"))
        for after_care in AfterCare.objects.all()
    }
    assert schedules == {
        earlier.pk: [(1, D(2024, 2, 29)), (3, D(2024, 4, 30)), (6, D(2024, 7, 31)), (12, D(2025, 1, 31))],
        later.pk: [(1, D(2024, 4, 30)), (3, D(2024, 6, 30)), (6, D(2024, 9, 30)), (12, D(2025, 3, 31))],
        other.pk: [(1, D(2024, 4, 1)), (3, D(2024, 6, 1)), (6, D(2024, 9, 1)), (12, D(2025, 3, 1))],
    }
    assert AfterCare.objects.get(episode=first_episode).check_ins.count() == 4


def test_a_check_in_is_due_on_its_day_and_only_the_latest_due_one():
    client, _ = _working()
    assert not holds("check_in_due", client, D(2024, 2, 28))
    (first,) = holds("check_in_due", client, D(2024, 2, 29))
    assert first.startswith("check_in:")
    (third,) = holds("check_in_due", client, D(2024, 4, 30))
    assert third != first


def test_a_check_in_with_other_hours_writes_new_labour_episodes_and_resolves_its_signal():
    client, episode = _working()
    user = UserFactory()
    sweep(D(2024, 3, 5))
    check_in = CheckIn.objects.get(after_care__episode=episode, months=1)
    signal = client.signals.get(rule="check_in_due")
    services.record_check_in(
        user,
        check_in,
        {
            "done_on": D(2024, 3, 4),
            "still_in_work": True,
            "hours_per_week": 32,
            "contract_type": "permanent",
            "needs_support": False,
        },
        today=D(2024, 3, 5),
    )
    spells = list(
        LabourEpisode.objects.filter(client=client)
        .order_by("start_date")
        .values_list("start_date", "end_date", "hours_per_week", "contract_type")
    )
    assert spells == [(START, D(2024, 3, 3), 20, "fixed_term"), (D(2024, 3, 4), None, 32, "permanent")]
    services.refresh_client(client.pk, resolved_by="after_care_check_in_recorded", today=D(2024, 3, 5))
    signal.refresh_from_db()
    assert signal.status == "resolved"
    # The after-care follows the job on its new terms: no second after-care for the same work.
    sweep(D(2024, 3, 5))
    assert AfterCare.objects.filter(client=client).count() == 1


def test_work_ended_during_after_care_brings_the_client_back_with_a_signal():
    client, episode = _working()
    user = UserFactory()
    sweep(D(2024, 2, 1))
    check_in = CheckIn.objects.get(after_care__episode=episode, months=3)
    services.record_check_in(
        user,
        check_in,
        {
            "done_on": D(2024, 5, 2),
            "still_in_work": False,
            "work_ended_on": D(2024, 4, 15),
            "needs_support": True,
        },
        today=D(2024, 5, 2),
    )
    assert LabourEpisode.objects.get(pk=episode.pk).end_date == D(2024, 4, 15)
    assert holds("work_ended_during_after_care", client, D(2024, 5, 2))
    # Looked back at for half a year.
    assert not holds("work_ended_during_after_care", client, D(2024, 10, 13))


def test_the_check_in_page_records_the_outcome(caseworker_client, municipality):
    client, episode = _working(municipality=municipality)
    sweep(D(2024, 3, 5))
    check_in = CheckIn.objects.get(after_care__episode=episode, months=1)
    url = reverse("followup:check_in", kwargs={"client_id": client.pk, "check_in_id": check_in.pk})
    assert caseworker_client.get(url).status_code == 200
    refused = caseworker_client.post(
        url, {"done_on": "2024-03-04", "still_in_work": "ja", "needs_support": "nee"}
    )
    assert "Vul het aantal uur per week in" in refused.content.decode()
    done = caseworker_client.post(
        url, {"done_on": "2024-03-04", "still_in_work": "ja", "hours_per_week": "20", "needs_support": "nee"}
    )
    assert done.status_code == 302
    check_in.refresh_from_db()
    assert check_in.done_on == D(2024, 3, 4) and check_in.still_in_work is True
    # Recorded once: the page is gone afterwards.
    assert caseworker_client.get(url).status_code == 404
