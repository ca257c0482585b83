"""The --data-source folder: layout errors, the real-format fixture folder, and the two
tracebacks measured on main before issue 10 (now a counted note or a clear error)."""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.cli import main
from econ_ai.data import builtin, source_folder
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "fixtures/real_data"


@pytest.fixture(autouse=True)
def _fresh():
    builtin.clear_cache()
    yield
    builtin.clear_cache()


def test_missing_parts_named_with_the_layout(tmp_path, capsys):
    with pytest.raises(DataError, match=r"data folder has no kbo/, nbb/, ai_profile.csv; expected a folder with kbo/"):
        source_folder.check(tmp_path)
    (tmp_path / "kbo").mkdir()
    assert main(["run", str(ROOT / "specs/08_growth.yaml"), "--data-source", str(tmp_path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "data folder has no nbb/, ai_profile.csv" in err and "econ-ai data template ai_profile" in err


def test_accounts_from_filings_in_nbb_folder():
    df, info = builtin.load("accounts", source=str(REAL), quiet=True)
    assert not info.synthetic
    # four made-up firms of the KBO sample + the real micro filing (not in the KBO sample)
    assert sorted(df["enterprise_number"].unique()) == ["0717.947.577", "0753.409.193", "0843.619.886",
                                                        "0872.480.059", "0925.590.628"]
    steps = [s.step for s in builtin.load_sample_log("accounts", source=str(REAL), quiet=True)]
    assert "filings excluded: association/foundation model npo (outside S11)" in steps


def test_canonical_accounts_table_in_nbb_folder(tmp_path):
    d = tmp_path / "src"
    shutil.copytree(REAL, d, ignore=shutil.ignore_patterns("nbb"))
    (d / "nbb").mkdir()
    assert main(["data", "accounts", str(REAL / "nbb"), "-o", str(d / "nbb" / "accounts.parquet"), "-q"]) == 0
    df, _ = builtin.load("accounts", source=str(d), quiet=True)
    ref, _ = builtin.load("accounts", source=str(REAL), quiet=True)
    pd.testing.assert_frame_equal(df.reset_index(drop=True), ref[df.columns].reset_index(drop=True),
                                  check_dtype=False)


def test_ai_list_with_enterprises_absent_from_kbo_no_traceback():
    # measured on main: TypeError: boolean value of NA is ambiguous (ai_companies.py:60) when the
    # AI list / accounts name enterprises absent from the KBO files (here 0925.590.628)
    df, _ = builtin.load("ai_companies", source=str(REAL), quiet=True)
    r = df[df["enterprise_number"] == "0925.590.628"].iloc[0]
    assert r["in_kbo"] == 1 and pd.isna(r["founded"]) and pd.isna(r["vc_group"])
    v = df[df["enterprise_number"] == "0717.947.577"].iloc[0]
    assert v["vc_group"] == "AI with VC" and v["n_years"] == 5


def test_empty_figure_data_is_a_data_error():
    # measured on main: ValueError: records have no key column (Figure 4 on too little data)
    from econ_ai.study.figures import share_series

    with pytest.raises(DataError, match="no rows to draw"):
        share_series([], (2010, 2023))


def test_every_spec_runs_on_the_real_format_folder(tmp_path):
    out = tmp_path / "out"
    assert main(["reproduce", "--data-source", str(REAL), "-o", str(out), "-q"]) == 0
    text = (out / "REPRODUCTION.md").read_text(encoding="utf-8")
    assert text.split("\n")[2].startswith("Data: user-supplied files (not the synthetic default): KBO / NBB files in")
    assert "**FAIL**" not in text and "**ERROR**" not in text and "## Errors" not in text
    assert text.count("| not checked") >= 80
    # every spec ran: it wrote its results, or says per claim why the data cannot fit it
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        if not (out / "results" / f"{spec.stem}.json").is_file():
            assert f"| {spec.stem} |" in text and "not estimable on the user-supplied data" in text, spec.name
    assert np.all([p.stat().st_size > 0 for p in (out / "results").glob("*.json")])
