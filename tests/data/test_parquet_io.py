"""The lean Parquet reader gives what pandas.read_parquet gives (values, dtypes, index)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from econ_ai.data.parquet_io import parquet_columns, read_parquet_lean


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "a": [1, 2, 3], "b": [1.0, np.nan, 3.0], "c": ["x", None, "z"],
        "d": pd.array([1, None, 3], dtype="Int64"), "d2": pd.array([1, 2, 3], dtype="Int64"),
        "e": [True, False, True], "f": pd.Categorical(["u", "v", "u"]),
        "g": np.array([1, 2, 3], dtype=np.int32), "h": pd.to_datetime(["2020-01-01"] * 3),
    })


@pytest.mark.parametrize("index", [False, None, True])
def test_same_as_pandas(tmp_path, index):
    df = _frame()
    path = tmp_path / "t.parquet"
    (df.set_index("a") if index else df).to_parquet(path, index=index)
    pd.testing.assert_frame_equal(read_parquet_lean(path), pd.read_parquet(path))


def test_without_pandas_metadata_and_column_subset(tmp_path):
    path = tmp_path / "raw.parquet"
    pq.write_table(pa.table({"x": [1, 2], "y": [1.5, None], "z": [3.0, 4.0]}), path)
    pd.testing.assert_frame_equal(read_parquet_lean(path), pd.read_parquet(path))
    pd.testing.assert_frame_equal(read_parquet_lean(path, ["z", "x"]), pd.read_parquet(path, columns=["z", "x"]))
    assert parquet_columns(path) == ["x", "y", "z"]


def test_numeric_columns_are_not_copied_into_one_block(tmp_path):
    path = tmp_path / "n.parquet"
    pd.DataFrame({f"v{j}": np.arange(1000, dtype=float) * j for j in range(4)}).to_parquet(path)
    df = read_parquet_lean(path)
    assert df._mgr.nblocks == 4  # one array per column, as read (no consolidation copy)
    assert float(df["v3"].sum()) == 3 * 999 * 1000 / 2
