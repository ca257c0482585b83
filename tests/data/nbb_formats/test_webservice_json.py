"""Webservice JSON: a filing completed from its references list."""

import json
from pathlib import Path

import pytest

from econ_ai.data.nbb_formats import webservice_json as wj
from econ_ai.errors import DataError

REAL = Path(__file__).resolve().parents[3] / "fixtures/nbb/real"


def read(*names):
    raws, refs = [], {}
    for n in names:
        f, r = wj.load((REAL / n).read_text(encoding="utf-8"), str(REAL / n))
        raws += f
        refs.update(r)
    return [wj.build(x, refs) for x in raws]


def test_filing_with_references():
    (f,) = read("0925590628_references.json", "2023-00123456.json")
    assert (f.enterprise, str(f.end), f.model, f.schema, f.deposit_date) == (
        "0925590628", "2022-12-31", "m87-f", "micro", "2023-07-14")
    assert f.values[("9901", "N")] == 3434.19 and f.values[("9901", "N-1")] == -103554.87   # NM1


def test_filing_without_references_names_what_is_missing():
    with pytest.raises(DataError, match=r"2023-00123456.json: filing 1 \(2023-00123456\): no 'EnterpriseNumber'"):
        read("2023-00123456.json")


def test_own_fields_and_combined_document(tmp_path):
    doc = {"References": [{"ReferenceNumber": "2024-1", "EnterpriseNumber": "BE 0200.065.765",
                           "ExerciseDates": {"startDate": "2023-01-01", "endDate": "2023-12-31"},
                           "ModelType": "m82-f", "DepositType": "Correction", "Currency": "ccy:mEUR"}],
           "Filings": [{"ReferenceNumber": "2024-1", "Rubrics": [
               {"Code": "70", "Value": 10, "Period": "N"}, {"Code": "70", "Value": "8", "Period": "NM1"},
               {"Code": "70", "Value": "7", "Period": "NM2"}]}]}
    f, r = wj.load(json.dumps(doc), "a.json")
    (x,) = [wj.build(y, r) for y in f]
    assert x.values == {("70", "N"): 10.0, ("70", "N-1"): 8.0} and x.deposit_type == "correction"
    assert x.schema == "full" and x.currency == "EUR" and x.enterprise == "0200065765"


def test_bad_json():
    with pytest.raises(DataError, match=r"a.json:1:\d+: not valid JSON"):
        wj.load("{oops", "a.json")


def test_enterprise_number_from_the_folder_name(tmp_path):
    d = tmp_path / "0925590628"
    d.mkdir()
    refs = json.loads((REAL / "0925590628_references.json").read_text())
    (d / "references.json").write_text(json.dumps(refs))
    (d / "2023-00123456.json").write_text((REAL / "2023-00123456.json").read_text())
    raws, r = [], {}
    for p in sorted(d.iterdir()):
        f, x = wj.load(p.read_text(), str(p))
        raws += f
        r.update(x)
    (f,) = [wj.build(x, r) for x in raws]
    assert f.enterprise == "0925590628" and f.values[("9900", "N")] == 48786.15
