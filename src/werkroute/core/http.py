"""File downloads, and the safe reading of numbers from query strings and forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as ``filename`` instead of showing it."""
    header = content_disposition_header(as_attachment=True, filename=filename)
    assert header is not None  # None only for an inline response without a name
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = header
    return response


# The largest key of a BigAutoField (and of PostgreSQL's bigint): a larger number overflows the database
# driver (an OverflowError on SQLite, a DataError on PostgreSQL) instead of simply matching nothing.
MAX_ID = 2**63 - 1


def parse_int(raw: Any, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``raw`` (a query or form value) as an int in [``minimum``, ``maximum``], or None.

    Only ASCII digits count: ``str.isdigit`` also accepts ``²`` or ``٣``, which ``int()`` then refuses or
    reads as another number. Ints pass through (bounded); anything else is None, never an exception.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(raw: Any) -> int | None:
    """A database id from a query or form value (a positive int that fits the key column), or None."""
    return parse_int(raw, minimum=1)


def parse_ids(values: list[Any], limit: int = 50) -> list[int]:
    """The valid ids among ``values`` (at most ``limit`` values are looked at)."""
    return [pk for pk in (parse_id(value) for value in values[:limit]) if pk is not None]
