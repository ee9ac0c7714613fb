"""Metrics for Prometheus: requests, latency and the job queue's backlog, behind a token.

Under gunicorn every worker process counts for itself; with ``PROMETHEUS_MULTIPROC_DIR`` set (the
gunicorn configuration in ``deploy/`` does) the processes write their counts to files there and a scrape
adds them up, so the figures do not depend on which worker answers the scrape.

Figures that are read at scrape time (the queue's backlog; an app's own counts) come from collectors in
``SCRAPE_COLLECTORS``: an app above this one adds its own there in its ``AppConfig.ready`` instead of
being imported from here.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable, Iterator

import structlog
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

logger = structlog.get_logger(__name__)

REQUESTS = Counter(
    "werkroute_http_requests",
    "Requests answered, by URL pattern, method and status code.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "werkroute_http_request_duration_seconds",
    "Time from the first middleware to the response, by URL pattern and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "OTHER"
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


class QueueCollector(Collector):
    """Tasks waiting in the job queue, read from its storage (Redis or the SQLite file) at scrape time."""

    def collect(self) -> Iterable[Metric]:
        from werkroute.core.health import queue_backlog

        up = GaugeMetricFamily("werkroute_queue_up", "1 when the job queue's storage answered the scrape.")
        backlog = GaugeMetricFamily("werkroute_queue_backlog", "Tasks waiting for a worker.")
        try:
            backlog.add_metric([], queue_backlog())
            up.add_metric([], 1)
        except Exception as error:  # the storage is down: report that, the scrape itself must not fail
            logger.warning("queue_unreachable", error=type(error).__name__)
            up.add_metric([], 0)
        yield up
        if backlog.samples:
            yield backlog


SCRAPE_COLLECTORS: list[Collector] = [QueueCollector()]


class _Combined(Collector):
    def __init__(self, sources: list[Collector]) -> None:
        self.sources = sources

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()


def exposition() -> bytes:
    """The metrics of every worker process plus the scrape-time collectors, in Prometheus' text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Combined([REGISTRY]))
    registry.register(_Combined(SCRAPE_COLLECTORS))
    return generate_latest(registry)


def _authorised(request: HttpRequest) -> bool:
    token = settings.WERKROUTE_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@login_not_required
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """No token configured: the page does not exist. A wrong token: 401, and nothing is counted out."""
    if not settings.WERKROUTE_METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse("Token ontbreekt of is onjuist.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
