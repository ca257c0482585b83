"""Row-group streaming loader of the NBB long file: the codes it builds must decode to the
file's values exactly, whatever the row-group dictionaries (shared, disjoint, overlapping),
nulls and Value type; reference = pyarrow's own reading of the whole column."""

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from econ_ai.data import nbb_load
from econ_ai.errors import DataError

COLS = nbb_load.COLUMNS


def _decode(codes, uniq):
    u = np.asarray(uniq.to_pylist(), dtype=object)
    return [None if c < 0 else u[c] for c in codes]


def _table(n, rng, *, ent_pool, nulls=False):
    ent = rng.choice(ent_pool, n).astype(object)
    if nulls:
        ent[rng.random(n) < 0.1] = None
    return pa.table({
        "EnterpriseNumber": pa.array(ent, pa.string()),
        "DepositKey": pa.array([f"2020-{i:08d}" for i in rng.integers(0, n // 3, n)]),
        "FiscalYearEnd": pa.array(rng.choice(["2019-12-31", "2020-06-30", "2020-12-31"], n)),
        "Model": pa.array(rng.choice(["VOL", "VKT", "MIC"], n)),
        "Rubric": pa.array(rng.choice(["70", "9900", "20/58", "1001"], n)),
        "Period": pa.array(rng.choice(["N", "N-1"], n)),
        "Value": pa.array(rng.normal(size=n)),
    })


@pytest.mark.parametrize("layout", ["one_group", "overlapping", "disjoint_sorted", "nulls", "dict_type"])
def test_codes_decode_to_the_file_values(tmp_path, layout):
    rng = np.random.default_rng(7)
    pool = np.array([f"0{i:03d}.{i % 1000:03d}.{(7 * i) % 1000:03d}" for i in range(100, 400)])
    t = _table(3000, rng, ent_pool=pool, nulls=layout == "nulls")
    path = tmp_path / "a.parquet"
    if layout == "disjoint_sorted":           # as the synthetic writer: each group its own values
        t = t.sort_by([("EnterpriseNumber", "ascending")])
    if layout == "dict_type":
        t = t.cast(pa.schema([(c, pa.dictionary(pa.int32(), pa.string())) if c != "Value" else (c, pa.float64())
                              for c in COLS]))
    pq.write_table(t, path, row_group_size=None if layout == "one_group" else 250)
    cols, val, _, n = nbb_load.load(path, str(path))
    ref = pq.read_table(path)
    assert n == ref.num_rows
    np.testing.assert_array_equal(val, ref.column("Value").to_numpy())
    for c in COLS[:-1]:
        codes, uniq = cols[c]
        assert len(set(uniq.to_pylist())) == len(uniq)          # distinct values, one code each
        assert _decode(codes, uniq) == ref.column(c).cast(pa.string()).to_pylist(), c


def test_text_values_are_parsed_and_checked(tmp_path):
    rng = np.random.default_rng(1)
    pool = np.array(["0123.456.789", "0987.654.321"])
    t = _table(40, rng, ent_pool=pool)
    vals = [str(v) for v in range(40)]
    t = t.set_column(6, "Value", pa.array(vals))
    path = tmp_path / "a.parquet"
    pq.write_table(t, path, row_group_size=10)
    _, val, _, _ = nbb_load.load(path, str(path))
    np.testing.assert_array_equal(val, np.arange(40, dtype=float))
    vals[23] = "12,5"
    pq.write_table(t.set_column(6, "Value", pa.array(vals)), path, row_group_size=10)
    with pytest.raises(DataError, match=r"row 24 \(Parquet\): column 'Value': not a number: '12,5'"):
        nbb_load.load(path, str(path))


def test_missing_column_names_the_near_miss(tmp_path):
    rng = np.random.default_rng(1)
    t = _table(10, rng, ent_pool=np.array(["0123.456.789"])).rename_columns(
        ["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubrik", "Period", "Value"])
    path = tmp_path / "a.parquet"
    pq.write_table(t, path)
    with pytest.raises(DataError, match="missing column 'Rubric' \\(did you mean 'Rubrik'\\?\\)"):
        nbb_load.load(Path(path), str(path))


def test_hash_check_proves_distinct_or_abstains():
    keys = pa.array([f"2020-{i:08d}" for i in range(5000)])
    assert nbb_load._distinct_by_hash(keys)
    assert not nbb_load._distinct_by_hash(pa.concat_arrays([keys, keys.slice(10, 1)]))   # a repeat
    assert not nbb_load._distinct_by_hash(pa.array(["a", "bb"]))                           # widths differ
