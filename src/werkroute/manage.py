"""Entry point of the ``werkroute`` console script: Django's management commands."""

import os
import sys


def one_blas_thread() -> None:
    """One OpenBLAS thread per process, unless the environment says otherwise; call before NumPy loads.

    Werkroute runs as several processes on shared cores (web workers, the job worker, management
    commands). OpenBLAS starts a thread per core for every matrix product, and its threads spin waiting
    for each other when another process holds a core: measuring every intervention's outcomes
    (``knowledge``) took 6 to 10 times the processor time with two threads on a busy two-core machine as
    with one (bench/README.md, "knowledge")."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main() -> None:
    one_blas_thread()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkroute.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
