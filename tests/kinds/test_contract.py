"""The contract every registered kind keeps (as scikit-learn's ``parametrize_with_checks``).

For each kind in the registry, on its valid fixture spec (fixtures/specs/valid) and data:
the constructor only stores its options; ``fit`` does not mutate its design; results are
deeply immutable; the JSON round trip is exact; fitting twice gives identical results;
permuting the rows leaves the estimates unchanged; a bad option is an EconAIError naming the key.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.errors import EconAIError
from econ_ai.kinds import registry
from econ_ai.results import ResultSet
from econ_ai.spec.compile import load_spec

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "fixtures" / "specs" / "valid"
DATA = ROOT / "fixtures" / "specs" / "data" / "panel.csv"
TEXT = {"enterprise_number": str, "nace3": str, "nace2": str}
# keyword overrides that keep the contract test fast (no bootstrap draws)
FAST = {"production_function": {"bootstrap": {"reps": 0}, "quiet": True}}


def _fixture(kind: str):
    for path in sorted(VALID.glob("*.yaml")):
        spec = load_spec(path)
        if spec.kind == kind:
            return spec
    raise AssertionError(f"no valid fixture spec of kind {kind}")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(DATA, dtype=TEXT)


def _cases():
    for kind in registry.kinds():
        spec = _fixture(kind)
        for model in spec.models:
            yield pytest.param(kind, model.name, id=f"{kind}-{model.name}")


def _model(kind: str, name: str):
    return next(m for m in _fixture(kind).models if m.name == name)


def _fit(kind, model, table):
    plugin = registry.get(kind)
    design = plugin.prepare_function()(model, table, source="panel.csv")
    return plugin, design, plugin.estimator_class()(model.options, **FAST.get(kind, {})).fit(design)


def _snapshot(design) -> dict:
    out = {"y": None if design.y is None else np.array(design.y, copy=True),
           "X": None if design.X is None else np.array(design.X, copy=True),
           "index": None if design.index is None else np.array(design.index, copy=True)}
    for group in ("fe", "clusters", "columns"):
        for k, v in getattr(design, group).items():
            out[f"{group}.{k}"] = np.array(v, copy=True)
    return out


def _estimates(result) -> dict:
    vals = {f"coef.{k}": v.estimate for k, v in result.coefficients.items()}
    vals |= {f"se.{k}": v.std_error for k, v in result.coefficients.items()}
    vals |= {f"ame.{k}": v.estimate for k, v in (result.marginal_effects or {}).items()}
    vals["nobs"] = result.nobs
    return vals


@pytest.mark.parametrize("kind", registry.kinds())
def test_constructor_only_stores_its_options(kind):
    plugin = registry.get(kind)
    cls = plugin.estimator_class()
    opts = plugin.options()
    est = cls(opts, not_an_option=1)  # not validated here: fit resolves and validates
    assert vars(est) == {"options": opts, "overrides": {"not_an_option": 1}}
    assert cls.kind == kind and cls.Options is plugin.options


@pytest.mark.parametrize("kind, name", list(_cases()))
def test_kind_contract(kind, name, table):
    model = _model(kind, name)
    plugin = registry.get(kind)
    design = plugin.prepare_function()(model, table, source="panel.csv")
    before = _snapshot(design)
    est = plugin.estimator_class()(model.options, **FAST.get(kind, {}))
    r1 = est.fit(design)
    # fit does not mutate its design
    after = _snapshot(design)
    assert before.keys() == after.keys()
    for k in before:
        if before[k] is None:
            assert after[k] is None
        else:
            np.testing.assert_array_equal(before[k], after[k], err_msg=k)
    # fitting twice gives identical results
    r2 = est.fit(design)
    assert r1 == r2
    rs = ResultSet(spec="contract.yaml", results=(r1,), kind=kind)
    assert rs.to_json() == ResultSet(spec="contract.yaml", results=(r2,), kind=kind).to_json()
    # the JSON round trip is exact (NaN included)
    back = ResultSet.from_json(rs.to_json())
    assert back == rs and back.to_json() == rs.to_json()
    # results are deeply immutable
    with pytest.raises(dataclasses.FrozenInstanceError):
        r1.nobs = 0  # type: ignore[misc]
    for mapping in (r1.coefficients, r1.fit, r1.tables, r1.extra):
        with pytest.raises(TypeError):
            mapping["x"] = 1  # type: ignore[index]
    for records in r1.tables.values():
        with pytest.raises(TypeError):
            records.append({})
        if records:
            with pytest.raises(TypeError):
                records[0]["x"] = 1


@pytest.mark.parametrize("kind, name", list(_cases()))
def test_row_order_does_not_change_the_estimates(kind, name, table):
    model = _model(kind, name)
    _, _, r1 = _fit(kind, model, table)
    shuffled = table.sample(frac=1.0, random_state=7)
    _, _, r2 = _fit(kind, model, shuffled)
    a, b = _estimates(r1), _estimates(r2)
    assert a.keys() == b.keys()
    for k in a:
        assert a[k] == pytest.approx(b[k], rel=1e-6, abs=1e-9, nan_ok=True), k
    for name_, records in r1.tables.items():
        def key(rec):  # the non-numeric fields identify a record
            return json.dumps({k: v for k, v in rec.items() if not isinstance(v, float)}, sort_keys=True, default=str)

        mine = sorted(records, key=key)
        theirs = sorted(r2.tables[name_], key=key)
        assert list(map(key, mine)) == list(map(key, theirs))
        for x, y in zip(mine, theirs):  # sums in another order differ in the last bits only
            for k, v in x.items():
                if isinstance(v, float):
                    assert v == pytest.approx(y[k], rel=1e-9, abs=1e-12, nan_ok=True), (name_, k)


@pytest.mark.parametrize("kind", registry.kinds())
def test_a_bad_option_names_the_key(kind, table):
    model = _fixture(kind).models[0]
    plugin = registry.get(kind)
    design = plugin.prepare_function()(model, table, source="panel.csv")
    with pytest.raises(EconAIError, match="unknown option 'separaton'"):
        plugin.estimator_class()(model.options, separaton="drop").fit(design)
    with pytest.raises(EconAIError, match="options.bogus"):
        plugin.options.build({"bogus": 1})
