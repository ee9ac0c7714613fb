"""The worker's schedule: the nightly sweep, the morning digest and the monitoring refresh are periodic
tasks of the one queue, and each does its work when run (tasks run at once in the test settings)."""

import datetime as dt

import pytest
from huey.contrib.djhuey import HUEY

from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup import tasks
from werkroute.followup.models import Signal, SweepRun
from werkroute.monitoring import tasks as monitoring_tasks
from werkroute.monitoring.models import IndicatorSnapshot

pytestmark = pytest.mark.django_db


def test_the_periodic_tasks_run_at_night_and_in_the_morning():
    def due(hour: int, minute: int) -> set[str]:
        return {task.name for task in HUEY.read_periodic(dt.datetime(2026, 12, 1, hour, minute))}

    assert tasks.nightly_sweep.task_class.__name__ in due(2, 0)
    assert tasks.nightly_sweep.task_class.__name__ not in due(3, 0)
    assert tasks.daily_digest.task_class.__name__ in due(6, 30)
    assert monitoring_tasks.nightly_refresh.task_class.__name__ in due(3, 30)
    assert monitoring_tasks.nightly_refresh.task_class.__name__ not in due(2, 0)


def test_the_nightly_sweep_task_raises_signals_and_finishes_its_run():
    ClientFactory(registration_date=dt.date.today() - dt.timedelta(weeks=5))
    tasks.nightly_sweep()
    assert Signal.objects.filter(rule="intake_not_started").count() == 1
    assert SweepRun.objects.get().finished_at is not None


def test_the_monitoring_refresh_task_stores_the_indicators():
    ClientFactory()
    monitoring_tasks.nightly_refresh()
    assert IndicatorSnapshot.objects.count() == 1
