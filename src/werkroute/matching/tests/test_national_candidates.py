"""National candidates: found through the occupation and spatial indexes, scored pair by pair."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werkroute.matching import Market
from werkroute.matching.national import national_candidates

from .factories import (
    ARNHEM,
    CLEANER,
    COOK,
    GRONINGEN,
    KITCHEN_HELP,
    NIJMEGEN,
    TAXONOMY,
    TODAY,
    WELDER,
    client,
    placement,
)

OCCUPATIONS = [CLEANER, COOK, KITCHEN_HELP, WELDER]
PLACES = [NIJMEGEN, ARNHEM, GRONINGEN]


def random_market(seed: int, n_clients: int = 12, n_placements: int = 9) -> Market:
    rng = np.random.default_rng(seed)

    def where() -> dict[str, float]:
        lat, lon = PLACES[rng.integers(len(PLACES))]
        return {"latitude": lat + rng.normal(0, 0.05), "longitude": lon + rng.normal(0, 0.05)}

    clients = [
        client(
            i,
            **where(),
            dutch=tuple(int(x) for x in rng.integers(0, 5, 4)),
            previous_occupations=tuple({int(rng.choice(OCCUPATIONS)) for _ in range(rng.integers(0, 3))}),
            wished_occupations=tuple({int(rng.choice(OCCUPATIONS)) for _ in range(rng.integers(0, 2))}),
            skills=frozenset(int(s) for s in rng.choice([10, 11, 20, 21, 30, 40], rng.integers(0, 4))),
            max_travel_minutes=int(rng.choice([30, 45, 60])),
            hours_available=int(rng.choice([16, 32, 40])),
            available_from=TODAY + dt.timedelta(days=int(rng.integers(0, 100))),
            driving_licence=bool(rng.random() < 0.5),
            willing_to_move=bool(rng.random() < 0.3),
        )
        for i in range(n_clients)
    ]
    placements = [
        placement(
            j,
            **where(),
            occupation=int(rng.choice(OCCUPATIONS)),
            min_dutch=tuple(int(x) for x in rng.integers(0, 4, 4)),
            hours_per_week=int(rng.choice([24, 32, 38])),
            capacity=int(rng.integers(0, 3)),
            start_date=TODAY + dt.timedelta(days=int(rng.integers(0, 30))),
            driving_licence_required=bool(rng.random() < 0.3),
        )
        for j in range(n_placements)
    ]
    return Market(clients, placements, TAXONOMY, today=TODAY)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_pair_scores_equal_the_block_scores_of_the_same_pairs(seed):
    market = random_market(seed)
    block = market.score_block(np.arange(market.n_clients), np.arange(market.n_placements))
    rows, cols = np.meshgrid(np.arange(market.n_clients), np.arange(market.n_placements), indexing="ij")
    total, feasible = market.score_pairs(rows.ravel(), cols.ravel())
    np.testing.assert_array_equal(total, block.total.ravel())
    np.testing.assert_array_equal(feasible, block.feasible.ravel())


def test_a_client_willing_to_move_is_offered_its_occupation_far_away_and_others_are_not():
    far = placement("groningen", occupation=CLEANER, latitude=GRONINGEN[0], longitude=GRONINGEN[1])
    near_other = placement("nijmegen-weld", occupation=WELDER, min_dutch=(0, 0, 0, 0))
    staying = client("stays", previous_occupations=(CLEANER,), wished_occupations=())
    moving = client("moves", previous_occupations=(CLEANER,), wished_occupations=(), willing_to_move=True)
    market = Market([staying, moving], [far, near_other], TAXONOMY, today=TODAY)
    candidates = national_candidates(market, per_client=5).toarray()
    assert candidates[0].tolist() == [0.0, 0.0]  # Groningen is beyond reach, welding is no match
    assert candidates[1, 0] > 0 and candidates[1, 1] == 0.0


@pytest.mark.parametrize("per_client", [1, 3])
def test_each_client_keeps_its_best_candidates_only(per_client):
    market = random_market(11, n_clients=30, n_placements=20)
    candidates = national_candidates(market, per_client=per_client, min_score=0.2)
    assert np.diff(candidates.indptr).max() <= per_client
    block = market.score_block(np.arange(market.n_clients), np.arange(market.n_placements))
    dense = candidates.toarray()
    for row in np.flatnonzero(np.diff(candidates.indptr)):
        kept = dense[row][dense[row] > 0]
        np.testing.assert_allclose(kept, block.total[row][dense[row] > 0], atol=1e-6)
        # Travel time binds everybody except the clients willing to move.
        assert np.all(block.feasible[row][dense[row] > 0]) or market.client_moves[row]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_top_placements_scoring_only_reachable_ones_equals_scoring_all(seed):
    from werkroute.matching import top_placements
    from werkroute.matching.recommend import _top

    market = random_market(seed, n_clients=6, n_placements=25)
    for one in range(market.n_clients):
        fast = top_placements(market, one, 5)
        every = _top(market.score_block([one], market.all_placements).ranked()[0], 5)
        assert fast.indices.tolist() == every.indices.tolist()
        np.testing.assert_array_equal(fast.scores, every.scores)
