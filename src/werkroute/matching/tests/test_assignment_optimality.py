"""assign_optimal against an independent solver: HiGHS on the transportation LP, and brute force."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from werkroute.matching import assign_greedy, assign_optimal, total_score


def lp_optimum(scores: np.ndarray, capacity: np.ndarray, min_score: float) -> float:
    rows, cols = np.nonzero((scores > min_score) & (capacity[None, :] > 0))
    if len(rows) == 0:
        return 0.0
    n_clients, n_placements = scores.shape
    edges = np.arange(len(rows))
    constraints = sp.vstack(
        [
            sp.csr_matrix((np.ones(len(edges)), (rows, edges)), shape=(n_clients, len(edges))),
            sp.csr_matrix((np.ones(len(edges)), (cols, edges)), shape=(n_placements, len(edges))),
        ]
    )
    result = linprog(
        -scores[rows, cols],
        A_ub=constraints,
        b_ub=np.concatenate([np.ones(n_clients), capacity]),
        bounds=(0, 1),
        method="highs",
    )
    assert result.status == 0
    return -result.fun


def assert_valid(assignment, scores, capacity, min_score):
    assert assignment.shape == (scores.shape[0],)
    placed = np.flatnonzero(assignment >= 0)
    assert np.all(scores[placed, assignment[placed]] > min_score)
    load = np.bincount(assignment[placed], minlength=scores.shape[1])
    assert np.all(load <= capacity)


instances = st.tuples(
    st.integers(1, 12), st.integers(1, 8), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.3])
)


@settings(max_examples=150, deadline=None)
@given(instances, st.booleans(), st.booleans())
def test_optimal_total_equals_the_linear_programming_optimum(instance, sparse_input, ties):
    n_clients, n_placements, seed, min_score = instance
    rng = np.random.default_rng(seed)
    scores = rng.random((n_clients, n_placements))
    if ties:  # few distinct values: many optimal assignments, the hardest case for bookkeeping
        scores = np.round(scores * 3) / 3
    scores[rng.random(scores.shape) < 0.4] = 0.0
    capacity = rng.integers(0, 4, n_placements)
    matrix = sp.csr_matrix(scores) if sparse_input else scores
    assignment = assign_optimal(matrix, capacity, min_score=min_score)
    assert_valid(assignment, scores, capacity, min_score)
    assert total_score(scores, assignment) == pytest.approx(lp_optimum(scores, capacity, min_score), abs=1e-9)
    greedy = assign_greedy(matrix, capacity, min_score=min_score)
    assert_valid(greedy, scores, capacity, min_score)
    assert total_score(scores, greedy) <= total_score(scores, assignment) + 1e-9


def brute_force(scores, capacity):
    best = 0.0
    options = [[-1, *np.flatnonzero(row > 0).tolist()] for row in scores]
    for choice in itertools.product(*options):
        chosen = [c for c in choice if c >= 0]
        if np.all(np.bincount(chosen, minlength=len(capacity)) <= capacity) if chosen else True:
            best = max(best, sum(scores[i, c] for i, c in enumerate(choice) if c >= 0))
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_optimal_total_equals_brute_force_on_tiny_instances(n_clients, n_placements, seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 5, (n_clients, n_placements)).astype(float)
    capacity = rng.integers(0, 3, n_placements)
    assignment = assign_optimal(scores, capacity)
    assert total_score(scores, assignment) == pytest.approx(brute_force(scores, capacity))


def test_optimisation_beats_greedy_where_greedy_blocks_a_better_pair():
    # Greedy gives the 0.9 pair to client 0, leaving client 1 nothing; optimal places both.
    scores = np.array([[0.9, 0.8], [0.85, 0.0]])
    capacity = np.array([1, 1])
    assert assign_greedy(scores, capacity).tolist() == [0, -1]
    assert assign_optimal(scores, capacity).tolist() == [1, 0]


def test_one_placement_takes_up_to_its_capacity_best_clients_first():
    scores = np.array([[0.2], [0.9], [0.5], [0.7]])
    assignment = assign_optimal(scores, np.array([2]))
    assert assignment.tolist() == [-1, 0, -1, 0]


def test_pairs_at_or_below_min_score_are_never_used():
    scores = np.array([[0.5, 0.2], [0.51, 0.0]])
    assignment = assign_optimal(scores, np.array([1, 1]), min_score=0.5)
    assert assignment.tolist() == [-1, 0]
