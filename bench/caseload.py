"""Caseload (with each filter) and client file for a caseworker, at scale, on the configured database.

Runs on ``DATABASE_URL`` (PostgreSQL for figures that mean anything); an empty database is first filled
with ``--seed-clients`` clients of the demo simulation (``werkroute demo``), whose case files are then
copied in SQL up to ``--clients`` (``bench/_replicate.py``); a database with enough clients is used as it
is (``clients`` says how many it holds). The caseworker is the one with the most clients in the municipality
with the most clients. Every page goes through Django's test client (middleware, scope, audit entry,
template), with ``DEBUG`` off as in production. Per page: p95 and p50 of ``--requests`` requests after two
warm-up requests, the number of queries, and the slowest query of one more request, run again under
``EXPLAIN ANALYZE`` (its execution time in ``explain_ms``, its plan in ``plans`` of ``--plans PATH``).
The baseline in the same run is the bare count of the caseworker's clients through its index.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _replicate import replicate

TARGET_S = 0.1

# name → query string of the caseload page; "mine" is where the page opens for a caseworker with clients.
FILTERS: dict[str, dict[str, str]] = {
    "mine": {},
    "mine_search": {"q": "an"},
    "mine_idle": {"idle": "on"},
    "mine_paid_work": {"status": "paid_work"},
    "mine_social_assistance": {"status": "social_assistance"},
    "mine_education": {"status": "education"},
    "mine_no_status": {"status": "none"},
    "mine_route": {"route": "B1"},
    "mine_cohort": {},  # the newest cohort, filled in at run time
    "mine_last_page": {},  # the last page, filled in at run time
    "all": {"scope": "all"},
    "all_search": {"scope": "all", "q": "el"},
    "all_idle": {"scope": "all", "idle": "on"},
    "all_paid_work": {"scope": "all", "status": "paid_work"},
    "all_route": {"scope": "all", "route": "ONDERWIJS"},
    "all_route_idle": {"scope": "all", "route": "Z", "idle": "on"},
}


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--clients", type=int, default=100_000, help="Demo clients to load into an empty database."
    )
    parser.add_argument(
        "--seed-clients",
        type=int,
        default=1000,
        help="On PostgreSQL: demo clients simulated, then copied in SQL up to --clients (bench/_replicate.py).",
    )
    parser.add_argument("--requests", type=int, default=40, help="Timed requests per page.")
    parser.add_argument("--plans", default="", help="Write the EXPLAIN ANALYZE plans to this JSON file.")


def _seconds(timings: list[float], percentile: float) -> float:
    return round(float(np.percentile(timings, percentile)), 6)


def _caseworker() -> tuple[Any, Any, int]:
    """The caseworker with the most clients, in the municipality with the most clients."""
    from werkroute.accounts.models import Role, User
    from werkroute.cases.models import Client

    largest = Client.objects.values("municipality").annotate(n=Count("pk")).order_by("-n").first()
    assert largest is not None, "no clients"
    busiest = (
        Client.objects.filter(
            municipality=largest["municipality"],
            caseworker__memberships__role=Role.CASEWORKER,
            caseworker__memberships__organisation__municipality=largest["municipality"],
        )
        .values("caseworker")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "no caseworker with clients"
    return User.objects.get(pk=busiest["caseworker"]), largest["municipality"], largest["n"]


def _explain(sql: str, params: Any) -> tuple[float | None, str]:
    if connection.vendor != "postgresql":
        return None, ""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return round(float(plan[0]["Execution Time"]), 3), json.dumps(plan[0]["Plan"])


def _slowest_query(browser: TestClient, path: str, params: dict[str, str]) -> dict[str, Any]:
    """One request with its queries recorded: how many, and the slowest one under EXPLAIN ANALYZE."""
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(path, params)
    assert response.status_code == 200, response.status_code
    reads = [
        query for query in captured.captured_queries if query["sql"].lstrip().upper().startswith("SELECT")
    ]
    slowest = max(reads, key=lambda query: float(query["time"]))
    # The recorded SQL has its parameters filled in by the driver, so it runs as it is.
    explain_ms, plan = _explain(slowest["sql"], None)
    return {
        "queries": len(captured.captured_queries),
        "slowest_query_s": round(float(slowest["time"]), 4),
        "explain_ms": explain_ms,
        "sql": slowest["sql"][:4000],
        "plan": plan,
    }


def _timed_pages(browser: TestClient, path: str, params: dict[str, str], requests: int) -> list[float]:
    timings = []
    for number in range(2 + requests):
        started = time.perf_counter()
        response = browser.get(path, params)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, params, response.status_code)
        if number >= 2:
            timings.append(elapsed)
    return timings


def run(options: dict[str, Any]) -> dict[str, Any]:
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], WERKROUTE_REQUIRE_TWO_FACTOR=False):
        return _run(options)


def _run(options: dict[str, Any]) -> dict[str, Any]:
    from werkroute.cases.models import Client
    from werkroute.cases.selectors import learning_route_drift
    from werkroute.cases.views import CASELOAD_PAGE_SIZE

    wanted = 300 if options["quick"] else options["clients"]
    requests = 5 if options["quick"] else options["requests"]
    call_command("migrate", verbosity=0)  # a new database (the quick run's own folder) starts empty
    if not Client.objects.exists():
        seed_clients = min(wanted, options["seed_clients"]) if connection.vendor == "postgresql" else wanted
        call_command("demo", "--clients", str(seed_clients), "--seed", str(options["seed"]), verbosity=0)
    if connection.vendor == "postgresql" and Client.objects.count() < wanted:
        replicate(wanted)
        with connection.cursor() as cursor:
            # As autovacuum would after a load this size: statistics for the planner, and the visibility
            # map that lets a count or a deep page be answered from an index alone (this machine's
            # cluster runs with autovacuum off, so the bench does it itself).
            cursor.execute("VACUUM ANALYZE")
    user, _municipality, municipality_clients = _caseworker()
    own = Client.objects.filter(caseworker=user)
    caseload_size = own.count()
    cohort = (
        own.filter(permit_date__isnull=False).order_by("-permit_date").values_list("permit_date", flat=True)
    )
    FILTERS["mine_cohort"] = {"cohort": str(cohort.first().year)} if cohort.exists() else {}
    FILTERS["mine_last_page"] = {"pagina": str(max(1, -(-caseload_size // CASELOAD_PAGE_SIZE)))}

    browser = TestClient()
    browser.force_login(user)
    path = reverse("cases:caseload")
    figures: dict[str, Any] = {}
    plans: dict[str, Any] = {}
    for name, params in FILTERS.items():
        timings = _timed_pages(browser, path, params, requests)
        detail = _slowest_query(browser, path, params)
        plans[f"caseload_{name}"] = {"params": params, **detail}
        figures[f"caseload_{name}_p95_s"] = _seconds(timings, 95)
        figures[f"caseload_{name}_p50_s"] = _seconds(timings, 50)
        figures[f"caseload_{name}_queries"] = detail["queries"]
        figures[f"caseload_{name}_slowest_explain_ms"] = detail["explain_ms"]

    ids = list(own.values_list("pk", flat=True)[:5000])
    rng = random.Random(options["seed"])  # noqa: S311 (which files to open, not secrets)
    chosen = [rng.choice(ids) for _ in range(requests + 2)]
    timings = []
    for number, client_id in enumerate(chosen):
        started = time.perf_counter()
        response = browser.get(reverse("cases:client", kwargs={"client_id": client_id}))
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if number >= 2:
            timings.append(elapsed)
    detail = _slowest_query(browser, reverse("cases:client", kwargs={"client_id": chosen[-1]}), {})
    plans["client_file"] = detail
    figures["client_file_p95_s"] = _seconds(timings, 95)
    figures["client_file_p50_s"] = _seconds(timings, 50)
    figures["client_file_queries"] = detail["queries"]
    figures["client_file_slowest_explain_ms"] = detail["explain_ms"]

    baseline = []
    for _ in range(requests):
        started = time.perf_counter()
        Client.objects.filter(caseworker=user).count()
        baseline.append(time.perf_counter() - started)
    figures["baseline_count_p95_s"] = _seconds(baseline, 95)
    figures["baseline_count_p50_s"] = _seconds(baseline, 50)

    pages = [
        value for key, value in figures.items() if key.endswith("_p95_s") and not key.startswith("baseline")
    ]
    started = time.perf_counter()
    drift = learning_route_drift().count()
    figures.update(
        clients=Client.objects.count(),
        municipality_clients=municipality_clients,
        caseload_size=caseload_size,
        requests_per_page=requests,
        database=connection.vendor,
        route_drift=drift,
        route_drift_check_s=round(time.perf_counter() - started, 3),
        worst_page_p95_s=max(pages),
        median_page_p95_s=round(statistics.median(pages), 6),
        target_s=TARGET_S,
        meets_target=max(pages) < TARGET_S,
    )
    if options["plans"]:
        Path(options["plans"]).write_text(json.dumps(plans, indent=2) + "\n", encoding="utf-8")
    return figures
