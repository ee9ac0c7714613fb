"""The continuity signal sweep on the monitoring benchmark's national data set.

Uses the data set of ``bench/monitoring.py`` (built on first use, reused after; the follow-up tables are
added by a migration and emptied at the start). Reports:

- ``sweep_s``: the whole sweep from no signals at all (every signal raised, with its timeline event);
  ``sweep_again_s``: a second sweep the same day, which finds everything in place;
- ``baseline_s``: the same rules as a per-client ORM loop (each rule's query for that one client, then
  the client's live signals compared and new ones created one by one), timed on a random sample of
  ``--sample`` clients (at least 5,000 in a full run) inside a transaction that is rolled back, and
  scaled up to all clients; ``speedup`` = ``baseline_s / sweep_s``;
- ``inbox_p95_s``: the start page's signal block (selector and template) for a caseworker with 200 open
  signals, after two warm-up renders; ``start_page_p95_s``: the whole start page through Django's test
  client (the caseload list included).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import statistics
import sys
import time
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import Client as TestClient
from django.test import RequestFactory, override_settings
from django.urls import reverse


def add_arguments(parser: Any) -> None:
    parser.add_argument("--clients", type=int, default=300_000, help="Size of the data set (300,000).")
    parser.add_argument("--sample", type=int, default=5_000, help="Clients timed for the baseline (5,000).")
    parser.add_argument("--requests", type=int, default=40, help="Inbox renders to time.")
    parser.add_argument("--rebuild", action="store_true", help="Build the data set anew.")


def _p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return round(timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)], 4)


def run(options: dict[str, Any]) -> dict[str, Any]:
    with override_settings(DEBUG=False):
        return _run(options)


def _monitoring_bench() -> Any:
    from werkroute.core.management.commands.bench import load

    return load("monitoring")


def _run(options: dict[str, Any]) -> dict[str, Any]:
    monitoring = _monitoring_bench()
    path, build_s = monitoring._dataset(
        {
            "quick": options["quick"],
            "clients": options["clients"],
            "seed": options["seed"],
            "rebuild": options.get("rebuild"),
        }
    )
    call_command("migrate", verbosity=0)

    from werkroute.cases.models import Client, TimelineEvent
    from werkroute.followup import events, sweep
    from werkroute.followup.models import AfterCare, Signal, SweepRun

    today: dt.date = monitoring.AS_OF
    TimelineEvent.objects.filter(kind__in=events.SIGNAL_KINDS | events.AFTER_CARE_KINDS).delete()
    Signal.objects.all().delete()
    # After-care too (its check-ins go with it): the sweep starts it for every recent start of work.
    AfterCare.objects.all().delete()
    SweepRun.objects.all().delete()
    clients = Client.objects.count()
    figures: dict[str, Any] = {"database": path.name, "dataset_build_s": build_s, "as_of": today.isoformat()}
    # The machine is shared: its load says how much the timings below can be trusted.
    figures["cores"] = os.cpu_count()
    figures["load_before"] = [round(value, 2) for value in os.getloadavg()]

    # Processor time beside the wall clock: on a loaded machine the wall clock mostly waits for a core.
    started, processor = time.perf_counter(), time.process_time()
    result = sweep.sweep(today)
    figures["sweep_s"] = round(time.perf_counter() - started, 3)
    figures["sweep_cpu_s"] = round(time.process_time() - processor, 3)
    started, processor = time.perf_counter(), time.process_time()
    again = sweep.sweep(today)
    figures["sweep_again_s"] = round(time.perf_counter() - started, 3)
    figures["sweep_again_cpu_s"] = round(time.process_time() - processor, 3)
    assert again.changed == 0, "a second sweep on the same day changed signals"
    figures["clients"] = clients
    figures["signals_open"] = Signal.objects.filter(status="open").count()
    figures["signals_per_rule"] = dict(sorted(result.raised.items()))

    _progress(figures)
    figures.update(_inbox(today, 5 if options["quick"] else options["requests"]))
    _progress(figures)
    # The baseline last: on a loaded machine it takes the better part of an hour at full size.
    sample_size = min(clients, 200 if options["quick"] else options["sample"])
    figures["baseline_sample"] = sample_size
    figures["baseline_sample_s"] = _baseline(today, sample_size, options["seed"])
    figures["baseline_s"] = round(figures["baseline_sample_s"] * clients / sample_size, 3)
    figures["baseline_scaled"] = sample_size < clients
    figures["speedup"] = round(figures["baseline_s"] / figures["sweep_s"], 1)
    figures["load_after"] = [round(value, 2) for value in os.getloadavg()]
    return figures


def _progress(figures: dict[str, Any]) -> None:
    # The figures so far, for whoever watches a long run (the JSON file is written at the end).
    print(json.dumps(figures, sort_keys=True), file=sys.stderr, flush=True)


def _baseline(today: dt.date, sample_size: int, seed: int) -> float:
    """The same rules, one client at a time, as a straightforward ORM loop would (rolled back after)."""
    from werkroute.cases.models import Client
    from werkroute.followup.models import LIVE_STATUSES, Signal
    from werkroute.followup.rules import RULES, Scope
    from werkroute.followup.sweep import groups, load_overrides

    ids = list(Client.objects.values_list("pk", flat=True))
    sample = random.Random(seed).sample(ids, sample_size)  # noqa: S311 (a reproducible sample, not a secret)
    overrides = load_overrides()
    started = time.perf_counter()
    with transaction.atomic():
        for number, client_id in enumerate(sample):
            if number and number % 250 == 0:
                # How far a long run got, and at what pace, should it have to be stopped.
                elapsed = time.perf_counter() - started
                print(f"baseline: {number} clients in {elapsed:.1f} s", file=sys.stderr, flush=True)
            client = Client.objects.get(pk=client_id)
            for rule in RULES:
                scope, params = groups(rule, overrides)[0]
                for municipality_scope, own in groups(rule, overrides)[1:]:
                    if municipality_scope.include and client.municipality_id in municipality_scope.include:
                        params = own
                found = {
                    finding.subject: finding
                    for finding in rule.find(today, params, Scope(client_ids=frozenset([client_id])))
                }
                live = set(
                    Signal.objects.filter(
                        client=client, rule=rule.code, status__in=LIVE_STATUSES
                    ).values_list("subject", flat=True)
                )
                for subject, finding in found.items():
                    if subject not in live:
                        Signal.objects.create(
                            client=client,
                            rule=rule.code,
                            subject=subject,
                            raised_on=today,
                            due_on=finding.due_on,
                            reason=finding.reason,
                        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    del scope
    return round(elapsed, 3)


def _inbox(today: dt.date, requests: int) -> dict[str, Any]:
    """A caseworker with 200 open signals: the one with most, topped up with clients that have open
    signals (their caseworker changed in a transaction that is rolled back after)."""
    from django.db.models import Count

    from werkroute.accounts.models import Membership, Role
    from werkroute.cases.models import Client
    from werkroute.followup import views
    from werkroute.followup.models import Signal

    busiest = (
        Signal.objects.filter(status="open", client__caseworker__isnull=False)
        .values("client__caseworker", "client__municipality")
        .annotate(number=Count("pk"))
        .order_by("-number")
        .first()
    )
    assert busiest is not None, "no open signals with a caseworker"
    member = Membership.objects.select_related("user").get(
        user_id=busiest["client__caseworker"],
        role=Role.CASEWORKER,
        organisation__municipality=busiest["client__municipality"],
    )
    user = member.user
    figures: dict[str, Any] = {}
    with transaction.atomic():
        wanted = 200
        have = Signal.objects.filter(status="open", client__caseworker=user).count()
        if have < wanted:
            extra = (
                Client.objects.filter(municipality_id=busiest["client__municipality"], signals__status="open")
                .exclude(caseworker=user)
                .annotate(open=Count("signals"))
                .values_list("pk", "open")
            )
            chosen = []
            for client_id, number in extra:
                if have >= wanted:
                    break
                chosen.append(client_id)
                have += number
            Client.objects.filter(pk__in=chosen).update(caseworker=user)
        # Exactly 200: close the surplus in this rolled-back transaction.
        surplus = list(
            Signal.objects.filter(status="open", client__caseworker=user)
            .order_by("-due_on")
            .values_list("pk", flat=True)[: max(0, have - wanted)]
        )
        Signal.objects.filter(pk__in=surplus).update(status="dismissed")
        figures["inbox_signals"] = Signal.objects.filter(status="open", client__caseworker=user).count()

        factory = RequestFactory()
        timings = []
        for number in range(2 + requests):
            request = factory.get("/klanten/")
            request.user = user
            started = time.perf_counter()
            views.start_page_block(request, None)
            if number >= 2:
                timings.append(time.perf_counter() - started)
        figures["inbox_p50_s"] = round(statistics.median(timings), 4)
        figures["inbox_p95_s"] = _p95(timings)

        browser = TestClient()
        browser.force_login(user)
        timings = []
        with override_settings(ALLOWED_HOSTS=["testserver"], WERKROUTE_REQUIRE_TWO_FACTOR=False):
            for number in range(2 + requests):
                started = time.perf_counter()
                response = browser.get(reverse("cases:caseload"))
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, response.status_code
                if number >= 2:
                    timings.append(elapsed)
        figures["start_page_p95_s"] = _p95(timings)
        transaction.set_rollback(True)
    return figures
