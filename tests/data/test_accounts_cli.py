"""``econ-ai data accounts`` and ``econ-ai data template``."""

from pathlib import Path

import pandas as pd

from econ_ai.cli import main
from econ_ai.data.ai_profile import COLUMNS
from econ_ai.data.schema import columns

ROOT = Path(__file__).resolve().parents[2]


def test_accounts_writes_canonical_table_and_report(tmp_path, capsys):
    out = tmp_path / "acc.parquet"
    assert main(["data", "accounts", str(ROOT / "fixtures/nbb/real"), "-o", str(out), "-q"]) == 0
    df = pd.read_parquet(out)
    assert list(df.columns) == columns("accounts") and df["enterprise_number"].unique().tolist() == ["0925.590.628"]
    text = capsys.readouterr().out
    assert "excluded: 1 association/foundation model npo (outside S11)" in text
    assert "2 enterprise-years of 1 enterprises written to" in text
    csv = tmp_path / "acc.csv"
    assert main(["data", "accounts", str(ROOT / "fixtures/nbb/real"), "-o", str(csv), "-q"]) == 0
    assert pd.read_csv(csv, dtype={"enterprise_number": str})["enterprise_number"].tolist() == ["0925.590.628"] * 2


def test_accounts_bad_input_is_an_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "x.csv"
    bad.write_text('"Entity number","12"\n"Model code","m02-f"\n"Accounting period end date","2020-12-31"\n')
    assert main(["data", "accounts", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:1: field 'Entity number': bad enterprise number '12'")
    assert main(["data", "accounts", str(tmp_path / "missing")]) == 2


def test_template_ai_profile(tmp_path, capsys):
    out = tmp_path / "ai_profile.csv"
    assert main(["data", "template", "ai_profile", "-o", str(out)]) == 0
    assert out.read_text().strip().replace('"', "").split(",") == COLUMNS
    assert main(["data", "template", "ai_profile", "-o", str(out)]) == 2        # no silent overwrite
    assert "exists already" in capsys.readouterr().err
    assert main(["data", "template", "ai_profile", "-o", str(out), "--force"]) == 0


def test_synth_writes_filings_in_a_real_format(tmp_path, monkeypatch, capsys):
    from econ_ai.data import nbb, synth
    from econ_ai.data.nbb_formats.combine import read_sources

    long = pd.read_csv(ROOT / "fixtures/nbb/accounts_small.csv", dtype=str)
    long["Value"] = long["Value"].astype(float)
    out = tmp_path / "pop"

    def fake_generate(path, **kw):                 # the population itself is tested in tests/data/synth
        path.mkdir(parents=True)
        long.to_parquet(path / "accounts.parquet", index=False)
        return path

    monkeypatch.setattr(synth, "generate", fake_generate)
    assert main(["data", "synth", "-o", str(out), "--filings", "consult_csv", "-q"]) == 0
    assert "7 NBB filings (consult_csv) written to" in capsys.readouterr().out
    got, _ = read_sources([out / "nbb" / "consult_csv"])
    want, _ = nbb.read_accounts(out / "accounts.parquet", quiet=True)
    pd.testing.assert_frame_equal(got, want)
