"""The auction, fixing and min-cost-flow path of assign_optimal, forced on small instances.

On the bench's sizes ``assign_optimal`` takes this path; here it is checked against HiGHS on instances
small enough for the linear programme, with the auction used from the first pair on.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from werkroute.matching import flow, total_score
from werkroute.matching.assignment import allowed_pairs
from werkroute.matching.tests.test_assignment_optimality import assert_valid, lp_optimum


def solve_with_auction(scores, capacity, min_score=0.0):
    pairs, capacity_int = allowed_pairs(scores, capacity, min_score)
    costs, _scale, exact = flow.integer_costs(pairs.data, sum(pairs.shape) + 1)
    assignment = flow.solve(
        pairs.row.astype(np.int64),
        pairs.col.astype(np.int64),
        costs,
        capacity_int,
        pairs.shape[0],
        auction_from=0,
    )
    return assignment, exact


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 40), st.integers(1, 15), st.integers(0, 2**32 - 1), st.booleans())
def test_auction_path_reaches_the_linear_programming_optimum(n_clients, n_placements, seed, ties):
    rng = np.random.default_rng(seed)
    # float32 scores above 0.5, as the engine gives them: scaled to whole numbers without rounding.
    scores = (0.5 + 0.5 * rng.random((n_clients, n_placements))).astype(np.float32).astype(np.float64)
    if ties:  # few distinct values: many optimal assignments and many equal bids
        scores = np.round(scores * 4) / 4
    scores[rng.random(scores.shape) < 0.5] = 0.0
    capacity = rng.integers(0, 4, n_placements)
    assignment, exact = solve_with_auction(sp.csr_matrix(scores), capacity, 0.4)
    assert exact
    assert_valid(assignment, scores, capacity, 0.4)
    assert total_score(scores, assignment) == pytest.approx(lp_optimum(scores, capacity, 0.4), abs=1e-9)


def test_auction_path_on_a_connected_market_of_a_few_thousand_pairs():
    rng = np.random.default_rng(7)
    n_clients, n_placements, per_client = 400, 120, 12
    rows = np.repeat(np.arange(n_clients), per_client)
    near = rng.integers(0, n_placements, n_clients)
    cols = (near[:, None] + rng.integers(-8, 8, (n_clients, per_client))) % n_placements
    values = (0.5 + 0.5 * rng.random(rows.size)).astype(np.float32).astype(np.float64)
    scores = sp.csr_matrix((values, (rows, cols.ravel())), shape=(n_clients, n_placements)).toarray()
    capacity = rng.choice([1, 1, 2, 3, 5], n_placements)
    assignment, exact = solve_with_auction(scores, capacity)
    assert exact
    assert_valid(assignment, scores, capacity, 0.0)
    assert total_score(scores, assignment) == pytest.approx(lp_optimum(scores, capacity, 0.0), abs=1e-9)


def test_scores_are_scaled_to_whole_numbers_without_rounding_when_they_allow_it():
    values = np.array([0.5, 0.75, np.float32(0.6183), 1.0])
    costs, scale, exact = flow.integer_costs(values, 1_000)
    assert exact
    np.testing.assert_array_equal(costs / scale, values)


def test_scores_with_too_many_significant_bits_are_rounded_to_the_finest_safe_scale():
    values = np.array([0.1, 1 / 3, 0.7])
    costs, scale, exact = flow.integer_costs(values, 200_000)
    assert not exact
    assert np.all(np.abs(costs / scale - values) <= 0.5 / scale)
    assert costs.max() * (200_000 + 1) <= flow.COST_LIMIT


def test_an_auction_out_of_rounds_leaves_the_whole_market_to_min_cost_flow_with_the_same_optimum(monkeypatch):
    rng = np.random.default_rng(11)
    scores = (0.5 + 0.5 * rng.random((60, 20))).astype(np.float32).astype(np.float64)
    scores[rng.random(scores.shape) < 0.4] = 0.0
    capacity = rng.integers(0, 4, 20)
    capacity[:3] = 0  # placements that can take nobody: their pairs are dropped before the auction
    monkeypatch.setattr(flow, "MAX_ROUNDS_PER_CLIENT", 0)
    monkeypatch.setattr(flow, "MAX_ROUNDS_BASE", 1)
    assignment, exact = solve_with_auction(sp.csr_matrix(scores), capacity)
    assert exact
    assert_valid(assignment, scores, capacity, 0.0)
    assert not np.isin(assignment, [0, 1, 2]).any()
    assert total_score(scores, assignment) == pytest.approx(lp_optimum(scores, capacity, 0.0), abs=1e-9)


def test_a_bidding_war_stops_the_auction_early_and_the_result_stays_optimal():
    """Three clients who value two placements of one place each alike outbid each other by one tiny
    increment at a time: about 10**8 rounds. The auction stops at its stall check instead, and the
    exact steps still find the optimum."""
    scores = np.array([[0.75, 0.75], [0.75, 0.75], [0.75, 0.75], [0.0, 0.5]])
    capacity = np.array([1, 1])
    rounds = []
    original = flow._Auction._best_two

    def counted(self, bidders):  # type: ignore[no-untyped-def]
        rounds.append(len(bidders))
        return original(self, bidders)

    flow._Auction._best_two = counted
    try:
        assignment, exact = solve_with_auction(sp.csr_matrix(scores), capacity)
    finally:
        flow._Auction._best_two = original
    assert exact
    assert len(rounds) <= 2 * flow.STALL_CHECK
    assert_valid(assignment, scores, capacity, 0.0)
    assert total_score(scores, assignment) == pytest.approx(lp_optimum(scores, capacity, 0.0), abs=1e-9)
