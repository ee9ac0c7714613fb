"""The outcome measurement as a job: every night, and on demand from an intervention's page."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from werkroute.knowledge import services


@db_periodic_task(crontab(hour="2", minute="30"))
def measure_outcomes_nightly() -> None:
    services.measure_outcomes()


@db_task()
def measure_outcomes_now() -> None:
    services.measure_outcomes()
