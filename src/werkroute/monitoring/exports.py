"""Writing the long indicator table as CSV, JSON, Excel or Parquet. No Django here.

Every format carries the ``suppressed`` column; JSON, Excel and Parquet also carry a sentence that says
what was suppressed and why (CSV stays a plain table that any tool reads).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from werkroute.monitoring import disclosure
from werkroute.monitoring.engine import COLUMNS

FORMATS = ("csv", "json", "xlsx", "parquet")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet holds the column names
DISCLOSURE_NOTE = (
    f"Cellen met minder dan {disclosure.THRESHOLD} personen zijn onderdrukt, en ook cellen waaruit die via "
    "totalen terug te rekenen zouden zijn (kolom suppressed; numerator en value zijn dan leeg, de "
    f"denominator ook als die zelf onder de {disclosure.THRESHOLD} ligt)."
)


class ExportTooLarge(ValueError):
    """The table does not fit the format (Excel has a row limit)."""


def to_table(frame: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(frame.loc[:, list(COLUMNS)], preserve_index=False)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), b"werkroute.note": DISCLOSURE_NOTE.encode()})


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(to_table(frame), buffer, compression="zstd")
    return buffer.getvalue()


def read_parquet(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


def write(frame: pd.DataFrame, fmt: str, out: BinaryIO) -> None:
    """Write ``frame`` (columns :data:`COLUMNS`) to ``out`` in ``fmt``."""
    frame = frame.loc[:, list(COLUMNS)]
    if fmt == "csv":
        text = io.StringIO()
        frame.to_csv(text, index=False, lineterminator="\n")
        out.write(text.getvalue().encode("utf-8"))
    elif fmt == "json":
        rows = json.loads(frame.to_json(orient="records"))
        out.write(json.dumps({"note": DISCLOSURE_NOTE, "columns": list(COLUMNS), "rows": rows}).encode("utf-8"))
    elif fmt == "xlsx":
        _write_xlsx(frame, out)
    elif fmt == "parquet":
        pq.write_table(to_table(frame), out, compression="zstd")
    else:
        raise ValueError(fmt)


def write_file(frame: pd.DataFrame, fmt: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write(frame, fmt, out)


def _write_xlsx(frame: pd.DataFrame, out: BinaryIO) -> None:
    from openpyxl import Workbook

    if len(frame) > EXCEL_MAX_ROWS:
        raise ExportTooLarge(len(frame))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("indicatoren")
    sheet.append(list(COLUMNS))
    columns = [frame[name].astype(object).where(frame[name].notna(), None).tolist() for name in COLUMNS]
    for row in zip(*columns, strict=True):
        sheet.append(list(row))
    note = book.create_sheet("toelichting")
    note.append([DISCLOSURE_NOTE])
    book.save(out)
