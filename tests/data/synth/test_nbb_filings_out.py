"""The synthetic accounts written as NBB consult-CSV or JSON filings read back through the real
readers give the same canonical accounts as the long table (reduced scale)."""

import pandas as pd
import pytest

from econ_ai.data import nbb, synth
from econ_ai.data.nbb_formats import combine
from econ_ai.data.synth.nbb_filings_out import write_filings


@pytest.fixture(scope="module")
def long_sample(tmp_path_factory):
    import pyarrow.parquet as pq

    folder = synth.ensure(0.05, synth.DEFAULT_SEED, quiet=True)
    long = pq.ParquetFile(folder / "accounts.parquet").read_row_group(0).to_pandas()
    ents = sorted(long["EnterpriseNumber"].astype(str).unique())[:400]     # 400 firms of the first row group
    part = long[long["EnterpriseNumber"].astype(str).isin(ents)].reset_index(drop=True)
    p = tmp_path_factory.mktemp("long") / "long.parquet"
    part.to_parquet(p, index=False)
    return part, nbb.read_accounts(p, quiet=True)[0]


@pytest.mark.parametrize("fmt", ["consult_csv", "json"])
def test_filings_read_back_equal_long_table(tmp_path, long_sample, fmt):
    part, expected = long_sample
    n = write_filings(part, tmp_path / fmt, fmt)
    assert n == part["DepositKey"].nunique()
    got, report = combine.read_sources([tmp_path / fmt])
    pd.testing.assert_frame_equal(got, expected)
    dup = part.drop_duplicates("DepositKey").duplicated(["EnterpriseNumber", "FiscalYearEnd"]).sum()
    assert report.replaced_by_correction == dup and dup > 0          # the generator's corrections


def test_real_codes_only(tmp_path, long_sample):
    part, _ = long_sample
    write_filings(part, tmp_path, "consult_csv", limit=300)
    text = "".join(p.read_text() for p in tmp_path.glob("*.csv"))
    assert '"9087"' not in text and '"9087P"' not in text and len(list(tmp_path.glob("*.csv"))) == 300
    for p in tmp_path.glob("*.csv"):
        t = p.read_text()
        if '"m02-f"' in t:
            assert '"8169"' not in t and '"9900"' not in t
