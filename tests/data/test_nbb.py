"""NBB rubric reader: pivot, derived values (hand-computed from fixtures/nbb/accounts_small.csv),
duplicate filings, N-1 fill, gaps, Parquet = CSV."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.data import nbb
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "fixtures/nbb/accounts_small.csv"


@pytest.fixture(scope="module")
def small():
    return nbb.read_accounts(SMALL, quiet=True)


def row(df, en, year):
    r = df[(df["enterprise_number"] == en) & (df["year"] == year)]
    assert len(r) == 1
    return r.iloc[0]


def test_columns_and_rows(small):
    df, _ = small
    assert list(df.columns) == nbb.ACCOUNT_COLUMNS
    assert list(zip(df["enterprise_number"], df["year"])) == [
        ("0200.065.765", 2019), ("0200.065.765", 2020), ("0417.497.106", 2022), ("0417.497.106", 2023),
        ("0456.789.123", 2019), ("0456.789.123", 2020), ("0456.789.123", 2021)]


def test_full_schema_values(small):
    r = row(small[0], "0456.789.123", 2020)
    assert r["schema"] == "full"
    assert r["turnover"] == 1_000_000
    assert r["intermediate_inputs"] == 300_000 + 200_000
    # no 9900 in the full scheme: 70 + 71 + 74 - (60 + 61), the aggregate 9900 stands for
    assert r["value_added"] == 1_000_000 + 10_000 + 20_000 - 500_000
    assert r["gross_margin"] == r["value_added"]
    # the same aggregate from below: 9901 + 62 + 630 + 640/8
    assert r["value_added"] == 90_000 + 350_000 + 40_000 + 50_000
    assert r["employees"] == 6.5                               # 1003
    assert r["ebitda"] == 90_000 + 40_000
    assert r["investment"] == 45_000 + 15_000                  # 8161..8166 (here 8162 + 8163)
    assert (r["equity"], r["total_assets"], r["debts"]) == (250_000, 800_000, 550_000)
    assert (r["tangible_assets"], r["intangible_assets"], r["wage_bill"]) == (200_000, 50_000, 350_000)


def test_latest_deposit_kept(small):
    r = row(small[0], "0456.789.123", 2021)
    assert r["turnover"] == 1_250_000 and r["ebit"] == -25_000  # DepositKey 2022-00099999 > 2022-00000077
    assert r["value_added"] == 1_250_000 - 350_000             # 61 absent counts 0 when 60 present
    assert r["ebitda"] == -25_000                              # 630 absent counts 0
    assert r["investment"] == (230_000 - 200_000) + 0          # no 816x: delta 22/27 + 630
    steps = {s.step: s for s in small[1]}
    assert steps["accounts: duplicate filings for the same enterprise-year (older DepositKey dropped)"].removed == 1


def test_n_minus_1_fills_only_missing_years(small):
    r = row(small[0], "0456.789.123", 2019)                    # no own filing: from 2020's N-1
    assert (r["turnover"], r["employees"], r["tangible_assets"]) == (800_000, 5, 180_000)
    assert r["value_added"] == 800_000 - 400_000               # 70 - (60 + 61) of the comparative column
    assert np.isnan(r["investment"])                           # no year-1
    # 2020's own N figures win over 2021's N-1 comparative (the dropped deposit's 999)
    assert row(small[0], "0456.789.123", 2020)["turnover"] == 1_000_000
    assert any(s.step == "accounts: enterprise-years filled from the next filing's N-1 figures: 1" for s in small[1])


def test_abbreviated_and_micro(small):
    a = row(small[0], "0200.065.765", 2019)
    assert a["schema"] == "abbreviated" and np.isnan(a["turnover"])
    assert a["value_added"] == 150_000 and a["gross_margin"] == 150_000  # 9900
    assert a["employees"] == 2.3                               # no 1003: 9087
    assert a["equity"] == -5_000                               # negative equity is allowed
    m = row(small[0], "0200.065.765", 2020)
    assert m["schema"] == "micro" and m["value_added"] == 110_000.5
    assert m["employees"] == 1.0                               # 1003 in the micro scheme too
    assert m["investment"] == (12_000 - 10_000) + 3_000
    assert np.isnan(m["ebitda"])                               # no 9901


def test_value_added_without_9900(small):
    c = row(small[0], "0417.497.106", 2022)                    # 70 and 60/61 reported
    assert c["value_added"] == 500_000 - 300_000 and c["intermediate_inputs"] == 300_000
    assert c["value_added"] == 60_000 + 120_000 + 10_000 + 10_000   # = 9901 + 62 + 630 + 640/8
    assert c["investment"] == 25_000                           # 8169
    d = row(small[0], "0417.497.106", 2023)                    # only 9901 and the charges below 9900
    assert d["value_added"] == 30_000 + 100_000 + 5_000 + 5_000
    assert np.isnan(d["intermediate_inputs"]) and np.isnan(d["turnover"])


def test_gap_steps(small):
    steps = [s.step for s in small[1]]
    assert "filings without 9901 (EBIT): 1" in steps
    assert "abbreviated/micro filings without 8169 (acquisitions; delta 22/27 + 630 used): 2" in steps
    assert "filings without 1003 nor 9087 (FTE): 0" in steps
    assert "abbreviated/micro filings without 9900 (gross margin; built from its components): 2" in steps
    ignored = next(s for s in small[1] if s.step.startswith("accounts: long rows with rubrics"))
    assert ignored.removed == 1                                # rubric 1001


def test_real_model_codes_and_old_letters_agree(tmp_path):
    long = pd.read_csv(SMALL, dtype=str)
    long["Model"] = long["Model"].map({"m02-f": "VOL", "m81-f": "VKT", "m01-f": "VKT", "m87-f": "MIC"})
    p = tmp_path / "old.csv"
    long.to_csv(p, index=False)
    df, _ = nbb.read_accounts(p, quiet=True)
    pd.testing.assert_frame_equal(df, nbb.read_accounts(SMALL, quiet=True)[0])


def test_association_model_in_long_table_is_an_error(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(HEADER + '"0200.065.765","D1","2019-12-31","m04-f","9901","N","1"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"a.csv:2:4: column 'Model': unknown Model code 'm04-f'"):
        nbb.read_accounts(p, quiet=True)


def test_gap_report(small):
    g = nbb.gap_report(small[0])
    full = g[(g["schema"] == "full") & (g["column"] == "turnover")].iloc[0]
    assert (full["rows"], full["missing"]) == (3, 0)
    ab = g[(g["schema"] == "abbreviated") & (g["column"] == "turnover")].iloc[0]
    assert (ab["rows"], ab["missing"]) == (3, 2)


@pytest.mark.parametrize("layout", ["plain", "dictionary_chunks", "date_type"])
def test_parquet_equals_csv(small, tmp_path, layout):
    import pyarrow as pa
    import pyarrow.parquet as pq

    long = pd.read_csv(SMALL, dtype=str)
    long["Value"] = long["Value"].astype(float)
    path = tmp_path / "accounts.parquet"
    if layout == "plain":
        pq.write_table(pa.Table.from_pandas(long, preserve_index=False), path)
    elif layout == "dictionary_chunks":                       # row groups with different dictionaries
        tbl = pa.Table.from_pandas(long, preserve_index=False)
        tbl = tbl.cast(pa.schema([(c, pa.dictionary(pa.int32(), pa.string())) if c != "Value" else (c, pa.float64())
                                  for c in tbl.column_names]))
        pq.write_table(tbl, path, row_group_size=7)
    else:
        long["FiscalYearEnd"] = pd.to_datetime(long["FiscalYearEnd"]).dt.date
        pq.write_table(pa.Table.from_pandas(long, preserve_index=False), path)
    df, steps = nbb.read_accounts(path, quiet=True)
    pd.testing.assert_frame_equal(df, small[0])
    assert [s.step for s in steps] == [s.step for s in small[1]]


def test_parquet_errors_name_the_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    long = pd.read_csv(SMALL, dtype=str)
    long["Value"] = long["Value"].astype(float)
    long.loc[5, "Period"] = "N+1"
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pandas(long, preserve_index=False), path)
    with pytest.raises(DataError) as e:
        nbb.read_accounts(path, quiet=True)
    assert str(e.value) == f"{path}: row 6 (Parquet): column 'Period': unknown Period 'N+1' (expected N or N-1)"
    pq.write_table(pa.Table.from_pandas(long.drop(columns=["Rubric"]), preserve_index=False), path)
    with pytest.raises(DataError, match="missing column 'Rubric'"):
        nbb.read_accounts(path, quiet=True)


def test_deposit_with_two_enterprises(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('"EnterpriseNumber","DepositKey","FiscalYearEnd","Model","Rubric","Period","Value"\n'
                 '"0200.065.765","D1","2019-12-31","VOL","70","N","1"\n'
                 '"0456.789.123","D1","2019-12-31","VOL","9901","N","1"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"a.csv:3:1: DepositKey 'D1' has more than one EnterpriseNumber"):
        nbb.read_accounts(p, quiet=True)


def test_progress_lines(capsys):
    nbb.read_accounts(SMALL, quiet=False)
    err = capsys.readouterr().err
    assert "[nbb" in err and "long rows" in err
    nbb.read_accounts(SMALL, quiet=True)
    assert capsys.readouterr().err == ""


def test_filing_with_only_comparatives_is_ignored(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('"EnterpriseNumber","DepositKey","FiscalYearEnd","Model","Rubric","Period","Value"\n'
                 '"0200.065.765","D1","2019-12-31","MIC","9900","N","10"\n'
                 '"0200.065.765","D2","2021-12-31","MIC","9900","N-1","7"\n', encoding="utf-8")
    df, steps = nbb.read_accounts(p, quiet=True)
    assert df["year"].tolist() == [2019]
    assert {s.step: s.removed for s in steps}["accounts: filings with only N-1 figures (no own year; ignored)"] == 1


HEADER = '"EnterpriseNumber","DepositKey","FiscalYearEnd","Model","Rubric","Period","Value"\n'


@pytest.mark.parametrize("rows, message", [
    (['"0200.065.765","D1","2019-12-31","VOL","70","N","1"', '"0200.065.765","D1","2019-12-31","VOL","60","N-1","2"',
      '"0200.065.765","D1","2019-12-31","VOL","60","N-1","3"'],
     r"a.csv:4: duplicate key \(DepositKey 'D1', Rubric '60', Period 'N-1'\) \(first at line 3\)"),
    (['"0200.065.765","D1","2019-12-31","VOL","70","N","1"', '"0200.065.765","D1","2019-12-31","VOL","70","N","2"'],
     r"a.csv:3: duplicate key \(DepositKey 'D1', Rubric '70', Period 'N'\) \(first at line 2\)"),
    (['"0200.065.765","D1","2019-12-31","VOL","70","N","1"', '"0200.065.765","D1","2020-12-31","VOL","60","N","2"'],
     r"a.csv:3:3: DepositKey 'D1' has more than one FiscalYearEnd"),
    (['"0200.065.765","D1","2019-12-31","VOL","70","N","1"', '"0200.065.765","D1","2019-12-31","MIC","60","N","2"'],
     r"a.csv:3:4: DepositKey 'D1' has more than one Model"),
    (['"0200.065.765","D1","2019-12-31","VOL","70","N","1"', '"0200.065.765","D1","2019-12-31","VOL","20/58","N","-2"'],
     r"a.csv:3:7: negative total assets \(20/58\) -2 for 0200.065.765 in 2019"),
])
def test_filing_errors(tmp_path, rows, message):
    p = tmp_path / "a.csv"
    p.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        nbb.read_accounts(p, quiet=True)


def test_same_model_under_two_codes_is_one_model(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(HEADER + '"0200.065.765","D1","2019-12-31","VOL","70","N","5"\n'
                 '"0200.065.765","D1","2019-12-31","full","9901","N","1"\n', encoding="utf-8")
    df, _ = nbb.read_accounts(p, quiet=True)
    assert df["schema"].tolist() == ["full"] and df["turnover"].tolist() == [5.0] and df["ebit"].tolist() == [1.0]
