"""The econ-ai command line: validate, run (every format), table, and the error path."""

import json
from pathlib import Path

import pytest

from econ_ai.cli import main

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "fixtures" / "specs" / "valid"
SPEC = VALID / "02_growth_fe_ols.yaml"
LOGIT = ROOT / "fixtures" / "reference" / "logit" / "spector_stata.yaml"


def test_validate_ok(capsys):
    assert main(["validate", str(SPEC), str(LOGIT)]) == 0
    out = capsys.readouterr().out
    assert "02_growth_fe_ols.yaml: ok (fe_ols" in out


def test_validate_reports_spec_error_with_location(capsys):
    bad = ROOT / "fixtures" / "specs" / "invalid"
    case = sorted(bad.glob("*.yaml"))[0]
    assert main(["validate", str(case)]) == 2
    err = capsys.readouterr().err
    expected = case.with_suffix(".expected").read_text().strip()
    assert err.startswith("error: ")
    # the expected text names the file relative to the repo root; the message part must match
    assert expected.split(": ", 1)[1] in err


def test_run_json_contract(tmp_path):
    out = tmp_path / "r.json"
    assert main(["run", str(SPEC), "--format", "json", "-o", str(out), "-q"]) == 0
    d = json.loads(out.read_text())
    assert set(d) >= {"spec", "data", "models"}
    assert set(d["data"]) >= {"name", "rows", "sha256"}
    m = d["models"][0]
    assert set(m) >= {"name", "kind", "nobs", "coefficients", "fit", "vcov", "absorbed", "dropped_terms", "sample_log"}
    assert set(m["coefficients"]["ai"]) == {"estimate", "std_error", "statistic", "p_value", "ci_low", "ci_high"}
    assert set(m["vcov"]) >= {"type", "clusters", "convention"}
    assert all(set(s) >= {"step", "removed"} for s in m["sample_log"])


def test_run_logit_json_has_margins_and_odds_ratios(tmp_path):
    out = tmp_path / "l.json"
    assert main(["run", str(LOGIT), "--format", "json", "-o", str(out), "-q"]) == 0
    m = json.loads(out.read_text())["models"][0]
    assert set(m["marginal_effects"]) == {"gpa", "tuce", "psi"}
    assert set(m["odds_ratios"]["gpa"]) == {"estimate", "ci_low", "ci_high"}
    assert {"pseudo_r2", "loglik"} <= set(m["fit"])


@pytest.mark.parametrize("fmt,marker", [("latex", "\\toprule"), ("markdown", "|"), ("html", "<table"), ("csv", "term"), ("text", "Observations:")])
def test_run_every_format(tmp_path, fmt, marker):
    out = tmp_path / f"out.{fmt}"
    assert main(["run", str(SPEC), "--format", fmt, "-o", str(out), "-q"]) == 0
    assert marker in out.read_text()


def test_table_from_saved_results_combines_files(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["run", str(SPEC), "--format", "json", "-o", str(a), "-q"]) == 0
    assert main(["run", str(LOGIT), "--format", "json", "-o", str(b), "-q"]) == 0
    md = tmp_path / "t.md"
    assert main(["table", str(a), str(b), "--format", "markdown", "-o", str(md)]) == 0
    text = md.read_text()
    assert "Turnover" in text and "OIM" in text


def test_data_synth_writes_the_raw_formats(tmp_path, capsys):
    out = tmp_path / "pop"
    assert main(["data", "synth", "--scale", "0.01", "--seed", "3", "-o", str(out), "-q"]) == 0
    assert (out / "kbo" / "enterprise.csv").exists() and (out / "ai_profile.csv").exists()
    assert any(out.glob("accounts.*"))
    assert str(out) in capsys.readouterr().out


def test_data_calibration_prints_published_next_to_generated(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path / "cache"))
    report = tmp_path / "cal.txt"
    assert main(["data", "calibration", "--scale", "0.02", "-o", str(report)]) == 0
    text = report.read_text()
    assert "published" in text.lower() and "Table 1" in text
