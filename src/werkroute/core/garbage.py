"""Python's garbage collector, set for a long-running web process (called from ``wsgi.py``).

Why: the market pages build their market from a few thousand rows, which allocates hundreds of thousands
of short-lived objects per request. With Python's default thresholds (700, 10, 10) that runs the young
collection some thirty times a request and, every few requests, a full collection over everything the
process holds — about 250,000 objects after Django, the URL configuration and every view module are
loaded. That full collection took 0.15 s of processor time (0.5 s and more of wall clock on the busy
shared machine) and was the p95 tail of every page, with or without candidates (issue 11; figures in
``bench/README.md``, section market).

So, once the application is loaded:

* ``gc.freeze()`` moves everything alive at that moment (modules, classes, the URL resolver, settings)
  into the permanent generation, which no collection scans again. These objects live as long as the
  process anyway; what would have been garbage among them is collected just before.
* the youngest generation is collected every ``WERKROUTE_GC_YOUNG_THRESHOLD`` allocations (default
  20,000) instead of 700: a request's temporary objects mostly die young by reference counting, and
  fewer young collections mean fewer objects promoted and scanned again. The extra memory is the
  at most 20,000 young container objects waiting, a few MiB.

Reference cycles are still collected, only less often. gunicorn recycles workers (``max_requests``) as a
bound on anything that would still grow.
"""

from __future__ import annotations

import gc

from django.conf import settings
from django.urls import get_resolver


def settle_after_startup() -> None:
    """Freeze the objects of the loaded application out of the collector and set the young threshold
    (``WERKROUTE_GC_FREEZE``, ``WERKROUTE_GC_YOUNG_THRESHOLD``). Call once per process, after the
    application is loaded and before it serves."""
    young = int(settings.WERKROUTE_GC_YOUNG_THRESHOLD)
    if young > 0:
        _, middle, old = gc.get_threshold()
        gc.set_threshold(young, middle, old)
    if settings.WERKROUTE_GC_FREEZE:
        # The URL configuration imports every view module (and through them the apps' selectors,
        # forms and engines): loaded now, their objects are frozen with the rest instead of being
        # scanned by every full collection for the life of the process.
        get_resolver().url_patterns  # noqa: B018 - loading is the point
        gc.collect()
        gc.freeze()
