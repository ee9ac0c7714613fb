"""Batch assignment of clients to placements: exactly optimal, and a greedy baseline beside it.

The problem is a transportation problem: maximise the total score with each client placed at most once
and no placement over capacity, using only pairs that score above ``min_score``. It is solved exactly
as a minimum-weight full bipartite matching (SciPy's LAPJVsp) after two reductions:

* each placement becomes as many columns as it can take clients (its capacity, but never more than
  the number of clients allowed on it), and every client gets a private "unplaced" column of weight
  zero, so that a full matching always exists and leaving someone unplaced costs nothing;
* the graph of allowed pairs is split into connected components, solved one at a time; a component
  with one client is simply its best pair.

Both steps keep optimality exactly; ``tests/test_assignment_optimality.py`` checks it against an
independent linear-programming solver (the constraint matrix is totally unimodular).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

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
        matrix = sp.coo_matrix(scores)
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
    pairs.sum_duplicates()  # a sparse matrix may hold the same pair twice; COO adds them, as SciPy does
    return pairs, capacity_int


def assign_optimal(
    scores: ArrayLike | sp.spmatrix | sp.sparray, capacity: ArrayLike, min_score: float = 0.0
) -> NDArray[np.int64]:
    """For each client the index of its placement, or -1: the assignment with the highest total score.

    ``scores`` is a dense array or a SciPy sparse matrix (clients × placements, higher is better; for a
    sparse matrix, pairs not stored are not allowed). Only pairs with a score above ``min_score`` are
    used. ``capacity`` holds, per placement, how many clients it can take. Each client is placed at
    most once, no placement over capacity, and the total score is maximal (exactly, not approximately).
    """
    pairs, capacity_int = allowed_pairs(scores, capacity, min_score)
    n_clients, n_placements = pairs.shape
    result = np.full(n_clients, UNPLACED, dtype=np.int64)
    if pairs.nnz == 0:
        return result

    # Components of the bipartite graph: clients are nodes 0..n-1, placements n..n+m-1.
    n_nodes = n_clients + n_placements
    graph = sp.coo_matrix(
        (np.ones(pairs.nnz, dtype=np.int8), (pairs.row, pairs.col + n_clients)), shape=(n_nodes, n_nodes)
    )
    _, labels = connected_components(graph, directed=False)
    edge_component = labels[pairs.row]
    clients_per_component = np.bincount(labels[:n_clients], minlength=labels.max() + 1)

    # Components with a single client: its best pair is optimal (every placement has capacity >= 1).
    single = clients_per_component[edge_component] == 1
    if np.any(single):
        rows, cols, values = pairs.row[single], pairs.col[single], pairs.data[single]
        order = np.lexsort((-values, rows))
        first = np.ones(len(order), dtype=bool)
        first[1:] = rows[order][1:] != rows[order][:-1]
        result[rows[order][first]] = cols[order][first]

    rest = ~single
    if np.any(rest):
        rows, cols, values, components = (
            pairs.row[rest],
            pairs.col[rest],
            pairs.data[rest],
            edge_component[rest],
        )
        order = np.argsort(components, kind="stable")
        rows, cols, values, components = rows[order], cols[order], values[order], components[order]
        bounds = np.flatnonzero(np.diff(components)) + 1
        for start, stop in zip(np.r_[0, bounds], np.r_[bounds, len(components)], strict=True):
            _solve_component(rows[start:stop], cols[start:stop], values[start:stop], capacity_int, result)
    return result


def _solve_component(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    values: NDArray[np.float64],
    capacity: NDArray[np.int64],
    result: NDArray[np.int64],
) -> None:
    client_ids, local_rows = np.unique(rows, return_inverse=True)
    placement_ids, local_cols = np.unique(cols, return_inverse=True)
    n = len(client_ids)
    # No placement needs more columns than the clients that may go there.
    slots = np.minimum(capacity[placement_ids], np.bincount(local_cols, minlength=len(placement_ids)))
    first_slot = np.concatenate([[0], np.cumsum(slots)])
    copies = slots[local_cols]
    edge = np.repeat(np.arange(len(rows)), copies)
    slot = first_slot[local_cols][edge] + (
        np.arange(len(edge)) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    n_slots = int(first_slot[-1])
    # Weights are shifted by one so that the "unplaced" columns (weight 1) are stored edges; every client
    # is matched exactly once, so the shift adds the same n to every full matching and changes nothing.
    matrix = sp.csr_matrix(
        (
            np.concatenate([values[edge] + 1.0, np.ones(n)]),
            (
                np.concatenate([local_rows[edge], np.arange(n)]),
                np.concatenate([slot, n_slots + np.arange(n)]),
            ),
        ),
        shape=(n, n_slots + n),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix, maximize=True)
    placed = matched_cols < n_slots
    slot_owner = np.repeat(placement_ids, slots)
    result[client_ids[matched_rows[placed]]] = slot_owner[matched_cols[placed]]


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
