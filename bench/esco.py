"""The full ESCO import (occupations, ISCO groups, skills, relations) into an empty database.

The official files are read from ``SHARED_DATA_DIR/esco`` (or ``--folder``) and imported into the
benchmark's own SQLite file under ``var/bench/``, made anew each run. Figures:
- ``import_s``: the whole import, validation and writing included (agreed ceiling: 60 s on SQLite);
- ``read_s``: the baseline in the same run, only reading and splitting the same CSV files — the floor
  no import can go under; ``import_s / read_s`` is ``ratio``;
- ``occupations``, ``skills``, ``relations``: what was imported.
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from werkroute.core.management.commands.bench import use_own_sqlite

TARGET_IMPORT_S = 60


def add_arguments(parser: Any) -> None:
    parser.add_argument("--folder", help="Folder with the ESCO CSV files (default: the shared data).")


def _read_all(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += sum(1 for _row in csv.reader(handle))
    return rows


def run(options: dict[str, Any]) -> dict[str, Any]:
    from werkroute.taxonomy.importers import import_esco

    folder = Path(options.get("folder") or Path(settings.SHARED_DATA_DIR) / "esco")
    if options.get("quick"):  # a few rows in the official layout, written by the importer's tests
        from werkroute.taxonomy.tests.esco_files import write_esco_folder

        folder = write_esco_folder(Path(tempfile.mkdtemp()))
    path = Path(settings.VAR_DIR) / "bench" / "esco.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    use_own_sqlite(path)
    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    rows = _read_all(folder)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    report = import_esco(folder)
    import_s = time.perf_counter() - started
    return {
        "folder_rows": rows,
        "occupations": report.created.get("Occupation", 0),
        "skills": report.created.get("Skill", 0),
        "relations": report.created.get("OccupationSkill", 0),
        "import_s": round(import_s, 6),
        "read_s": round(read_s, 6),
        "ratio": round(import_s / read_s, 1) if read_s else None,
        "target_import_s": TARGET_IMPORT_S,
        "meets_target": import_s < TARGET_IMPORT_S,
    }
