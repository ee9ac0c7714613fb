"""The market benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

import pytest

from werkroute.core.tests.benchmarks import run_quick_benchmark

pytestmark = pytest.mark.slow


def test_the_quick_benchmark_times_both_market_pages(tmp_path):
    figures = run_quick_benchmark("market", tmp_path, timeout=900)
    assert figures["clients"] == 150
    assert figures["candidates"] > 0
    for name in ("placement_page_p95_s", "batch_page_p95_s", "baseline_orm_clients_p95_s"):
        assert figures[name] > 0, name
    assert figures["target_s"] == 0.3
    assert figures["meets_target"] == (
        figures["placement_page_p95_s"] < 0.3 and figures["batch_page_p95_s"] < 0.3
    )
