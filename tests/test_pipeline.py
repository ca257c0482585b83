"""The reference cases again, this time reached through spec files: load -> compile ->
prepare -> fit. Tolerances as in the estimator tests: coefficients 1e-6 relative, standard
errors 1e-4 relative; numbers published with fewer digits are checked to half a unit of their
last digit (see fixtures/reference/*/SOURCE.md)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from econ_ai.pipeline import run_spec, validate

ROOT = Path(__file__).resolve().parents[1]
FE = ROOT / "fixtures" / "reference" / "fe_ols"
LOGIT = ROOT / "fixtures" / "reference" / "logit"
FE_CASES = [c for c in json.loads((FE / "cases.json").read_text())["cases"] if c.get("spec")]


def _check(value, ref, rtol):
    if isinstance(ref, str):
        half_unit = float(Decimal(1).scaleb(Decimal(ref).as_tuple().exponent)) / 2
        assert abs(value - float(ref)) <= half_unit + 1e-12, (value, ref)
    else:
        assert value == pytest.approx(ref, rel=rtol), (value, ref)


def test_every_fe_ols_reference_spec_is_covered():
    specs = {p.name for p in FE.glob("*.yaml")}
    assert specs == {c["spec"] for c in FE_CASES}


@pytest.mark.parametrize("case", FE_CASES, ids=[c["id"] for c in FE_CASES])
def test_fe_ols_reference_through_spec(case):
    rs = run_spec(FE / case["spec"])
    (res,) = rs.results
    assert res.nobs == case["nobs"]
    assert res.vcov.convention == case["vcov"]["convention"]
    for term, ref in case["coefficients"].items():
        if "estimate" in ref:
            _check(res.coefficients[term].estimate, ref["estimate"], case["rtol_coef"])
        if "std_error" in ref:
            _check(res.coefficients[term].std_error, ref["std_error"], case["rtol_se"])


def test_logit_spector_stata_through_spec():
    rs = run_spec(LOGIT / "spector_stata.yaml")
    oim, robust = rs.results
    ref = json.loads((LOGIT / "spector_stata_oim.json").read_text())
    for i, term in enumerate(ref["terms"]):
        assert oim.coefficients[term].estimate == pytest.approx(ref["params"][i], rel=1e-6)
        assert oim.coefficients[term].std_error == pytest.approx(ref["bse"][i], rel=1e-4)
    for i, term in enumerate(ref["ame_terms"]):
        assert oim.marginal_effects[term].estimate == pytest.approx(ref["ame_dydx"][i], rel=1e-6)
        assert oim.marginal_effects[term].std_error == pytest.approx(ref["ame_dydx_se"][i], rel=1e-4)
    assert oim.fit["loglik"] == pytest.approx(ref["llf"], rel=1e-6)
    assert oim.fit["pseudo_r2"] == pytest.approx(ref["prsquared"], rel=1e-6)
    rob = json.loads((LOGIT / "spector_stata_robust.json").read_text())
    for i, term in enumerate(rob["terms"]):
        assert robust.coefficients[term].std_error == pytest.approx(rob["bse"][i], rel=1e-4)


def test_logit_clustered_pyfixest_through_spec():
    rs = run_spec(LOGIT / "clustered_logit.yaml")
    ref = json.loads((LOGIT / "clustered_logit_pyfixest.json").read_text())
    pairs = {
        "Stata cluster": "ssc_adj_false/cluster_g",
        "fixest cluster": "ssc_default/cluster_g",
        "fixest two-way": "ssc_default/cluster_g_h",
        "fixest robust": "ssc_default/hetero",
    }
    by_name = {r.name: r for r in rs.results}
    for model, key in pairs.items():
        case = ref["cases"][key]
        for term, b in case["coef"].items():
            got = by_name[model].coefficients[ref["term_map"][term]]
            assert got.estimate == pytest.approx(b, rel=1e-6)
            assert got.std_error == pytest.approx(case["se"][term], rel=1e-4)


@pytest.mark.parametrize("spec", sorted((ROOT / "fixtures" / "specs" / "valid").glob("*.yaml")), ids=lambda p: p.name)
def test_valid_fixture_specs_validate_against_their_data(spec):
    compiled = validate(spec)
    assert compiled.models


def test_prodest_chilean_through_spec():
    """prodest vignette (loose reference, see fixtures/reference/prodest/SOURCE.md): labour
    within 0.01 (LP, OP), ACF (prodest's degree 2) within 0.005, Wooldridge labour within 0.03."""
    import csv

    ref_dir = ROOT / "fixtures" / "reference" / "prodest"
    pub = {r["method"]: r for r in csv.DictReader((ref_dir / "published.csv").open())}
    by_name = {r.name: r for r in run_spec(ref_dir / "prodest.yaml").results}
    tol = {"LP": 0.01, "OP": 0.01, "ACF": 0.005, "Wooldridge": 0.03}
    for model, t in tol.items():
        got = by_name[model].coefficients
        for term in ("log_lab1", "log_lab2"):
            assert abs(got[term].estimate - float(pub[model.lower()][term])) <= t, (model, term)
    assert abs(by_name["ACF"].coefficients["log_k"].estimate - float(pub["acf"]["log_k"])) <= 0.005
