"""The adapter from database rows to engine inputs, and the protected-attribute property test."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from werkroute.cases.models import Client, Gender, HouseholdSituation, WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.matching import MatchingInputError
from werkroute.placements.matching_adapter import (
    build_market,
    client_queryset,
    equity_labels,
    placement_queryset,
)
from werkroute.placements.models import Placement
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import (
    IscoGroupFactory,
    OccupationFactory,
    OccupationSkillFactory,
    SkillFactory,
)

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def region_market(municipality):
    group = IscoGroupFactory(code="9112")
    cleaner = OccupationFactory(isco_group=group)
    office_cleaner = OccupationFactory(isco_group=group)
    cook = OccupationFactory(isco_group=IscoGroupFactory(code="5120"))
    mopping = OccupationSkillFactory(occupation=cleaner).skill
    OccupationSkillFactory(occupation=office_cleaner, skill=mopping)
    nearby = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    employer = EmployerFactory(region=municipality.region)
    placements = [
        PlacementFactory(
            employer=employer, occupation=office_cleaner, postcode=nearby, min_dutch_speaking="A2"
        ),
        PlacementFactory(employer=employer, occupation=cook, postcode=nearby, language_support=True),
        PlacementFactory(
            employer=employer, occupation=cleaner, postcode=nearby, driving_licence_required=True
        ),
    ]
    clients = []
    for number in range(4):
        client = ClientFactory(municipality=municipality, postcode=f"{nearby.pc4} AB")
        intake = IntakeFactory(
            client=client, dutch_speaking=["A0", "A2", "B1", "A1"][number], driving_licence=number == 2
        )
        WorkExperience.objects.create(
            intake=intake, occupation=[cleaner, cook, cleaner, office_cleaner][number], years=2
        )
        intake.wished_occupations.add(cook)
        intake.skills.add(SkillFactory())
        clients.append(client)
    return clients, placements


def scores(clients, placements):
    rows = list(client_queryset(clients).order_by("pk"))
    offers = list(
        placement_queryset(Placement.objects.filter(pk__in=[p.pk for p in placements]).order_by("pk"))
    )
    market = build_market(rows, offers, today=TODAY)
    block = market.score_block(np.arange(len(rows)), np.arange(len(offers)))
    return block.total.copy(), block.feasible.copy()


def test_the_adapter_reads_experience_language_and_licence(region_market):
    clients, placements = region_market
    total, feasible = scores(clients, placements)
    ordered = sorted(clients, key=lambda c: c.pk)
    licensed = ordered.index(next(c for c in clients if c.intake.driving_licence))
    assert feasible[:, 2].tolist() == [i == licensed for i in range(4)]
    assert np.all(total > 0)


countries = st.sampled_from(["SY", "ER", "AF", "TR", "IR", "NL", ""])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            countries,
            countries,
            st.sampled_from(Gender.values),
            st.dates(dt.date(1950, 1, 1), dt.date(2008, 1, 1)),
            st.lists(st.sampled_from(["ar", "ti", "fa", "ps", "ku", "nl"]), max_size=3),
            st.sampled_from(["", *HouseholdSituation.values]),
        ),
        min_size=4,
        max_size=4,
    )
)
def test_changing_protected_attributes_changes_no_score(region_market, protected):
    clients, placements = region_market
    before = scores(clients, placements)
    for client, (nationality, born_in, gender, birth_date, languages, household) in zip(
        clients, protected, strict=True
    ):
        Client.objects.filter(pk=client.pk).update(
            nationality=nationality,
            country_of_birth=born_in,
            gender=gender,
            date_of_birth=birth_date,
            languages_spoken=languages,
            household_situation=household,
        )
    after = scores(clients, placements)
    assert np.array_equal(before[0], after[0])
    assert np.array_equal(before[1], after[1])


def test_the_property_test_would_see_a_change_in_an_input(region_market):
    clients, placements = region_market
    before = scores(clients, placements)
    type(clients[0].intake).objects.filter(pk=clients[0].intake.pk).update(dutch_speaking="C2")
    assert not np.array_equal(before[0], scores(clients, placements)[0])


def test_a_client_without_an_intake_is_refused_with_a_reason(municipality):
    client = ClientFactory(municipality=municipality)
    with pytest.raises(MatchingInputError, match="nog geen brede intake"):
        build_market(list(client_queryset([client])), [])


def test_without_a_known_postcode_the_municipality_centroid_is_used(municipality):
    client = ClientFactory(municipality=municipality, postcode="")
    IntakeFactory(client=client)
    market = build_market(list(client_queryset([client])), [])
    assert (market.client_lat[0], market.client_lon[0]) == (municipality.latitude, municipality.longitude)


def test_equity_labels_are_gender_age_band_and_cohort(municipality):
    client = ClientFactory(municipality=municipality, date_of_birth=dt.date(1990, 5, 17), gender="female")
    labels = equity_labels([client], today=TODAY)
    assert labels == {"gender": ["vrouw"], "age_band": ["27-35"], "cohort": ["2022"]}
