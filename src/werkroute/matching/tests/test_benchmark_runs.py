import json

import pytest
from django.core.management import call_command

KEYS = {
    "client_topk_p50_s",
    "client_topk_p95_s",
    "regional_assign_s",
    "national_assign_s",
    "national_peak_mib",
    "greedy_total",
    "optimal_total",
    "reference_total",
    "connected_clients",
    "connected_pairs",
    "connected_assign_s",
    "connected_reference_s",
    "connected_optimal_total",
    "connected_reference_total",
    "national_score_s",
}


@pytest.mark.slow
def test_the_matching_benchmark_runs_at_a_tiny_size(tmp_path):
    path = tmp_path / "bench.json"
    call_command("bench", "matching", "--quick", "--json", str(path))
    figures = json.loads(path.read_text())
    assert set(figures) >= KEYS
    assert figures["optimal_total"] == pytest.approx(figures["reference_total"])
    assert figures["greedy_total"] <= figures["optimal_total"] + 1e-9
    assert figures["connected_optimal_total"] == pytest.approx(figures["connected_reference_total"], rel=1e-9)
    assert figures["connected_pairs"] > 0
