"""Steps of a case file through the API are actions that call the pages' own services: an activity's
status follows the workflow table, a labour episode ends once, and a withdrawn consent ends what was
shared on it at once, also for the employer's system reading the candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from werkroute.api.tests.factories import System, system_for
from werkroute.cases.models import Activity, ActivityStatus, ConsentScope, LabourEpisode
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    LabourEpisodeFactory,
)
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, ReferralFactory
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def system(municipality, caseworker) -> System:  # type: ignore[no-untyped-def]
    return system_for(Organisation.objects.get(memberships__user=caseworker))


def _reasons(response):  # type: ignore[no-untyped-def]
    return {item["name"]: item["reason"] for item in response.json()["invalidParams"]}


def test_an_activity_moves_only_along_the_workflow(system, municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality)
    activity = ActivityFactory(
        client=person, status=ActivityStatus.PLANNED, start_date=TODAY - dt.timedelta(days=20)
    )
    base = f"/clients/{person.pk}/activities/{activity.pk}"
    skipped = system.post(f"{base}/_complete", {"version": activity.version, "on": TODAY.isoformat()})
    assert skipped.status_code == 400
    assert "kan niet naar" in _reasons(skipped)["__all__"]
    started = system.post(f"{base}/_start", {"version": activity.version, "on": TODAY.isoformat()})
    assert started.status_code == 200, started.content
    assert started.json()["status"] == ActivityStatus.ACTIVE
    stale = system.post(
        f"{base}/_stop", {"version": activity.version, "on": TODAY.isoformat(), "reason": "x"}
    )
    assert stale.status_code == 409
    version = started.json()["version"]
    no_reason = system.post(f"{base}/_stop", {"version": version, "on": TODAY.isoformat()})
    assert no_reason.status_code == 400
    assert _reasons(no_reason) == {"reason": "Geef aan waarom de activiteit voortijdig stopt."}
    stopped = system.post(
        f"{base}/_stop", {"version": version, "on": TODAY.isoformat(), "reason": "Verhuisd", "outcome": ""}
    )
    assert stopped.status_code == 200, stopped.content
    activity.refresh_from_db()
    assert (activity.status, activity.end_date, activity.stop_reason) == (
        ActivityStatus.STOPPED_EARLY,
        TODAY,
        "Verhuisd",
    )


def test_a_step_answers_with_the_moment_it_was_stored(system, municipality):  # type: ignore[no-untyped-def]
    """The answer to a step is the resource as stored: its ``updatedAt`` is the new one, so a system
    that keeps it as its high-water mark does not read the step again as a change of its own."""
    person = ClientFactory(municipality=municipality)
    activity = ActivityFactory(
        client=person, status=ActivityStatus.PLANNED, start_date=TODAY - dt.timedelta(days=20)
    )
    before = activity.updated_at
    base = f"/clients/{person.pk}/activities/{activity.pk}"
    started = system.post(f"{base}/_start", {"version": activity.version, "on": TODAY.isoformat()})
    assert started.status_code == 200, started.content
    activity.refresh_from_db()
    assert activity.updated_at > before
    assert dt.datetime.fromisoformat(started.json()["updatedAt"]) == activity.updated_at.replace(
        microsecond=activity.updated_at.microsecond // 1000 * 1000
    )


def test_a_planned_activity_is_cancelled_with_a_reason_and_a_date_not_in_the_future(system, municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality)
    activity = ActivityFactory(client=person, status=ActivityStatus.PLANNED, start_date=TODAY)
    base = f"/clients/{person.pk}/activities/{activity.pk}/_cancel"
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    refused = system.post(base, {"version": activity.version, "on": future, "reason": "Ziek"})
    assert refused.status_code == 400
    assert _reasons(refused) == {"on": "De datum ligt in de toekomst."}
    done = system.post(base, {"version": activity.version, "on": TODAY.isoformat(), "reason": "Ziek"})
    assert done.json()["status"] == ActivityStatus.CANCELLED
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.CANCELLED


def test_a_labour_episode_ends_once(system, municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality)
    episode = LabourEpisodeFactory(client=person, start_date=TODAY - dt.timedelta(days=40), end_date=None)
    path = f"/clients/{person.pk}/labour-episodes/{episode.pk}/_end"
    before_start = system.post(path, {"endDate": (TODAY - dt.timedelta(days=50)).isoformat()})
    assert _reasons(before_start) == {"endDate": "De einddatum ligt vóór de startdatum."}
    ended = system.post(path, {"endDate": TODAY.isoformat()})
    assert ended.status_code == 200, ended.content
    assert ended.json()["endDate"] == TODAY.isoformat()
    again = system.post(path, {"endDate": TODAY.isoformat()})
    assert again.status_code == 400
    assert LabourEpisode.objects.get(pk=episode.pk).end_date == TODAY


def test_a_withdrawn_consent_ends_the_employers_view_at_once(system, municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality, last_name="Haddad")
    IntakeFactory(client=person)
    consent = ConsentFactory(client=person, given_on=TODAY - dt.timedelta(days=5))
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer)
    referral = ReferralFactory(client=person, placement=placement, status=ReferralStatus.SENT, sent_on=TODAY)
    employer_system = system_for(employer)
    other_employer = system_for(EmployerFactory(region=municipality.region))
    candidates = f"/placements/{placement.pk}/candidates"

    seen = employer_system.get(candidates)
    assert seen.status_code == 200, seen.content
    [row] = seen.json()["results"]
    assert row["id"] == referral.pk
    assert row["candidate"].startswith("K-")
    assert row["profile"]["dutchLevels"]["speaking"]
    body = seen.content.decode()
    assert str(person.pk) not in body and "Haddad" not in body
    assert other_employer.get(candidates).status_code == 404

    withdrawn = system.post(
        f"/clients/{person.pk}/consents/{consent.pk}/_withdraw",
        {"withdrawnOn": TODAY.isoformat(), "method": "paper"},
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawnOn"] == TODAY.isoformat()
    after = employer_system.get(candidates).json()
    assert after == {"results": [], "noLongerShared": 1}
    assert employer_system.post(f"{candidates}/{referral.pk}/_interview").status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.WITHDRAWN
    twice = system.post(
        f"/clients/{person.pk}/consents/{consent.pk}/_withdraw",
        {"withdrawnOn": TODAY.isoformat(), "method": "paper"},
    )
    assert twice.status_code == 400


def test_the_employer_records_the_interview_and_the_decision(municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality)
    ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS)
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer)
    referral = ReferralFactory(client=person, placement=placement, status=ReferralStatus.SENT, sent_on=TODAY)
    employer_system = system_for(employer)
    base = f"/placements/{placement.pk}/candidates/{referral.pk}"
    assert employer_system.post(f"{base}/_interview").json()["status"] == ReferralStatus.INTERVIEW
    no_reason = employer_system.post(f"{base}/_decline", {"declineReason": ""})
    assert no_reason.status_code == 400
    assert _reasons(no_reason) == {"declineReason": "Kies een reden van afwijzing."}
    declined = employer_system.post(f"{base}/_decline", {"declineReason": "skills"})
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == ReferralStatus.DECLINED
    assert Referral.objects.get(pk=referral.pk).decline_reason == "skills"
