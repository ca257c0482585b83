"""The registered estimator: options, errors, Result contract, TFP series."""

import json

import numpy as np
import pytest

from econ_ai.errors import EstimationError
from econ_ai.kinds.production_function.estimator import ProductionFunction, tfp_series
from econ_ai.kinds.registry import estimator as get
from econ_ai.results import ResultSet


def test_registered():
    assert get("production_function") is ProductionFunction


def test_unknown_method_names_the_near_miss(chilean, make_chilean):
    with pytest.raises(EstimationError, match=r"option 'method': invalid value 'acff' \(did you mean 'acf'\?\)"):
        ProductionFunction().fit(make_chilean(chilean, "acff"))


def test_bad_degree_and_bootstrap_keys(chilean, make_chilean):
    with pytest.raises(EstimationError, match="option 'degree': input should be greater than or equal to 1, got 0"):
        ProductionFunction().fit(make_chilean(chilean, "lp", degree=0))
    with pytest.raises(EstimationError, match=r"unknown option 'bootstrap.rep' \(did you mean 'reps'\?\)"):
        ProductionFunction().fit(make_chilean(chilean, "lp", bootstrap={"rep": 5}))
    with pytest.raises(EstimationError, match=r"did you mean 'degree'"):
        ProductionFunction().fit(make_chilean(chilean, "lp", degre=2))


def test_result_contract_and_json(chilean, make_chilean):
    d = make_chilean(chilean, "wooldridge", tfp_name="tfp_w")
    r = ProductionFunction().fit(d)
    assert r.kind == "production_function" and list(r.coefficients) == ["log_lab1", "log_lab2", "log_k"]
    for key in ("returns_to_scale", "rts_se", "nobs", "n_firms", "converged", "objective", "method", "degree", "bootstrap_reps"):
        assert key in r.fit
    np.testing.assert_allclose(r.fit["returns_to_scale"], r.params.sum())
    js = ResultSet(spec="x.yaml", results=(r,)).to_json()
    back = ResultSet.from_dict(json.loads(js)).results[0]
    assert back.coefficients["log_k"].estimate == pytest.approx(r.coefficients["log_k"].estimate)
    s = tfp_series(r, d)
    assert s.name == "tfp_w" and len(s) == len(chilean)
    i = 7
    np.testing.assert_allclose(s.loc[i], chilean.loc[i, "log_y"] - chilean.loc[i, ["log_lab1", "log_lab2", "log_k"]].to_numpy(float) @ r.params)


def test_spec_keys_in_options_are_accepted(chilean, make_chilean):
    d = make_chilean(chilean, "lp", free=["log_lab1", "log_lab2"], state=["log_k"], proxy="log_materials", output="log_y")
    assert ProductionFunction().fit(d).fit["method"] == "lp"


def test_constructor_overrides_spec_options(chilean, make_chilean):
    r = ProductionFunction(method="ols").fit(make_chilean(chilean, "lp"))
    assert r.fit["method"] == "ols"
