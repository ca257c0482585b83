"""From files in NBB's formats to canonical accounts: the same filing read from each format
gives the same rows; corrections, duplicates, associations and non-EUR filings; ZIPs."""

import io
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.data import nbb
from econ_ai.data.nbb_formats import combine
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[3]
REAL = ROOT / "fixtures/nbb/real"


def folder(tmp_path, *names, name="src"):
    d = tmp_path / name
    d.mkdir()
    for n in names:
        shutil.copy(REAL / n, d / n)
    return d


@pytest.fixture(scope="module")
def from_xbrl(tmp_path_factory):
    d = folder(tmp_path_factory.mktemp("x"), "2023-00123456.xbrl")
    return combine.read_sources([d])


def test_micro_filing_rows(from_xbrl):
    df, rep = from_xbrl
    assert list(df.columns) == nbb.ACCOUNT_COLUMNS
    assert df["year"].tolist() == [2021, 2022]                  # 2021 from the comparative column
    r = df.iloc[1]
    assert r["enterprise_number"] == "0925.590.628" and r["schema"] == "micro"
    assert (r["value_added"], r["ebit"], r["wage_bill"], r["investment"]) == (48786.15, 3434.19, 20070.09, 4500.0)
    assert r["ebitda"] == pytest.approx(3434.19 + 23822.82)
    assert np.isnan(r["turnover"]) and np.isnan(r["employees"])  # a micro filing without staff
    assert rep.filings_read["xbrl_cbso"] == 1 and rep.kept == 1


@pytest.mark.parametrize("names", [("consult_2023-00123456.csv",),
                                   ("0925590628_references.json", "2023-00123456.json")])
def test_same_filing_in_every_format_same_accounts(tmp_path, from_xbrl, names):
    df, _ = combine.read_sources([folder(tmp_path, *names)])
    pd.testing.assert_frame_equal(df, from_xbrl[0])


def test_same_deposit_in_three_formats_kept_once(tmp_path, from_xbrl):
    df, rep = combine.read_sources([REAL])
    pd.testing.assert_frame_equal(df, from_xbrl[0])
    assert rep.same_filing_twice == 2
    assert rep.excluded == {"association/foundation model npo (outside S11)": 1}


def test_correction_replaces_the_filing_it_corrects(tmp_path):
    d = folder(tmp_path, "consult_2023-00123456.csv")
    text = (REAL / "consult_2023-00123456.csv").read_text(encoding="utf-8")
    corr = (text.replace("2023-00123456", "2023-00099999").replace('"Initial"', '"Correction"')
            .replace('"9901","3434.19"', '"9901","3000.00"'))
    (d / "consult_2023-00099999.csv").write_text(corr, encoding="utf-8")  # lower number, yet the correction
    df, rep = combine.read_sources([d])
    assert df.loc[df["year"] == 2022, "ebit"].tolist() == [3000.0]
    assert rep.replaced_by_correction == 1 and rep.kept == 1


def test_later_deposit_wins_and_currency_excluded(tmp_path):
    d = folder(tmp_path, "consult_2023-00123456.csv")
    text = (REAL / "consult_2023-00123456.csv").read_text(encoding="utf-8")
    (d / "b.csv").write_text(text.replace("2023-00123456", "2023-00200000").replace('"62","20070.09"', '"62","1"'),
                             encoding="utf-8")
    (d / "c.csv").write_text(text.replace("2023-00123456", "2023-00300000").replace('"EUR"', '"USD"'),
                             encoding="utf-8")
    df, rep = combine.read_sources([d])
    assert df.loc[df["year"] == 2022, "wage_bill"].tolist() == [1.0]
    assert rep.older_deposits_dropped == 1
    assert rep.excluded == {"currency USD (not EUR; not converted)": 1}
    assert any(line.startswith("excluded: 1 currency USD") for line in rep.lines())


def test_nested_zip_and_mixed_long_table(tmp_path, from_xbrl):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.write(REAL / "2023-00123456.xbrl", "2023/2023-00123456.xbrl")
    outer = tmp_path / "extract.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("daily/inner.zip", inner.getvalue())
        z.write(REAL / "pfs-npo_2016_0410682657.xbrl", "pfs-npo_2016_0410682657.xbrl")
        z.writestr("README.txt", "not a filing")
    df, rep = combine.read_sources([outer, ROOT / "fixtures/nbb/accounts_small.csv"])
    small, _ = nbb.read_accounts(ROOT / "fixtures/nbb/accounts_small.csv", quiet=True)
    both = pd.concat([small, from_xbrl[0]]).sort_values(["enterprise_number", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(df, both)
    assert rep.documents["xbrl"] == 2 and rep.documents["long_table"] == 1 and rep.documents["skipped"] == 1


def test_errors_name_the_file(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.csv").write_text('"a","b"\n"1","2"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"x.csv:1: CSV file is neither a consult CSV export"):
        combine.read_sources([d])
    (d / "x.csv").unlink()
    (d / "bad.zip").write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(DataError, match=r"bad.zip: not a readable ZIP file"):
        combine.read_sources([d])
    (d / "bad.zip").unlink()
    shutil.copy(REAL / "pfs-npo_2016_0410682657.xbrl", d)
    with pytest.raises(DataError, match=r"(?s)no company filing to read.*excluded: 1 association"):
        combine.read_sources([d])


def test_negative_total_assets_error_names_the_filing(tmp_path):
    d = folder(tmp_path, "consult_2023-00123456.csv")
    p = d / "consult_2023-00123456.csv"
    p.write_text(p.read_text(encoding="utf-8").replace('"20/58","554894.28"', '"20/58","-1"'), encoding="utf-8")
    with pytest.raises(DataError, match=r"consult_2023-00123456.csv: filing 2023-00123456 \(rubric 20/58\): "
                                        r"negative total assets"):
        combine.read_sources([d])
