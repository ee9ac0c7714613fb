"""NumPy does not mark large arrays for transparent huge pages in a Werkroute process (see
``core.apps.leave_huge_pages_to_the_kernel``), unless the operator asks for it with NumPy's own variable."""

from numpy._core import multiarray

from werkroute.core.apps import leave_huge_pages_to_the_kernel


def test_numpy_leaves_huge_pages_to_the_kernel_once_the_project_is_loaded(monkeypatch):
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    # The switch answers with the setting it replaces: off, as the project's start left it.
    assert multiarray._set_madvise_hugepage(False) is False


def test_an_operators_choice_through_numpys_own_variable_stands(monkeypatch):
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    multiarray._set_madvise_hugepage(True)
    try:
        leave_huge_pages_to_the_kernel()
        assert multiarray._set_madvise_hugepage(True) is True
    finally:
        multiarray._set_madvise_hugepage(False)
