"""Filing-level helpers of the NBB reader: key order (checked against Arrow's sort), the
choice of the latest DepositKey per enterprise-year under the numeric / text rule."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from econ_ai.data import nbb_filings as F


def test_equal_width_sort_matches_arrow():
    rng = np.random.default_rng(3)
    keys = pa.array([f"{y}-{i:08d}" for y, i in zip(rng.integers(2010, 2024, 5000), rng.permutation(5000))])
    np.testing.assert_array_equal(F._sort_equal_width(keys), pc.sort_indices(keys).to_numpy())
    sl = keys.slice(17, 300)                                    # offsets into shared buffers
    np.testing.assert_array_equal(F._sort_equal_width(sl), pc.sort_indices(sl).to_numpy())
    assert F._sort_equal_width(pa.array(["ab", "abc"])) is None  # unequal widths: Arrow sorts


def test_rank_keys_numeric_and_text():
    keys = pa.array(["9", "10", "100"])
    assert F._rank_keys(keys).tolist() == [0, 1, 2]                 # all digits: numeric order
    assert F._rank_keys(keys, numeric=False).tolist() == [2, 0, 1]  # text order
    assert F._rank_keys(pa.array(["b", "a", "c"])).tolist() == [1, 0, 2]


def _choose(keys, ent, year):
    dep_u = pa.array(keys)
    cand = np.arange(len(keys))
    return F._one_filing_per_year(cand, np.asarray(ent), np.asarray(year), dep_u)


def test_latest_key_per_enterprise_year():
    kept, dropped = _choose(["9", "10", "11", "5"], [0, 0, 1, 0], [2020, 2020, 2020, 2021])
    assert dropped == 1 and sorted(kept.tolist()) == [1, 2, 3]       # "10" > "9" numerically
    # one non-digit key anywhere in the file switches the whole file to text order: "9" > "10"
    kept, dropped = _choose(["9", "10", "x", "5"], [0, 0, 1, 0], [2020, 2020, 2020, 2021])
    assert dropped == 1 and sorted(kept.tolist()) == [0, 2, 3]


def test_filings_attributes_and_error():
    import pytest

    from econ_ai.data.nbb_load import _Locator
    from econ_ai.errors import DataError

    dep = np.array([0, 0, 1, 1, 1], dtype=np.int32)
    ent = np.array([5, 5, 2, 2, 2], dtype=np.int32)
    year = np.array([2020, 2020, 2019, 2019, 2019], dtype=np.int32)
    sch = np.array([0, 0, 2, 2, 2], dtype=np.int8)
    f_ent, f_year, f_model = F._filings(_Locator("f", None), dep, pa.array(["A", "B", "C"]), ent, year, sch, 3)
    assert f_ent.tolist() == [5, 2, -1] and f_year.tolist() == [2020, 2019, 0] and f_model.tolist() == [0, 2, 0]
    year[4] = 2018
    with pytest.raises(DataError, match=r"row 5 \(Parquet\): DepositKey 'B' has more than one FiscalYearEnd"):
        F._filings(_Locator("f", None), dep, pa.array(["A", "B", "C"]), ent, year, sch, 3)
