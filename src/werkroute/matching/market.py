"""Scores for client–placement pairs, vectorised over blocks of pairs.

A ``Market`` encodes a set of clients and placements once (indicator matrices for occupations, ISCO
groups and skills; arrays for language levels, places, hours and dates) and then scores any block of
clients × placements with a few sparse products and array operations, never a Python loop over pairs.
Every component is between 0 and 1; ``weights.py`` combines them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from . import weights as w
from .errors import MatchingInputError
from .inputs import ClientProfile, PlacementProfile, Taxonomy, check_client, check_placement

KM_PER_DEGREE_LATITUDE = 111.2
# Longitude degrees shrink with latitude; a fixed factor is only used for the spatial index, with margin.
INDEX_LATITUDE = 52.2
INDEX_MARGIN = 1.05
# Required skills count this much in the coded skill matrix (see ``Market._scores``).
SKILL_CODE = 1024
# Up to this many clients in a block, their occupation codes are looked up in a dense copy.
DENSE_CLIENT_ROWS = 512
# Pairs scored at once by ``Market.score_pairs``: bounds the memory of the sparse gathers.
PAIR_CHUNK = 250_000
# From this many placements on, one client's reachable placements are looked up in the spatial index
# first; below it, measuring the travel time to every placement costs less than building the index.
REACH_INDEX_MIN_PLACEMENTS = 4096
# Slack on the index radius for rounding (the travel time is compared in float32): relative, and in km.
REACH_RELATIVE_SLACK = 1e-6
REACH_KM_SLACK = 1e-3


@dataclass(frozen=True)
class BlockScores:
    """Scores of a block of clients (rows) × placements (columns).

    ``components`` maps each component of ``weights.WEIGHTS`` to its values (0–1); ``feasible`` is False
    where a hard constraint fails (travel beyond the maximum, driving licence, availability, no open
    capacity); ``total`` is the weighted sum, whatever ``feasible`` says.
    """

    components: dict[str, NDArray[np.float32]]
    feasible: NDArray[np.bool_]
    travel_minutes: NDArray[np.float32]
    total: NDArray[np.float32]

    def ranked(self) -> NDArray[np.float32]:
        """The total where feasible and -inf where not, for ranking."""
        return np.where(self.feasible, self.total, np.float32(-np.inf))


class _Vocabulary:
    def __init__(self) -> None:
        self.index: dict[Hashable, int] = {}

    def __call__(self, key: Hashable) -> int:
        return self.index.setdefault(key, len(self.index))

    def __len__(self) -> int:
        return len(self.index)


def _indicator(rows: Sequence[Iterable[int]], width: int) -> sp.csr_matrix:
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))  # type: ignore[arg-type]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _sample(matrix: sp.csr_matrix, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float32]:
    """``matrix[rows[k], cols[k]]`` for every k, as a flat array."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.float32)
    return np.asarray(matrix[rows, cols], dtype=np.float32).ravel()


def _language_fit(dutch: NDArray[np.int8], bar: NDArray[np.int8]) -> NDArray[np.float32]:
    """Per language skill (the last axis): 1 minus the penalty per missing level, at least 0; then the
    mean of the four."""
    levels_to_zero = int(np.ceil(1 / w.LANGUAGE_PENALTY_PER_LEVEL))
    missing = np.clip(bar - dutch, 0, levels_to_zero).sum(axis=-1, dtype=np.int16)
    return (1.0 - w.LANGUAGE_PENALTY_PER_LEVEL * missing.astype(np.float32) / 4).astype(np.float32)


class Market:
    """Clients and placements encoded for scoring. Build once, score many blocks."""

    def __init__(
        self,
        clients: Sequence[ClientProfile],
        placements: Sequence[PlacementProfile],
        taxonomy: Taxonomy,
        today: dt.date | None = None,
        within_region: bool = False,
    ) -> None:
        """``within_region``: only pairs in the same labour market region are feasible, as when each
        region's employer service point proposes referrals for its own placements."""
        for client in clients:
            check_client(client)
        for placement in placements:
            check_placement(placement)
        self.clients = list(clients)
        self.placements = list(placements)
        self.taxonomy = taxonomy
        self.today = today or dt.date.today()
        today_ordinal = float(self.today.toordinal())

        occupations, skills = _Vocabulary(), _Vocabulary()
        experience = [[occupations(o) for o in c.previous_occupations] for c in clients]
        wished = [[occupations(o) for o in c.wished_occupations] for c in clients]
        placement_occupation = np.array([occupations(p.occupation) for p in placements], dtype=np.int64)
        declared = [[skills(s) for s in c.skills] for c in clients]
        listed_required = [[skills(s) for s in p.required_skills] for p in placements]
        listed_desirable = [[skills(s) for s in p.desirable_skills] for p in placements]

        # Per occupation: its ISCO unit and minor group, and its ESCO skills.
        known = [taxonomy.get(o) for o in occupations.index]  # type: ignore[arg-type]
        unit_groups, minor_groups = _Vocabulary(), _Vocabulary()
        unit_of = np.array([unit_groups(o.isco_code[:4]) for o in known], dtype=np.int64)
        minor_of = np.array([minor_groups(o.isco_code[:3]) for o in known], dtype=np.int64)
        essential_rows = [[skills(s) for s in o.essential_skills] for o in known]
        optional_rows = [[skills(s) for s in o.optional_skills - o.essential_skills] for o in known]
        n_skills, n_occupations = len(skills), len(known)
        essential = _indicator(essential_rows, n_skills)
        optional = _indicator(optional_rows, n_skills)
        self.skill_ids = np.array(list(skills.index), dtype=np.int64)

        def binary(matrix: sp.spmatrix) -> sp.csr_matrix:
            matrix = sp.csr_matrix(matrix, dtype=np.float32)
            matrix.data[:] = 1.0
            return matrix

        def mapping(targets: NDArray[np.int64], width: int) -> sp.csr_matrix:
            return sp.csr_matrix(
                (np.ones(n_occupations, dtype=np.float32), (np.arange(n_occupations), targets)),
                shape=(n_occupations, width),
            )

        to_unit, to_minor = mapping(unit_of, len(unit_groups)), mapping(minor_of, len(minor_groups))
        experience_matrix = _indicator(experience, n_occupations)
        wish_matrix = _indicator(wished, n_occupations)
        self.experience = [
            experience_matrix,
            binary(experience_matrix @ to_unit),
            binary(experience_matrix @ to_minor),
        ]
        self.wishes = [wish_matrix, binary(wish_matrix @ to_unit), binary(wish_matrix @ to_minor)]
        # Declared skills and the essential skills of every previous occupation.
        self.client_skills = binary(_indicator(declared, n_skills) + experience_matrix @ essential)
        # A placement without listed skills takes those of its occupation.
        unlisted = np.array([not (p.required_skills or p.desirable_skills) for p in placements], dtype=bool)
        own = sp.csr_matrix(
            (unlisted.astype(np.float32), (np.arange(len(placements)), placement_occupation)),
            shape=(len(placements), n_occupations),
        )
        self.required = binary(_indicator(listed_required, n_skills) + own @ essential)
        self.desirable = binary(_indicator(listed_desirable, n_skills) + own @ optional)
        if len(self.desirable.indptr) > 1 and np.diff(self.desirable.indptr).max() >= SKILL_CODE:
            raise MatchingInputError(
                f"Een plaats kan niet meer dan {SKILL_CODE - 1} gewenste vaardigheden hebben."
            )
        self.skills_coded = (self.required * np.float32(SKILL_CODE) + self.desirable).tocsr()
        self.required_count = np.diff(self.required.indptr).astype(np.float32)
        self.desirable_count = np.diff(self.desirable.indptr).astype(np.float32)
        # Each placement has exactly one occupation, so one code per level.
        self.placement_codes = [
            placement_occupation,
            unit_of[placement_occupation],
            minor_of[placement_occupation],
        ]
        # Passing this very array means "all placements": the block then needs no gathering at all.
        self.all_placements = np.arange(len(placements), dtype=np.int64)

        def floats(values: Iterable[float | None], missing: float) -> NDArray[np.float64]:
            return np.array([missing if v is None else float(v) for v in values], dtype=np.float64)

        def day(value: dt.date | None) -> float | None:
            return None if value is None else float(value.toordinal())

        self.client_lat = floats((c.latitude for c in clients), np.nan)
        self.client_lon = floats((c.longitude for c in clients), np.nan)
        self.client_dutch = np.array([c.dutch for c in clients], dtype=np.int8).reshape(len(clients), 4)
        self.client_max_travel = floats((c.max_travel_minutes for c in clients), np.nan)
        self.client_hours = floats((c.hours_available for c in clients), np.nan)
        self.client_from = np.maximum(
            floats((day(c.available_from) for c in clients), -np.inf), today_ordinal
        )
        self.client_licence = np.array([c.driving_licence for c in clients], dtype=bool)
        self.client_moves = np.array([c.willing_to_move for c in clients], dtype=bool)

        self.placement_lat = floats((p.latitude for p in placements), np.nan)
        self.placement_lon = floats((p.longitude for p in placements), np.nan)
        self.client_cos = np.cos(np.radians(self.client_lat))
        self.placement_cos = np.cos(np.radians(self.placement_lat))
        self.placement_dutch = np.array([p.min_dutch for p in placements], dtype=np.int8).reshape(
            len(placements), 4
        )
        self.placement_support = np.array([p.language_support for p in placements], dtype=bool)
        lowered = self.placement_dutch - w.LANGUAGE_SUPPORT_LEVELS * self.placement_support[:, None]
        self.placement_bar = np.maximum(lowered, 0).astype(np.int8)
        self.placement_hours = floats((p.hours_per_week for p in placements), np.nan)
        self.placement_start = np.maximum(
            floats((day(p.start_date) for p in placements), -np.inf), today_ordinal
        )
        self.placement_end = floats((day(p.end_date) for p in placements), np.inf)
        self.placement_licence = np.array([p.driving_licence_required for p in placements], dtype=bool)
        self.capacity = np.array([p.capacity for p in placements], dtype=np.int64)
        self.within_region = within_region
        regions = _Vocabulary()
        self.client_region = np.array([regions(c.region) for c in clients], dtype=np.int64)
        self.placement_region = np.array([regions(p.region) for p in placements], dtype=np.int64)
        self._placement_index: cKDTree | None = None

    @property
    def n_clients(self) -> int:
        return len(self.clients)

    @property
    def n_placements(self) -> int:
        return len(self.placements)

    def _take(self, values: Any, placements: NDArray[np.int64]) -> Any:
        """Rows of ``values`` (an array or sparse matrix by placement) for a block of placements."""
        return values if placements is self.all_placements else values[placements]

    # --- scores -----------------------------------------------------------------------------------------
    #
    # One formula serves a block (clients × placements) and a list of pairs. A block reads the clients'
    # arrays at ``clients[:, None]`` and the placements' at ``placements[None, :]``, so every expression
    # broadcasts to a matrix; pairs read both at flat index arrays of one length, so every expression
    # stays a vector. Only how the shared skills and the occupation ladders are gathered differs.

    def _block_index(self, clients: NDArray[np.int64], placements: NDArray[np.int64]) -> tuple[Any, Any]:
        # All placements need no gathering at all: a view with a leading axis.
        at_placement = (None, slice(None)) if placements is self.all_placements else placements[None, :]
        return clients[:, None], at_placement

    @staticmethod
    def _overlap(client_rows: sp.csr_matrix, placement_rows: sp.csr_matrix) -> NDArray[np.float32]:
        """Shared items per client and placement (clients × placements, dense).

        The smaller side is made dense, so that the product runs over the sparse rows of the larger side
        once; sparse × sparse products cost far more for one client against every placement.
        """
        if client_rows.shape[0] <= placement_rows.shape[0]:
            return np.ascontiguousarray((placement_rows @ client_rows.T.toarray()).T)
        return np.asarray(client_rows @ placement_rows.T.toarray())

    def _block_ladder(
        self,
        matrices: list[sp.csr_matrix],
        clients: NDArray[np.int64],
        placements: NDArray[np.int64],
        steps: Sequence[float],
    ) -> NDArray[np.float32]:
        result = np.zeros((len(clients), len(placements)), dtype=np.float32)
        for matrix, codes, step in zip(matrices, self.placement_codes, steps, strict=True):
            # One code per placement, so the fit is a look-up of the client's codes at the placement's.
            wanted = self._take(codes, placements)
            if len(clients) == 1:  # one client against many placements: the common, latency-bound case
                client = int(clients[0])
                # A client has a handful of codes: comparing with each costs less than ``np.isin``.
                for code in matrix.indices[matrix.indptr[client] : matrix.indptr[client + 1]]:
                    np.maximum(result, (wanted == code)[None, :] * np.float32(step), out=result)
                continue
            rows = matrix[clients]
            if len(clients) <= DENSE_CLIENT_ROWS:
                hits = rows.toarray()[:, wanted]
            else:
                hits = rows.tocsc()[:, wanted].toarray()
            np.maximum(result, hits * np.float32(step), out=result)
        return result

    def _pair_ladder(
        self,
        matrices: list[sp.csr_matrix],
        clients: NDArray[np.int64],
        placements: NDArray[np.int64],
        steps: Sequence[float],
    ) -> NDArray[np.float32]:
        result = np.zeros(len(clients), dtype=np.float32)
        for matrix, codes, step in zip(matrices, self.placement_codes, steps, strict=True):
            hits = _sample(matrix, clients, codes[placements])
            np.maximum(result, hits * np.float32(step), out=result)
        return result

    def language_bar(self, placements: NDArray[np.int64]) -> NDArray[np.int8]:
        """The minimum level per language skill, after language support at work lowers it."""
        return self._take(self.placement_bar, placements)  # type: ignore[no-any-return]

    def language(self, dutch: NDArray[np.int8], placements: NDArray[np.int64]) -> NDArray[np.float32]:
        """Language fit for clients with levels ``dutch`` (n × 4) against a block of placements."""
        return _language_fit(dutch.astype(np.int8)[:, None, :], self.language_bar(placements)[None, :, :])

    def _minutes(self, at_client: Any, at_placement: Any) -> NDArray[np.float32]:
        # The cosine of the mean latitude, as the mean of the cosines: close enough within a country.
        shrink = (self.client_cos[at_client] + self.placement_cos[at_placement]) / 2
        dx = (self.client_lon[at_client] - self.placement_lon[at_placement]) * shrink
        km = KM_PER_DEGREE_LATITUDE * np.hypot(
            dx, self.client_lat[at_client] - self.placement_lat[at_placement]
        )
        return (w.TRAVEL_FIXED_MINUTES + km * w.TRAVEL_DETOUR_FACTOR / w.TRAVEL_SPEED_KMH * 60.0).astype(
            np.float32
        )

    def travel_minutes(
        self, clients: NDArray[np.int64], placements: NDArray[np.int64]
    ) -> NDArray[np.float32]:
        """Estimated door-to-door minutes between postcode centroids (see ``weights.py``)."""
        return self._minutes(*self._block_index(np.asarray(clients), np.asarray(placements)))

    @staticmethod
    def travel_fit(minutes: NDArray[np.float32], maximum: NDArray[np.float64]) -> NDArray[np.float32]:
        full = w.TRAVEL_FULL_SHARE * maximum
        return np.clip((maximum - minutes) / (maximum - full), 0.0, 1.0).astype(np.float32)

    def _scores(
        self,
        at_client: Any,
        at_placement: Any,
        coded: NDArray[np.float32],
        ladder: Callable[[list[sp.csr_matrix], Sequence[float]], NDArray[np.float32]],
        travel_binds: NDArray[np.bool_] | None = None,
    ) -> BlockScores:
        """Every component, the hard constraints and the total, block or pairs alike (see above).

        ``coded`` holds the client's skills among the placement's, required ones counted ``SKILL_CODE``
        times; ``ladder`` gives the occupation or wish fit. Where ``travel_binds`` is False (a client
        willing to move) the travel time is no hard constraint.
        """
        c, p = at_client, at_placement
        # One product instead of two: required skills are stored as SKILL_CODE and desirable ones as 1, so
        # the count of each comes back from a single number (exact: counts stay far below SKILL_CODE).
        have_required = np.floor_divide(coded, SKILL_CODE)
        have_desirable = coded - have_required * SKILL_CODE
        required_count = self.required_count[p]
        weight_total = (
            w.REQUIRED_SKILL_WEIGHT * required_count + w.DESIRABLE_SKILL_WEIGHT * self.desirable_count[p]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            skills = (
                w.REQUIRED_SKILL_WEIGHT * have_required + w.DESIRABLE_SKILL_WEIGHT * have_desirable
            ) / weight_total
            required_share = have_required / required_count
        skills = np.where(weight_total > 0, skills, w.SKILLS_UNKNOWN).astype(np.float32)
        occupation = ladder(
            self.experience,
            (w.OCCUPATION_SAME_ESCO, w.OCCUPATION_SAME_ISCO_UNIT, w.OCCUPATION_SAME_ISCO_MINOR),
        )
        related = (required_count > 0) & (required_share >= w.RELATED_BY_SKILLS_SHARE)
        occupation = np.where(
            related & (occupation < w.OCCUPATION_RELATED_BY_SKILLS),
            np.float32(w.OCCUPATION_RELATED_BY_SKILLS),
            occupation,
        )
        wishes = ladder(self.wishes, (w.WISH_SAME_ESCO, w.WISH_SAME_ISCO_UNIT, w.WISH_SAME_ISCO_MINOR))
        minutes = self._minutes(c, p)
        hours = self.client_hours[c] / self.placement_hours[p]
        hours = np.where(np.isnan(hours), 1.0, np.minimum(hours, 1.0)).astype(np.float32)
        delay = np.maximum(self.client_from[c] - self.placement_start[p], 0.0)
        components = {
            "occupation": occupation,
            "skills": skills,
            "language": _language_fit(self.client_dutch[c], self.placement_bar[p]),
            "travel": self.travel_fit(minutes, self.client_max_travel[c]),
            "wishes": wishes,
            "hours": hours,
            "start": np.clip(1.0 - delay / w.START_DELAY_DAYS_TO_ZERO, 0.0, 1.0).astype(np.float32),
        }
        total = np.zeros(minutes.shape, dtype=np.float32)
        for name, weight in w.WEIGHTS.items():
            total += np.float32(weight) * components[name]
        # Float32 sums of weights that add up to 1 can land a hair above it.
        np.clip(total, 0.0, 1.0, out=total)
        feasible = self._feasible(c, p, minutes, travel_binds)
        return BlockScores(components=components, feasible=feasible, travel_minutes=minutes, total=total)

    def score_block(
        self, clients: Sequence[int] | NDArray[np.int64], placements: Sequence[int] | NDArray[np.int64]
    ) -> BlockScores:
        """Every component, the hard constraints and the total for ``clients`` × ``placements``."""
        clients = np.asarray(clients, dtype=np.int64)
        placements = np.asarray(placements, dtype=np.int64)
        if len(clients) == 1:
            # One client: its skills as a dense vector straight from the row, without a sparse gather.
            client = int(clients[0])
            have = np.zeros(self.client_skills.shape[1], dtype=np.float32)
            have[
                self.client_skills.indices[
                    self.client_skills.indptr[client] : self.client_skills.indptr[client + 1]
                ]
            ] = 1
            coded = np.asarray(self._take(self.skills_coded, placements) @ have, dtype=np.float32)[None, :]
        else:
            coded = self._overlap(self.client_skills[clients], self._take(self.skills_coded, placements))

        def ladder(matrices: list[sp.csr_matrix], steps: Sequence[float]) -> NDArray[np.float32]:
            return self._block_ladder(matrices, clients, placements, steps)

        return self._scores(*self._block_index(clients, placements), coded, ladder)

    def score_pairs(
        self,
        clients: NDArray[np.int64],
        placements: NDArray[np.int64],
        travel_binds: NDArray[np.bool_] | None = None,
    ) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        """Total and feasibility of each pair ``(clients[k], placements[k])``: the scores of
        :meth:`score_block` for those pairs, without the rest of the block. Where ``travel_binds`` is
        False for a pair (a client willing to move) the travel time is no hard constraint."""
        total = np.empty(len(clients), dtype=np.float32)
        feasible = np.empty(len(clients), dtype=bool)
        for start in range(0, len(clients), PAIR_CHUNK):
            part = slice(start, start + PAIR_CHUNK)
            chunk_clients, chunk_placements = clients[part], placements[part]
            # Both gathers keep their rows in pair order, so the element-wise product is per pair.
            coded = np.asarray(
                self.client_skills[chunk_clients].multiply(self.skills_coded[chunk_placements]).sum(axis=1),
                dtype=np.float32,
            ).ravel()

            def ladder(
                matrices: list[sp.csr_matrix],
                steps: Sequence[float],
                clients: NDArray[np.int64] = chunk_clients,
                placements: NDArray[np.int64] = chunk_placements,
            ) -> NDArray[np.float32]:
                return self._pair_ladder(matrices, clients, placements, steps)

            binds = None if travel_binds is None else travel_binds[part]
            scores = self._scores(chunk_clients, chunk_placements, coded, ladder, binds)
            total[part], feasible[part] = scores.total, scores.feasible
        return total, feasible

    def _feasible(
        self,
        at_client: Any,
        at_placement: Any,
        minutes: NDArray[np.float32],
        travel_binds: NDArray[np.bool_] | None = None,
    ) -> NDArray[np.bool_]:
        c, p = at_client, at_placement
        within = minutes <= self.client_max_travel[c]
        if travel_binds is not None:
            within |= ~travel_binds
        feasible = (
            within
            & ~(self.placement_licence[p] & ~self.client_licence[c])
            & (self.client_from[c] <= self.placement_end[p])
            & (self.capacity[p] > 0)
        )
        if self.within_region:
            feasible &= self.client_region[c] == self.placement_region[p]
        return feasible  # type: ignore[no-any-return]

    def feasible(
        self, clients: NDArray[np.int64], placements: NDArray[np.int64], minutes: NDArray[np.float32]
    ) -> NDArray[np.bool_]:
        """Where every hard constraint holds: travel (``minutes``, from :meth:`travel_minutes`) within the
        client's maximum, driving licence, availability before the end, open capacity, and for a regional
        market the region. None of them depends on an occupation or a skill."""
        return self._feasible(*self._block_index(np.asarray(clients), np.asarray(placements)), minutes)

    def reachable_placements(self, client: int) -> NDArray[np.int64]:
        """The placements (ascending) that pass every hard constraint of :meth:`feasible` for ``client``.

        In a large market the spatial index first narrows them down to a circle that provably holds
        every placement within the client's maximum travel time, so the travel time is measured to
        those only; the hard constraints then decide exactly as for any block.
        """
        one = np.array([client], dtype=np.int64)
        candidates = self.placements_near(client)
        minutes = self.travel_minutes(one, candidates)
        return candidates[self.feasible(one, candidates, minutes)[0]]

    def placements_near(self, client: int, extra_minutes: float = 0.0) -> NDArray[np.int64]:
        """Placements (ascending) among which lies every one within the client's maximum travel time
        plus ``extra_minutes``: those of the spatial index's circle in a large market, else all."""
        if self.n_placements >= REACH_INDEX_MIN_PLACEMENTS:
            near = self._placements_around(client, extra_minutes)
            if near is not None:
                return near
        return self.all_placements

    def _placements_around(self, client: int, extra_minutes: float) -> NDArray[np.int64] | None:
        """Every placement within the client's maximum travel time plus ``extra_minutes`` (a superset,
        ascending), or None when no safe radius exists (near a pole)."""
        minutes_per_km = w.TRAVEL_DETOUR_FACTOR / w.TRAVEL_SPEED_KMH * 60.0
        limit = float(self.client_max_travel[client]) + extra_minutes
        reach_km = max((limit - w.TRAVEL_FIXED_MINUTES) / minutes_per_km, 0.0)
        # The travel time shrinks longitude by the mean cosine of both latitudes, the index by the cosine
        # of INDEX_LATITUDE. Every reachable placement lies within reach_km / KM_PER_DEGREE_LATITUDE
        # degrees of latitude, so the mean cosine is at least that of the farthest latitude it can have;
        # where that is below the index's, the index distance is that much longer, and so the radius.
        farthest = abs(float(self.client_lat[client])) + reach_km / KM_PER_DEGREE_LATITUDE
        if farthest >= 89.0:
            return None
        smallest_cosine = float(np.cos(np.radians(farthest)))
        stretch = max(1.0, float(np.cos(np.radians(INDEX_LATITUDE))) / smallest_cosine)
        radius = reach_km * stretch * (1 + REACH_RELATIVE_SLACK) + REACH_KM_SLACK
        if self._placement_index is None:
            self._placement_index = cKDTree(self._plane(self.placement_lat, self.placement_lon))
        point = self._plane(self.client_lat[client : client + 1], self.client_lon[client : client + 1])[0]
        found = self._placement_index.query_ball_point(point, radius, return_sorted=True)
        return np.asarray(found, dtype=np.int64)

    def candidate_placements(self, clients: NDArray[np.int64]) -> NDArray[np.int64]:
        """Placements that some of ``clients`` could reach within their maximum travel time (a superset)."""
        if self.n_placements == 0:
            return np.zeros(0, dtype=np.int64)
        if self._placement_index is None:
            self._placement_index = cKDTree(self._plane(self.placement_lat, self.placement_lon))
        km = (
            (self.client_max_travel[clients] - w.TRAVEL_FIXED_MINUTES)
            * w.TRAVEL_SPEED_KMH
            / 60.0
            / w.TRAVEL_DETOUR_FACTOR
        )
        radius = np.maximum(km, 0.0) * INDEX_MARGIN + 1.0
        found = self._placement_index.query_ball_point(
            self._plane(self.client_lat[clients], self.client_lon[clients]), radius, return_sorted=False
        )
        if len(found) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([np.asarray(f, dtype=np.int64) for f in found]))

    @staticmethod
    def _plane(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.column_stack([lon * np.cos(np.radians(INDEX_LATITUDE)), lat]) * KM_PER_DEGREE_LATITUDE

    def score_matrix(self, min_score: float = 0.0, chunk_size: int = 256) -> sp.csr_matrix:
        """All feasible pairs scoring above ``min_score`` as a sparse clients × placements matrix.

        Clients are taken in chunks of neighbours, each scored only against the placements within
        reach of the chunk, so memory follows the number of reachable pairs, not clients × placements.
        """
        order = np.lexsort((self.client_lon, np.round(self.client_lat * 4)))  # bands of ~28 km, west to east
        rows, cols, values = [], [], []
        for start in range(0, self.n_clients, chunk_size):
            chunk = order[start : start + chunk_size]
            candidates = self.candidate_placements(chunk)
            if len(candidates) == 0:
                continue
            block = self.score_block(chunk, candidates)
            keep = block.feasible & (block.total > min_score)
            r, c = np.nonzero(keep)
            rows.append(chunk[r])
            cols.append(candidates[c])
            values.append(block.total[r, c])
        shape = (self.n_clients, self.n_placements)
        if not rows:
            return sp.csr_matrix(shape, dtype=np.float64)
        return sp.csr_matrix(
            (np.concatenate(values).astype(np.float64), (np.concatenate(rows), np.concatenate(cols))),
            shape=shape,
        )
