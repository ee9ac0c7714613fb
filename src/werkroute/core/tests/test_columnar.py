"""Reading columns through the database's own text aggregation gives exactly what row-by-row fetching
gives, on SQLite and on PostgreSQL (CI runs this module on both)."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np
import pytest
from django.db import connection

from werkroute.cases.models import LabourEpisode
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory
from werkroute.core import columnar

pytestmark = pytest.mark.django_db

KINDS = ("paid_work", "education", "social_assistance")  # "self_employment" and "none" left out on purpose
OPEN = 10**6


def _day(value: dt.date | None, missing: int) -> int:
    return missing if value is None else (value - dt.date(1970, 1, 1)).days


def _episodes() -> None:
    first, second = ClientFactory(), ClientFactory()
    LabourEpisodeFactory(client=first, kind="paid_work", start_date=dt.date(2023, 1, 2), hours_per_week=32)
    LabourEpisodeFactory(
        client=first,
        kind="social_assistance",
        start_date=dt.date(1969, 12, 31),
        end_date=dt.date(2024, 2, 29),
    )
    LabourEpisodeFactory(client=second, kind="self_employment", start_date=dt.date(2025, 7, 1))
    LabourEpisodeFactory(
        client=second, kind="none", start_date=dt.date(2000, 1, 1), end_date=dt.date(2001, 1, 1)
    )


def test_every_kind_of_column_equals_what_rows_give() -> None:
    _episodes()
    queryset = LabourEpisode.objects.all()
    read = columnar.read(
        queryset,
        key=columnar.key("client_id"),
        kind=columnar.code("kind", KINDS),
        start=columnar.day("start_date", -1),
        end=columnar.day("end_date", OPEN),
        hours=columnar.number("hours_per_week", missing=-7),
    )
    # The columns are aggregates of one scan: compare them as rows, in whatever order the scan had.
    got = sorted(
        zip(
            [uuid.UUID(bytes=bytes(key)) for key in read["key"]],
            read["kind"].tolist(),
            read["start"].tolist(),
            read["end"].tolist(),
            read["hours"].tolist(),
            strict=True,
        )
    )
    expected = sorted(
        (
            client_id,
            KINDS.index(kind) if kind in KINDS else -1,
            _day(start, -1),
            _day(end, OPEN),
            -7 if hours is None else hours,
        )
        for client_id, kind, start, end, hours in queryset.values_list(
            "client_id", "kind", "start_date", "end_date", "hours_per_week"
        )
    )
    assert got == expected
    assert any(row[1] == -1 for row in got), "a kind outside the vocabulary reads as -1"
    assert any(row[2] < 0 for row in got), "a date before 1970 keeps its (negative) day number"


def test_an_empty_queryset_gives_empty_columns_of_the_right_shape() -> None:
    read = columnar.read(
        LabourEpisode.objects.filter(kind="nothing"),
        key=columnar.key("client_id"),
        start=columnar.day("start_date", -1),
    )
    assert read["key"].shape == (0, 16)
    assert read["start"].shape == (0,)


def test_positions_find_each_key_and_mark_strangers() -> None:
    _episodes()
    clients = columnar.read(
        LabourEpisode.objects.values("client_id").distinct(), key=columnar.key("client_id")
    )["key"]
    rows = columnar.read(LabourEpisode.objects.all(), key=columnar.key("client_id"))["key"]
    stranger = np.frombuffer(uuid.uuid4().bytes, dtype=np.uint8).reshape(1, 16)
    found = columnar.positions(np.vstack([rows, stranger]), clients)
    assert (clients[found[:-1]] == rows).all()
    assert found[-1] == -1


def test_a_grouped_queryset_reads_its_groups() -> None:
    _episodes()
    from django.db.models import Min

    read = columnar.read(
        LabourEpisode.objects.values("client_id").annotate(first=Min("start_date")),
        key=columnar.key("client_id"),
        first=columnar.day("first", -1),
    )
    got = {
        uuid.UUID(bytes=bytes(key)): day for key, day in zip(read["key"], read["first"].tolist(), strict=True)
    }
    expected = {
        client_id: _day(first, -1)
        for client_id, first in LabourEpisode.objects.values("client_id")
        .annotate(first=Min("start_date"))
        .values_list("client_id", "first")
    }
    assert got == expected


def test_constants_written_into_sql_must_be_plain_words() -> None:
    with pytest.raises(ValueError, match="plain word"):
        columnar.code("kind", ("paid_work", "x' OR '1'='1"))
    with pytest.raises(ValueError, match="one to nine"):
        columnar.code("kind", tuple(f"kind{index}" for index in range(10)))
    with pytest.raises(ValueError, match="separator"):
        columnar.Joined("kind", ";")


def test_a_text_that_does_not_match_the_row_count_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 3 values"):
        columnar.number("hours_per_week").parse("1,2", 3)
    with pytest.raises(ValueError):
        columnar.number("hours_per_week").parse("1,x,3", 3)


def test_positions_stay_exact_when_the_fast_hashes_collide() -> None:
    # Two different keys with the same 64-bit hash: low ^ (high * K) is equal when the low halves
    # differ by exactly the difference of the products.
    multiplier = np.uint64(0x9E3779B97F4A7C15)
    high = np.array([5, 6], dtype="<u8")
    low = np.array([0, 0], dtype="<u8")
    products = high * multiplier  # wraps around, as in the hash
    low[1] = products[0] ^ products[1]
    colliding = np.stack([low, high], axis=1).view(np.uint8).reshape(2, 16)
    assert len(set(columnar._hash(colliding).tolist())) == 1
    other = np.frombuffer(uuid.uuid4().bytes, dtype=np.uint8).reshape(1, 16)
    among = np.vstack([colliding, other])
    keys = np.vstack([other, colliding[1], colliding[0], colliding[1]])
    assert columnar.positions(keys, among).tolist() == [2, 1, 0, 1]
    # A key outside ``among`` whose hash equals a member's is not taken for that member.
    assert columnar.positions(colliding[1:], np.vstack([colliding[:1], other])).tolist() == [-1]


def test_a_filter_on_a_scanned_field_keeps_the_same_rows_and_skips_the_index_on_sqlite() -> None:
    _episodes()
    wanted = ("paid_work", "self_employment", "none")
    plain = LabourEpisode.objects.filter(kind__in=wanted)
    scanned = LabourEpisode.objects.alias(listed=columnar.scanned("kind")).filter(listed__in=wanted)
    assert sorted(scanned.values_list("pk", flat=True)) == sorted(plain.values_list("pk", flat=True))
    assert scanned.count() == 3
    sql = str(scanned.query)
    if connection.vendor == "sqlite":
        assert '+"cases_labourepisode"."kind" IN' in sql
    else:
        assert sql == str(plain.query)
