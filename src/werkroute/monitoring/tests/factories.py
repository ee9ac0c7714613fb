import datetime as dt

import factory

from werkroute.monitoring.models import AreaIndicators, IndicatorSnapshot


class IndicatorSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSnapshot

    as_of = dt.date(2026, 11, 1)
    clients = 0
    rows = 0
    seconds = 0.1
    cohorts = factory.List([2024, 2025, 2026])


class AreaIndicatorsFactory(factory.django.DjangoModelFactory):
    """An area's stored table; empty unless ``table`` is given (bytes of an Arrow stream)."""

    class Meta:
        model = AreaIndicators

    snapshot = factory.SubFactory(IndicatorSnapshotFactory)
    level = "municipality"
    code = factory.Sequence(lambda number: f"GM{number:04d}")
    name = factory.Sequence(lambda number: f"Gemeente {number}")
    table = b""
