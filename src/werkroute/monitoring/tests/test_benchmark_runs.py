"""The monitoring benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

import pytest

from werkroute.core.tests.benchmarks import run_quick_benchmark

pytestmark = pytest.mark.slow


def test_the_quick_benchmark_writes_its_figures(tmp_path):
    figures = run_quick_benchmark("monitoring", tmp_path, timeout=600)
    for name in ("clients", "episodes", "full_refresh_s", "dashboard_p95_s", "baseline_s"):
        assert name in figures
    assert figures["clients"] == 2000
    assert figures["episodes"] > figures["clients"]
    assert figures["indicator_rows"] > 0
