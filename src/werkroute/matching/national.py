"""Candidates for one national market, found through indexes and scored pair by pair, not in blocks.

A national market cannot score every client against every placement within reach in dense blocks:
around a city that is thousands of placements per client, most of them in unrelated occupations. Here
a client's candidates are the placements of an occupation in the same ISCO minor group as one of the
client's previous or wished occupations (an index of placements by minor group), and of those the
nearest ones within the client's travel time (a spatial index per minor group) or, for a client
willing to move, the nearest ones anywhere. A client with no occupation at all on record is matched on travel
time alone, nearest first. Only these pairs are scored, by ``Market.score_pairs``, which gives exactly the
scores of ``Market.score_block`` for the same pairs, through the same formula.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from . import weights as w
from .market import INDEX_MARGIN, Market

# Per client and minor group, this many times ``per_client`` nearest placements are scored (within
# travel time, or anywhere for a client willing to move); the best ``per_client`` of all are kept. Around
# a city a popular group has hundreds of placements within reach: scoring them all is what made a
# national market slow, and the nearest ones are those a caseworker would look at first.
NEAREST_FACTOR = 1
# Ranking key: the client in the high bits, the score's float32 bits (reversed) in the low 31.
SCORE_BITS = 31


def _reach_km(market: Market, clients: NDArray[np.int64]) -> NDArray[np.float64]:
    km = (
        (market.client_max_travel[clients] - w.TRAVEL_FIXED_MINUTES)
        * w.TRAVEL_SPEED_KMH
        / 60.0
        / w.TRAVEL_DETOUR_FACTOR
    )
    return np.maximum(km, 0.0) * INDEX_MARGIN + 1.0


def _nearest_pairs(
    tree: cKDTree, points: NDArray[np.float64], count: int, radius: float | NDArray[np.float64] = np.inf
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    count = min(count, tree.n)
    if count == 0 or len(points) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    distance, which = tree.query(points, k=count)
    distance, which = distance.reshape(len(points), count), which.reshape(len(points), count)
    limit = np.broadcast_to(np.asarray(radius, dtype=np.float64).reshape(-1, 1), distance.shape)
    hit = np.isfinite(distance) & (distance <= limit)
    rows, slots = np.nonzero(hit)
    return rows, which[rows, slots]


def candidate_pairs(
    market: Market, per_client: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Pairs within reach: (clients, placements, travel time is a hard constraint), each pair once."""
    m = market
    plane_clients = m._plane(m.client_lat, m.client_lon)
    plane_placements = m._plane(m.placement_lat, m.placement_lon)
    reach = _reach_km(m, np.arange(m.n_clients))
    groups = (m.experience[2] + m.wishes[2]).tocsc()
    minor = m.placement_codes[2]
    by_group = np.argsort(minor, kind="stable")
    bounds = np.searchsorted(minor[by_group], np.arange(groups.shape[1] + 1))
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    limited: list[NDArray[np.bool_]] = []
    for group in np.flatnonzero(np.diff(groups.indptr)):
        members = groups.indices[groups.indptr[group] : groups.indptr[group + 1]].astype(np.int64)
        placements = by_group[bounds[group] : bounds[group + 1]]
        if len(placements) == 0:
            continue
        tree = cKDTree(plane_placements[placements])
        stay = members[~m.client_moves[members]]
        found, which = _nearest_pairs(tree, plane_clients[stay], NEAREST_FACTOR * per_client, reach[stay])
        rows.append(stay[found])
        cols.append(placements[which])
        limited.append(np.ones(len(found), dtype=bool))
        move = members[m.client_moves[members]]
        found, which = _nearest_pairs(tree, plane_clients[move], NEAREST_FACTOR * per_client)
        rows.append(move[found])
        cols.append(placements[which])
        limited.append(np.zeros(len(found), dtype=bool))
    # Nothing on record about occupations: the nearest placements within travel time, of any kind.
    unknown = np.flatnonzero(np.diff(groups.tocsr().indptr) == 0)
    if len(unknown) and m.n_placements:
        found, which = _nearest_pairs(
            cKDTree(plane_placements),
            plane_clients[unknown],
            NEAREST_FACTOR * per_client,
            reach[unknown],
        )
        rows.append(unknown[found])
        cols.append(which.astype(np.int64))
        limited.append(np.ones(len(found), dtype=bool))
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=bool)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(limited)


def national_candidates(market: Market, per_client: int = 50, min_score: float = 0.0) -> sp.csr_matrix:
    """Each client's ``per_client`` best feasible candidates above ``min_score`` (clients × placements).

    Every placement lies in exactly one minor group, so a pair is found at most once.
    """
    shape = (market.n_clients, market.n_placements)
    rows, cols, limited = candidate_pairs(market, per_client)
    total, feasible = market.score_pairs(rows, cols, limited)
    keep = feasible & (total > min_score)
    rows, cols, value = rows[keep], cols[keep], total[keep]
    if len(rows) == 0:
        return sp.csr_matrix(shape, dtype=np.float64)
    order = np.argsort(_client_then_best(rows, value), kind="stable")
    rows, cols, value = rows[order], cols[order], value[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    best = rank < per_client
    rows, cols, value = rows[best], cols[best], value[best]
    # Already in row order: the compressed rows are counted, not sorted again.
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    matrix = sp.csr_matrix((value.astype(np.float64), cols, indptr), shape=shape)
    matrix.sort_indices()
    return matrix


def _client_then_best(rows: NDArray[np.int64], value: NDArray[np.float32]) -> NDArray[np.int64]:
    """One integer per pair that sorts by client, then by score from high to low.

    Scores lie between 0 and 1, where the bits of a float32 read as an integer rise with the value;
    one sort of one integer key is several times faster than a sort on two keys.
    """
    # A negative zero would read as a negative integer; it is the same score as zero.
    bits = np.maximum(np.asarray(value, dtype=np.float32).view(np.int32), 0).astype(np.int64)
    return (rows.astype(np.int64) << SCORE_BITS) | ((1 << SCORE_BITS) - 1 - bits)
