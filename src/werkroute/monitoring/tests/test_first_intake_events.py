"""The read of first-intake events takes another route on SQLite (by key, see
``adapter.first_intake_events``); either route gives the same events, on both databases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from werkroute.cases import events
from werkroute.cases.models import TimelineEvent
from werkroute.cases.tests.factories import ClientFactory
from werkroute.core import columnar
from werkroute.monitoring import adapter

pytestmark = pytest.mark.django_db


def _event(client: object, kind: str, day: dt.date, data: dict[str, object]) -> None:
    TimelineEvent.objects.create(client=client, kind=kind, occurred_on=day, data=data)


def test_both_routes_read_exactly_the_first_intake_events() -> None:
    first, second = ClientFactory(), ClientFactory()
    intake = events.Kind.INTAKE_RECORDED
    _event(first, intake, dt.date(2024, 3, 1), {"first": True})
    _event(first, intake, dt.date(2024, 2, 1), {"first": False})  # a later correction, not the first
    _event(first, "note_added", dt.date(2024, 1, 1), {"first": True})  # another kind
    _event(second, intake, dt.date(2023, 5, 6), {"first": True, "by": "service"})
    _event(second, intake, dt.date(2022, 1, 1), {})
    _event(second, intake, dt.date(2021, 1, 1), {"first": None})
    expected = sorted([(first.pk.hex, dt.date(2024, 3, 1)), (second.pk.hex, dt.date(2023, 5, 6))])
    for vendor in ("sqlite", "postgresql"):
        read = adapter.first_intake_events(vendor)
        rows = columnar.read(read.queryset, **read.columns)
        got = sorted(
            (bytes(key).hex(), dt.date(1970, 1, 1) + dt.timedelta(days=int(day)))
            for key, day in zip(rows["key"], rows["day"], strict=True)
        )
        assert got == expected, vendor
        assert np.asarray(rows["key"]).shape == (2, 16)
