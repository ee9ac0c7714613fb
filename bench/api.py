"""The JSON API at scale: list (a synchronisation page by page), detail and create of clients.

Runs on the configured database (``DATABASE_URL``; PostgreSQL for figures that mean anything) and
tops up a benchmark municipality to ``--clients`` clients with bulk inserts, kept between runs. Every
request goes through Django's test client with a real token from the real token URL, so the figures
include authentication, scope, the audit entries and the serialisation. The baseline is the same page
read straight from the ORM in the same run, so the API's own cost is visible.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import random
import time
import uuid
from typing import Any

import numpy as np
from django.test import Client as TestClient
from django.test.utils import override_settings

BENCH_MUNICIPALITY = "GM9990"
PAGE_SIZE = 50


def add_arguments(parser: Any) -> None:
    parser.add_argument("--clients", type=int, default=100_000, help="Clients in the benchmark municipality.")
    parser.add_argument("--requests", type=int, default=100, help="Requests to time per kind.")


def _setting() -> tuple[Any, Any, Any]:
    from werkroute.accounts.models import Membership, Role, User
    from werkroute.cases.models import TargetGroup
    from werkroute.regions.models import Municipality, Organisation, OrganisationKind, Region

    region, _ = Region.objects.get_or_create(code="AM99", defaults={"name": "Benchregio"})
    municipality, _ = Municipality.objects.get_or_create(
        code=BENCH_MUNICIPALITY,
        defaults={"name": "Benchgemeente", "province": "Gelderland", "region": region},
    )
    organisation, _ = Organisation.objects.get_or_create(
        name="Gemeente Benchgemeente",
        kind=OrganisationKind.MUNICIPALITY,
        defaults={"municipality": municipality, "region": region},
    )
    caseworker, _ = User.objects.get_or_create(username="bench-klantmanager")
    Membership.objects.get_or_create(user=caseworker, organisation=organisation, role=Role.CASEWORKER)
    TargetGroup.objects.get_or_create(code="statushouder", defaults={"name": "Statushouder"})
    return municipality, organisation, caseworker


def _top_up(municipality: Any, caseworker: Any, wanted: int) -> float | None:
    from werkroute.cases.models import Client, TargetGroup

    have = Client.objects.filter(municipality=municipality).count()
    if have >= wanted:
        return None
    started = time.perf_counter()
    group = TargetGroup.objects.get(code="statushouder")
    rng = random.Random(have)  # noqa: S311 (synthetic data, not secrets)
    batch = []
    for number in range(have, wanted):
        permit = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3500))
        batch.append(
            Client(
                first_name=f"Voornaam{number}",
                last_name=f"Achternaam{number}",
                date_of_birth=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000)),
                municipality=municipality,
                permit_date=permit,
                registration_date=permit + dt.timedelta(days=rng.randrange(200)),
                target_group=group,
                caseworker=caseworker,
                gender="female" if number % 2 else "male",
            )
        )
        if len(batch) == 5000:
            Client.objects.bulk_create(batch)
            batch = []
    Client.objects.bulk_create(batch)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_client")  # as autovacuum would after a load this size
    return round(time.perf_counter() - started, 1)


def _p95(timings: list[float]) -> float:
    return round(float(np.percentile(timings, 95)), 6)


def _p50(timings: list[float]) -> float:
    return round(float(np.percentile(timings, 50)), 6)


def run(options: dict[str, Any]) -> dict[str, Any]:
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], WERKROUTE_API_RATE_LIMIT=0):
        return _run(options)


def _run(options: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from werkroute.api.scopes import SCOPES
    from werkroute.api.services import create_api_client
    from werkroute.cases.models import Client

    size = 300 if options["quick"] else options["clients"]
    requests = 10 if options["quick"] else options["requests"]
    municipality, organisation, caseworker = _setting()
    build_s = _top_up(municipality, caseworker, size)
    api_client, secret = create_api_client(organisation=organisation, scopes=list(SCOPES), name="Benchmark")
    basic = base64.b64encode(f"{api_client.application.client_id}:{secret}".encode()).decode()
    token = (
        TestClient()
        .post(
            "/api/v1/oauth/token", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
        )
        .json()["access_token"]
    )
    http = TestClient(headers={"Authorization": f"Bearer {token}"})
    ids = list(Client.objects.filter(municipality=municipality).values_list("pk", flat=True)[: requests * 20])
    rng = random.Random(16)  # noqa: S311 (which clients to read, not secrets)

    def timed(call: Any) -> tuple[float, Any]:
        started = time.perf_counter()
        response = call()
        return time.perf_counter() - started, response

    load_at_start = os.getloadavg()[0]
    for _ in range(3):  # warm-up: connections, caches, the first token check
        http.get("/api/v1/clients", {"pageSize": PAGE_SIZE})

    # A synchronisation: page after page by the cursor, from the start.
    list_times, url = [], f"/api/v1/clients?pageSize={PAGE_SIZE}"
    for _ in range(requests):
        seconds, response = timed(lambda url=url: http.get(url))
        assert response.status_code == 200, response.content[:300]
        list_times.append(seconds)
        following = response.json()["next"]
        url = following.split("testserver", 1)[1] if following else f"/api/v1/clients?pageSize={PAGE_SIZE}"

    detail_times = []
    for pk in rng.sample(ids, min(requests, len(ids))):
        seconds, response = timed(lambda pk=pk: http.get(f"/api/v1/clients/{pk}"))
        assert response.status_code == 200
        detail_times.append(seconds)

    create_times = []
    for number in range(requests):
        body = {
            "firstName": "Nieuw",
            "lastName": f"Klant{uuid.uuid4().hex[:8]}",
            "dateOfBirth": "1990-04-01",
            "municipality": BENCH_MUNICIPALITY,
            "permitDate": "2024-01-10",
            "registrationDate": "2024-02-01",
            "caseworker": caseworker.pk,
            "gender": "female",
        }
        seconds, response = timed(
            lambda body=body, number=number: http.post(
                "/api/v1/clients",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": f"bench-{uuid.uuid4()}-{number}"},
            )
        )
        assert response.status_code == 201, response.content[:300]
        create_times.append(seconds)

    # Baseline: the same page as plain rows from the ORM, without the API around it.
    baseline_times = []
    for _ in range(requests):
        seconds, _rows = timed(
            lambda: list(
                Client.objects.filter(municipality=municipality).order_by("updated_at", "pk")[
                    PAGE_SIZE : 2 * PAGE_SIZE
                ]
            )
        )
        baseline_times.append(seconds)

    return {
        "database": connection.vendor,
        "clients": Client.objects.filter(municipality=municipality).count(),
        "dataset_build_s": build_s,
        "requests": requests,
        "page_size": PAGE_SIZE,
        "list_p95_s": _p95(list_times),
        "list_p50_s": _p50(list_times),
        "detail_p95_s": _p95(detail_times),
        "detail_p50_s": _p50(detail_times),
        "create_p95_s": _p95(create_times),
        "create_p50_s": _p50(create_times),
        "baseline_orm_page_p95_s": _p95(baseline_times),
        "target_s": 0.1,
        # Other work on the machine shows in every figure: the load average (1 minute) and the cores.
        "load_average_start": round(load_at_start, 2),
        "load_average_end": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }
