"""Running a benchmark of ``bench/`` at its tiny size, as a separate process, for the tests that keep each
benchmark working (only full runs say anything about speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[4]


def run_quick_benchmark(name: str, folder: Path, *, timeout: int = 600) -> dict[str, Any]:
    """``werkroute bench NAME --quick`` with ``folder`` as its var folder; its figures, or a failed test
    naming the end of what it printed on stderr."""
    out = folder / "bench.json"
    environment = {
        **os.environ,
        "WERKROUTE_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "werkroute.conf.dev",
    }
    environment.pop("DATABASE_URL", None)  # the benchmarks build their own SQLite files
    finished = subprocess.run(
        [sys.executable, "-m", "werkroute.manage", "bench", name, "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=PROJECT,
        timeout=timeout,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(out.read_text())
