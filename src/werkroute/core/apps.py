import os

from django.apps import AppConfig


def leave_huge_pages_to_the_kernel() -> None:
    """Stop NumPy from asking for transparent huge pages on every large array.

    NumPy marks each array of 4 MiB or more with ``madvise(MADV_HUGEPAGE)``. Where the kernel's
    ``transparent_hugepage/defrag`` is ``madvise`` (Debian's default), a marked region that finds no free
    huge page compacts memory synchronously at its first touch: in a monitoring refresh at 300,000
    clients that was 0.6 to 1.7 s of system time on top of 2.4 s of computing, varying from run to run,
    against 0.1 to 0.5 s without the mark. An operator who wants NumPy's behaviour sets
    ``NUMPY_MADVISE_HUGEPAGE=1``, which NumPy itself reads and this respects.
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    from numpy._core import multiarray

    # The switch NumPy's own variable sets at import; private, so looked up rather than assumed.
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is not None:
        switch(False)


class CoreConfig(AppConfig):
    name = "werkroute.core"
    label = "core"

    def ready(self) -> None:
        leave_huge_pages_to_the_kernel()
