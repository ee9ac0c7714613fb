"""Computing and keeping the indicators. The only writes of this app."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import numpy as np
import pyarrow as pa
from django.db import connection, transaction
from django.db.models import Field
from psycopg import sql

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
    table = result.arrow
    snapshot = IndicatorSnapshot.objects.create(
        as_of=result.as_of, clients=clients, rows=len(table), seconds=seconds, cohorts=list(result.cohorts)
    )
    # Each block of indicators comes ordered by area, so an area is a few runs of rows: zero-copy
    # slices, no reordering of the whole table.
    codes = table["area_code"].combine_chunks().indices.to_numpy()
    starts = np.r_[0, np.flatnonzero(np.diff(codes)) + 1] if len(codes) else np.zeros(0, dtype=np.int64)
    stops = np.r_[starts[1:], len(codes)]
    runs: dict[int, list[pa.Table]] = defaultdict(list)
    for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
        runs[int(codes[start])].append(table.slice(start, stop - start))
    parts = [pa.concat_tables(slices) for slices in runs.values()]
    # Arrow compresses without holding Python's lock: the areas are written on all cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        blobs = list(pool.map(exports.arrow_bytes, parts))
    rows = []
    for part, blob in zip(parts, blobs, strict=True):
        first = part.slice(0, 1).to_pylist()[0]
        rows.append(
            AreaIndicators(
                snapshot=snapshot,
                level=first["level"],
                code=first["area_code"],
                name=first["area_name"],
                table=blob,
            )
        )
    if connection.vendor == "postgresql":
        _copy_areas(rows)
    else:
        AreaIndicators.objects.bulk_create(rows, batch_size=50)
    IndicatorSnapshot.objects.exclude(pk=snapshot.pk).delete()
    return snapshot


def _copy_areas(rows: list[AreaIndicators]) -> None:
    """The areas' rows through PostgreSQL's COPY in binary: the tables go over as they are. Inserts
    would write every byte of them into the statement as two hexadecimal digits, for the server to
    parse back, which took seconds for the tens of megabytes of a national refresh."""
    meta = AreaIndicators._meta
    names: list[sql.Composable] = [
        sql.Identifier(cast(Field, meta.get_field(name)).column)  # type: ignore[type-arg]
        for name in ("snapshot", "level", "code", "name", "table")
    ]
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(names)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        copy.set_types(["int8", "text", "text", "text", "bytea"])
        for row in rows:
            copy.write_row((row.snapshot_id, row.level, row.code, row.name, row.table))


def refresh(as_of: dt.date | None = None) -> IndicatorSnapshot:
    """Recompute every indicator and keep the result for the dashboards."""
    started = time.perf_counter()
    areas, municipality_ids = adapter.load_areas()
    data = adapter.load_case_data(as_of or dt.date.today(), municipality_ids)
    result = engine.compute(data, areas)
    return store(result, clients=len(data), seconds=time.perf_counter() - started)
