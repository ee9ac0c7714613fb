"""Timing pages through Django's test client, as several benchmarks do: the real view with its
middleware, template and queries, without a network or a server in between."""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

from django.test import Client as TestClient
from django.test.utils import override_settings

WARM_UP = 2


def percentile(timings: list[float], share: float) -> float:
    """The nearest-rank percentile: the value below which ``share`` of the timings fall."""
    ordered = sorted(timings)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))], 4)


def p95(timings: list[float]) -> float:
    return percentile(timings, 0.95)


def p50(timings: list[float]) -> float:
    return round(statistics.median(timings), 4)


def timed_page(url: str, user: Any, requests: int) -> list[float]:
    """Seconds per request of ``url`` for ``user`` (logged in without a second factor), after
    ``WARM_UP`` requests that are not timed."""
    return timed_page_with_processor_time(url, user, requests)[0]


def timed_page_with_processor_time(url: str, user: Any, requests: int) -> tuple[list[float], list[float]]:
    """Wall-clock and processor seconds per request of ``url``, as :func:`timed_page`. On a shared machine
    the processor time says what the request itself cost; the wall clock adds the waits for the others."""
    browser = TestClient()
    browser.force_login(user)
    timings, processor = [], []
    with override_settings(ALLOWED_HOSTS=["testserver"], WERKROUTE_REQUIRE_TWO_FACTOR=False):
        for number in range(WARM_UP + requests):
            started, started_processor = time.perf_counter(), time.process_time()
            response = browser.get(url)
            elapsed, elapsed_processor = (
                time.perf_counter() - started,
                time.process_time() - started_processor,
            )
            assert response.status_code == 200, (url, response.status_code)
            if number >= WARM_UP:
                timings.append(elapsed)
                processor.append(elapsed_processor)
    return timings, processor
