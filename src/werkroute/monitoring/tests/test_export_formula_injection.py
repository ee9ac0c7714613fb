"""Text cells of the spreadsheet exports cannot start a formula (CSV and Excel injection)."""

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from werkroute.monitoring import exports
from werkroute.monitoring.engine import COLUMNS

ATTACKS = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def _frame() -> pd.DataFrame:
    rows = len(ATTACKS) + 1
    return pd.DataFrame(
        {
            "level": ["municipality"] * rows,
            "area_code": ["GM0268"] * rows,
            "area_name": [*ATTACKS, "Nijmegen"],
            "cohort": [2020] * rows,
            "months_since_permit": [18] * rows,
            "group": ["gender"] * rows,
            "group_value": ["-"] * rows,
            "indicator": ["in_work"] * rows,
            "numerator": [-1.0] * rows,
            "denominator": [30.0] * rows,
            "value": [0.4] * rows,
            "suppressed": [False] * rows,
        },
        columns=list(COLUMNS),
    )


def test_csv_text_cells_that_would_be_formulas_start_with_a_quote():
    out = io.BytesIO()
    exports.write(_frame(), "csv", out)
    read = pd.read_csv(io.BytesIO(out.getvalue()), keep_default_na=False)
    assert read["area_name"].tolist() == [f"'{attack}" for attack in ATTACKS] + ["Nijmegen"]
    assert set(read["group_value"]) == {"'-"}
    assert read["numerator"].tolist() == [-1.0] * len(read)  # numbers are no text: left alone


def test_excel_text_cells_that_would_be_formulas_start_with_a_quote():
    out = io.BytesIO()
    exports.write(_frame(), "xlsx", out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["indicatoren"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [f"'{attack}" for attack in ATTACKS] + ["Nijmegen"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_typed_formats_keep_the_text_as_it_is(fmt):
    """JSON and Parquet are read by programs, not spreadsheets: a quote would change the data."""
    out = io.BytesIO()
    exports.write(_frame(), fmt, out)
    if fmt == "json":
        names = [row["area_name"] for row in json.loads(out.getvalue())["rows"]]
    else:
        names = pd.read_parquet(io.BytesIO(out.getvalue()))["area_name"].tolist()
    assert names == [*ATTACKS, "Nijmegen"]
