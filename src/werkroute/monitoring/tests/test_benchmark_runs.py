"""The monitoring benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_the_quick_benchmark_writes_its_figures(tmp_path):
    out = tmp_path / "bench.json"
    environment = {
        **os.environ,
        "WERKROUTE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "werkroute.conf.dev",
    }
    environment.pop("DATABASE_URL", None)  # the benchmark builds its own SQLite file
    finished = subprocess.run(
        [sys.executable, "-m", "werkroute.manage", "bench", "monitoring", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[4],
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    figures = json.loads(out.read_text())
    for name in ("clients", "episodes", "full_refresh_s", "dashboard_p95_s", "baseline_s"):
        assert name in figures
    assert figures["clients"] == 2000
    assert figures["episodes"] > figures["clients"]
    assert figures["indicator_rows"] > 0
