"""validate with the data at hand (issue 16): non-numeric terms, filter values never taken,
provably empty samples, a missing data file with its near misses, unknown columns listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from econ_ai.errors import SpecError
from econ_ai.pipeline import validate

PANEL = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "data" / "panel.csv"


def _spec(tmp_path, body: str, data: str = "panel.csv") -> Path:
    if not (tmp_path / "panel.csv").exists():
        shutil.copy(PANEL, tmp_path / "panel.csv")
    p = tmp_path / "s.yaml"
    p.write_text(f"kind: fe_ols\ndata: {data}\n" + body, encoding="utf-8")
    return p


def _err(path) -> str:
    with pytest.raises(SpecError) as info:
        validate(path)
    return str(info.value)


def test_valid_spec_passes(tmp_path):
    validate(_spec(tmp_path, "regressors: [ai]\nsample: [\"region == 'Flanders'\"]\nmodels:\n  - {name: m, outcome: turnover}\n"))


def test_filter_value_never_taken_gets_did_you_mean(tmp_path):
    p = _spec(tmp_path, "regressors: [ai]\nsample: [\"region == 'Flandres'\"]\nmodels:\n  - {name: m, outcome: turnover}\n")
    assert _err(p) == (f"{p}:4:11: sample[0]: column 'region' never takes the value 'Flandres' "
                       "(did you mean 'Flanders'?); its values: Brussels, Flanders, Wallonia")
    p = _spec(tmp_path, "regressors: [ai]\nmodels:\n  - name: m\n    outcome: turnover\n"
                        "    sample: [\"vc_group in ['AI with VC', 'AI wihtout VC']\"]\n")
    assert "never takes the value 'AI wihtout VC' (did you mean 'AI without VC'?)" in _err(p)


def test_text_regressor_is_caught_with_the_c_advice(tmp_path):
    p = _spec(tmp_path, "regressors: [ai, region]\nmodels:\n  - {name: m, outcome: turnover}\n")
    assert _err(p) == (f"{p}:3:18: regressors[1]: column 'region' holds text (values such as "
                       "'Brussels', 'Flanders', 'Wallonia'), and this term needs numbers; for one dummy per category write C(region)")


def test_one_na_value_in_a_numeric_column_is_a_missing_value_not_a_category(tmp_path):
    p = _spec(tmp_path, "regressors: [ai]\ncontrols: [log(employees)]\nmodels:\n  - {name: m, outcome: turnover}\n")
    lines = (tmp_path / "panel.csv").read_text().splitlines()
    head = lines[0].split(",")
    row = lines[5].split(",")
    row[head.index("employees")] = "n.a."
    lines[5] = ",".join(row)
    (tmp_path / "panel.csv").write_text("\n".join(lines) + "\n")
    msg = _err(p)
    assert msg == (f"{p}:4:16: controls[0]: column 'employees' is not numeric because of 1 value ('n.a.', first at "
                   "line 6 of the data file); mark it as missing (an empty field) in the data")
    assert "C(" not in msg


def test_provably_empty_sample(tmp_path):
    p = _spec(tmp_path, "regressors: [ai]\nsample: [\"year >= 2015\", \"year < 2012\"]\nmodels:\n  - {name: m, outcome: turnover}\n")
    assert _err(p) == (f"{p}:4:26: sample[1]: no row passes this filter: the sample of model 'm' would be empty "
                       "(170 rows before it, 0 after)")


def test_missing_data_file_gives_its_line_and_near_misses(tmp_path):
    shutil.copy(PANEL, tmp_path / "mydata.csv")
    p = _spec(tmp_path, "regressors: [ai]\nmodels:\n  - {name: m, outcome: turnover}\n", data="my_data.csv")
    assert _err(p) == (f"{p}:2:7: data: data file not found: my_data.csv (did you mean 'mydata.csv'?); "
                       f"data files in {tmp_path}: mydata.csv, panel.csv")


def test_filter_on_a_missing_column_lists_the_columns(tmp_path):
    p = _spec(tmp_path, "regressors: [ai]\nsample: [\"zzz == 1\"]\nmodels:\n  - {name: m, outcome: turnover}\n")
    msg = _err(p)
    assert msg.startswith(f"{p}:4:11: sample[0]: unknown variable 'zzz'; the data's columns: enterprise_number, firm,")
