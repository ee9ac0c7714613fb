"""Matching engine: top-10 latency, regional and national batch assignment, greedy and reference totals.

Synthetic, seeded instances of realistic structure: clients and placements on real postcode (PC4)
centroids (the complete list from the shared reference data when present, else the demo region's),
occupations and their skills from the shipped ESCO subset, language levels, hours, dates and
capacities drawn from plausible ranges. Scores come from the engine itself; the national matrix is
sparse because only placements within each client's travel reach are scored (spatial pre-filter).

Figures (seconds, MiB): ``client_topk_p50_s``/``client_topk_p95_s`` (top-10 among the placements of
the top-k instance), ``regional_assign_s`` (exact assignment, regional instance), ``national_assign_s``
and ``national_peak_mib`` (exact assignment of the sparse national matrix, all labour market regions at
once with referrals inside each region, and the peak memory traced during that call; SciPy's own C++
buffers are not traced, so ``process_max_rss_mib`` gives the whole run's peak as an upper bound), ``greedy_total``/``optimal_total``/``reference_total`` (regional instance; the reference
is HiGHS on the transportation LP), plus the sizes and the baselines of the same run.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import resource
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.core.management.base import CommandError
from ortools.graph.python import min_cost_flow
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from werkroute.matching import (
    ClientProfile,
    Market,
    Occupation,
    PlacementProfile,
    Taxonomy,
    assign_greedy,
    assign_optimal,
    counterfactual,
    explain,
    flow,
    top_placements,
    total_score,
)
from werkroute.matching.national import national_candidates

DEMO_DATA = Path(__file__).resolve().parent.parent / "src" / "werkroute" / "demo" / "data"
TODAY = dt.date(2026, 11, 23)

FULL = {
    "topk_clients": 200,
    "topk_placements": 30_000,
    "regional_clients": 5_000,
    "regional_placements": 2_000,
    "national_clients": 100_000,
    "national_placements": 30_000,
    "connected_clients": 100_000,
    "connected_placements": 30_000,
    "connected_candidates": 50,
}
QUICK = {
    "topk_clients": 5,
    "topk_placements": 300,
    "regional_clients": 60,
    "regional_placements": 25,
    "national_clients": 300,
    "national_placements": 100,
    "connected_clients": 400,
    "connected_placements": 120,
    "connected_candidates": 10,
}
# Share of clients who state that they would move for work (the connected national market only).
WILLING_TO_MOVE = 0.1
# The connected national market allows every feasible candidate, as the instance did (50
# candidates per client anywhere, all allowed): a national coordinator's allocation of the whole
# country, where a weak pair still beats none. The regional instances keep ``--min-score``.
CONNECTED_MIN_SCORE = 0.0


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--min-score", type=float, default=0.5, help="Only pairs above this score are allowed."
    )
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help="Comma-separated sections to run (topk, regional, national, connected); all by default.",
    )


# --- synthetic data ------------------------------------------------------------------------------------


def load_postcodes() -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """PC4 centroids with their labour market region: all of them when available, else the demo region."""
    from django.conf import settings

    source = Path(settings.SHARED_DATA_DIR) / "nl_pc4_centroids.csv"
    if not source.exists():
        source = DEMO_DATA / "pc4.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["lon"]) for r in rows])
    region = np.array([r["arbeidsmarktregio_code"] for r in rows])
    return lat, lon, region, source.name


def load_taxonomy() -> Taxonomy:
    with (DEMO_DATA / "esco" / "occupations_nl.csv").open(encoding="utf-8") as handle:
        occupations = list(csv.DictReader(handle))
    index = {row["conceptUri"]: number for number, row in enumerate(occupations)}
    skills: dict[str, int] = {}
    essential: dict[int, set[int]] = {n: set() for n in index.values()}
    optional: dict[int, set[int]] = {n: set() for n in index.values()}
    with (DEMO_DATA / "esco" / "occupationSkillLabels_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            occupation = index.get(row["occupationUri"])
            if occupation is None:
                continue
            skill = skills.setdefault(row["skillLabel_en"], len(skills))
            (essential if row["relationType"] == "essential" else optional)[occupation].add(skill)
    return Taxonomy(
        {
            number: Occupation(
                number, row["iscoGroup"], frozenset(essential[number]), frozenset(optional[number])
            )
            for row, number in ((row, index[row["conceptUri"]]) for row in occupations)
        }
    )


def synthetic_market(
    n_clients: int,
    n_placements: int,
    rng: np.random.Generator,
    regions: list[str] | None = None,
    within_region: bool = False,
    willing_to_move: float = 0.0,
) -> Market:
    """Clients and placements spread over PC4 centroids (optionally only those of ``regions``)."""
    lat, lon, region, _ = load_postcodes()
    if regions:
        keep = np.isin(region, regions)
        lat, lon, region = lat[keep], lon[keep], region[keep]
    taxonomy = load_taxonomy()
    occupation_ids = np.array(sorted(taxonomy.occupations))
    # A few occupations (cleaning, hospitality, warehouse, production) are far more common than others.
    popularity = rng.lognormal(0.0, 1.0, len(occupation_ids))
    popularity /= popularity.sum()
    jitter = 0.01  # about a kilometre, so that people in one postcode are not all on one point

    def spot(count: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
        where = rng.integers(0, len(lat), count)
        return (
            lat[where] + rng.normal(0, jitter, count),
            lon[where] + rng.normal(0, jitter, count),
            region[where].tolist(),
        )

    all_skills = np.array(
        sorted({s for o in taxonomy.occupations.values() for s in o.essential_skills | o.optional_skills})
    )

    # Everything is drawn as whole arrays first; the loops below only package the draws.
    client_lat, client_lon, client_region = spot(n_clients)
    levels = (
        np.clip(rng.normal([2.2, 1.8, 2.0, 1.5], 1.0, size=(n_clients, 4)).round(), 0, 5).astype(int).tolist()
    )
    previous = rng.choice(occupation_ids, size=(n_clients, 2), p=popularity).tolist()
    n_previous = rng.choice([0, 1, 1, 2], size=n_clients).tolist()
    wished = rng.choice(occupation_ids, size=(n_clients, 2), p=popularity).tolist()
    n_wished = rng.choice([1, 1, 2], size=n_clients).tolist()
    skills = rng.choice(all_skills, size=(n_clients, 5)).tolist()
    n_skills = rng.integers(0, 6, n_clients).tolist()
    max_travel = rng.choice([30, 45, 45, 60, 75], size=n_clients).tolist()
    hours = rng.choice([16, 24, 32, 36, 40], size=n_clients).tolist()
    hours_known = (rng.random(n_clients) < 0.8).tolist()
    available_in = rng.integers(1, 120, n_clients).tolist()
    available_later = (rng.random(n_clients) < 0.4).tolist()
    licence = (rng.random(n_clients) < 0.25).tolist()
    moves = (rng.random(n_clients) < willing_to_move).tolist() if willing_to_move else [False] * n_clients
    clients = [
        ClientProfile(
            key=i,
            latitude=float(client_lat[i]),
            longitude=float(client_lon[i]),
            dutch=tuple(levels[i]),  # type: ignore[arg-type]
            previous_occupations=tuple(dict.fromkeys(previous[i][: n_previous[i]])),
            wished_occupations=tuple(dict.fromkeys(wished[i][: n_wished[i]])),
            skills=frozenset(skills[i][: n_skills[i]]),
            max_travel_minutes=max_travel[i],
            hours_available=hours[i] if hours_known[i] else None,
            available_from=TODAY + dt.timedelta(days=available_in[i]) if available_later[i] else None,
            driving_licence=licence[i],
            region=client_region[i],
            willing_to_move=moves[i],
        )
        for i in range(n_clients)
    ]
    placement_lat, placement_lon, placement_region = spot(n_placements)
    occupation = rng.choice(occupation_ids, size=n_placements, p=popularity).tolist()
    minimum = rng.integers(0, 4, (n_placements, 4)).tolist()
    placement_hours = rng.choice([16, 24, 32, 36, 38], size=n_placements).tolist()
    capacity = rng.choice([1, 1, 1, 1, 2, 2, 3, 5, 10], size=n_placements).tolist()
    start_in = rng.integers(0, 60, n_placements).tolist()
    length = rng.integers(90, 366, n_placements).tolist()
    ends = (rng.random(n_placements) < 0.5).tolist()
    coach = (rng.random(n_placements) < 0.3).tolist()
    support = (rng.random(n_placements) < 0.4).tolist()
    licence_required = (rng.random(n_placements) < 0.15).tolist()
    placements = [
        PlacementProfile(
            key=j,
            occupation=occupation[j],
            latitude=float(placement_lat[j]),
            longitude=float(placement_lon[j]),
            min_dutch=tuple(minimum[j]),  # type: ignore[arg-type]
            hours_per_week=placement_hours[j],
            capacity=capacity[j],
            start_date=TODAY + dt.timedelta(days=start_in[j]),
            end_date=TODAY + dt.timedelta(days=start_in[j] + length[j]) if ends[j] else None,
            job_coach=coach[j],
            language_support=support[j],
            driving_licence_required=licence_required[j],
            region=placement_region[j],
        )
        for j in range(n_placements)
    ]
    return Market(clients, placements, taxonomy, today=TODAY, within_region=within_region)


def reference_total(scores: sp.spmatrix, capacity: np.ndarray, min_score: float) -> float:
    """The optimum by HiGHS on the transportation LP (totally unimodular, so the LP optimum is integral)."""
    pairs = sp.coo_matrix(scores)
    keep = (pairs.data > min_score) & (capacity[pairs.col] > 0)
    rows, cols, values = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    n_clients, n_placements = pairs.shape
    edges = np.arange(len(values))
    constraints = sp.vstack(
        [
            sp.csr_matrix((np.ones(len(edges)), (rows, edges)), shape=(n_clients, len(edges))),
            sp.csr_matrix((np.ones(len(edges)), (cols, edges)), shape=(n_placements, len(edges))),
        ]
    )
    result = linprog(
        -values,
        A_ub=constraints,
        b_ub=np.concatenate([np.ones(n_clients), capacity]),
        bounds=(0, 1),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"reference solver failed: {result.message}")
    return float(-result.fun)


def reference_min_cost_flow(scores: sp.spmatrix, capacity: np.ndarray, min_score: float) -> np.ndarray:
    """The plain reference: one OR-Tools min-cost flow over every allowed pair, nothing else.

    The same whole-number costs as ``assign_optimal`` (``flow.integer_costs``), so both optimise the same
    numbers; no component split, no auction, no fixing.
    """
    pairs = sp.coo_matrix(scores)
    keep = (pairs.data > min_score) & (capacity[pairs.col] > 0)
    rows, cols, values = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    n, m = pairs.shape
    costs, _, _ = flow.integer_costs(values, n + m + 1)
    solver = min_cost_flow.SimpleMinCostFlow()
    sink = n + m
    solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([rows, np.arange(n), n + np.arange(m)]).astype(np.int32),
        np.concatenate([n + cols, np.full(n, sink), np.full(m, sink)]).astype(np.int32),
        np.concatenate([np.ones(len(rows) + n), capacity]).astype(np.int64),
        np.concatenate([-costs, np.zeros(n + m)]).astype(np.int64),
    )
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n], supplies[sink] = 1, -n
    solver.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"reference min-cost flow ended with status {status}")
    used = solver.flows(np.arange(len(rows), dtype=np.int32)) > 0
    result = np.full(n, -1, dtype=np.int64)
    result[rows[used]] = cols[used]
    return result


def largest_component_clients(scores: sp.spmatrix) -> tuple[int, int]:
    """Clients in the largest connected component of the pairs, and the number of components with pairs."""
    n_nodes = sum(scores.shape)
    pairs = scores.tocoo()
    graph = sp.coo_matrix(
        (np.ones(pairs.nnz), (pairs.row, pairs.col + scores.shape[0])), shape=(n_nodes, n_nodes)
    )
    _, labels = connected_components(graph, directed=False)
    with_pairs = np.unique(labels[np.unique(pairs.row)])
    return int(np.bincount(labels[: scores.shape[0]]).max()), len(with_pairs)


# --- the run ---------------------------------------------------------------------------------------------


SECTIONS = ("topk", "regional", "national", "connected")


def run(options: dict[str, Any]) -> dict[str, Any]:
    sizes = QUICK if options.get("quick") else FULL
    seed = int(options.get("seed") or 2026)
    min_score = float(options.get("min_score", 0.5))
    chosen = [name.strip() for name in (options.get("sections") or ",".join(SECTIONS)).split(",")]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        raise CommandError(f"Onbekende onderdelen {unknown}; kies uit {', '.join(SECTIONS)}.")
    figures: dict[str, Any] = {"seed": seed, "quick": bool(options.get("quick")), "min_score": min_score}
    figures["sections"] = ",".join(chosen)
    figures.update({f"size_{name}": value for name, value in sizes.items()})
    figures["postcodes"] = load_postcodes()[3]
    # The machine is shared: its load says how far wall-clock times stand above processor times.
    figures["load_before"] = list(os.getloadavg())
    for number, name in enumerate(SECTIONS):
        if name in chosen:
            # Each section its own stream of draws, so that a section alone builds the same instance.
            rng = np.random.default_rng([seed, number])
            figures.update(SECTION_RUNS[name](sizes, rng, min_score))
    # The whole process's peak resident memory (all phases, the scoring included): an upper bound.
    figures["process_max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["load_after"] = list(os.getloadavg())
    return figures


def topk_section(sizes: dict[str, int], rng: np.random.Generator, min_score: float) -> dict[str, Any]:
    """Top-10 for one client among all placements; the baseline scores every placement first."""
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    market = synthetic_market(sizes["topk_clients"], sizes["topk_placements"], rng)
    figures["topk_build_s"] = time.perf_counter() - started
    timings, processor_timings, baseline, explained = [], [], [], []
    for client in range(market.n_clients):
        started, processor = time.perf_counter(), time.process_time()
        top = top_placements(market, client, 10)
        timings.append(time.perf_counter() - started)
        processor_timings.append(time.process_time() - processor)
        # What the client's page shows besides: each of the ten explained, and the counterfactual.
        started = time.perf_counter()
        for placement in top.indices.tolist():
            explain(market, client, placement, with_counterfactual=False)
        counterfactual(market, client)
        explained.append(timings[-1] + time.perf_counter() - started)
        started = time.perf_counter()
        ranked = market.score_block([client], market.all_placements).ranked()[0]
        np.argsort(-ranked)[:10]
        baseline.append(time.perf_counter() - started)
    figures["client_topk_p50_s"] = float(np.percentile(timings, 50))
    figures["client_topk_p95_s"] = float(np.percentile(timings, 95))
    figures["client_topk_all_scored_p95_s"] = float(np.percentile(baseline, 95))
    # Processor time of the same calls: on a shared machine the wall clock also counts the waits for a
    # core, which a single call of a millisecond cannot avoid.
    figures["client_topk_cpu_p50_s"] = float(np.percentile(processor_timings, 50))
    figures["client_topk_cpu_p95_s"] = float(np.percentile(processor_timings, 95))
    figures["client_topk_explained_p95_s"] = float(np.percentile(explained, 95))
    return figures


def regional_section(sizes: dict[str, int], rng: np.random.Generator, min_score: float) -> dict[str, Any]:
    """One labour market region, dense scores, exact against greedy and the LP reference."""
    figures: dict[str, Any] = {}
    _, _, regions, _ = load_postcodes()
    region_codes = sorted(set(regions.tolist()))
    biggest = max(region_codes, key=lambda code: int((regions == code).sum()))
    market = synthetic_market(sizes["regional_clients"], sizes["regional_placements"], rng, regions=[biggest])
    started = time.perf_counter()
    scores = market.score_matrix(min_score=min_score)
    figures["regional_scoring_s"] = time.perf_counter() - started
    figures["regional_pairs"] = int(scores.nnz)
    capacity = market.capacity
    started = time.perf_counter()
    optimal = assign_optimal(scores, capacity, min_score=min_score)
    figures["regional_assign_s"] = time.perf_counter() - started
    started = time.perf_counter()
    greedy = assign_greedy(scores, capacity, min_score=min_score)
    figures["regional_greedy_s"] = time.perf_counter() - started
    started = time.perf_counter()
    figures["reference_total"] = reference_total(scores, capacity, min_score)
    figures["regional_reference_s"] = time.perf_counter() - started
    figures["optimal_total"] = total_score(scores, optimal)
    figures["greedy_total"] = total_score(scores, greedy)
    figures["regional_placed_optimal"] = int((optimal >= 0).sum())
    figures["regional_placed_greedy"] = int((greedy >= 0).sum())
    return figures


def national_section(sizes: dict[str, int], rng: np.random.Generator, min_score: float) -> dict[str, Any]:
    """All 35 regions at once, sparse; each region's employer service point proposes its own placements
    (within_region), so the pairs form one market per region."""
    figures: dict[str, Any] = {}
    market = synthetic_market(
        sizes["national_clients"], sizes["national_placements"], rng, within_region=True
    )
    started = time.perf_counter()
    scores = market.score_matrix(min_score=min_score)
    figures["national_scoring_s"] = time.perf_counter() - started
    figures["national_pairs"] = int(scores.nnz)
    capacity = market.capacity
    del market
    tracemalloc.start()
    started = time.perf_counter()
    national = assign_optimal(scores, capacity, min_score=min_score)
    figures["national_assign_s"] = time.perf_counter() - started
    figures["national_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    figures["national_placed"] = int((national >= 0).sum())
    figures["national_largest_component_clients"] = largest_component_clients(scores)[0]
    return figures


def connected_section(sizes: dict[str, int], rng: np.random.Generator, min_score: float) -> dict[str, Any]:
    """One national market: candidates found nationally, one connected component, solved at once.

    No region boundary: each client's best placements within travel time, and for the clients willing
    to move the best of their kind of occupation anywhere. ``assign_optimal`` and the plain OR-Tools
    reference run on the same scores in the same process, one after the other.
    """
    min_score = CONNECTED_MIN_SCORE
    figures: dict[str, Any] = {"connected_min_score": min_score}
    market = synthetic_market(
        sizes["connected_clients"], sizes["connected_placements"], rng, willing_to_move=WILLING_TO_MOVE
    )
    started, processor = time.perf_counter(), time.process_time()
    scores = national_candidates(market, per_client=sizes["connected_candidates"], min_score=min_score)
    figures["national_score_s"] = time.perf_counter() - started
    figures["national_score_cpu_s"] = time.process_time() - processor
    capacity = market.capacity
    del market
    figures["connected_clients"], figures["connected_components"] = largest_component_clients(scores)
    figures["connected_clients_total"] = int(scores.shape[0])
    figures["connected_placements"] = int(scores.shape[1])
    figures["connected_pairs"] = int(scores.nnz)
    tracemalloc.start()
    started, processor = time.perf_counter(), time.process_time()
    optimal = assign_optimal(scores, capacity, min_score=min_score)
    figures["connected_assign_s"] = time.perf_counter() - started
    figures["connected_assign_cpu_s"] = time.process_time() - processor
    figures["connected_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    started, processor = time.perf_counter(), time.process_time()
    reference = reference_min_cost_flow(scores, capacity, min_score)
    figures["connected_reference_s"] = time.perf_counter() - started
    figures["connected_reference_cpu_s"] = time.process_time() - processor
    figures["connected_optimal_total"] = total_score(scores, optimal)
    figures["connected_reference_total"] = total_score(scores, reference)
    figures["connected_total_relative_difference"] = abs(
        figures["connected_optimal_total"] - figures["connected_reference_total"]
    ) / max(abs(figures["connected_reference_total"]), 1e-300)
    figures["connected_placed"] = int((optimal >= 0).sum())
    figures["connected_speedup"] = figures["connected_reference_s"] / figures["connected_assign_s"]
    return figures


SECTION_RUNS = {
    "topk": topk_section,
    "regional": regional_section,
    "national": national_section,
    "connected": connected_section,
}
