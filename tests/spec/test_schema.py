"""Schemas per kind and the conversion of pydantic errors to SpecError (exact texts)."""

import pytest

from econ_ai.errors import SpecError
from econ_ai.spec import schema as S
from econ_ai.spec.compile import compile_text

HEAD = "kind: fe_ols\ndata: starters\n"


def err(text: str) -> str:
    with pytest.raises(SpecError) as info:
        compile_text(text, "s.yaml")
    return str(info.value)


def test_registry_has_every_estimator_kind():
    from econ_ai.kinds import registry

    for kind in registry.KINDS:
        plugin = registry.get(kind)
        assert plugin.spec_schema.model_config["extra"] == "forbid"
        assert plugin.model_schema.model_config["extra"] == "forbid"
        assert plugin.options.model_config["extra"] == "forbid"


def test_register_a_new_kind(monkeypatch):
    """A kind is one table entry plus its own plug-in (here a module made on the fly)."""
    import sys
    import types

    from econ_ai.kinds import registry
    from econ_ai.kinds.options import KindOptions

    class DidSpec(S._Common):
        treatment: str | None = None
        models: list[S._CommonModel]

    class DidOptions(KindOptions):
        treatment: str | None = None

    mod = types.ModuleType("did_test_plugin")
    mod.PLUGIN = registry.Kind(name="did_test", spec_schema=DidSpec, model_schema=S._CommonModel,
                               options=DidOptions, option_keys=("treatment",), prepare="x:y",
                               estimator="x:y")
    monkeypatch.setitem(sys.modules, "did_test_plugin", mod)
    monkeypatch.setitem(registry.KINDS, "did_test", "did_test_plugin")
    try:
        spec = compile_text("kind: did_test\ndata: starters\ntreatment: ai\nmodels: [{name: a}]\n")
        assert spec.models[0].options == {"treatment": "ai"}
        assert isinstance(spec.models[0].options, DidOptions)
    finally:
        registry._LOADED.pop("did_test", None)


@pytest.mark.parametrize("body, expected", [
    ("regressors: [ai]\nmodels:\n  - {name: A, outcome: y, contrls: [x]}\n",
     "s.yaml:5:27: models[0]: unknown key 'contrls' (did you mean 'controls'?)"),
    ("models: [{outcome: y}]\nreport: {keep: [ai], labelz: {}}\n",
     "s.yaml:4:22: report: unknown key 'labelz' (did you mean 'label'?)"),
    ("models: [{outcome: y}]\nvcov: {clustre: firm}\n",
     "s.yaml:4:8: vcov: unknown key 'clustre' (did you mean 'cluster'?)"),
    ("models: [{outcome: y}]\nzzz: 1\n", "s.yaml:4:1: unknown key 'zzz'"),
    ("models: [{outcome: y, absorb: nace3}]\n",
     "s.yaml:3:31: models[0].absorb: expected a list, got a string 'nace3' (write [nace3])"),
    ("models: [{outcome: [y]}]\n",
     "s.yaml:3:20: models[0].outcome: expected a string, got a list"),
    ("models: [{outcome: 3}]\n",
     "s.yaml:3:20: models[0].outcome: expected a string, got an integer '3'"),
    ("models: {outcome: y}\n", "s.yaml:3:9: models: expected a list, got a mapping"),
    ("models: [{outcome: y}]\nreport: {digits: many}\n",
     "s.yaml:4:18: report.digits: expected an integer, got a string 'many'"),
    ("models: [{outcome: y}]\nreport: {digits: 9}\n",  # the one bound (econ_ai.conventions.MAX_DIGITS)
     "s.yaml:4:18: report.digits: must be <= 8, got 9"),
    ("models: [{outcome: y}]\nreport: {stats: [nobs, r3]}\n",
     "s.yaml:4:24: report.stats[1]: invalid value 'r3'; allowed: nobs, r2, "
     "r2_within, adj_r2, pseudo_r2, loglik, depvar_mean, clusters, vcov, rmse, aic, bic, "
     "loglik_null, df_resid, k, k_fe, iterations, returns_to_scale, rts_se, n_firms, "
     "nobs_stage2, objective, bootstrap_reps, mean_flags, q, n, n_top, top_share_all, chi2, "
     "chi2_p_value"),
    ("models: [{outcome: y}]\nreport: {stars: [0.1, 0.05, 0.01, 0.001]}\n",
     "s.yaml:4:17: report.stars: stars takes 1 to 3 p-value thresholds, got 4"),
    ("models: [{outcome: y}]\nreport: {stars: [0.1, 5]}\n",
     "s.yaml:4:17: report.stars: stars thresholds must lie strictly between 0 and 1"),
    ("models: [{outcome: y}]\nreport: {groups: [{label: A, span: 0}]}\n",
     "s.yaml:4:36: report.groups[0].span: span must be a number of columns (>= 1) or "
     "[first, last] column numbers (1-based)"),
    ("models: [{outcome: y}]\nreport: {groups: [{span: 2}]}\n",
     "s.yaml:4:19: report.groups[0]: missing required key 'label'"),
    ("models: [{outcome: y}]\nreport: {threeparttable: maybe}\n",
     "s.yaml:4:26: report.threeparttable: expected true or false, got a string 'maybe'"),
    ("models: [{outcome: y}]\nreport: {below: sd}\n",
     "s.yaml:4:17: report.below: invalid value 'sd'; allowed: se, t, ci, none"),
    ("models: [{outcome: y}]\npublished: {model: all}\n",
     "s.yaml:4:12: published: expected a list, got a mapping"),
    ("models: [{outcome: y}]\npanel: {unit: firm}\n",
     "s.yaml:4:8: panel: missing required key 'time'"),
])
def test_fe_ols_schema_errors(body, expected):
    assert err(HEAD + body) == expected


def test_first_error_in_file_order():
    # two errors: the earlier line wins whatever order pydantic reports them in
    text = HEAD + "models: [{outcome: y, regresors: [a]}]\ntitle: [not, text]\n"
    assert err(text) == "s.yaml:3:23: models[0]: unknown key 'regresors' (did you mean 'regressors'?)"


def test_kind_and_data_errors():
    assert err("data: starters\nmodels: []\n") == ("s.yaml:1:1: missing required key 'kind'; "
                                                   "one of: fe_ols, logit, production_function, "
                                                   "top_quantile, describe")
    assert err("kind: fe_ols\nmodels: [{outcome: y}]\n") == "s.yaml:1:1: missing required key 'data'"
    assert err("kind: [fe_ols]\n").startswith("s.yaml:1:7: kind: unknown kind '['fe_ols']'")
    assert err(HEAD.replace("starters", "panel.xlsx") + "models: [{outcome: y}]\n") == (
        "s.yaml:2:7: data: unsupported data file 'panel.xlsx'; use a .csv or .parquet file or a "
        "built-in dataset (starters, firms, ai_profile, accounts, ai_companies, linked_candidates)")


def test_kind_specific_keys_are_rejected_elsewhere():
    assert err(HEAD + "method: lp\nmodels: [{outcome: y}]\n") == "s.yaml:3:1: unknown key 'method'"
    assert err("kind: describe\ndata: starters\nmodels: [{statistic: counts, by: [a], "
               "outcome: y}]\n") == "s.yaml:3:39: models[0]: unknown key 'outcome'"
    assert err("kind: production_function\ndata: starters\npanel: {unit: f, time: t}\n"
               "output: y\nfree: [l]\nstate: [k]\nmodels: [{method: lp, degree: 7}]\n") == (
        "s.yaml:7:31: models[0].degree: must be <= 4, got 7")
    assert err("kind: production_function\ndata: starters\npanel: {unit: f, time: t}\n"
               "output: y\nfree: [l]\nstate: [k]\nmodels: [{method: levpet}]\n") == (
        "s.yaml:7:19: models[0].method: invalid value 'levpet'; allowed: ols, fe, op, lp, acf, "
        "wooldridge")
    assert err("kind: production_function\ndata: starters\npanel: {unit: f, time: t}\n"
               "output: y\nfree: [l]\nstate: [k]\nbootstrap: {reps: 0}\n"
               "models: [{method: ols}]\n") == ("s.yaml:7:19: bootstrap.reps: must be >= 1, got 0")
