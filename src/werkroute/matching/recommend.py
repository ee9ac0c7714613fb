"""Top-k in both directions, explanations and one counterfactual per client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from . import weights as w
from .inputs import CEFR_MAX, LANGUAGE_SKILLS, ClientProfile, Occupation, PlacementProfile, Taxonomy
from .market import Market


@dataclass(frozen=True)
class Ranked:
    """Positions (indices into the market's list) and their scores, best first."""

    indices: NDArray[np.int64]
    scores: NDArray[np.float32]


def _top(ranked: NDArray[np.float32], k: int) -> Ranked:
    feasible = np.flatnonzero(np.isfinite(ranked))
    if k <= 0 or len(feasible) == 0:
        return Ranked(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    values = ranked[feasible]
    if len(feasible) > k:
        # Everything tied with the k-th best stays in, so that ties are broken by position below.
        kth = np.partition(values, len(values) - k)[len(values) - k]
        keep = values >= kth
        feasible, values = feasible[keep], values[keep]
    order = np.lexsort((feasible, -values))[:k]  # ties by position, so the list is stable
    return Ranked(feasible[order].astype(np.int64), values[order])


def top_placements(market: Market, client: int, k: int = 10) -> Ranked:
    """The ``k`` best feasible placements for one client, among all placements of the market."""
    # The hard constraints need no occupation or skill and rule out most of a national market, so only
    # the placements that pass them are scored (each pair's score is the same in any block). They come
    # in ascending order, so ranking among them breaks ties by position as among all placements.
    reachable = market.reachable_placements(client)
    if len(reachable) == 0:
        return _top(np.zeros(0, dtype=np.float32), k)
    best = _top(market.score_block([client], reachable).total[0], k)
    return Ranked(reachable[best.indices], best.scores)


def top_clients(market: Market, placement: int, k: int = 10) -> Ranked:
    """The ``k`` best clients for one placement, among all clients of the market."""
    block = market.score_block(np.arange(market.n_clients), [placement])
    return _top(block.ranked()[:, 0], k)


def clients_within_reach(
    clients: Sequence[ClientProfile], placement: PlacementProfile, today: dt.date | None = None
) -> NDArray[np.bool_]:
    """Which of ``clients`` meet every hard constraint of ``placement`` (``Market.feasible``): the only
    ones :func:`top_clients` can return.

    The hard constraints depend on no occupation and no skill, and those are not looked at here, so a
    caller may read them for these clients only: a market of just these clients, in the same order,
    gives the same top clients with the same scores (equal scores rank by position, and the order
    among them is kept)."""
    bare = [
        replace(c, previous_occupations=(), wished_occupations=(), skills=frozenset())
        if c.previous_occupations or c.wished_occupations or c.skills
        else c
        for c in clients
    ]
    alone = replace(placement, required_skills=frozenset(), desirable_skills=frozenset())
    # The placement's own occupation must be known to the market; its codes and skills play no part.
    taxonomy = Taxonomy({placement.occupation: Occupation(placement.occupation, "")})
    market = Market(bare, [alone], taxonomy, today=today)
    everyone = np.arange(market.n_clients, dtype=np.int64)
    only = market.all_placements
    return market.feasible(everyone, only, market.travel_minutes(everyone, only))[:, 0]


@dataclass(frozen=True)
class Contribution:
    component: str
    weight: float
    value: float

    @property
    def points(self) -> float:
        """The part of the score (0–1) this component gives: weight × value."""
        return self.weight * self.value


@dataclass(frozen=True)
class LanguageGap:
    skill: str  # one of LANGUAGE_SKILLS
    client_level: int
    required_level: int  # after language support at work lowers the bar


@dataclass(frozen=True)
class Counterfactual:
    """One change to the client's situation and how many more placements it brings within reach.

    ``kind`` is ``"language"`` (``skill`` raised to ``level``), ``"travel"`` (``minutes`` more travel
    time) or ``"driving_licence"``.
    """

    kind: str
    extra_placements: int
    skill: str = ""
    level: int = 0
    minutes: int = 0


@dataclass(frozen=True)
class Explanation:
    """Why a client and a placement fit (or not), in parts that add up to the score."""

    score: float
    feasible: bool
    contributions: tuple[Contribution, ...]
    matched_required_skills: frozenset[int]
    matched_desirable_skills: frozenset[int]
    missing_required_skills: frozenset[int]
    language_gaps: tuple[LanguageGap, ...]
    travel_minutes: float
    blockers: tuple[str, ...]  # hard constraints that fail: travel, driving_licence, availability, capacity
    counterfactual: Counterfactual | None


def explain(market: Market, client: int, placement: int, with_counterfactual: bool = True) -> Explanation:
    """The explanation of one pair: each component's contribution, skills, language, hard constraints."""
    block = market.score_block([client], [placement])
    contributions = tuple(
        Contribution(name, weight, float(block.components[name][0, 0])) for name, weight in w.WEIGHTS.items()
    )
    have = set(market.client_skills[client].indices)
    required = set(market.required[placement].indices)
    desirable = set(market.desirable[placement].indices)
    ids = market.skill_ids

    def skill_ids(indices: set[int]) -> frozenset[int]:
        return frozenset(int(ids[i]) for i in indices)

    bar = market.language_bar(np.array([placement]))[0]
    levels = market.client_dutch[client]
    gaps = tuple(
        LanguageGap(skill, int(levels[k]), int(bar[k]))
        for k, skill in enumerate(LANGUAGE_SKILLS)
        if levels[k] < bar[k]
    )
    minutes = float(block.travel_minutes[0, 0])
    blockers = []
    if minutes > market.client_max_travel[client]:
        blockers.append("travel")
    if market.placement_licence[placement] and not market.client_licence[client]:
        blockers.append("driving_licence")
    if market.client_from[client] > market.placement_end[placement]:
        blockers.append("availability")
    if market.capacity[placement] <= 0:
        blockers.append("capacity")
    if market.within_region and market.client_region[client] != market.placement_region[placement]:
        blockers.append("region")
    return Explanation(
        score=float(block.total[0, 0]),
        feasible=bool(block.feasible[0, 0]),
        contributions=contributions,
        matched_required_skills=skill_ids(have & required),
        matched_desirable_skills=skill_ids(have & desirable),
        missing_required_skills=skill_ids(required - have),
        language_gaps=gaps,
        travel_minutes=minutes,
        blockers=tuple(blockers),
        counterfactual=counterfactual(market, client) if with_counterfactual else None,
    )


def within_reach(total: NDArray[np.float32], feasible: NDArray[np.bool_]) -> NDArray[np.bool_]:
    return feasible & (total >= np.float32(w.WITHIN_REACH_SCORE))


def counterfactual(market: Market, client: int) -> Counterfactual | None:
    """The single change that brings the most extra placements within reach, or None if none does.

    Tried: each Dutch language skill one level higher, ``COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES`` more
    travel time, and a driving licence. Only the changed component is recomputed for every placement.
    """
    # Every option counts only placements within the travel time, or within the extra travel time of
    # the travel option: the others can be left out of every count alike.
    everything = market.placements_near(client, w.COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES)
    block = market.score_block([client], everything)
    base = within_reach(block.total, block.feasible)[0]
    base_count = int(base.sum())
    options: list[Counterfactual] = []

    language_weight = np.float32(w.WEIGHTS["language"])
    for k, skill in enumerate(LANGUAGE_SKILLS):
        level = int(market.client_dutch[client, k])
        if level >= CEFR_MAX:
            continue
        raised = market.client_dutch[[client]].copy()
        raised[0, k] = level + 1
        total = block.total + language_weight * (
            market.language(raised, everything) - block.components["language"]
        )
        extra = int(within_reach(total, block.feasible)[0].sum()) - base_count
        options.append(Counterfactual("language", extra, skill=skill, level=level + 1))

    maximum = market.client_max_travel[[client]][:, None] + w.COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES
    travel = market.travel_fit(block.travel_minutes, maximum)
    total = block.total + np.float32(w.WEIGHTS["travel"]) * (travel - block.components["travel"])
    feasible = block.feasible | _feasible_except_travel(market, client, everything) & (
        block.travel_minutes <= maximum
    )
    extra = int(within_reach(total, feasible)[0].sum()) - base_count
    options.append(Counterfactual("travel", extra, minutes=w.COUNTERFACTUAL_EXTRA_TRAVEL_MINUTES))

    if not market.client_licence[client]:
        licence_feasible = block.feasible | (
            _feasible_except_licence(market, client, everything)
            & market.placement_licence[everything][None, :]
        )
        extra = int(within_reach(block.total, licence_feasible)[0].sum()) - base_count
        options.append(Counterfactual("driving_licence", extra))

    best = max(options, key=lambda option: option.extra_placements, default=None)
    return best if best is not None and best.extra_placements > 0 else None


def _same_region(market: Market, client: int, placements: NDArray[np.int64]) -> NDArray[np.bool_]:
    if not market.within_region:
        return np.ones(len(placements), dtype=bool)
    return market.placement_region[placements] == market.client_region[client]


def _feasible_except_travel(market: Market, client: int, placements: NDArray[np.int64]) -> NDArray[np.bool_]:
    return (
        ~(market.placement_licence[placements] & ~market.client_licence[client])
        & (market.client_from[client] <= market.placement_end[placements])
        & (market.capacity[placements] > 0)
        & _same_region(market, client, placements)
    )[None, :]


def _feasible_except_licence(market: Market, client: int, placements: NDArray[np.int64]) -> NDArray[np.bool_]:
    minutes = market.travel_minutes(np.array([client]), placements)
    return (
        (minutes <= market.client_max_travel[client])
        & (market.client_from[client] <= market.placement_end[placements])[None, :]
        & (market.capacity[placements] > 0)[None, :]
        & _same_region(market, client, placements)[None, :]
    )
