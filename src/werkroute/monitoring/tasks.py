"""Monitoring's scheduled job: the nightly refresh of all indicators (``werkroute monitoring refresh`` by
hand does the same)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from werkroute.monitoring import services


@db_periodic_task(crontab(hour="3", minute="30"))
def nightly_refresh() -> None:
    # Idempotent: a refresh stores a new snapshot of the same figures; the dashboards read the newest.
    services.refresh()
