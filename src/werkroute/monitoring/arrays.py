"""Small reductions of the engine's row arrays, and the long table as pandas. No Django, like the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def any_on(n: int, n_months: int, rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``[client, month]``: some row of the client (``rows``: each row's client) has ``mask`` set."""
    result = np.zeros(n * n_months, dtype=bool)
    # One flat index per hit (mask is C-ordered, so ``hit // n_months`` is its row): a single fancy
    # index costs far less than a pair of them.
    hit = np.flatnonzero(mask)
    result[rows[hit // n_months] * n_months + hit % n_months] = True
    return result.reshape(n, n_months)


def any_rows(n: int, client: np.ndarray, mask: np.ndarray) -> np.ndarray:
    result = np.zeros(n, dtype=bool)
    result[client[mask]] = True
    return result


# Arrow's integers and floats with nulls become pandas' nullable types, not floats with NaN.
_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype()}


def frame_of(table: pa.Table) -> pd.DataFrame:
    """The long table (or a part of it) as a pandas frame: categories, nullable integers and floats."""
    return table.to_pandas(types_mapper=_PANDAS_TYPES.get)


def total_value_axis(n_values: int) -> np.ndarray:
    result = np.zeros(n_values, dtype=bool)
    result[0] = True
    return result
