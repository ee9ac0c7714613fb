"""The market pages on the demo region: a placement page with its candidates, and the regional batch.

The data set is the demo itself (``werkroute demo --clients N``: the Rijk van Nijmegen region with its
employers, open placements, referrals and synthetic clients), built once into its own SQLite file under
``var/bench/`` and reused by later runs of the same size and seed (``--rebuild`` builds it anew). Every
request goes through Django's test client, so the real view runs with its middleware, scope checks,
audit entries and template. Figures:
- ``placement_page_p95_s``: the page of the first open placement (by id) with free places, as the
  caseworker of Nijmegen sees it: the engine ranks the region's clients and explains the best ten
  (``candidates`` of them shown).
- ``batch_page_p95_s``: the regional batch of the employer service point: every client of the region
  scored against every open placement, the optimal and the greedy assignment and the equity figures.
- ``baseline_orm_clients_p95_s``: in the same run, only reading the region's candidate pool as plain
  columns (the query both pages start from): the floor under both pages.
- ``baseline_page_without_candidates_p95_s``: in the same run, the page of a placement without free
  places, which reads the pool's columns but no skills or work history (``null`` when every placement
  has room).
- ``*_default_gc_*``: both pages first with Python's own garbage collector settings, before the process
  is settled as ``wsgi.py`` settles every web process (``core/garbage.py``); ``*_cpu_*``: processor time.
- ``placement_page_queries``, ``batch_page_queries``: the queries of one request of each (the audit
  entries written, one per person shown, not counted).

Target (issue 11): both pages under ``target_s`` (0.3 s) at p95; ``meets_target`` says whether they were.
Everything runs with ``DEBUG`` off, as in production; ``load_before`` and ``load_after`` give the
machine's load average, as the timings depend on what else runs.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from werkroute.core.garbage import settle_after_startup
from werkroute.core.management.commands.bench import use_own_sqlite

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pages as pages

TARGET_S = 0.3
CASEWORKER = "klantmanager.nijmegen"
SERVICE_POINT = "wsp.nijmegen"


def add_arguments(parser: Any) -> None:
    parser.add_argument("--clients", type=int, default=2000, help="Demo clients (2,000, as `make demo`).")
    parser.add_argument("--requests", type=int, default=30, help="Requests to time per page.")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set anew.")


def _dataset(clients: int, seed: int, rebuild: bool) -> tuple[Path, float | None]:
    """The demo database of this size and seed: found again, or loaded with the demo command."""
    path = Path(settings.VAR_DIR) / "bench" / f"market-{clients}-{seed}.sqlite3"
    ready = path.with_suffix(".ready")
    path.parent.mkdir(parents=True, exist_ok=True)
    use_own_sqlite(path)
    if ready.exists() and not rebuild:
        call_command("migrate", verbosity=0)  # a copy built by an earlier version of the schema
        return path, None
    connections["default"].close()
    for old in (path, ready, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", clients=clients, seed=seed, stdout=io.StringIO())
    ready.write_text(f"built {dt.date.today().isoformat()}\n")
    return path, round(time.perf_counter() - started, 1)


def _queries(url: str, user: Any) -> int:
    """Reads of one request (the audit entries, one per person shown, left out)."""
    from django.test import Client as TestClient

    browser = TestClient()
    browser.force_login(user)
    with (
        override_settings(ALLOWED_HOSTS=["testserver"], WERKROUTE_REQUIRE_TWO_FACTOR=False),
        CaptureQueriesContext(connection) as captured,
    ):
        browser.get(url)
    return sum(1 for query in captured if 'INSERT INTO "audit_auditevent"' not in query["sql"])


def run(options: dict[str, Any]) -> dict[str, Any]:
    with override_settings(DEBUG=False):
        return _run(options)


def _run(options: dict[str, Any]) -> dict[str, Any]:
    clients = 150 if options["quick"] else options["clients"]
    path, build_s = _dataset(clients, options["seed"], options.get("rebuild", False))

    from werkroute.accounts.models import User
    from werkroute.cases.models import Client
    from werkroute.placements import selectors
    from werkroute.placements.matching_adapter import CLIENT_COLUMNS
    from werkroute.placements.models import Placement, PlacementStatus

    caseworker = User.objects.get(username=CASEWORKER)
    service_point = User.objects.get(username=SERVICE_POINT)
    day = dt.date.today()
    open_placements = selectors.with_open_capacity(
        Placement.objects.filter(status=PlacementStatus.OPEN).select_related("employer")
    ).order_by("pk")
    with_room = open_placements.filter(open_capacity__gt=0).first()
    assert with_room is not None, "the demo has no open placement with free places"
    full = open_placements.filter(open_capacity__lte=0).first()
    pool = selectors._region_clients([with_room.employer.region_id], day)
    requests = 5 if options["quick"] else options["requests"]

    load_before = os.getloadavg()
    placement_url = reverse("placements:detail", args=[with_room.pk])
    batch_url = reverse("placements:batch")
    # First with Python's own collector settings, the baseline; then as a web process runs after
    # ``wsgi.py`` settled its collector (``core/garbage.py``), which is what the targets are about.
    default_threshold = gc.get_threshold()
    placement_default, placement_default_cpu = pages.timed_page_with_processor_time(
        placement_url, caseworker, requests
    )
    batch_default, batch_default_cpu = pages.timed_page_with_processor_time(
        batch_url, service_point, requests
    )
    settle_after_startup()
    try:
        placement_page, placement_cpu = pages.timed_page_with_processor_time(
            placement_url, caseworker, requests
        )
        batch_page, batch_cpu = pages.timed_page_with_processor_time(batch_url, service_point, requests)
        reads = []
        for _ in range(pages.WARM_UP + requests):
            started = time.perf_counter()
            list(pool.values_list(*CLIENT_COLUMNS))
            reads.append(time.perf_counter() - started)
        reads = reads[pages.WARM_UP :]
        without = (
            pages.timed_page(reverse("placements:detail", args=[full.pk]), caseworker, requests)
            if full
            else None
        )
    finally:
        gc.unfreeze()
        gc.set_threshold(*default_threshold)
    load_after = os.getloadavg()

    placement_p95, batch_p95 = pages.p95(placement_page), pages.p95(batch_page)
    return {
        "database": path.name,
        "dataset_build_s": build_s,
        "clients": Client.objects.count(),
        "pool_clients": pool.count(),
        "placements": open_placements.count(),
        "candidates": len(selectors.recommended_candidates(caseworker, with_room, today=day)),
        "requests": requests,
        "placement_page_p50_s": pages.p50(placement_page),
        "placement_page_p95_s": placement_p95,
        "batch_page_p50_s": pages.p50(batch_page),
        "batch_page_p95_s": batch_p95,
        "placement_page_cpu_p50_s": pages.p50(placement_cpu),
        "placement_page_cpu_p95_s": pages.p95(placement_cpu),
        "batch_page_cpu_p50_s": pages.p50(batch_cpu),
        "batch_page_cpu_p95_s": pages.p95(batch_cpu),
        "placement_page_default_gc_p95_s": pages.p95(placement_default),
        "placement_page_default_gc_cpu_p95_s": pages.p95(placement_default_cpu),
        "batch_page_default_gc_p95_s": pages.p95(batch_default),
        "batch_page_default_gc_cpu_p95_s": pages.p95(batch_default_cpu),
        "baseline_orm_clients_p95_s": pages.p95(reads),
        "baseline_page_without_candidates_p95_s": pages.p95(without) if without else None,
        "placement_page_queries": _queries(placement_url, caseworker),
        "batch_page_queries": _queries(batch_url, service_point),
        "target_s": TARGET_S,
        "meets_target": placement_p95 < TARGET_S and batch_p95 < TARGET_S,
        "cores": os.cpu_count(),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in load_after],
    }
