"""``werkroute bench NAME --json PATH``: run one benchmark of the ``bench/`` folder and write its figures.

The benchmarks live beside the package, not in it (they are developer tools and may build large data
sets), so the module is loaded from the project folder by name.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BENCH_DIR = Path(settings.PROJECT_ROOT) / "bench"


def use_own_sqlite(path: Path) -> None:
    """Point the default connection at a benchmark's own SQLite file, so a run never touches real data."""
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["ENGINE"] = "django.db.backends.sqlite3"
    connection.settings_dict["NAME"] = str(path)
    connection.settings_dict["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }


def available() -> list[str]:
    return sorted(p.stem for p in BENCH_DIR.glob("*.py") if not p.stem.startswith("_"))


def load(name: str) -> ModuleType:
    path = BENCH_DIR / f"{name}.py"
    if name not in available():
        raise CommandError(f"Onbekende benchmark {name!r}; beschikbaar: {', '.join(available()) or 'geen'}.")
    spec = importlib.util.spec_from_file_location(f"bench.{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Command(BaseCommand):
    help = "Run a benchmark from the bench/ folder and write its figures as one JSON object."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        subcommands = parser.add_subparsers(dest="benchmark", required=True)
        for name in available():
            module = load(name)
            sub = subcommands.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0])
            sub.add_argument("--json", dest="json_path", help="Write the figures to this file.")
            sub.add_argument("--seed", type=int, default=2026, help="Seed of the synthetic data.")
            sub.add_argument("--quick", action="store_true", help="Tiny sizes, to check that it runs.")
            module.add_arguments(sub)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        module = load(options["benchmark"])
        figures = module.run(options)
        text = json.dumps(figures, indent=2, sort_keys=True)
        if options["json_path"]:
            path = Path(options["json_path"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
