import dataclasses

import numpy as np
import pytest

from werkroute.matching import Market, MatchingInputError, explain, top_clients, top_placements
from werkroute.matching import weights as w
from werkroute.matching.recommend import counterfactual, within_reach

from .factories import (
    ARNHEM,
    CLEANER,
    COOK,
    GRONINGEN,
    KITCHEN_HELP,
    OFFICE_CLEANER,
    TAXONOMY,
    TODAY,
    WELDER,
    WINDOW_CLEANER,
    client,
    placement,
)


def score(client_profile, placement_profile):
    market = Market([client_profile], [placement_profile], TAXONOMY, today=TODAY)
    return market.score_block([0], [0])


def component(client_profile, placement_profile, name):
    return float(score(client_profile, placement_profile).components[name][0, 0])


@pytest.mark.parametrize(
    ("occupation", "expected"),
    [
        (CLEANER, w.OCCUPATION_SAME_ESCO),
        (OFFICE_CLEANER, w.OCCUPATION_SAME_ISCO_UNIT),
        (WINDOW_CLEANER, w.OCCUPATION_SAME_ISCO_MINOR),
        (WELDER, 0.0),
    ],
)
def test_occupation_fit_follows_the_esco_and_isco_ladder(occupation, expected):
    assert component(client(), placement(occupation=occupation), "occupation") == pytest.approx(expected)


def test_an_occupation_is_related_by_skills_when_the_client_has_half_the_required_skills():
    someone = client(previous_occupations=(), skills=frozenset({30}))
    assert component(someone, placement(occupation=WELDER), "occupation") == pytest.approx(
        w.OCCUPATION_RELATED_BY_SKILLS
    )
    assert component(client(previous_occupations=()), placement(occupation=WELDER), "occupation") == 0.0


def test_skills_implied_by_previous_occupations_count_and_required_weigh_double():
    # Cleaner experience implies 10, 11, 12; the placement requires 10 and 99 and wishes 13.
    offer = placement(required_skills=frozenset({10, 99}), desirable_skills=frozenset({13}))
    expected = (2 * 1 + 1 * 0) / (2 * 2 + 1 * 1)
    assert component(client(), offer, "skills") == pytest.approx(expected)
    with_skill = client(skills=frozenset({13}))
    assert component(with_skill, offer, "skills") == pytest.approx((2 * 1 + 1) / 5)


def test_without_listed_skills_the_occupations_esco_skills_stand_in():
    assert component(client(previous_occupations=()), placement(occupation=COOK), "skills") == 0.0
    cook = client(previous_occupations=(COOK,))
    assert component(cook, placement(occupation=COOK), "skills") == pytest.approx(6 / 7)


def test_language_support_at_work_lowers_the_bar_by_one_level():
    strict = placement(min_dutch=(3, 3, 3, 3))
    assert component(client(), strict, "language") == pytest.approx(0.5)
    assert component(client(), dataclasses.replace(strict, language_support=True), "language") == 1.0


def test_travel_beyond_the_maximum_is_out_of_reach_and_nearby_scores_full():
    far = placement(latitude=GRONINGEN[0], longitude=GRONINGEN[1])
    assert not score(client(), far).feasible[0, 0]
    near = score(client(), placement())
    assert near.feasible[0, 0] and near.components["travel"][0, 0] == 1.0
    arnhem = score(client(max_travel_minutes=60), placement(latitude=ARNHEM[0], longitude=ARNHEM[1]))
    assert 0 < arnhem.components["travel"][0, 0] < 1
    assert arnhem.travel_minutes[0, 0] == pytest.approx(10 + 16.0 * 1.3 / 30 * 60, rel=0.05)


def test_a_required_driving_licence_is_a_hard_constraint():
    offer = placement(driving_licence_required=True)
    assert not score(client(), offer).feasible[0, 0]
    assert score(client(driving_licence=True), offer).feasible[0, 0]


def test_a_placement_that_ends_before_the_client_is_available_is_out_of_reach():
    offer = placement(start_date=TODAY, end_date=TODAY.replace(month=2))
    assert not score(client(available_from=TODAY.replace(month=3)), offer).feasible[0, 0]
    later = score(client(available_from=TODAY.replace(month=2, day=19)), placement(start_date=TODAY))
    assert later.components["start"][0, 0] == pytest.approx(1 - 45 / 90)


def test_fewer_hours_available_lower_the_hours_fit():
    assert component(client(hours_available=16), placement(hours_per_week=32), "hours") == pytest.approx(0.5)
    assert component(client(hours_available=None), placement(hours_per_week=32), "hours") == 1.0


def test_the_explanation_adds_up_to_the_score_and_names_skills_and_gaps():
    offer = placement(
        required_skills=frozenset({10, 99}), desirable_skills=frozenset({13}), min_dutch=(3, 2, 4, 1)
    )
    market = Market([client()], [offer], TAXONOMY, today=TODAY)
    explanation = explain(market, 0, 0)
    assert sum(c.points for c in explanation.contributions) == pytest.approx(explanation.score, abs=1e-6)
    assert [c.component for c in explanation.contributions] == list(w.WEIGHTS)
    assert explanation.matched_required_skills == {10}
    assert explanation.missing_required_skills == {99}
    assert [(g.skill, g.client_level, g.required_level) for g in explanation.language_gaps] == [
        ("listening", 2, 3),
        ("speaking", 2, 4),
    ]
    assert explanation.feasible and explanation.blockers == ()


def test_the_explanation_names_the_hard_constraints_that_fail():
    offer = placement(
        latitude=GRONINGEN[0], longitude=GRONINGEN[1], driving_licence_required=True, capacity=0
    )
    explanation = explain(Market([client()], [offer], TAXONOMY, today=TODAY), 0, 0)
    assert not explanation.feasible
    assert explanation.blockers == ("travel", "driving_licence", "capacity")


def reach_count(clients, placements):
    market = Market(clients, placements, TAXONOMY, today=TODAY)
    block = market.score_block([0], np.arange(len(placements)))
    return int(within_reach(block.total, block.feasible).sum())


def test_the_counterfactual_counts_what_a_higher_speaking_level_brings_within_reach():
    # Kitchen work that needs B1 everywhere; the client speaks at A1, two levels short, and is just
    # below the reach threshold because of the few hours available.
    offers = [
        placement(i, occupation=KITCHEN_HELP, min_dutch=(3, 3, 3, 3), required_skills=frozenset({20, 24}))
        for i in range(7)
    ] + [placement("other", occupation=WELDER)]
    someone = client(
        previous_occupations=(),
        wished_occupations=(),
        skills=frozenset({20}),
        hours_available=8,
        dutch=(3, 3, 1, 3),
    )
    market = Market([someone], offers, TAXONOMY, today=TODAY)
    found = counterfactual(market, 0)
    raised = dataclasses.replace(someone, dutch=(3, 3, 2, 3))
    expected = reach_count([raised], offers) - reach_count([someone], offers)
    assert expected == 7
    assert (found.kind, found.skill, found.level, found.extra_placements) == (
        "language",
        "speaking",
        2,
        expected,
    )


def test_the_counterfactual_can_be_more_travel_time():
    offers = [placement(i, latitude=ARNHEM[0], longitude=ARNHEM[1]) for i in range(3)]
    someone = client(max_travel_minutes=40, dutch=(6, 6, 6, 6))
    found = counterfactual(Market([someone], offers, TAXONOMY, today=TODAY), 0)
    longer = dataclasses.replace(someone, max_travel_minutes=40 + w.COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES)
    assert found.kind == "travel"
    assert found.extra_placements == reach_count([longer], offers) - reach_count([someone], offers) == 3


def test_no_counterfactual_when_nothing_would_change():
    assert (
        counterfactual(Market([client(dutch=(6, 6, 6, 6))], [placement()], TAXONOMY, today=TODAY), 0) is None
    )


def test_top_placements_are_the_best_feasible_ones_in_order():
    rng = np.random.default_rng(7)
    occupations = [CLEANER, OFFICE_CLEANER, WINDOW_CLEANER, COOK, KITCHEN_HELP, WELDER]
    offers = [
        placement(
            i,
            occupation=occupations[i % 6],
            latitude=NIJMEGEN_LAT + rng.normal(0, 0.2),
            longitude=NIJMEGEN_LON + rng.normal(0, 0.2),
            min_dutch=tuple(int(v) for v in rng.integers(0, 5, 4)),
            driving_licence_required=bool(rng.random() < 0.2),
        )
        for i in range(120)
    ]
    people = [client(i, dutch=tuple(int(v) for v in rng.integers(0, 5, 4))) for i in range(30)]
    market = Market(people, offers, TAXONOMY, today=TODAY)
    everything = market.score_block(np.arange(30), np.arange(120)).ranked()
    for person in range(30):
        top = top_placements(market, person, 10)
        expected = sorted(
            np.flatnonzero(np.isfinite(everything[person])), key=lambda j: (-everything[person, j], j)
        )[:10]
        assert top.indices.tolist() == expected
    for offer in range(0, 120, 7):
        top = top_clients(market, offer, 5)
        column = everything[:, offer]
        expected = sorted(np.flatnonzero(np.isfinite(column)), key=lambda i: (-column[i], i))[:5]
        assert top.indices.tolist() == expected


NIJMEGEN_LAT, NIJMEGEN_LON = 51.8425, 5.8528


def test_the_score_matrix_holds_exactly_the_feasible_pairs_above_min_score():
    rng = np.random.default_rng(3)
    offers = [
        placement(
            i,
            latitude=51.5 + rng.random(),
            longitude=5.0 + 1.5 * rng.random(),
            occupation=[CLEANER, COOK][i % 2],
        )
        for i in range(80)
    ]
    people = [client(i, latitude=51.5 + rng.random(), longitude=5.0 + 1.5 * rng.random()) for i in range(50)]
    market = Market(people, offers, TAXONOMY, today=TODAY)
    dense = market.score_block(np.arange(50), np.arange(80))
    expected = np.where(dense.feasible & (dense.total > 0.5), dense.total, 0)
    assert np.allclose(market.score_matrix(min_score=0.5, chunk_size=7).toarray(), expected)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (placement(min_dutch=(7, 0, 0, 0)), "taalniveau 7"),
        (placement(min_dutch=(1, 1, 1)), "vier taalniveaus"),
        (placement(hours_per_week=0), "uur per week"),
        (placement(capacity=-1), "negatief"),
        (placement(start_date=TODAY, end_date=TODAY.replace(day=1)), "einddatum"),
        (placement(latitude=float("nan")), "locatie"),
        (placement(occupation=12345), "Beroep 12345"),
        (
            placement(required_skills=frozenset({1}), desirable_skills=frozenset({1})),
            "zowel vereist als gewenst",
        ),
    ],
)
def test_a_placement_with_impossible_requirements_is_refused(bad, message):
    with pytest.raises(MatchingInputError, match=message):
        Market([client()], [bad], TAXONOMY, today=TODAY)


def test_an_empty_market_gives_empty_results():
    market = Market([], [], TAXONOMY, today=TODAY)
    assert market.score_matrix().shape == (0, 0)
    alone = Market([client()], [], TAXONOMY, today=TODAY)
    assert top_placements(alone, 0).indices.tolist() == []
    assert counterfactual(alone, 0) is None


def test_a_regional_market_keeps_pairs_inside_each_labour_market_region():
    people = [client("a", region="AM08"), client("b", region="AM09")]
    offers = [placement("x", region="AM08")]
    open_market = Market(people, offers, TAXONOMY, today=TODAY)
    assert open_market.score_block([0, 1], [0]).feasible.all()
    regional = Market(people, offers, TAXONOMY, today=TODAY, within_region=True)
    assert regional.score_block([0, 1], [0]).feasible[:, 0].tolist() == [True, False]
    assert explain(regional, 1, 0).blockers == ("region",)


def test_large_client_blocks_score_the_same_as_small_ones(monkeypatch):
    from werkroute.matching import market as market_module

    rng = np.random.default_rng(5)
    occupations = [CLEANER, OFFICE_CLEANER, WINDOW_CLEANER, COOK, KITCHEN_HELP, WELDER]
    offers = [placement(i, occupation=occupations[i % 6]) for i in range(20)]
    people = [
        client(i, previous_occupations=(occupations[int(rng.integers(6))],), wished_occupations=(COOK,))
        for i in range(40)
    ]
    market = Market(people, offers, TAXONOMY, today=TODAY)
    small = market.score_block(np.arange(40), np.arange(20)).total
    monkeypatch.setattr(market_module, "DENSE_CLIENT_ROWS", 0)
    assert np.array_equal(market.score_block(np.arange(40), np.arange(20)).total, small)
    assert np.array_equal(market.score_block(np.arange(40), market.all_placements).total, small)


def test_many_required_and_desirable_skills_are_counted_exactly():
    offer = placement(
        required_skills=frozenset(range(100, 400)), desirable_skills=frozenset(range(400, 1300))
    )
    someone = client(previous_occupations=(), skills=frozenset(range(100, 130)) | frozenset(range(400, 1100)))
    expected = (2 * 30 + 700) / (2 * 300 + 900)
    assert component(someone, offer, "skills") == pytest.approx(expected)


def test_a_placement_with_over_a_thousand_desirable_skills_is_refused():
    with pytest.raises(MatchingInputError, match="gewenste vaardigheden"):
        Market([client()], [placement(desirable_skills=frozenset(range(5000, 6100)))], TAXONOMY, today=TODAY)


def test_top_placements_through_the_spatial_index_are_those_of_every_placement(monkeypatch):
    """The index only narrows the search: at every latitude (far north, where a degree of longitude is
    short, and next to the pole, where no safe radius exists) the same placements pass, with the same
    scores, and the same counterfactual comes out, as when every placement is measured."""
    from werkroute.matching import market as market_module

    rng = np.random.default_rng(11)
    centres = [(-33.9, 151.2), (51.8, 5.9), (64.1, -21.9), (70.7, 25.0), (88.9, 10.0)]
    occupations = [CLEANER, OFFICE_CLEANER, WINDOW_CLEANER, COOK, KITCHEN_HELP, WELDER]

    def near(centre):
        return {"latitude": centre[0] + rng.normal(0, 0.4), "longitude": centre[1] + rng.normal(0, 0.8)}

    offers = [
        placement(i, occupation=occupations[i % 6], **near(centres[i % len(centres)])) for i in range(600)
    ]
    people = [
        client(
            i,
            max_travel_minutes=int(rng.choice([5, 15, 30, 45, 90, 180])),
            driving_licence=bool(i % 3),
            **near(centres[i % len(centres)]),
        )
        for i in range(60)
    ]
    market = Market(people, offers, TAXONOMY, today=TODAY)
    everything = market.score_block(np.arange(60), market.all_placements).ranked()
    changes = [counterfactual(market, person) for person in range(60)]
    monkeypatch.setattr(market_module, "REACH_INDEX_MIN_PLACEMENTS", 0)
    assert [counterfactual(market, person) for person in range(60)] == changes
    assert any(change is not None for change in changes)
    reached = 0
    for person in range(60):
        expected_reach = np.flatnonzero(np.isfinite(everything[person]))
        assert market.reachable_placements(person).tolist() == expected_reach.tolist()
        reached += len(expected_reach)
        top = top_placements(market, person, 10)
        expected = sorted(expected_reach, key=lambda j: (-everything[person, j], j))[:10]
        assert top.indices.tolist() == expected
        assert top.scores.tolist() == everything[person, expected].tolist()
    assert reached > 0
