"""Computing and keeping the indicators. The only writes of this app."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
from django.db import transaction

from werkroute.monitoring import adapter, engine, exports
from werkroute.monitoring.models import AreaIndicators, IndicatorSnapshot


def compute(as_of: dt.date | None = None) -> engine.Result:
    """All indicators from the case data as it is now, with disclosure control applied."""
    areas, municipality_ids = adapter.load_areas()
    data = adapter.load_case_data(as_of or dt.date.today(), municipality_ids)
    return engine.compute(data, areas)


@transaction.atomic
def store(result: engine.Result, clients: int, seconds: float) -> IndicatorSnapshot:
    """Keep ``result`` per area as the newest snapshot; older snapshots are deleted."""
    table = result.table
    snapshot = IndicatorSnapshot.objects.create(
        as_of=result.as_of, clients=clients, rows=len(table), seconds=seconds, cohorts=list(result.cohorts)
    )
    codes = table["area_code"].cat.codes.to_numpy()
    order = np.argsort(codes, kind="stable")
    boundaries = np.flatnonzero(np.diff(codes[order])) + 1
    rows = []
    for positions in np.split(order, boundaries):
        if len(positions) == 0:
            continue
        part = table.iloc[positions]
        first = part.iloc[0]
        rows.append(
            AreaIndicators(
                snapshot=snapshot,
                level=str(first["level"]),
                code=str(first["area_code"]),
                name=str(first["area_name"]),
                table=exports.parquet_bytes(part),
            )
        )
    AreaIndicators.objects.bulk_create(rows, batch_size=50)
    IndicatorSnapshot.objects.exclude(pk=snapshot.pk).delete()
    return snapshot


def refresh(as_of: dt.date | None = None) -> IndicatorSnapshot:
    """Recompute every indicator and keep the result for the dashboards."""
    started = time.perf_counter()
    areas, municipality_ids = adapter.load_areas()
    data = adapter.load_case_data(as_of or dt.date.today(), municipality_ids)
    result = engine.compute(data, areas)
    return store(result, clients=len(data), seconds=time.perf_counter() - started)
