"""The API benchmark keeps working (at a tiny size; only full runs say anything about speed)."""

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
    environment.pop("DATABASE_URL", None)  # a fresh SQLite file in tmp_path, migrated first
    root = Path(__file__).resolve().parents[4]
    for command in (["migrate", "--no-input", "-v", "0"], ["bench", "api", "--quick", "--json", str(out)]):
        finished = subprocess.run(
            [sys.executable, "-m", "werkroute.manage", *command],
            capture_output=True,
            text=True,
            env=environment,
            cwd=root,
            timeout=600,
            check=False,
        )
        assert finished.returncode == 0, finished.stderr[-3000:]
    figures = json.loads(out.read_text())
    for name in ("list_p95_s", "detail_p95_s", "create_p95_s", "baseline_orm_page_p95_s"):
        assert figures[name] > 0
    assert figures["clients"] == 300 + figures["requests"]
