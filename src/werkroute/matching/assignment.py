"""Batch assignment of clients to placements: exactly optimal, and a greedy baseline beside it.

The problem is a transportation problem: maximise the total score with each client placed at most once
and no placement over capacity, using only pairs that score above ``min_score``. ``flow.py`` solves it
exactly, on scores scaled to whole numbers, with OR-Tools' min-cost flow (measured fastest on the
connected national market; its auction path, prices and reduced-cost fixing before the flow, is an
option there, see ``flow.AUCTION_MIN_PAIRS``).

``tests/test_assignment_optimality.py`` and ``tests/test_assignment_auction_path.py`` check the result
against an independent linear-programming solver (the constraint matrix is totally unimodular) and
brute force.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from . import flow
from .errors import MatchingInputError

UNPLACED = -1


def allowed_pairs(
    scores: ArrayLike | sp.spmatrix | sp.sparray, capacity: ArrayLike, min_score: float = 0.0
) -> tuple[sp.coo_matrix, NDArray[np.int64]]:
    """Checks the input and returns the allowed pairs (score > ``min_score``, capacity > 0).

    Raises ``MatchingInputError`` for anything that would give a silent wrong answer: not two
    dimensions, NaN or infinite or negative scores, capacities that are not whole, negative or of
    the wrong length, or a ``min_score`` that is not a finite non-negative number.
    """
    if isinstance(min_score, bool) or not isinstance(min_score, int | float | np.integer | np.floating):
        raise MatchingInputError("min_score moet een getal zijn.")
    if not np.isfinite(min_score) or min_score < 0:
        raise MatchingInputError("min_score moet een eindig getal van 0 of meer zijn.")
    if sp.issparse(scores):
        # Through CSR: duplicates are added (as SciPy does) and pairs come out ordered by client, which
        # the solver needs, without sorting the pairs again when the matrix is already in order.
        matrix = sp.csr_matrix(scores)
        if not matrix.has_canonical_format:
            matrix = matrix.copy()
            matrix.sum_duplicates()
        matrix = matrix.tocoo()
    else:
        dense = np.asarray(scores)
        if dense.ndim != 2:
            raise MatchingInputError(
                f"De scorematrix moet twee dimensies hebben (klanten × plaatsen), niet {dense.ndim}."
            )
        if dense.dtype == object or not (np.issubdtype(dense.dtype, np.number) or dense.dtype == bool):
            raise MatchingInputError("De scorematrix moet getallen bevatten.")
        matrix = sp.coo_matrix(dense.astype(np.float64, copy=False))
    if matrix.ndim != 2:
        raise MatchingInputError("De scorematrix moet twee dimensies hebben (klanten × plaatsen).")
    data = matrix.data.astype(np.float64, copy=False)
    if not np.all(np.isfinite(data)):
        raise MatchingInputError(
            "De scorematrix bevat NaN of oneindig; geef elke toegestane combinatie een eindige score."
        )
    if np.any(data < 0):
        raise MatchingInputError("De scorematrix bevat negatieve scores; scores zijn 0 of hoger.")

    capacity_array = np.asarray(capacity)
    if capacity_array.ndim != 1:
        raise MatchingInputError("De capaciteit moet één getal per plaats zijn.")
    if capacity_array.shape[0] != matrix.shape[1]:
        raise MatchingInputError(
            f"Er zijn {matrix.shape[1]} plaatsen in de scorematrix maar {capacity_array.shape[0]} capaciteiten."
        )
    if capacity_array.size and not (
        np.issubdtype(capacity_array.dtype, np.integer)
        or (np.issubdtype(capacity_array.dtype, np.floating) and np.all(np.mod(capacity_array, 1) == 0))
    ):
        raise MatchingInputError("De capaciteit moet uit hele getallen bestaan.")
    capacity_int = capacity_array.astype(np.int64)
    if np.any(capacity_int < 0):
        raise MatchingInputError("Een capaciteit kan niet negatief zijn.")

    keep = (data > min_score) & (capacity_int[matrix.col] > 0)
    pairs = sp.coo_matrix((data[keep], (matrix.row[keep], matrix.col[keep])), shape=matrix.shape)
    return pairs, capacity_int


def assign_optimal(
    scores: ArrayLike | sp.spmatrix | sp.sparray, capacity: ArrayLike, min_score: float = 0.0
) -> NDArray[np.int64]:
    """For each client the index of its placement, or -1: the assignment with the highest total score.

    ``scores`` is a dense array or a SciPy sparse matrix (clients × placements, higher is better; for a
    sparse matrix, pairs not stored are not allowed). Only pairs with a score above ``min_score`` are
    used. ``capacity`` holds, per placement, how many clients it can take. Each client is placed at
    most once, no placement over capacity, and the total score is maximal (exactly, not approximately).

    Exact means: for scores that are whole multiples of a power of two small enough for 64-bit costs,
    which the engine's float32 scores always are. Scores given with more significant bits (any float64)
    are rounded to the finest power of two that fits; the total is then within (placed clients) × that
    step of the optimum (see ``flow.integer_costs``).
    """
    pairs, capacity_int = allowed_pairs(scores, capacity, min_score)
    n_clients, n_placements = pairs.shape
    if pairs.nnz == 0:
        return np.full(n_clients, UNPLACED, dtype=np.int64)
    costs, _, _ = flow.integer_costs(pairs.data, n_clients + n_placements + 1)
    return flow.solve(pairs.row.astype(np.int64), pairs.col.astype(np.int64), costs, capacity_int, n_clients)


def assign_greedy(
    scores: ArrayLike | sp.spmatrix | sp.sparray, capacity: ArrayLike, min_score: float = 0.0
) -> NDArray[np.int64]:
    """The baseline: take pairs from the highest score down while client and placement are free.

    Same input, checks and output as ``assign_optimal``; not optimal, kept to show what optimisation adds.
    """
    pairs, capacity_int = allowed_pairs(scores, capacity, min_score)
    result = np.full(pairs.shape[0], UNPLACED, dtype=np.int64)
    remaining = capacity_int.copy()
    order = np.lexsort((pairs.col, pairs.row, -pairs.data))  # ties broken by index, so runs repeat
    for client, placement in zip(pairs.row[order].tolist(), pairs.col[order].tolist(), strict=True):
        if result[client] == UNPLACED and remaining[placement] > 0:
            result[client] = placement
            remaining[placement] -= 1
    return result


def total_score(scores: ArrayLike | sp.spmatrix | sp.sparray, assignment: NDArray[np.int64]) -> float:
    """The sum of the scores of the pairs in ``assignment`` (clients with -1 add nothing)."""
    placed = np.flatnonzero(assignment >= 0)
    if sp.issparse(scores):
        # .sum() of the selection: a matrix for pairs, a sparse matrix when nobody is placed.
        return float(sp.csr_matrix(scores)[placed, assignment[placed]].sum())
    return float(np.asarray(scores, dtype=np.float64)[placed, assignment[placed]].sum())
