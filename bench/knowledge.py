"""The knowledge base at national scale: measuring every intervention's outcomes, and its page.

The data set is the monitoring benchmark's (``bench/monitoring.py``: 300,000 clients with intakes,
plans, activities and labour market spells from the demo simulation), copied once into its own SQLite
file under ``var/bench/`` and given the demo catalogue: each started activity of an intervention's
kinds is linked to it with a chance that depends on the client's profile (men and clients with an
intake more often), so that participants are selected as in practice. Later runs of the same size and
seed reuse the copy (``--rebuild`` makes it anew).

Figures:
- ``interventions``, ``participants``: the catalogue's size and the clients linked to any intervention.
- ``dataset_build_s``, ``link_s``: building the data set (copy, migrate, catalogue, links) and its
  linking step alone, when this run built it (``null`` when it reused the copy).
- ``compute_s``: the measurement job (``knowledge.services.measure_outcomes``: read every client, build
  each intervention's comparison group, estimate and store), median of ``--repeat`` runs; ``load_s``
  and ``estimate_s`` are its reading and its estimating, measured apart in the same run. Each has its
  processor time beside it (``*_cpu_s``): on a shared machine the wall clock also waits for others.
- ``page_p95_s``: the 95th percentile of requesting the page of the intervention with the most
  participants (its outcomes read from storage), through Django's test client, after two warm-ups;
  ``page_cpu_mean_s`` its processor time per request.
- ``baseline_catalogue_p95_s``: the catalogue's list page in the same run, a page that reads no
  measurement, as the reference for what the outcomes add.
- ``cores``, ``load_before``, ``load_after``: the machine's load averages around the run (shared machines);
  ``blas_threads``: OpenBLAS threads per process (``OPENBLAS_NUM_THREADS``, one unless the environment
  says otherwise: ``werkroute.manage.one_blas_thread``).

Everything runs with ``DEBUG`` off, as in production.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from django.urls import reverse

from werkroute.core.management.commands.bench import load, use_own_sqlite

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pages as pages

monitoring = load("monitoring")
AS_OF = monitoring.AS_OF


def add_arguments(parser: Any) -> None:
    parser.add_argument("--clients", type=int, default=300_000, help="Size of the data set (300,000).")
    parser.add_argument("--repeat", type=int, default=3, help="Measurements to time (median reported).")
    parser.add_argument("--requests", type=int, default=40, help="Page requests to time.")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set anew.")


def _dataset(options: dict[str, Any]) -> tuple[Path, float | None]:
    source, _built = monitoring._dataset({**options, "rebuild": options.get("rebuild", False)})
    path = source.with_name(source.name.replace("monitoring-", "knowledge-"))
    ready = path.with_suffix(".ready")
    if ready.exists() and not options.get("rebuild") and not options["quick"]:
        use_own_sqlite(path)
        return path, None
    started = time.perf_counter()
    with connections["default"].cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections["default"].close()
    for old in (path, ready, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    shutil.copyfile(source, path)
    use_own_sqlite(path)
    call_command("migrate", verbosity=0)
    _plant(options["seed"])
    ready.write_text("built\n")
    return path, time.perf_counter() - started


# The linking step of the last build in this process (``link_s``, ``link_cpu_s``, ``links_made``).
LINKING: dict[str, float] = {}


def _plant(seed: int) -> None:
    """The demo catalogue, and links from started activities to it, selected on the client's profile."""
    from werkroute.demo.knowledge import link_activities, load_catalogue

    catalogue = load_catalogue()
    started, processor = time.perf_counter(), time.process_time()
    made = link_activities(catalogue, seed)
    LINKING.update(
        link_s=round(time.perf_counter() - started, 3),
        link_cpu_s=round(time.process_time() - processor, 3),
        links_made=made,
    )


def run(options: dict[str, Any]) -> dict[str, Any]:
    with override_settings(DEBUG=False):
        return _run(options)


def _run(options: dict[str, Any]) -> dict[str, Any]:
    from werkroute.accounts.models import Membership, Role
    from werkroute.knowledge import adapter, outcomes, services
    from werkroute.knowledge.models import ActivityIntervention, Intervention, InterventionOutcome

    path, build_s = _dataset(options)
    figures: dict[str, Any] = {
        "database": path.name,
        "dataset_build_s": None if build_s is None else round(build_s, 3),
        **LINKING,
        "as_of": AS_OF.isoformat(),
        # The machine is shared: its load says how much the timings below can be trusted.
        "cores": os.cpu_count(),
        "load_before": [round(value, 2) for value in os.getloadavg()],
        # Set by the ``werkroute`` entry point (``manage.one_blas_thread``) unless the environment chose.
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }
    from werkroute.cases.models import Client

    figures["clients"] = Client.objects.count()
    figures["interventions"] = Intervention.objects.count()
    figures["links"] = ActivityIntervention.objects.count()

    started, processor = time.perf_counter(), time.process_time()
    population = adapter.load_population(AS_OF)
    figures["load_s"] = round(time.perf_counter() - started, 3)
    figures["load_cpu_s"] = round(time.process_time() - processor, 3)
    started, processor = time.perf_counter(), time.process_time()
    outcomes.measure_all(population, list(Intervention.objects.values_list("pk", flat=True)))
    figures["estimate_s"] = round(time.perf_counter() - started, 3)
    figures["estimate_cpu_s"] = round(time.process_time() - processor, 3)
    del population

    runs, processor_runs = [], []
    for _ in range(1 if options["quick"] else options["repeat"]):
        started, processor = time.perf_counter(), time.process_time()
        services.measure_outcomes(AS_OF)
        runs.append(time.perf_counter() - started)
        processor_runs.append(time.process_time() - processor)
    figures["compute_s"] = round(statistics.median(runs), 3)
    figures["compute_runs_s"] = [round(value, 3) for value in runs]
    # Processor time of this process (its reading threads and SQLite included): what the job itself
    # needed, whatever the neighbours on a shared machine took of the wall clock.
    figures["compute_cpu_s"] = round(statistics.median(processor_runs), 3)
    figures["compute_runs_cpu_s"] = [round(value, 3) for value in processor_runs]
    stored = list(InterventionOutcome.objects.values_list("participants", "measured"))
    figures["participants"] = sum(participants for participants, _ in stored)
    figures["measured_interventions"] = sum(1 for _, measured in stored if measured)

    member = Membership.objects.filter(role=Role.CASEWORKER).select_related("user").first()
    assert member is not None
    busiest = (
        InterventionOutcome.objects.order_by("-participants")
        .values_list("intervention_id", flat=True)
        .first()
    )
    requests = 5 if options["quick"] else options["requests"]
    processor = time.process_time()
    page = pages.timed_page(reverse("knowledge:intervention", args=[busiest]), member.user, requests)
    # Warm-ups included: what one request costs this process, apart from waiting for a core.
    page_cpu = (time.process_time() - processor) / (requests + pages.WARM_UP)
    listing = pages.timed_page(reverse("knowledge:catalogue"), member.user, requests)
    figures.update(
        page_requests=len(page),
        page_p50_s=round(statistics.median(page), 4),
        page_p95_s=pages.p95(page),
        page_cpu_mean_s=round(page_cpu, 4),
        baseline_catalogue_p95_s=pages.p95(listing),
        load_after=[round(value, 2) for value in os.getloadavg()],
    )
    return figures
