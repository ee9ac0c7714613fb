"""The ESCO import benchmark keeps working (on the importer tests' small files; only full runs say
anything about speed)."""

import pytest

from werkroute.core.tests.benchmarks import run_quick_benchmark

pytestmark = pytest.mark.slow


def test_the_quick_esco_benchmark_imports_and_writes_its_figures(tmp_path):
    figures = run_quick_benchmark("esco", tmp_path, timeout=300)
    assert figures["occupations"] > 0 and figures["relations"] > 0
    assert figures["import_s"] > 0 and figures["read_s"] > 0
    assert (tmp_path / "bench" / "esco.sqlite3").exists()
