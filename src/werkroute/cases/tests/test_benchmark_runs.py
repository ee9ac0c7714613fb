"""The caseload benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

import pytest

from werkroute.core.tests.benchmarks import run_quick_benchmark

pytestmark = pytest.mark.slow


def test_the_quick_benchmark_writes_its_figures(tmp_path):
    figures = run_quick_benchmark("caseload", tmp_path, timeout=900)
    assert figures["clients"] == 300
    assert figures["caseload_size"] > 0
    assert figures["route_drift"] == 0
    for name in (
        "caseload_mine_p95_s",
        "caseload_all_route_p95_s",
        "client_file_p95_s",
        "baseline_count_p95_s",
    ):
        assert figures[name] > 0
    assert figures["client_file_queries"] > 0
