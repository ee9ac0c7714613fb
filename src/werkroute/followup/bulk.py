"""Plain multi-row inserts for the sweep's hundreds of thousands of rows.

``QuerySet.bulk_create`` builds a model object per row and prepares every field of it through the ORM,
which cost most of a national sweep (tens of microseconds per row, for signals, their timeline events
and after-care check-ins). Here the caller gives only the columns that differ per row, already as
Python values the database driver takes (dates, texts, numbers); foreign keys to a UUID and JSON
columns are prepared by their field, and every other column gets its model default once per call
(``auto_now`` and ``auto_now_add`` stamps: the moment of the call), as ``bulk_create`` would give it.
No model signals are sent, as with ``bulk_create``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain, repeat
from typing import Any

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

# Rows per multi-row statement at most.
BATCH_ROWS = 2000


def _converter(field: models.Field[Any, Any]) -> Callable[[Sequence[Any]], list[Any]] | None:
    """How one column's values are prepared (all of them at once), or ``None`` where the driver takes
    them as they are."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField):
        if connection.features.has_native_uuid_field:
            return None
        # As the field stores it (32 hexadecimal digits), without the field's checks per value.
        return lambda column: [value if value is None else value.hex for value in column]
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        if connection.vendor != "sqlite":
            return None

        # SQLite stores the ISO text; a sweep writes a few thousand distinct days a million times, so
        # each day is formatted once.
        def dates(column: Sequence[Any]) -> list[Any]:
            texts = {day: day and day.isoformat() for day in set(column)}
            return list(map(texts.__getitem__, column))

        return dates
    if isinstance(field, models.JSONField):
        adapt, encoder = connection.ops.adapt_json_value, field.encoder
        if (
            encoder is None
            and type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value
        ):
            # What ``adapt_json_value`` does (``json.dumps`` with its defaults), without two Python
            # calls per value around the encoder.
            return partial(map_list, json.JSONEncoder().encode)
        return lambda column: [adapt(value, encoder) for value in column]
    return None


def map_list(function: Callable[[Any], Any], column: Sequence[Any]) -> list[Any]:
    return list(map(function, column))


def _constant(field: models.Field[Any, Any], now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    else:
        value = field.get_default()
    return field.get_db_prep_save(value, connection)


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (values of the fields named by attribute in ``columns``) into ``model``'s table;
    returns the ``returning`` columns of the inserted rows (raw, as the database gives them), in the
    order of ``rows`` (as ``bulk_create`` relies on for SQLite and PostgreSQL; with ``ignore_conflicts``
    rows left out return nothing, so return a column that tells them apart).

    Rows are best given in the order of the table's largest index: each of its pages is then visited
    once, which halved the time of a national sweep on SQLite."""
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    given = [by_attname[name] for name in columns]
    now = timezone.now()
    rest = [field for field in meta.concrete_fields if field.attname not in columns and not field.primary_key]
    constants = tuple(_constant(field, now) for field in rest)
    converters = [_converter(field) for field in given]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in [*given, *rest])
    width = len(given) + len(rest)
    # The driver's own cursor and placeholder: Django's SQLite cursor rewrites every placeholder of
    # every statement, which for long multi-row statements cost as much as the inserting.
    connection.ensure_connection()
    driver = connection.connection
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    row_sql = "(" + ", ".join([placeholder] * width) + ")"
    suffix = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        suffix += " RETURNING " + ", ".join(quote(str(by_attname[name].column)) for name in returning)
    rows = list(rows)
    if not rows:
        return []
    if len(rows[0]) != len(given):
        raise ValueError(f"{len(given)} columns named, rows of {len(rows[0])} values given")
    # Column by column: each column's converter mapped over it, then the rows zipped together again (in
    # C), instead of a Python generator per value, which cost a second of a national sweep.
    by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for number, convert in enumerate(converters):
        if convert is not None:
            by_column[number] = convert(by_column[number])
    prepared = list(zip(*by_column, *(repeat(constant, len(rows)) for constant in constants), strict=True))
    # Table and column names come from the model, every value is a parameter.
    head = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "  # noqa: S608
    per_statement = max(1, min(BATCH_ROWS, _parameter_limit(driver) // width))
    result: list[tuple[Any, ...]] = []
    cursor = driver.cursor()
    try:
        # Multi-row statements rather than ``executemany`` of one row: a step of SQLite per statement
        # instead of per row took half the time for the sweep's 364,000 check-ins (1.6 s to 0.75 s).
        for start in range(0, len(prepared), per_statement):
            batch = prepared[start : start + per_statement]
            cursor.execute(
                head + ", ".join([row_sql] * len(batch)) + suffix, list(chain.from_iterable(batch))
            )
            if returning:
                result.extend(cursor.fetchall())
    finally:
        cursor.close()
    return result


def _parameter_limit(driver: Any) -> int:
    if connection.vendor == "sqlite":
        # The limit this SQLite was built with (Django assumes the oldest default, 999).
        return int(driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return connection.features.max_query_params or 65535
