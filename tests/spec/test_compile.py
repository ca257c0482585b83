"""Compile: defaults merged into models, terms normalised, cross-field checks, columns."""

import re
from pathlib import Path

import pytest

from econ_ai.errors import SpecError
from econ_ai.spec.compile import compile_text, load_spec, validate_columns
from econ_ai.spec.model import DataRef, PanelSpec, VcovSpec

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
kind: fe_ols
title: Growth
data: starters
panel: {unit: firm, time: year}
sample: ["founded >= 2010", "employees >= 1"]
regressors: [ai]
controls: [log( employees ), "ratio(value_added,employees)"]
absorb: [nace3, year]
vcov: {cluster: firm}
models:
  - {name: Turnover, outcome: growth(turnover)}
  - name: Employees
    outcome: growth(employees)
    vcov: hc1
    sample: ["year >= 2012"]
    absorb: []
    controls: []
"""


def err(text: str) -> str:
    with pytest.raises(SpecError) as info:
        compile_text(text, "s.yaml")
    return str(info.value)


def test_defaults_merge_and_override():
    spec = compile_text(SPEC, "specs/growth.yaml")
    assert spec.kind == "fe_ols" and spec.title == "Growth"
    assert spec.data == DataRef("starters", None)
    a, b = spec.models
    assert a.name == "Turnover" and a.kind == "fe_ols" and a.key == "models[0]"
    assert a.outcome == "growth(turnover)"
    assert a.terms == ("ai", "log(employees)", "ratio(value_added, employees)")
    assert a.absorb == ("nace3", "year")
    assert a.vcov == VcovSpec("cluster", ("firm",), "reghdfe")
    assert a.sample == ("founded >= 2010", "employees >= 1")
    assert a.panel == PanelSpec("firm", "year")
    assert a.location.line == 11
    # model-level values replace lists, vcov; the model's sample ADDS to the spec's
    assert b.controls == () and b.absorb == () and b.regressors == ("ai",)
    assert b.vcov == VcovSpec("hc1", (), "reghdfe")
    assert b.sample == ("founded >= 2010", "employees >= 1", "year >= 2012")


def test_vcov_forms():
    def vc(v):
        return compile_text(f"kind: fe_ols\ndata: starters\nvcov: {v}\nmodels: [{{outcome: y}}]\n"
                            ).models[0].vcov
    assert vc("iid") == VcovSpec("iid")
    assert vc("{cluster: [firm, year], convention: fixest}") == VcovSpec(
        "cluster", ("firm", "year"), "fixest")
    assert vc("{type: cluster, cluster: nace3}") == VcovSpec("cluster", ("nace3",), "reghdfe")
    assert vc("{type: hc1, convention: statsmodels}") == VcovSpec("hc1", (), "statsmodels")
    assert compile_text("kind: fe_ols\ndata: starters\nmodels: [{outcome: y}]\n"
                        ).models[0].vcov == VcovSpec()


def test_data_paths_resolve_against_the_spec_folder():
    """DataRef.path is absolute (so it does not depend on the working directory later)."""
    spec = compile_text("kind: fe_ols\ndata: ../data/panel.parquet\nmodels: [{outcome: y}]\n",
                        "specs/sub/a.yaml")
    assert spec.data == DataRef("panel.parquet", str(Path("specs/data/panel.parquet").resolve()))
    spec = compile_text("kind: fe_ols\ndata: /abs/x.csv\nmodels: [{outcome: y}]\n", "s/a.yaml")
    assert spec.data == DataRef("x.csv", "/abs/x.csv")
    spec = compile_text("kind: fe_ols\ndata: x.csv\nmodels: [{outcome: y}]\n")
    assert spec.data == DataRef("x.csv", str(Path("x.csv").resolve()))


def test_model_names_default_and_report_passthrough():
    spec = compile_text("kind: logit\ndata: firms\noutcome: failed\nabsorb_as_dummies: false\n"
                        "models: [{regressors: [ai]}, {name: B, absorb_as_dummies: true}]\n"
                        "report: {show: ame, stars: [0.05], labels: {ai: AI}}\n")
    assert [m.name for m in spec.models] == ["(1)", "B"]
    assert compile_text("kind: fe_ols\ndata: firms\nmodels: [{name: 2019, outcome: y}]\n"
                        ).models[0].name == "2019"
    assert [m.options for m in spec.models] == [{"absorb_as_dummies": False},
                                                {"absorb_as_dummies": True}]
    assert spec.report == {"show": "ame", "stars": [0.05], "labels": {"ai": "AI"}}


def test_kind_options():
    spec = compile_text("kind: production_function\ndata: starters\npanel: {unit: firm, "
                        "time: year}\noutput: log(value_added)\nfree: [log(employees)]\n"
                        "state: [ log(k) ]\nproxy: log(m)\nbootstrap: {reps: 9, seed: 1}\n"
                        "models: [{method: lp}, {method: acf, degree: 2, proxy: log(i)}]\n")
    assert spec.models[0].options == {
        "output": "log(value_added)", "free": ("log(employees)",), "state": ("log(k)",),
        "proxy": "log(m)", "bootstrap": {"reps": 9, "seed": 1}, "method": "lp", "degree": 3,
        "exit_correction": False}
    assert spec.models[1].options["proxy"] == "log(i)" and spec.models[1].options["degree"] == 2
    tq = compile_text("kind: top_quantile\ndata: starters\ngroup: vc_group\n"
                      "models: [{criteria: [turnover, employees]}]\n")
    assert tq.models[0].options == {"group": "vc_group", "q": 0.8,
                                    "criteria": ("turnover", "employees")}


@pytest.mark.parametrize("body, expected", [
    ("models: [{outcome: growth(y)}]\n", "s.yaml:3:20: models[0].outcome: growth() in "
     "'growth(y)' needs panel data: add 'panel: {unit: firm, time: year}' at the top level"),
    ("sample: ['lag(x) > 0']\nmodels: [{outcome: y}]\n", "s.yaml:3:10: sample[0]: lag() in "
     "'lag(x)' needs panel data: add 'panel: {unit: firm, time: year}' at the top level"),
    ("controls: [a, log(b), a]\nmodels: [{outcome: y}]\n",
     "s.yaml:3:23: controls[2]: term 'a' appears twice (first at controls[0])"),
    ("regressors: [y]\nmodels: [{outcome: y}]\n",
     "s.yaml:3:14: regressors[0]: the outcome 'y' cannot also be a regressor"),
    ("controls: [C(nace3)]\nabsorb: [nace3]\nmodels: [{outcome: y}]\n",
     "s.yaml:3:12: controls[0]: 'C(nace3)' is also absorbed (absorb[0]); a variable cannot be "
     "both a regressor and a fixed effect"),
    ("absorb: [log(x)]\nmodels: [{outcome: y}]\n",
     "s.yaml:3:10: absorb[0]: absorb takes column names (or a:b interactions of columns), got "
     "'log(x)'"),
    ("absorb: [a, a]\nmodels: [{outcome: y}]\n", "s.yaml:3:13: absorb[1]: 'a' is absorbed twice"),
    ("models: [{outcome: C(y)}]\n",
     "s.yaml:3:20: models[0].outcome: the outcome cannot be categorical ('C(y)')"),
    ("vcov: {type: hc1, cluster: [firm]}\nmodels: [{outcome: y}]\n",
     "s.yaml:3:7: vcov: vcov type 'hc1' does not take 'cluster'; write '{cluster: [var]}' for "
     "clustered errors"),
    ("vcov: {cluster: [firm, firm]}\nmodels: [{outcome: y}]\n",
     "s.yaml:3:17: vcov.cluster: the same cluster variable is given twice"),
    ("vcov: {cluster: []}\nmodels: [{outcome: y}]\n",
     "s.yaml:3:17: vcov.cluster: give one or two cluster variables (the list is empty)"),
    ("vcov: {cluster: [log(firm)]}\nmodels: [{outcome: y}]\n",
     "s.yaml:3:18: vcov.cluster[0]: a cluster variable must be a column name, got 'log(firm)'"),
    ("sample: ['x >= 1', 'y = 2']\nmodels: [{outcome: y}]\n",
     "s.yaml:3:23: sample[1]: unknown operator '=' (did you mean '=='?); allowed: ==, !=, <=, "
     ">=, <, > (at character 3)"),
    ("models: [{outcome: y, sample: ['x >']}]\n",
     "s.yaml:3:36: models[0].sample[0]: expected a value, found end of text (at character 4)"),
    ("panel: {unit: log(firm), time: year}\nmodels: [{outcome: y}]\n",
     "s.yaml:3:15: panel.unit: panel unit must be a column name"),
])
def test_cross_field_errors(body, expected):
    assert err("kind: fe_ols\ndata: starters\n" + body) == expected


def test_kind_cross_field_errors():
    pf = "kind: production_function\ndata: starters\noutput: y\nfree: [l]\nstate: [k]\n"
    assert err(pf + "models: [{method: ols}]\n") == (
        "s.yaml:1:1: a production_function spec needs 'panel: {unit: ..., time: ...}'")
    pf += "panel: {unit: firm, time: year}\n"
    assert err(pf + "models: [{method: lp}]\n") == (
        "s.yaml:7:10: models[0]: missing required key 'proxy' (give it in the model or at the top "
        "level) for method 'lp'")
    assert compile_text(pf + "models: [{method: fe}]\n").models[0].options["method"] == "fe"
    assert err(pf + "proxy: m\nmodels: [{method: op, exit_correction: true}]\n") == (
        "s.yaml:8:10: models[0]: missing required key 'exit' (give it in the model or at the top "
        "level) for exit_correction")
    d = "kind: describe\ndata: starters\n"
    assert err(d + "models: [{statistic: share_by_year, variables: [ai]}]\n") == (
        "s.yaml:3:10: models[0]: missing required key 'time' (give it in the model or at the top "
        "level) for statistic 'share_by_year'")
    assert err(d + "models: [{statistic: crosstab, by: [a]}]\n") == (
        "s.yaml:3:10: models[0]: a crosstab needs exactly two 'by' columns (rows, columns), got 1")
    assert err(d + "models: [{statistic: share_by_year, time: year}]\n") == (
        "s.yaml:3:10: models[0]: missing required key 'group' (give it in the model or at the "
        "top level) for statistic 'share_by_year'")
    assert err(d + "models: [{statistic: counts, by: [a], part: [al]}]\n") == (
        "s.yaml:3:46: models[0].part[0]: invalid value 'al' (did you mean 'all'?); allowed: all, "
        "positive, negative")
    assert err(d + "models: [{statistic: counts, by: [a], level: [1]}]\n") == (
        "s.yaml:3:46: models[0].level: level must be a single value (the group value whose share "
        "is shown), got list")
    spec = compile_text(d + "models: [{statistic: share_by_year, time: year, group: ai, "
                        "variables: [turnover], part: positive, level: 1}]\n")
    assert spec.models[0].options == {"statistic": "share_by_year", "variables": ("turnover",),
                                      "group": "ai", "time": "year", "level": 1,
                                      "part": ("positive",)}
    assert err(d + "models: [{statistic: means}]\n") == (
        "s.yaml:3:10: models[0]: missing required key 'variables' (give it in the model or at the "
        "top level) for statistic 'means'")
    assert err("kind: top_quantile\ndata: starters\nmodels: [{criteria: [a]}]\n") == (
        "s.yaml:3:10: models[0]: missing required key 'group' (give it in the model or at the top "
        "level)")


def test_validate_columns_points_at_the_variable():
    spec = compile_text(SPEC, "s.yaml")
    cols = ["firm", "year", "founded", "employees", "ai", "value_added", "nace3", "turnover"]
    validate_columns(spec, cols)
    with pytest.raises(SpecError) as info:
        validate_columns(spec, [c for c in cols if c != "value_added"] + ["value_add"])
    assert str(info.value) == ("s.yaml:7:37: controls[1]: unknown variable 'value_added' "
                               "(did you mean 'value_add'?)")
    with pytest.raises(SpecError) as info:
        validate_columns(spec, [c for c in cols if c != "year"] + ["years"])
    assert str(info.value) == "s.yaml:4:27: panel.time: unknown variable 'year' (did you mean 'years'?)"
    with pytest.raises(SpecError) as info:
        validate_columns(spec, [c for c in cols if c != "employees"])
    assert str(info.value) == ("s.yaml:5:30: sample[1]: unknown variable 'employees'; the data's columns: "
                               "firm, year, founded, ai, value_added, nace3, turnover")  # no near miss: list them
    tq = compile_text("kind: top_quantile\ndata: starters\ngroup: vc_grp\n"
                      "models: [{criteria: [a]}]\n", "t.yaml")
    with pytest.raises(SpecError) as info:
        validate_columns(tq, ["a", "vc_group"])
    assert str(info.value) == "t.yaml:3:8: group: unknown variable 'vc_grp' (did you mean 'vc_group'?)"


def test_builtin_names_agree_with_the_data_layer():
    from econ_ai.spec.compile import BUILTIN_DATASETS

    builtin = pytest.importorskip("econ_ai.data.builtin")
    assert set(builtin.DATASETS) == set(BUILTIN_DATASETS)


def test_load_spec_reads_files(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SPEC)
    assert load_spec(p).models[1].name == "Employees"
    assert load_spec(str(p)).path == str(p)


def test_specs_are_data_never_code():
    """No eval/exec/query/unsafe YAML anywhere in the package."""
    pattern = re.compile(r"(?<![\w.])(eval|exec)\(|\.query\(|yaml\.load\(|pd\.eval\(|"
                         r"yaml\.unsafe_load|yaml\.full_load")
    hits = []
    for path in (ROOT / "econ_ai").rglob("*.py"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code):
                hits.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert hits == []


def test_import_stays_light():
    import subprocess
    import sys

    code = ("import sys, econ_ai, econ_ai.spec, econ_ai.spec.terms, econ_ai.spec.filters; "
            "bad = [m for m in ('pydantic', 'pandas', 'statsmodels', 'scipy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_spec_variables_lists_every_column_named():
    from econ_ai.spec.compile import compile_text, spec_variables

    spec = compile_text(
        "kind: fe_ols\ndata: starters\npanel: {unit: firm, time: year}\nsample: ['founded >= 2010']\n"
        "models:\n  - {outcome: diff(tfp_lp), regressors: [ai], controls: [lag(log(employees))],"
        " absorb: [nace3], vcov: {cluster: [firm]}}\n"
    )
    assert spec_variables(spec) == {"firm", "year", "founded", "tfp_lp", "ai", "employees", "nace3"}
