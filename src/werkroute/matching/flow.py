"""The exact solver behind ``assign_optimal``: min-cost flow, optionally after an auction and fixing.

By default every market goes to OR-Tools' min-cost flow at once (step 4 below; see
``AUCTION_MIN_PAIRS`` for the measurement). The path with an auction first is described here.

The batch problem is a transportation problem (clients supply one, placements take up to their
capacity, every client may stay unplaced at no cost). Its linear programme is totally unimodular, and
for any placement prices ``v >= 0`` the client values ``u_i = max(0, max_j(a_ij - v_j))`` make a
feasible dual. With a feasible assignment of total ``P`` and the dual's value
``D = sum(u) + sum(capacity * v)``, every assignment that uses a pair whose reduced cost
``u_i + v_j - a_ij`` exceeds the gap ``D - P`` totals less than ``P``: no optimal assignment uses it.
The solver therefore

1. scales the scores to whole numbers, exactly when the scores allow it (see ``integer_costs``);
2. runs an auction with decreasing bid increments (Bertsekas' ε-scaling, all unassigned clients bidding
   at once as array operations) to get near-equilibrium prices and an assignment: the pairs they leave
   with a small reduced cost are few;
3. drops every pair whose reduced cost exceeds the gap, per connected component of what remains (the
   argument holds per component), and keeps the auction's assignment where that gap is zero;
4. solves the rest at once with OR-Tools' min-cost flow, on whole-number costs, so exactly.

The auction only decides how much is left for step 4; a poor auction makes the solver slower, never
wrong: steps 3 and 4 are exact on whole numbers whatever the prices are.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import connected_components

# OR-Tools multiplies costs by the number of nodes plus one and refuses costs that could overflow
# there; staying a factor 4 below the int64 limit leaves room for its sums of potentials.
COST_LIMIT = 2**61
# The auction's bid increment relative to the highest score. Smaller leaves fewer pairs for the exact
# step but needs more bidding rounds; measured on the bench's connected market.
INCREMENT = 1e-8
# How many of its best pairs the auction keeps at hand per client between full looks at all of them.
CACHED_PAIRS = 4
# From this many pairs on, the auction and the fixing step would first shrink what min-cost flow gets.
# Measured on the bench's connected national market (100,000 clients, 2.9 million pairs, one run):
# OR-Tools' min-cost flow on every pair took 5.8 s of processor time; the auction took 8 s before its
# bidding wars stalled, and the prices it left could not rule out a single pair, so min-cost flow then
# had the whole market anyway. Min-cost flow therefore solves every market directly; the auction path
# stays callable (``auction_from``) and tested, for instances where it may pay.
AUCTION_MIN_PAIRS = 2**62
# Rounds of dropping pairs and splitting components; each round rarely drops much after the third.
MAX_FIXING_STEPS = 6
ASSIGNED_NONE = -1
ACTIVE = -2
# Bidding rounds after which the auction gives up and min-cost flow solves every pair (exact either
# way): a guard against a bidding war that a pathological instance could drag on for far too long.
MAX_ROUNDS_PER_CLIENT, MAX_ROUNDS_BASE = 20, 20_000
# Every this many rounds the auction compares how many clients still bid with the count at the last
# check. When fewer than half of them found a place since, what is left is a bidding war among a few
# clients that an increment this small drags on for a very long time (the bench's connected market:
# 99.9% of 100,000 clients placed within 1,000 rounds, 60 still bidding after 6,000). The auction then
# stops: its prices and its assignment so far (the bidders unplaced) are as valid for the exact steps
# as final ones, only the gap is a little larger.
STALL_CHECK = 500


class AuctionStalled(Exception):
    """The auction used up its rounds; the caller solves without it."""


class SolverError(RuntimeError):
    """The min-cost flow solver did not report an optimum (a defect, never bad input)."""


def integer_costs(values: NDArray[np.float64], n_nodes: int) -> tuple[NDArray[np.int64], float, bool]:
    """Whole-number costs ``round(values * scale)`` for a power of two ``scale``, and whether exact.

    A float is a whole number times a power of two, so the smallest power of two that makes every
    score whole scales them without any rounding at all; the engine's scores (float32 between the
    minimum score and 1) need at most 2**24 or so. When that scale would overflow the solver (scores
    with many significant bits, given as float64), the largest safe power of two is used: the result
    is then optimal for scores rounded to 1/scale, which is within ``clients / scale`` of the optimum.
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), 1.0, True
    limit = COST_LIMIT // (n_nodes + 1)
    largest = float(values.max())
    mantissa, exponent = np.frexp(values)
    whole = (mantissa * 2.0**53).astype(np.int64)
    lowest_bit = whole & -whole
    trailing = np.frexp(lowest_bit.astype(np.float64))[1] - 1
    needed = int((53 - exponent - trailing).max())
    if np.ldexp(largest, needed) <= limit:
        scale = float(np.ldexp(1.0, needed))
        return np.rint(values * scale).astype(np.int64), scale, True
    allowed = int(np.floor(np.log2(limit / largest)))
    scale = float(np.ldexp(1.0, allowed))
    return np.rint(values * scale).astype(np.int64), scale, False


def solve(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    capacity: NDArray[np.int64],
    n_clients: int,
    auction_from: int = AUCTION_MIN_PAIRS,
) -> NDArray[np.int64]:
    """An assignment with the highest total of ``costs`` (whole numbers > 0), per client its column or -1.

    ``rows``, ``cols`` and ``costs`` list the allowed pairs, each at most once; ``capacity`` is per column.
    From ``auction_from`` pairs on, the auction and the fixing step first shrink what min-cost flow gets.
    """
    result = np.full(n_clients, ASSIGNED_NONE, dtype=np.int64)
    # A placement without capacity can take nobody: its pairs would only make clients bid in vain.
    usable = capacity[cols] > 0
    if not np.all(usable):
        rows, cols, costs = rows[usable], cols[usable], costs[usable]
    if len(costs) == 0:
        return result
    if len(costs) < auction_from:
        keep = np.ones(len(costs), dtype=bool)
        _min_cost_flow(rows, cols, costs, capacity, keep, result)
        return result
    if np.any(rows[1:] < rows[:-1]):
        order = np.argsort(rows, kind="stable")
        rows, cols, costs = rows[order], cols[order], costs[order]
    try:
        prices, assigned = _auction(rows, cols, costs.astype(np.float64), capacity, n_clients)
    except AuctionStalled:
        _min_cost_flow(rows, cols, costs, capacity, np.ones(len(costs), dtype=bool), result)
        return result
    keep = _fix_pairs(rows, cols, costs, capacity, n_clients, prices, assigned, result)
    if np.any(keep):
        _min_cost_flow(rows, cols, costs, capacity, keep, result)
    return result


# --- step 2: the auction -----------------------------------------------------------------------------


def _segments(starts: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """The indices ``starts[k] .. starts[k] + lengths[k] - 1`` for every k, concatenated."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


def _auction(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    values: NDArray[np.float64],
    capacity: NDArray[np.int64],
    n_clients: int,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Placement prices and an assignment (column or -1), every client within one increment of its best.

    A placement's price is the lowest bid among its holders when it is full, else zero. Every client
    without a placement bids for its best one at that price plus the difference with its second best
    (or with staying unplaced) plus the increment; a placement keeps the highest bids up to its
    capacity and the others bid again. Prices never fall, so a full placement stays full and one with
    room has price zero: the gap is at most the increment per placed client. ``rows`` must be sorted.

    One increment throughout, not a decreasing series: restarting with a smaller one frees placements
    at a positive price, and such a placement left with room makes the gap large.
    """
    return _Auction(rows, cols, values, capacity, n_clients).run(INCREMENT * float(values.max()))


class _Auction:
    def __init__(
        self,
        rows: NDArray[np.int64],
        cols: NDArray[np.int64],
        values: NDArray[np.float64],
        capacity: NDArray[np.int64],
        n_clients: int,
    ) -> None:
        # One padding pair at the end (index -1) that is never worth anything.
        self.cols = np.append(cols, 0)
        self.values = np.append(values, -np.inf)
        self.capacity = capacity
        self.degree = np.bincount(rows, minlength=n_clients)
        self.first = np.concatenate([[0], np.cumsum(self.degree)[:-1]]).astype(np.int64)
        self.price = np.zeros(len(capacity))
        self.held_bid = np.zeros(n_clients)
        self.held_value = np.zeros(n_clients)
        self.assigned = np.where(self.degree > 0, ACTIVE, ASSIGNED_NONE).astype(np.int64)
        # Each client's best few pairs when last looked at all of them, and the best profit among the
        # rest then: prices only rise, so while the second of the few is at least that, the rest can wait.
        self.cache = np.full((n_clients, CACHED_PAIRS), -1, dtype=np.int64)
        self.bound = np.full(n_clients, np.inf)

    def run(self, increment: float) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        rounds_left = MAX_ROUNDS_PER_CLIENT * len(self.degree) + MAX_ROUNDS_BASE
        rounds, last_check = 0, len(self.degree)
        while True:
            rounds_left -= 1
            if rounds_left < 0:
                raise AuctionStalled
            bidders = np.flatnonzero(self.assigned == ACTIVE)
            if len(bidders) == 0:
                return self.price, self.assigned
            rounds += 1
            if rounds % STALL_CHECK == 0:
                if 2 * len(bidders) > last_check:
                    self.assigned[bidders] = ASSIGNED_NONE
                    return self.price, self.assigned
                last_check = len(bidders)
            pair, best, second = self._best_two(bidders)
            bidding = best > 0.0
            self.assigned[bidders[~bidding]] = ASSIGNED_NONE
            if np.any(bidding):
                self._place(bidders[bidding], pair[bidding], best[bidding] - second[bidding] + increment)

    def _best_two(
        self, bidders: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """Per bidder its best pair, that pair's profit, and the second best profit (at least zero)."""
        cached = self.cache[bidders]
        profit = self.values[cached] - self.price[self.cols[cached]]
        order = np.argsort(-profit, axis=1)[:, :2]
        best = np.take_along_axis(profit, order[:, :1], axis=1)[:, 0]
        second = np.take_along_axis(profit, order[:, 1:2], axis=1)[:, 0]
        pair = np.take_along_axis(cached, order[:, :1], axis=1)[:, 0]
        stale = np.flatnonzero(second < self.bound[bidders])
        if len(stale):
            pair[stale], best[stale], second[stale] = self._look_at_all(bidders[stale])
        return pair, best, np.maximum(second, 0.0)

    def _look_at_all(
        self, clients: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """Best pair, best and second profit over all pairs of ``clients``; refreshes their cache."""
        lengths = self.degree[clients]
        index = _segments(self.first[clients], lengths)
        starts = np.cumsum(lengths) - lengths
        owner = np.repeat(np.arange(len(clients)), lengths)
        profit = self.values[index] - self.price[self.cols[index]]
        cache = np.full((len(clients), CACHED_PAIRS), -1, dtype=np.int64)
        tops = np.full((len(clients), CACHED_PAIRS + 1), -np.inf)
        # The best few by repeated maxima: cheaper than sorting every client's pairs.
        for place in range(CACHED_PAIRS + 1):
            top = np.maximum.reduceat(profit, starts)
            tops[:, place] = top
            if place == CACHED_PAIRS:
                break
            hit = np.flatnonzero(profit == top[owner])
            hit = hit[np.r_[True, owner[hit[1:]] != owner[hit[:-1]]]] if len(hit) else hit
            found = owner[hit]
            valid = np.isfinite(top[found])
            cache[found[valid], place] = index[hit[valid]]
            profit[hit] = -np.inf
        self.cache[clients] = cache
        self.bound[clients] = tops[:, CACHED_PAIRS]
        return cache[:, 0], tops[:, 0], tops[:, 1]

    def _place(self, who: NDArray[np.int64], pair: NDArray[np.int64], raise_by: NDArray[np.float64]) -> None:
        """Each placement that received bids keeps its best holders and bidders, up to its capacity."""
        assigned, capacity = self.assigned, self.capacity
        target = self.cols[pair]
        bid = self.price[target] + raise_by
        touched = np.zeros(len(capacity), dtype=bool)
        touched[target] = True
        holders = np.flatnonzero((assigned >= 0) & touched[np.maximum(assigned, 0)])
        people = np.concatenate([holders, who])
        place = np.concatenate([assigned[holders], target])
        offer = np.concatenate([self.held_bid[holders], bid])
        worth = np.concatenate([self.held_value[holders], self.values[pair]])
        # Highest offer first within each placement, by one sort on a combined key (placements are whole
        # numbers and every offer is below the key's spacing, so the order is that of (place, -offer)).
        spacing = 2.0 * (float(offer.max()) + 1.0)
        order = np.argsort(place * spacing - offer)
        people, place, offer, worth = people[order], place[order], offer[order], worth[order]
        group_start = np.flatnonzero(np.r_[True, place[1:] != place[:-1]])
        group_size = np.diff(np.r_[group_start, len(place)])
        rank = np.arange(len(place)) - np.repeat(group_start, group_size)
        wins = rank < capacity[place]
        assigned[people[~wins]] = ACTIVE
        winners = people[wins]
        assigned[winners] = place[wins]
        self.held_bid[winners] = offer[wins]
        self.held_value[winners] = worth[wins]
        places = place[group_start]
        kept = np.minimum(group_size, capacity[places])
        full = kept >= capacity[places]
        self.price[places] = np.where(full, offer[group_start + kept - 1], 0.0)


# --- step 3: reduced-cost fixing ---------------------------------------------------------------------


def _fix_pairs(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    capacity: NDArray[np.int64],
    n_clients: int,
    prices: NDArray[np.float64],
    assigned: NDArray[np.int64],
    result: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """The pairs an optimal assignment may use and that the auction did not settle (True).

    First over the whole market, then repeated per connected component of the pairs still kept, as
    dropping pairs splits components and each component's own gap is smaller. Where a component's gap
    is zero the auction's assignment is optimal there; it is written into ``result``. ``rows`` must be
    sorted.
    """
    n_placements = len(capacity)
    # Whole-number prices: the dual value and every reduced cost below are exact integers.
    v = np.maximum(np.floor(prices), 0).astype(np.int64)
    # A placement never takes more clients than have a pair with it (and only full ones have a price).
    room = np.minimum(capacity, np.bincount(cols, minlength=n_placements))
    chosen = assigned[rows] == cols
    kept = np.arange(len(costs))
    labels = np.zeros(n_clients + n_placements, dtype=np.int64)
    n_nodes = n_clients + n_placements
    for step in range(MAX_FIXING_STEPS):
        u = _row_max(costs[kept] - v[cols[kept]], rows[kept], n_clients)
        if step > 0:
            graph = sp.coo_matrix(
                (np.ones(len(kept), dtype=np.int8), (rows[kept], cols[kept] + n_clients)),
                shape=(n_nodes, n_nodes),
            )
            labels = connected_components(graph, directed=False)[1].astype(np.int64)
        # The gap per component: the dual's value there minus the auction's total there (never negative).
        gap = np.bincount(labels[:n_clients], weights=u, minlength=labels.max() + 1)
        gap += np.bincount(labels[n_clients:], weights=room * v, minlength=len(gap))
        won = kept[chosen[kept]]
        gap -= np.bincount(labels[rows[won]], weights=costs[won], minlength=len(gap))
        # Sums of whole numbers far below 2**53: exact in floating point, rounded only to be safe.
        gap = np.rint(gap).astype(np.int64)
        pair_gap = gap[labels[rows[kept]]]
        tight = u[rows[kept]] + v[cols[kept]] - costs[kept] <= pair_gap
        if np.all(tight) and step > 0:
            break
        kept = kept[tight]
    settled_component = gap[labels[rows[kept]]] == 0
    settled = kept[settled_component & chosen[kept]]
    result[rows[settled]] = cols[settled]
    keep = np.zeros(len(costs), dtype=bool)
    keep[kept[~settled_component]] = True
    return keep


def _row_max(values: NDArray[np.int64], rows: NDArray[np.int64], n_clients: int) -> NDArray[np.int64]:
    """Per client the largest of ``values`` over its pairs, at least zero (``rows`` sorted)."""
    result = np.zeros(n_clients, dtype=np.int64)
    if len(rows) == 0:
        return result
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    result[rows[starts]] = np.maximum(np.maximum.reduceat(values, starts), 0)
    return result


# --- step 4: min-cost flow ---------------------------------------------------------------------------


def _min_cost_flow(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    costs: NDArray[np.int64],
    capacity: NDArray[np.int64],
    keep: NDArray[np.bool_],
    result: NDArray[np.int64],
) -> None:
    """Solves the pairs in ``keep`` exactly and writes each of their clients' column (or -1) into ``result``.

    Clients supply one unit each; it reaches the sink through a pair and the pair's placement (at most
    its capacity), or directly at cost zero (unplaced). The costs are the negated whole-number scores.
    """
    rows, cols, costs = rows[keep], cols[keep], costs[keep]
    clients, local_rows = np.unique(rows, return_inverse=True)
    placements, local_cols = np.unique(cols, return_inverse=True)
    n, m = len(clients), len(placements)
    sink = n + m
    room = np.minimum(capacity[placements], np.bincount(local_cols, minlength=m))
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([local_rows, np.arange(n), n + np.arange(m)]).astype(np.int32),
        np.concatenate([n + local_cols, np.full(n, sink), np.full(m, sink)]).astype(np.int32),
        np.concatenate([np.ones(len(rows)), np.ones(n), room]).astype(np.int64),
        np.concatenate([-costs, np.zeros(n + m)]).astype(np.int64),
    )
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    solver.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    used = solver.flows(np.arange(len(rows), dtype=np.int32)) > 0
    result[clients] = ASSIGNED_NONE
    result[rows[used]] = cols[used]
