"""The adapter reads clients as plain columns (the market pages once built them from tens of thousands
of model objects per request); the profiles, scores and candidates must be what reading the model
objects one by one gives."""

import datetime as dt

import numpy as np
import pytest

from werkroute.cases.models import Client, Intake, WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.core.values import CEFRLevel
from werkroute.matching import ClientProfile, Market, clients_within_reach, explain, top_clients, weights
from werkroute.placements.matching_adapter import (
    build_market,
    client_queryset,
    placement_profiles,
    placement_queryset,
    read_clients,
    taxonomy_for,
)
from werkroute.placements.models import Placement
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.models import PostcodeArea
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.models import OccupationSkill, SkillRelation
from werkroute.taxonomy.tests.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def by_objects(client: Client) -> ClientProfile:
    """A profile as read from the model objects, one by one: the reference the columns must match."""
    intake = Intake.objects.get(client=client)
    digits = "".join(ch for ch in client.postcode if ch.isdigit())[:4]
    area = PostcodeArea.objects.filter(pk=digits).first()
    levels = [intake.dutch_listening, intake.dutch_reading, intake.dutch_speaking, intake.dutch_writing]
    return ClientProfile(
        key=client.pk,
        latitude=area.latitude if area else client.municipality.latitude,
        longitude=area.longitude if area else client.municipality.longitude,
        dutch=tuple(CEFRLevel.rank(level or "A0") for level in levels),
        previous_occupations=tuple(
            dict.fromkeys(w.occupation_id for w in intake.work_experience.order_by("-years", "pk"))
        ),
        wished_occupations=tuple(o.pk for o in intake.wished_occupations.order_by("pk")),
        skills=frozenset(s.pk for s in intake.skills.all()),
        max_travel_minutes=intake.max_travel_minutes or weights.DEFAULT_MAX_TRAVEL_MINUTES,
        hours_available=intake.hours_available,
        available_from=intake.available_from,
        driving_licence=intake.driving_licence,
        region=client.municipality.region.code,
    )


@pytest.fixture
def market_rows(municipality):
    near = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    far = PostcodeAreaFactory(municipality=municipality, latitude=52.60, longitude=6.40)
    occupations = [OccupationFactory() for _ in range(4)]
    for occupation in occupations:
        OccupationSkillFactory.create_batch(2, occupation=occupation)
    skills = [SkillFactory() for _ in range(5)]
    employer = EmployerFactory(region=municipality.region)
    placements = [
        PlacementFactory(employer=employer, occupation=occupations[0], postcode=near, capacity=2),
        PlacementFactory(
            employer=employer, occupation=occupations[1], postcode=near, driving_licence_required=True
        ),
    ]
    placements[0].required_skills.add(skills[0])
    clients = []
    for n in range(12):
        postcode = [f"{near.pc4} AB", f"{far.pc4}XY", "", "9999 ZZ"][n % 4]
        client = ClientFactory(municipality=municipality, postcode=postcode)
        intake = IntakeFactory(
            client=client,
            dutch_speaking=["A0", "A2", "B1", ""][n % 4],
            driving_licence=n % 3 == 0,
            max_travel_minutes=[None, 30, 90][n % 3],
            hours_available=[None, 24, 40][n % 3],
            available_from=[None, TODAY + dt.timedelta(days=30 * n)][n % 2],
        )
        for years, occupation in enumerate(occupations[: n % 4]):
            WorkExperience.objects.create(intake=intake, occupation=occupation, years=years + 1)
        intake.wished_occupations.add(*occupations[n % 2 :: 2])
        intake.skills.add(*skills[: n % 5])
        clients.append(client)
    return clients, placements


def offers(placements):
    return list(
        placement_queryset(Placement.objects.filter(pk__in=[p.pk for p in placements]).order_by("pk"))
    )


def test_the_columns_give_the_profiles_the_model_objects_give(market_rows):
    clients, _placements = market_rows
    queryset = client_queryset(clients).order_by("pk")
    expected = [by_objects(client) for client in queryset]
    read = read_clients(queryset).profiles
    assert read == expected
    # Client objects in their own order give the same profiles in that order.
    assert read_clients(list(reversed(list(queryset)))).profiles == list(reversed(expected))


def test_the_scores_are_those_of_a_market_of_the_model_objects(market_rows):
    clients, placements = market_rows
    queryset = client_queryset(clients).order_by("pk")
    market = build_market(queryset, offers(placements), today=TODAY)
    reference = Market(
        [by_objects(client) for client in queryset], market.placements, market.taxonomy, today=TODAY
    )
    everyone, both = np.arange(len(clients)), np.arange(len(placements))
    block, expected = market.score_block(everyone, both), reference.score_block(everyone, both)
    assert np.array_equal(block.total, expected.total)
    assert np.array_equal(block.feasible, expected.feasible)
    assert block.feasible.any() and not block.feasible.all()  # the comparison covers both


def test_reading_only_the_clients_within_reach_gives_the_same_candidates(market_rows):
    clients, placements = market_rows
    queryset = client_queryset(clients).order_by("pk")
    for placement in offers(placements):
        everyone = build_market(queryset, [placement], today=TODAY)
        rows = read_clients(queryset, within_reach_of=placement_profiles([placement])[0], today=TODAY)
        within = build_market(rows, [placement], today=TODAY)
        assert 0 < within.n_clients < everyone.n_clients
        full, reached = top_clients(everyone, 0, 5), top_clients(within, 0, 5)
        assert [everyone.clients[i].key for i in full.indices] == [
            within.clients[i].key for i in reached.indices
        ]
        assert np.array_equal(full.scores, reached.scores)


def test_within_reach_are_exactly_the_feasible_clients(market_rows):
    clients, placements = market_rows
    queryset = client_queryset(clients).order_by("pk")
    market = build_market(queryset, offers(placements), today=TODAY)
    everyone = np.arange(market.n_clients)
    feasible = market.score_block(everyone, market.all_placements).feasible
    for column, placement in enumerate(market.placements):
        reach = clients_within_reach(market.clients, placement, today=TODAY)
        assert reach.tolist() == feasible[:, column].tolist()


def test_reading_only_the_skills_placements_ask_for_changes_no_score_or_explanation(market_rows):
    """The taxonomy keeps an occupation's skills only where a placement asks for them; a market of the
    whole taxonomy must score and explain every pair the same."""
    clients, placements = market_rows
    worked = WorkExperience.objects.filter(intake__client__in=clients).values_list("occupation_id", flat=True)
    history = sorted(set(worked))
    # A placement that asks for one essential skill of someone's work history; an optional skill of
    # the occupation whose skills stand in for the unlisted placement's; and one of those skills that
    # is also essential to another occupation of the work history.
    asked = OccupationSkill.objects.filter(occupation_id=history[-1]).order_by("pk").first()
    extra = PlacementFactory(
        employer=placements[0].employer, occupation_id=history[0], postcode=placements[0].postcode
    )
    extra.required_skills.add(asked.skill)
    unlisted = placements[1].occupation
    OccupationSkillFactory(occupation=unlisted, relation=SkillRelation.OPTIONAL)
    shared = OccupationSkill.objects.filter(occupation=unlisted, relation=SkillRelation.ESSENTIAL).first()
    OccupationSkillFactory(occupation=placements[0].occupation, skill=shared.skill)
    queryset = client_queryset(clients).order_by("pk")
    market = build_market(queryset, offers([*placements, extra]), today=TODAY)
    occupations = {p.occupation for p in market.placements}
    for profile in market.clients:
        occupations.update(profile.previous_occupations, profile.wished_occupations)
    whole = taxonomy_for(occupations)
    kept = sum(len(o.essential_skills) + len(o.optional_skills) for o in market.taxonomy.occupations.values())
    assert kept < sum(len(o.essential_skills) + len(o.optional_skills) for o in whole.occupations.values())
    reference = Market(market.clients, market.placements, whole, today=TODAY)
    everyone, every_placement = np.arange(market.n_clients), np.arange(market.n_placements)
    block, expected = (
        market.score_block(everyone, every_placement),
        reference.score_block(everyone, every_placement),
    )
    assert np.array_equal(block.total, expected.total)
    assert np.array_equal(block.components["skills"], expected.components["skills"])
    assert block.components["skills"].max() > 0  # the work history's skill counts somewhere
    for i in everyone:
        for j in every_placement:
            assert explain(market, int(i), int(j)) == explain(reference, int(i), int(j))
