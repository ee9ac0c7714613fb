"""Computing and keeping the indicators. The only writes of this app."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pyarrow as pa
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
    # One Arrow table, reordered once, then zero-copy slices per area: far cheaper than 378 pandas slices.
    arrow = exports.to_table(table).take(pa.array(order))
    sorted_codes = codes[order]
    boundaries = np.flatnonzero(np.diff(sorted_codes)) + 1
    starts = np.r_[0, boundaries]
    stops = np.r_[boundaries, len(order)]
    levels = table["level"].to_numpy()[order[starts]] if len(order) else []
    names = table["area_name"].to_numpy()[order[starts]] if len(order) else []
    area_codes = table["area_code"].to_numpy()[order[starts]] if len(order) else []
    rows = [
        AreaIndicators(
            snapshot=snapshot,
            level=str(level),
            code=str(code),
            name=str(name),
            table=exports.arrow_parquet_bytes(arrow.slice(start, stop - start)),
        )
        for start, stop, level, code, name in zip(starts, stops, levels, area_codes, names, strict=True)
        if stop > start
    ]
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
