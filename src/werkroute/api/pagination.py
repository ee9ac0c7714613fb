"""Keyset pagination for synchronisation: stable order by (last change, id), a cursor after the last row.

Offsets would skip a row whenever one on an earlier page changes during a copy (it moves to the end and
everything after it shifts one place back); a cursor cannot, and a changed row is simply met again.
"""

from __future__ import annotations

import base64
import datetime as dt
import heapq
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from werkroute.api.problems import invalid_input

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def encode_cursor(changed: dt.datetime, pk: Any) -> str:
    return base64.urlsafe_b64encode(f"{changed.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        changed, pk = text.split("|", 1)
        moment = dt.datetime.fromisoformat(changed)
        if moment.tzinfo is None or not pk:
            raise ValueError
        return moment, pk
    except (ValueError, UnicodeDecodeError):
        raise invalid_input(
            {"cursor": [_("Deze cursor is ongeldig; gebruik de link uit het vorige antwoord.")]}
        ) from None


def _check_size(size: int) -> None:
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise invalid_input(
            {"page_size": [_("Kies een paginagrootte van 1 tot en met %(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )


def page_by_id(queryset: QuerySet[Any], *, cursor: str | None, size: int) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` in the order of its (numeric) ids after ``cursor``; and the next cursor."""
    _check_size(size)
    if cursor:
        if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 18:
            raise invalid_input(
                {"cursor": [_("Deze cursor is ongeldig; gebruik de link uit het vorige antwoord.")]}
            )
        queryset = queryset.filter(pk__gt=int(cursor))
    rows = list(queryset.order_by("pk")[: size + 1])
    return rows[:size], str(rows[size - 1].pk) if len(rows) > size else None


def _after(queryset: QuerySet[Any], cursor: str | None, field: str) -> QuerySet[Any]:
    if not cursor:
        return queryset
    moment, pk = _decode(cursor)
    # The bound on the first column stands alone, so the database can start its index range there
    # (an OR of the two cases would make it read every row and sort).
    return queryset.filter(Q(**{f"{field}__gte": moment}) & (Q(**{f"{field}__gt": moment}) | Q(pk__gt=pk)))


def page(
    queryset: QuerySet[Any], *, cursor: str | None, size: int, field: str = "updated_at"
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` in the order (``field``, id) after ``cursor``; and the next cursor."""
    return page_of_union([queryset], cursor=cursor, size=size, field=field)


def page_of_union(
    querysets: list[QuerySet[Any]],
    *,
    cursor: str | None,
    size: int,
    field: str = "updated_at",
    prepare: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda queryset: queryset,
) -> tuple[list[Any], str | None]:
    """One page of the union of ``querysets`` (each made ready by ``prepare``) in the order (``field``,
    id) after ``cursor``, a row in several of them once; and the next cursor.

    Each is read on its own, at most a page and one row, so each follows its own index; their first
    rows in the common order are the union's."""
    _check_size(size)

    def key(row: Any) -> tuple[Any, Any]:
        return getattr(row, field), row.pk

    parts = [
        list(prepare(_after(queryset, cursor, field)).order_by(field, "pk")[: size + 1])
        for queryset in querysets
    ]
    rows: list[Any] = []
    seen: set[Any] = set()
    for row in heapq.merge(*parts, key=key):
        if row.pk not in seen:
            seen.add(row.pk)
            rows.append(row)
        if len(rows) > size:
            break
    more = len(rows) > size
    rows = rows[:size]
    return rows, encode_cursor(getattr(rows[-1], field), rows[-1].pk) if more else None
