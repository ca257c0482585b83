"""The public Python API: one path with the CLI, specs from files/text/dicts, results for people."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import econ_ai as ea
from econ_ai.pipeline import run_spec

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "fixtures" / "specs" / "valid"
PANEL = ROOT / "fixtures" / "specs" / "data" / "panel.csv"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pd.read_csv(PANEL, dtype={"enterprise_number": str, "nace3": str, "nace2": str})


def test_version_and_lazy_names():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", ea.__version__)
    assert {"run", "load_spec", "fe_ols", "etable", "ResultSet"} <= set(dir(ea))
    with pytest.raises(AttributeError):
        ea.no_such_thing  # noqa: B018


def test_api_and_cli_path_give_identical_results(panel):
    """The same compiled spec as the YAML file gives: identical numbers, NaN included."""
    path = VALID / "02_growth_fe_ols.yaml"
    by_file = run_spec(path)
    by_api = ea.run(path)
    assert by_api.to_json() == by_file.to_json()
    spec = ea.load_spec(path)
    by_frame = ea.run(spec, data=panel)
    for a, b in zip(by_file.results, by_frame.results):
        assert a.coefficients == b.coefficients and a.nobs == b.nobs


def test_load_spec_from_text_dict_and_file_are_the_same_spec():
    path = VALID / "02_growth_fe_ols.yaml"
    text = path.read_text()
    from_file, from_text = ea.load_spec(path), ea.load_spec(text)
    from_dict = ea.load_spec(from_file.to_dict())
    def key(spec):
        return [(m.name, m.outcome, m.terms, m.absorb, m.sample, m.vcov, m.options) for m in spec.models]

    assert key(from_file) == key(from_text) == key(from_dict)
    assert "kind: fe_ols" in from_file.to_yaml()


def test_spec_is_immutable_and_replace_revalidates():
    spec = ea.load_spec({"kind": "fe_ols", "data": "starters", "regressors": ["ai"], "vcov": {"cluster": ["firm"]},
                         "models": [{"outcome": "turnover"}, {"outcome": "employees"}]})
    with pytest.raises(Exception):
        spec.compiled = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.source["kind"] = "logit"  # type: ignore[index]
    v = spec.replace(vcov="hc1")
    assert {m.vcov.type for m in v.models} == {"hc1"} and spec.models[0].vcov.type == "cluster"
    with pytest.raises(ea.SpecError, match=r"vcov.type: invalid vcov type 'robust'"):
        spec.replace(vcov={"type": "robust"})
    with pytest.raises(ea.SpecError, match=r"unknown key 'contrls' \(did you mean 'controls'\?\)"):
        ea.load_spec({"kind": "fe_ols", "data": "starters", "models": [{"outcome": "y", "contrls": ["x"]}]})


def test_text_spec_errors_carry_the_line():
    with pytest.raises(ea.SpecError, match=r"<string>:4:15: models\[0\]: unknown key 'outcom' \(did you mean 'outcome'\?\)"):
        ea.load_spec("kind: fe_ols\ndata: starters\nmodels:\n  - {name: a, outcom: y}\n")


def test_run_needs_data_when_the_spec_has_none(panel):
    spec = ea.load_spec({"kind": "fe_ols", "regressors": ["ai"], "models": [{"outcome": "turnover"}]})
    with pytest.raises(ea.SpecError, match="no 'data:' key"):
        ea.run(spec)
    rs = ea.run(spec, data=panel)
    assert rs.results[0].nobs > 0 and rs.data.name == "<DataFrame>" and not rs.data.synthetic
    by_path = ea.run(spec, data=str(PANEL))
    assert by_path.results[0].coefficients == rs.results[0].coefficients


def test_fe_ols_builder_matches_a_hand_written_spec(panel):
    res = ea.fe_ols(panel, outcome=["turnover", "employees"], regressors="ai", controls=["log(tangible_assets)"],
                    absorb="nace3", vcov={"cluster": ["nace3"]}, name=["T", "E"])
    spec = {"kind": "fe_ols", "regressors": ["ai"], "controls": ["log(tangible_assets)"], "absorb": ["nace3"],
            "vcov": {"cluster": ["nace3"]}, "models": [{"name": "T", "outcome": "turnover"},
                                                        {"name": "E", "outcome": "employees"}]}
    ref = ea.run(spec, data=panel)
    assert [r.name for r in res] == ["T", "E"]
    assert res.to_json() == ref.to_json()


def test_logit_builder_with_marginal_effects_in_tidy(panel):
    res = ea.logit(panel, outcome="failed", regressors=["ai", "log(employees)"], vcov="hc1")
    tidy = res.tidy()
    assert list(tidy.columns) == ["model", "term", "quantity", "estimate", "std_error", "statistic", "p_value",
                                  "ci_low", "ci_high"]
    assert {"coef", "ame", "or"} <= set(tidy["quantity"])
    coef = tidy[(tidy.quantity == "coef") & (tidy.term == "ai")].iloc[0]
    odds = tidy[(tidy.quantity == "or") & (tidy.term == "ai")].iloc[0]
    assert odds.estimate == pytest.approx(np.exp(coef.estimate))
    assert odds.std_error == pytest.approx(odds.estimate * coef.std_error)  # delta method, as the table


def test_other_kind_builders(panel):
    pf = ea.production_function(panel, output="log(value_added)", free="log(employees)",
                                state="log(tangible_assets)", method=["ols", "fe"],
                                panel={"unit": "firm", "time": "year"},
                                sample=["value_added > 0", "employees > 0"])
    assert [r.fit["method"] for r in pf] == ["ols", "fe"]
    tq = ea.top_quantile(panel, group="vc_group", criteria=["turnover"], sample=["year == 2023"])
    assert tq.results[0].tables
    ds = ea.describe(panel, ["counts", "means"], by=["region"], variables=["turnover"])
    assert [r.name for r in ds] == ["counts", "means"]


def test_results_for_people(panel):
    res = ea.fe_ols(panel, outcome="turnover", regressors=["ai"], vcov="hc1", name="T")
    assert "T" in res.summary() and "ai" in res.summary()
    assert "\\begin{table}" in res.table("latex")
    assert "<table" in res._repr_html_() and "<table" in res["T"]._repr_html_()
    assert res["T"] is res.results[0]
    with pytest.raises(ea.EconAIError, match="no model named 'Tx'"):
        res["Tx"]
    with pytest.raises(TypeError):
        res.results[0].fit["r2"] = 0.9  # type: ignore[index]
    back = ea.ResultSet.from_json(res.to_json())
    assert back == res


def test_json_round_trip_is_exact_with_nan():
    r = ea.Result(name="m", kind="describe", nobs=3, fit={"x": float("nan"), "y": None, "z": "text"},
                  tables={"t": [{"a": float("nan"), "b": None, "c": "NaN?", "d": float("inf")}]},
                  extra={"e": [1.0, float("nan")]})
    rs = ea.ResultSet(spec="s.yaml", results=(r,))
    back = ea.ResultSet.from_json(rs.to_json())
    assert back == rs
    rec = back.results[0].tables["t"][0]
    assert np.isnan(rec["a"]) and rec["b"] is None and rec["c"] == "NaN?" and rec["d"] == float("inf")
    assert json.loads(rs.to_json())  # standard JSON (no bare NaN)


def test_etable_combines_several_runs(panel):
    a = ea.fe_ols(panel, outcome="turnover", regressors=["ai"], name="A")
    b = ea.fe_ols(panel, outcome="turnover", regressors=["ai"], controls=["log(employees)"], name="B")
    md = ea.etable([a, b], "markdown", keep=["ai"], labels={"ai": "AI starter"})
    assert "**A**" in md and "**B**" in md and "AI starter" in md
    assert "| log(employees) | No | Yes |" in md  # hidden by keep: an indicator row, no coefficient
    tex = ea.etable([a.results[0], b], "latex")
    assert tex.count("\\begin{tabular}") == 1


def test_load_data_frame_is_serialisable_and_keeps_provenance(tmp_path, monkeypatch):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path / "cache"))
    df = ea.load_data("ai_profile", scale=0.02)
    df.to_parquet(tmp_path / "ai.parquet")  # no SampleStep objects in .attrs
    assert df.attrs["econ_ai.data"]["synthetic"] is True
    rs = ea.describe(df, "counts", by=["funnel_step"]) if "funnel_step" in df.columns else None
    if rs is not None:
        assert rs.data.synthetic and "Synthetic" in rs.table("markdown")


def _readme_python() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no python block"
    return "\n".join(blocks)


@pytest.mark.parametrize("what", ["readme", "example"])
def test_documentation_runs_as_written(what, tmp_path):
    env = {**os.environ, "ECON_AI_EXAMPLE_OUT": str(tmp_path / "out"), "ECON_AI_EXAMPLE_SCALE": "0.05"}
    if what == "readme":
        code = _readme_python().replace("scale=0.1", "scale=0.05")  # smaller, same code path
        cmd = [sys.executable, "-c", code]
    else:
        cmd = [sys.executable, str(ROOT / "examples" / "growth_in_python.py")]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    if what == "example":
        assert (tmp_path / "out" / "growth.tex").read_text().count("AI starter") == 1
