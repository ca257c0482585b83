"""econ-ai reproduce on a small specs folder: outputs, REPRODUCTION.md, exit status."""

from pathlib import Path

from econ_ai.cli import main
from econ_ai.pipeline import DataOptions
from econ_ai.study.reproduce import reproduce

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "data" / "panel.csv"

GROWTH = f"""
kind: fe_ols
title: Growth
data: {DATA}
panel: {{unit: firm, time: year}}
regressors: [ai]
controls: [log(employees)]
absorb: [nace3, year]
vcov: {{cluster: [firm]}}
models:
  - {{name: Turnover, outcome: growth(turnover)}}
published:
  - {{id: sign_ok, claim: "a claim that holds", model: Turnover, term: ai, between: [-10, 10]}}
  - {{id: too_big, claim: "a claim that fails", model: Turnover, term: ai, between: [5, 10]}}
  - {{id: power, claim: "needs full scale", model: Turnover, term: ai, between: [5, 10], full_scale_only: true}}
"""

COUNTS = f"""
kind: describe
title: Counts
data: {DATA}
sample: ["year == 2023"]
models:
  - {{name: Firms, statistic: counts}}
published:
  - {{id: n, claim: "20 firms in 2023", model: Firms, table: counts, column: n, value: 20, scales: true}}
"""


def _specs(tmp_path: Path, **texts: str) -> Path:
    d = tmp_path / "specs"
    d.mkdir()
    for name, text in texts.items():
        (d / f"{name}.yaml").write_text(text, encoding="utf-8")
    return d


def test_reproduce_writes_everything_and_flags_the_failing_claim(tmp_path):
    specs = _specs(tmp_path, a_growth=GROWTH, b_counts=COUNTS)
    out = tmp_path / "out"
    rep = reproduce(specs_dir=specs, out_dir=out, opts=DataOptions(quiet=True))
    status = {o.claim_id: o.status for o in rep.outcomes}
    assert status == {"sign_ok": "pass", "too_big": "fail", "power": "fail", "n": "pass"}
    assert not rep.ok
    assert (out / "results" / "a_growth.json").exists()
    for ext in ("tex", "md", "html"):
        assert (out / "tables" / f"a_growth.{ext}").stat().st_size > 0
    assert (out / "figures" / "a_growth_coefplot.png").stat().st_size > 0
    md = (out / "REPRODUCTION.md").read_text()
    assert "| a_growth | a claim that fails |" in md and "**FAIL**" in md
    # the data here is a user CSV, not the synthetic default: no synthetic banner
    assert "The data is synthetic" not in md
    assert "Data (not the synthetic default): file fixtures/specs/data/panel.csv." in md


def test_reduced_scale_reports_full_scale_claims_and_scales_counts(tmp_path):
    specs = _specs(tmp_path, a_growth=GROWTH, b_counts=COUNTS)
    rep = reproduce(specs_dir=specs, out_dir=tmp_path / "o", opts=DataOptions(scale=0.5, quiet=True))
    status = {o.claim_id: o.status for o in rep.outcomes}
    assert status["power"] == "reported"
    assert status["too_big"] == "fail"
    # a CSV's rows do not scale: 20 firms against 20 * 0.5 +- 1 fails, as it should
    assert status["n"] == "fail"


def test_cli_exit_status_names_the_failed_claim(tmp_path, capsys):
    specs = _specs(tmp_path, a_growth=GROWTH)
    code = main(["reproduce", "--specs", str(specs), "-o", str(tmp_path / "o"), "-q"])
    captured = capsys.readouterr()
    assert code == 1
    assert "FAILED a_growth.yaml [too_big] a claim that fails" in captured.err
    assert "failed" in captured.out


# ---------------------------------------------------------------- the gate cannot pass on nothing

def _gate(argv, capsys):
    code = main(["reproduce", *argv, "-q"])
    return code, capsys.readouterr().err


def test_specs_accepts_a_single_file_and_mixed_files_and_folders(tmp_path, capsys):
    specs = _specs(tmp_path, a_growth=GROWTH, b_counts=COUNTS)
    out = tmp_path / "o"
    code, _ = _gate(["--specs", str(specs / "b_counts.yaml"), "-o", str(out)], capsys)
    assert code == 0
    assert "| b_counts | 20 firms in 2023 |" in (out / "REPRODUCTION.md").read_text()
    code, err = _gate(["--specs", str(specs / "b_counts.yaml"), str(specs), "-o", str(out)], capsys)
    assert code == 1 and "[too_big]" in err  # the folder's growth spec ran too, once
    rep = reproduce(specs=[specs / "a_growth.yaml", specs], out_dir=out, opts=DataOptions(quiet=True))
    assert [o.claim_id for o in rep.outcomes].count("sign_ok") == 1


def test_missing_specs_path_exits_2(tmp_path, capsys):
    code, err = _gate(["--specs", str(tmp_path / "nonexistent"), "-o", str(tmp_path / "o")], capsys)
    assert code == 2
    assert "no such file or folder" in err and "nonexistent" in err


def test_folder_without_specs_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, err = _gate(["--specs", str(tmp_path / "empty"), "-o", str(tmp_path / "o")], capsys)
    assert code == 2 and "holds no spec files" in err


def test_zero_claims_exits_2(tmp_path, capsys):
    no_claims = COUNTS.split("published:")[0]
    specs = _specs(tmp_path, a_counts=no_claims)
    code, err = _gate(["--specs", str(specs), "-o", str(tmp_path / "o")], capsys)
    assert code == 2 and "zero claims were checked" in err and "hold no published claims" in err


def test_only_reported_claims_exits_2(tmp_path, capsys):
    only_power = GROWTH.split("published:")[0] + (
        "published:\n  - {id: power, claim: x, model: Turnover, term: ai, between: [5, 10], full_scale_only: true}\n")
    specs = _specs(tmp_path, a_growth=only_power)
    code, err = _gate(["--specs", str(specs), "-o", str(tmp_path / "o"), "--scale", "0.5"], capsys)
    assert code == 2 and "reported only at scale 0.5" in err


def test_default_specs_are_found_from_any_directory(tmp_path, monkeypatch):
    from econ_ai.study.specs import resolve_specs, study_specs_dir

    monkeypatch.chdir(tmp_path)
    found = resolve_specs(None)
    assert study_specs_dir() == Path(__file__).resolve().parents[2] / "specs"
    assert len(found) >= 13 and all(p.suffix == ".yaml" for p in found)


def test_not_a_spec_file_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    code, err = _gate(["--specs", str(tmp_path / "notes.txt"), "-o", str(tmp_path / "o")], capsys)
    assert code == 2 and "is not a spec file" in err
