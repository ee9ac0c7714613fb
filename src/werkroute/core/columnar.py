"""Whole columns of a queryset as NumPy arrays, read without a Python object per value.

Fetching rows through the database driver costs about a microsecond per row and more per value: at
national scale (millions of spells) that is most of a monitoring refresh. Here the database itself joins
every value of a column into one text (``group_concat`` in SQLite, ``string_agg`` in PostgreSQL), all
columns of a table in one aggregate query over one scan, and NumPy parses each text in C. Values are
made cheap to write and to parse: keys and dates as fixed-width text (as SQLite already stores them, so
it computes nothing per row), categories as one digit, numbers separated by commas. PostgreSQL stores
neither as text, and formatting them was most of its work, so there dates travel as day numbers and
keys as their raw bytes (:meth:`Column.on`).

Constants (separators, the codes of a category, stand-ins for missing values) are written into the SQL
rather than bound as parameters: SQLite copies a bound text for every row it is used in, which made
reading twice as slow. They come from code, never from input, and are checked to be plain words.

All columns of one call are aggregates of the same scan, so their n-th values belong to the same row.
A text holds at most a few tens of bytes per row and both databases allow texts of about a gigabyte,
so one call covers tens of millions of rows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, connections
from django.db.models import (
    Aggregate,
    BinaryField,
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)

EPOCH = np.datetime64("1970-01-01", "D")
# A stand-in for a missing date: a valid date of the same width, long before any real one.
MISSING_DATE = "0001-01-01"
MISSING_DAY = int((np.datetime64(MISSING_DATE, "D") - EPOCH).astype(np.int64))
SEPARATORS = ("", ",")
PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+")
KEY, DAY, NUMBER, CODE = "key", "day", "number", "code"
KEY_BYTES = "key_bytes"  # a key as raw bytes (PostgreSQL, see ``Column.on``)


def _plain(word: str) -> str:
    if not PLAIN_WORD.fullmatch(word):
        raise ValueError(f"not a plain word, cannot be written into SQL: {word!r}")
    return word


class Joined(Aggregate):
    """Every value of an expression, in scan order, as one text separated by ``separator``."""

    output_field = TextField()

    def __init__(self, expression: Any, separator: str) -> None:
        if separator not in SEPARATORS:
            raise ValueError(f"separator must be one of {SEPARATORS}")
        super().__init__(expression, separator=separator)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="group_concat(%(expressions)s, '%(separator)s')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="string_agg(CAST(%(expressions)s AS text), '%(separator)s')"
        )


class JoinedBytes(Aggregate):
    """PostgreSQL only: every value of a ``bytea`` expression, in scan order, as one byte string."""

    output_field = BinaryField()
    template = "string_agg(%(expressions)s, ''::bytea)"


class _KeyBytes(Func):
    """PostgreSQL: a UUID as its 16 bytes, as the database holds it (no text at all)."""

    output_field = BinaryField()
    template = "uuid_send(%(expressions)s)"


class _DayNumber(Func):
    """PostgreSQL: a date as its day number since 1970-01-01, ``missing`` where there is none.

    Subtracting dates is integer arithmetic; writing each date as text (``to_char``) cost the server
    several times more per row.
    """

    output_field = IntegerField()
    template = "COALESCE(CAST(%(expressions)s AS date) - DATE '1970-01-01', %(missing)s)"

    def __init__(self, expression: Any, missing: int) -> None:
        super().__init__(expression, missing=int(missing))


class _HexKey(Func):
    """A UUID as 32 hexadecimal digits: as SQLite stores it; PostgreSQL writes hyphens."""

    output_field = CharField()
    template = "%(expressions)s"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="REPLACE(CAST(%(expressions)s AS text), '-', '')")


class _IsoDate(Func):
    """A date as YYYY-MM-DD (as SQLite stores it), the stand-in where there is none."""

    output_field = CharField()
    template = f"COALESCE(%(expressions)s, '{MISSING_DATE}')"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"COALESCE(to_char(%(expressions)s, 'YYYY-MM-DD'), '{MISSING_DATE}')"
        return self.as_sql(compiler, connection, template=template)


class _Number(Func):
    template = "COALESCE(%(expressions)s, %(missing)s)"

    def __init__(self, expression: Any, missing: int) -> None:
        super().__init__(expression, missing=int(missing))


class _Code(Func):
    """The position of the value in a vocabulary, as one digit; the vocabulary's length for others."""

    output_field = CharField()

    def __init__(self, expression: Any, vocabulary: Sequence[str]) -> None:
        if not 0 < len(vocabulary) <= 9:
            raise ValueError("a code column holds one to nine values")
        whens = " ".join(f"WHEN '{_plain(value)}' THEN '{index}'" for index, value in enumerate(vocabulary))
        super().__init__(expression, template=f"CASE %(expressions)s {whens} ELSE '{len(vocabulary)}' END")


class _Scanned(Func):
    """A field as it is; on SQLite behind a unary plus, which changes no value but keeps the query
    planner from looking rows up through the field's index."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="+%(expressions)s")


def scanned(field: str) -> Func:
    """``field`` for a filter that keeps most rows of a table (annotate or alias it, then filter on
    that). SQLite keeps no statistics of how many rows a value has, so it serves such a filter from
    an index of the field: a lookup in the table for every row, in the index's order, which took
    longer than reading the whole table straight through (two thirds more for monitoring's
    activities). PostgreSQL chooses from its statistics and gets the field as it is."""
    return _Scanned(F(field))


@dataclass(frozen=True)
class Column:
    """How one column travels: an expression giving each row's value as text, the separator between
    values, and how to turn the joined text back into an array."""

    expression: Any
    separator: str
    kind: str
    missing: int = 0
    vocabulary: Sequence[str] = ()
    # The field itself, for the forms a database reads faster (see :meth:`on`).
    source: Any = None

    def on(self, vendor: str) -> Column:
        """This column as ``vendor`` reads it fastest, with the same values. On PostgreSQL days travel
        as day numbers and keys as their raw bytes: formatting dates and keys as text was most of the
        server's work."""
        if vendor != "postgresql" or self.source is None:
            return self
        if self.kind == DAY:
            return Column(_DayNumber(self.source, self.missing), ",", NUMBER)
        if self.kind == KEY:
            return Column(_KeyBytes(self.source), "", KEY_BYTES)
        return self

    def aggregate(self) -> Aggregate:
        if self.kind == KEY_BYTES:
            return JoinedBytes(self.expression)
        return Joined(self.expression, self.separator)

    def parse(self, text: Any, count: int) -> np.ndarray:
        if self.kind == KEY_BYTES:
            return _checked(np.frombuffer(bytes(text), dtype=np.uint8).reshape(-1, 16), count)
        if self.kind == NUMBER:
            # NumPy's text parser reads comma-separated integers in C (and refuses anything else).
            return _checked(np.fromstring(text, dtype=np.int64, sep=","), count)  # type: ignore[call-overload]
        raw = text.encode("ascii")
        if self.kind == CODE:
            codes = _checked(np.frombuffer(raw, dtype=np.uint8).astype(np.int64) - ord("0"), count)
            return np.where(codes == len(self.vocabulary), -1, codes)
        if self.kind == DAY:
            days = _checked(np.frombuffer(raw, dtype="S10").astype("datetime64[D]"), count)
            numbers = (days - EPOCH).astype(np.int64)
            return np.where(numbers == MISSING_DAY, self.missing, numbers)
        return _checked(np.frombuffer(bytes.fromhex(text), dtype=np.uint8).reshape(-1, 16), count)


def _checked(values: np.ndarray, count: int) -> np.ndarray:
    if len(values) != count:
        raise ValueError(f"expected {count} values, parsed {len(values)}")
    return values


def key(field: str) -> Column:
    """A UUID key as a row of 16 bytes (for :func:`positions`)."""
    return Column(_HexKey(F(field)), "", KEY, source=F(field))


def day(field: str, missing: int) -> Column:
    """A date as a day number since 1970-01-01; ``missing`` where there is none."""
    return Column(_IsoDate(F(field)), "", DAY, missing=missing, source=F(field))


def number(field: str, missing: int = 0) -> Column:
    """An integer field or annotation; ``missing`` where there is none."""
    return Column(_Number(F(field), missing), ",", NUMBER)


def code(field: str, vocabulary: Sequence[str]) -> Column:
    """The position of a field's value in ``vocabulary`` (one to nine plain words); -1 for any other
    value or none."""
    return Column(_Code(F(field), vocabulary), "", CODE, vocabulary=tuple(vocabulary))


def flag(condition: Q) -> Column:
    """Whether ``condition`` holds for the row: 1 or 0."""
    return Column(
        Case(When(condition, then=Value("1")), default=Value("0"), output_field=CharField()),
        "",
        CODE,
        vocabulary=("0", "1"),
    )


def read(queryset: QuerySet[Any], **columns: Column) -> dict[str, np.ndarray]:
    """Every row of ``queryset`` (which may be grouped with ``values().annotate()``) as one array per
    named column, in one query."""
    vendor = connections[queryset.db].vendor
    columns = {name: column.on(vendor) for name, column in columns.items()}
    # Aliases of their own: an aggregate named like one of the queryset's annotations would replace it.
    aggregates = {f"joined_{name}": column.aggregate() for name, column in columns.items()}
    result = queryset.order_by().aggregate(joined_rows=Count("*"), **aggregates)
    count = result["joined_rows"]
    arrays = {}
    for name, column in columns.items():
        text = result[f"joined_{name}"]
        if not count or text is None:
            arrays[name] = np.zeros((0, 16) if column.kind in (KEY, KEY_BYTES) else 0, dtype=np.int64)
        else:
            arrays[name] = column.parse(text, count)
    return arrays


@dataclass(frozen=True)
class Read:
    """One :func:`read`: a queryset and its named columns."""

    queryset: QuerySet[Any]
    columns: dict[str, Column]


def read_in_turn(**reads: Read) -> dict[str, dict[str, np.ndarray]]:
    """Several reads one after another on this thread's connection: for reads of a few rows (one
    client's), where opening a connection per read costs the database more than reading in turn does."""
    return {name: read(item.queryset, **item.columns) for name, item in reads.items()}


def read_all(**reads: Read) -> dict[str, dict[str, np.ndarray]]:
    """Several reads, each as :func:`read` gives it.

    Outside a transaction they run at once on connections of their own, one per core: the database
    does the joining without holding Python's lock, so every core works. Inside a transaction they run
    one after another on its connection, because other connections would not see what it has written.
    Either way each read sees the database as it was when that read began, not all of them the same
    moment; callers that combine reads must allow for rows added or removed in between.
    """
    if connection.in_atomic_block or len(reads) < 2 or (os.cpu_count() or 1) < 2:
        return read_in_turn(**reads)

    def job(item: Read) -> dict[str, np.ndarray]:
        try:
            return read(item.queryset, **item.columns)
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=min(len(reads), os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(job, item) for name, item in reads.items()}
        return {name: future.result() for name, future in futures.items()}


def positions(keys: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Where each key (rows of 16 bytes from :func:`key`) stands in ``among`` (keys without repeats);
    -1 where it does not."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    # Fast path: look keys up by a 64-bit hash, then compare every hit in full. Keys are UUIDs, so the
    # hashes of ``among`` repeat (and the full comparison fails) about once in 10^8 refreshes of a
    # million clients; then the exact lookup on all 16 bytes below is taken instead.
    index = pd.Index(_hash(among))
    if index.is_unique:
        found = index.get_indexer(_hash(keys))
        hit = found >= 0
        # Compared as two 64-bit halves: the same 16 bytes, gathered and compared eight at a time.
        if (_halves(among)[found[hit]] == _halves(keys)[hit]).all():
            return found.astype(np.int64)
    exact = pc.index_in(_fixed_binary(keys), value_set=_fixed_binary(among))
    return np.asarray(exact.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def key_order(keys: np.ndarray) -> np.ndarray:
    """The order that sorts keys (rows of 16 bytes) by their bytes. The database returns rows in the
    order they happen to lie on disk, which on PostgreSQL changes with updates and vacuuming: whatever
    draws at random by position sorts first, so the same data always gives the same figures."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    halves = np.ascontiguousarray(keys, dtype=np.uint8).view(">u8")
    return np.lexsort((halves[:, 1], halves[:, 0]))


def _halves(keys: np.ndarray) -> np.ndarray:
    """Keys (rows of 16 bytes) as rows of two 64-bit integers, without copying when they are contiguous."""
    return np.ascontiguousarray(keys, dtype=np.uint8).view("<u8")


def _hash(keys: np.ndarray) -> np.ndarray:
    halves = _halves(keys)
    return halves[:, 0] ^ (halves[:, 1] * np.uint64(0x9E3779B97F4A7C15))


def _fixed_binary(keys: np.ndarray) -> pa.Array:
    data = np.ascontiguousarray(keys, dtype=np.uint8)
    return pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(keys), [None, pa.py_buffer(data)])
