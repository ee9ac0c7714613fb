"""The shape of the code base: the stack of apps (import-linter contracts in pyproject.toml) and file size."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
PACKAGE = ROOT / "src" / "werkroute"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 800


def _lint_imports(cwd: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_apps_keep_to_their_layers_and_the_engines_to_themselves():
    result = _lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.slow
def test_an_import_inside_a_function_that_goes_up_the_stack_breaks_the_contract(tmp_path):
    # A copy of the sources with one function-level import from core up to placements: exactly the kind
    # of import a quick look at the top of a module misses.
    copy = tmp_path / "src" / "werkroute"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "data", "static", "locale")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    values = copy / "core" / "values.py"
    values.write_text(
        values.read_text(encoding="utf-8")
        + "\n\ndef _placements():\n    from werkroute.placements.models import Placement\n\n    return Placement\n",
        encoding="utf-8",
    )
    result = _lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "werkroute.core is not allowed to import werkroute.placements" in result.stdout
    assert "werkroute.core.values -> werkroute.placements.models" in result.stdout


@pytest.mark.slow
def test_an_engine_that_imports_django_breaks_the_contract(tmp_path):
    copy = tmp_path / "src" / "werkroute"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "data", "static", "locale")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    market = copy / "matching" / "market.py"
    market.write_text(
        market.read_text(encoding="utf-8")
        + "\n\ndef _settings():\n    from django.conf import settings\n\n    return settings\n",
        encoding="utf-8",
    )
    result = _lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "werkroute.matching.market -> django" in result.stdout


def test_no_source_file_is_longer_than_800_lines():
    too_long = {
        str(path.relative_to(ROOT)): count
        for base in (PACKAGE, ROOT / "bench")
        for path in base.rglob("*.py")
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_caseworker_views_read_through_selectors_and_write_through_services():
    """Views stay thin: no query of their own and no audit entry of their own (docs/architecture.md)."""
    import ast

    tree = ast.parse((PACKAGE / "cases" / "views.py").read_text(encoding="utf-8"))
    queries = [
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    audit_imports = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("werkroute.audit")
    ]
    assert queries == [] and audit_imports == []
