"""The knowledge benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

import pytest

from werkroute.core.tests.benchmarks import run_quick_benchmark

pytestmark = pytest.mark.slow


def test_the_quick_benchmark_writes_its_figures(tmp_path):
    figures = run_quick_benchmark("knowledge", tmp_path, timeout=900)
    for name in ("interventions", "participants", "compute_s", "page_p95_s"):
        assert name in figures
    assert figures["clients"] == 2000
    assert figures["interventions"] == 7
    assert figures["participants"] > 0
