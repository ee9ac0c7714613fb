"""Outside a transaction the adapter's reads run at once on connections of their own; the result is the
same as reading one after another on the request's connection. (The other monitoring tests run inside
a transaction, where the reads go one after another.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import numpy as np
import pytest
from django.db import transaction
from django.db.backends.signals import connection_created

from werkroute.cases.models import ActivityStatus, ActivityType
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    PlanVersionFactory,
    RelocationFactory,
)
from werkroute.core import columnar
from werkroute.monitoring import adapter

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = dt.date(2026, 11, 1)


def _clients() -> None:
    working = ClientFactory(gender="male")
    IntakeFactory(client=working, limiting_circumstances=["health"])
    PlanVersionFactory(client=working, number=1, learning_route="B1")
    PlanVersionFactory(client=working, number=2, learning_route="Z", plan_date=dt.date(2023, 1, 5))
    LabourEpisodeFactory(client=working, kind="social_assistance", end_date=dt.date(2024, 1, 31))
    LabourEpisodeFactory(client=working, kind="paid_work", start_date=dt.date(2024, 2, 1), hours_per_week=20)
    ActivityFactory(client=working, activity_type=ActivityType.AFTER_CARE, start_date=dt.date(2024, 2, 1))
    moved = ClientFactory()
    IntakeFactory(client=moved)
    RelocationFactory(client=moved, moved_on=dt.date(2023, 6, 1))
    ActivityFactory(client=moved, status=ActivityStatus.STOPPED_EARLY, end_date=dt.date(2023, 3, 1))
    ClientFactory(gender="unknown")  # nothing recorded yet


def test_reading_at_once_gives_what_reading_in_turn_gives() -> None:
    _clients()
    areas, municipality_ids = adapter.load_areas()
    threads: set[str] = set()

    def note_thread(**kwargs: object) -> None:
        threads.add(threading.current_thread().name)

    connection_created.connect(note_thread)
    try:
        at_once = adapter.load_case_data(AS_OF, municipality_ids)
    finally:
        connection_created.disconnect(note_thread)
    assert threads - {threading.main_thread().name}, "the reads ran on connections of other threads"
    with transaction.atomic():
        in_turn = adapter.load_case_data(AS_OF, municipality_ids)

    assert len(at_once) == 3
    # Clients come in scan order, which both ways share; compare field by field.
    for item in dataclasses.fields(at_once):
        mine, theirs = getattr(at_once, item.name), getattr(in_turn, item.name)
        if isinstance(mine, np.ndarray):
            assert np.array_equal(mine, theirs), item.name
    assert sorted(at_once.route.tolist()) == [2, 3, 3]  # the latest version's route (Z) and twice none
    assert at_once.activity_after_care.sum() == 1
    assert len(areas.municipality_codes) == len(municipality_ids)


def test_rows_of_a_client_the_clients_read_did_not_see_are_left_out() -> None:
    _clients()
    keys = columnar.read(adapter.READS["clients"].queryset, key=columnar.key("pk"))["key"]
    newcomer = ClientFactory()
    LabourEpisodeFactory(client=newcomer)
    episodes = columnar.read(adapter.READS["episodes"].queryset, **adapter.READS["episodes"].columns)
    known = adapter._of_known_clients(episodes, keys)
    assert len(known["client"]) == len(episodes["kind"]) - 1
    assert (known["client"] >= 0).all()
