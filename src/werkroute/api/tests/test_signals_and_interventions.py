"""Signals and the interventions catalogue as API resources: the same selectors and services as the
pages, the same scope, and a system that copies the signals changed since a moment also meets those the
nightly sweep resolved in bulk; a subscriber hears of them."""

from __future__ import annotations

import datetime as dt

import pytest

from werkroute.api.models import Delivery
from werkroute.api.tests.factories import System, system_for
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.followup import services as followup
from werkroute.followup.models import Signal, SignalStatus
from werkroute.followup.sweep import sweep
from werkroute.followup.tests.factories import SignalFactory
from werkroute.knowledge.models import EvidenceLevel
from werkroute.knowledge.tests.factories import InterventionFactory, InterventionOutcomeFactory
from werkroute.placements.tests.factories import EmployerFactory
from werkroute.regions.models import Organisation, OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def system(municipality, caseworker) -> System:  # type: ignore[no-untyped-def]
    return system_for(Organisation.objects.get(memberships__user=caseworker))


def _ids(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_signals_are_listed_and_filtered_for_the_own_clients_only(system, municipality):  # type: ignore[no-untyped-def]
    person, other = ClientFactory(municipality=municipality), ClientFactory(municipality=municipality)
    waiting = SignalFactory(client=person)
    closed = SignalFactory(
        client=other,
        rule="plan_review_passed",
        status=SignalStatus.DISMISSED,
        reason={"review": TODAY.isoformat()},
    )
    elsewhere = SignalFactory()  # a client of another municipality
    assert set(_ids(system.get("/signals"))) == {waiting.pk, closed.pk}
    assert _ids(system.get("/signals", status="open")) == [waiting.pk]
    assert _ids(system.get("/signals", rule="plan_review_passed")) == [closed.pk]
    assert _ids(system.get("/signals", clientId=str(other.pk))) == [closed.pk]
    assert _ids(system.get("/signals", clientId=str(elsewhere.client_id))) == []
    row = system.get("/signals", status="open").json()["results"][0]
    assert row["ruleName"] and "Ingeschreven op" in row["reason"]
    partner = system_for(OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region))
    assert _ids(partner.get("/signals")) == []


def test_a_signal_is_snoozed_or_dismissed_with_a_reason_through_the_service(system, municipality):  # type: ignore[no-untyped-def]
    signal = SignalFactory(client=ClientFactory(municipality=municipality))
    base = f"/clients/{signal.client_id}/signals/{signal.pk}"
    no_reason = system.post(
        f"{base}/_snooze", {"until": (TODAY + dt.timedelta(days=3)).isoformat(), "note": ""}
    )
    assert no_reason.status_code == 400
    assert {item["name"] for item in no_reason.json()["invalidParams"]} == {"note"}
    too_late = system.post(
        f"{base}/_snooze", {"until": (TODAY + dt.timedelta(days=400)).isoformat(), "note": "Vakantie"}
    )
    assert too_late.status_code == 400
    snoozed = system.post(
        f"{base}/_snooze", {"until": (TODAY + dt.timedelta(days=3)).isoformat(), "note": "Vakantie"}
    )
    assert snoozed.status_code == 200, snoozed.content
    assert snoozed.json()["status"] == SignalStatus.SNOOZED
    dismissed = system.post(f"{base}/_dismiss", {"note": "Klant is verhuisd"})
    assert dismissed.json()["status"] == SignalStatus.DISMISSED
    # Closed: nothing left to change, and the same answer as for a signal that is not there.
    assert system.post(f"{base}/_dismiss", {"note": "Nog eens"}).status_code == 404
    assert Signal.objects.get(pk=signal.pk).note == "Klant is verhuisd"


def test_signals_resolved_by_the_sweep_are_met_again_by_a_copy_since_a_moment(  # type: ignore[no-untyped-def]
    system, municipality, django_capture_on_commit_callbacks
):
    person = ClientFactory(
        municipality=municipality,
        registration_date=TODAY - dt.timedelta(days=60),
        permit_date=TODAY - dt.timedelta(days=90),
    )
    subscribed = system.post("/subscriptions", {"channel": "signals", "callbackUrl": "https://example.org/"})
    assert subscribed.status_code == 201, subscribed.content
    with django_capture_on_commit_callbacks():
        sweep(TODAY)
    raised = Signal.objects.get(client=person, rule="intake_not_started")
    copied = system.get("/signals", changedSince=raised.updated_at.isoformat())
    assert raised.pk in _ids(copied)
    moment = Signal.objects.get(pk=raised.pk).updated_at + dt.timedelta(microseconds=1)
    IntakeFactory(client=person)
    with django_capture_on_commit_callbacks():
        followup.refresh_client(person.pk, resolved_by="intake_recorded", today=TODAY)
    since = system.get("/signals", changedSince=moment.isoformat()).json()["results"]
    assert [(row["id"], row["status"]) for row in since if row["id"] == raised.pk] == [
        (raised.pk, SignalStatus.RESOLVED)
    ]
    links = [delivery.event["dataref"] for delivery in Delivery.objects.order_by("pk")]
    assert links and all(link.endswith(f"/signals?clientId={person.pk}") for link in links)
    assert len(links) >= 2  # raised by one sweep, resolved by the next


def test_the_catalogue_of_interventions_is_read_with_its_filters(system):  # type: ignore[no-untyped-def]
    strong = InterventionFactory(name="Taal op de werkvloer", evidence_level=EvidenceLevel.STRONG_INDICATIONS)
    InterventionOutcomeFactory(intervention=strong)
    weak = InterventionFactory(name="Sollicitatietraining")
    listed = system.get("/interventions")
    assert listed.status_code == 200, listed.content
    assert {row["id"] for row in listed.json()} >= {strong.pk, weak.pk}
    filtered = system.get("/interventions", evidenceLevel=EvidenceLevel.STRONG_INDICATIONS).json()
    assert [row["id"] for row in filtered] == [strong.pk]
    assert [row["id"] for row in system.get("/interventions", query="werkvloer").json()] == [strong.pk]
    one = system.get(f"/interventions/{strong.pk}").json()
    assert one["name"] == "Taal op de werkvloer" and one["outcome"]["participants"] >= 0
    assert system.get(f"/interventions/{weak.pk}").json()["outcome"] is None
    assert system.get("/interventions/999999999").status_code == 404


def test_an_employer_system_does_not_read_the_catalogue(municipality):  # type: ignore[no-untyped-def]
    employer = system_for(EmployerFactory(region=municipality.region))
    response = employer.get("/interventions")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
