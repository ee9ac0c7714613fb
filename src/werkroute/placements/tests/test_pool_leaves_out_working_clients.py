"""Clients in paid work now are left out of candidate lists and the regional batch; a caseworker may still
propose one by hand, and the referral is marked as such."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases.models import EpisodeKind, WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory, LabourEpisodeFactory
from werkroute.placements import selectors, services
from werkroute.placements.selectors import pseudonym
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, service_point_worker
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(municipality):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cleaner = OccupationFactory(preferred_label="schoonmaker")
    placement = PlacementFactory(
        employer=EmployerFactory(region=municipality.region), occupation=cleaner, postcode=area, capacity=3
    )
    people = {}
    for name in ("Werkend", "Zoekend"):
        person = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AB", last_name=name)
        intake = IntakeFactory(client=person, dutch_speaking="B1")
        WorkExperience.objects.create(intake=intake, occupation=cleaner, years=3)
        people[name] = person
    LabourEpisodeFactory(
        client=people["Werkend"],
        kind=EpisodeKind.PAID_WORK,
        start_date=dt.date(2024, 1, 1),
        hours_per_week=32,
    )
    # A job that ended does not count.
    LabourEpisodeFactory(
        client=people["Zoekend"],
        kind=EpisodeKind.PAID_WORK,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2023, 1, 1),
        hours_per_week=20,
    )
    return people, placement


def test_candidate_lists_leave_out_clients_in_paid_work(market, caseworker):
    people, placement = market
    labels = {row["label"] for row in selectors.recommended_candidates(caseworker, placement)}
    assert people["Zoekend"].full_name in labels
    assert people["Werkend"].full_name not in labels


def test_the_regional_batch_leaves_out_clients_in_paid_work(market, municipality):
    people, _placement = market
    batch = selectors.region_batch(service_point_worker(municipality.region))
    assert batch.clients == 1
    assert [row["label"] for row in batch.proposals] == [pseudonym(people["Zoekend"])]


def test_a_caseworker_may_still_propose_a_working_client_by_hand_and_it_is_marked(
    market, caseworker, caseworker_client
):
    people, placement = market
    url = reverse("placements:client", kwargs={"client_id": people["Werkend"].pk})
    assert "heeft nu betaald werk" in caseworker_client.get(url).content.decode()
    working = services.propose_referral(caseworker, people["Werkend"], placement)
    searching = services.propose_referral(caseworker, people["Zoekend"], placement)
    assert working.proposed_while_in_work and not searching.proposed_while_in_work
    assert "voorgedragen terwijl in werk" in caseworker_client.get(url).content.decode()
