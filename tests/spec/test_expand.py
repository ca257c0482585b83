"""stepwise: / vary: expansion (econ_ai.spec.expand): each expanded model equals the model
written out by hand; names, axis values, the max_models cap and errors at the axis entry."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.errors import SpecError
from econ_ai.spec.compile import compile_text

TERMS = ["x1", "x2", "log(x3)", "lag(x1)", "square(x2)"]
BASE = {"kind": "fe_ols", "data": "starters", "panel": {"unit": "firm", "time": "year"},
        "outcome": "y", "regressors": ["ai"], "absorb": ["nace3"], "vcov": {"cluster": ["firm"]}}


def _strip(m):
    return dataclasses.replace(m, name="", location=None, key="", axes=())


def _steps(op, items):
    groups = [[g] if isinstance(g, str) else list(g) for g in items]
    if op in ("csw", "csw0"):
        sets = [sum(groups[: n + 1], []) for n in range(len(groups))]
    else:
        sets = list(groups)
    return ([[]] if op.endswith("0") else []) + sets


@settings(max_examples=40, deadline=None)
@given(op=st.sampled_from(["csw", "csw0", "sw", "sw0"]),
       items=st.lists(st.sampled_from(TERMS), min_size=1, max_size=4, unique=True),
       absorbs=st.lists(st.sampled_from([["nace3"], ["nace3", "year"], ["nace3:year"], []]), min_size=1,
                        max_size=3, unique_by=tuple),
       vcovs=st.lists(st.sampled_from([{"cluster": ["firm"]}, "hc1", {"cluster": ["firm", "nace3"]}]), min_size=1,
                      max_size=2, unique_by=repr),
       outcomes=st.lists(st.sampled_from(["y", "growth(y)", "log(y)"]), min_size=1, max_size=2, unique=True),
       samples=st.lists(st.sampled_from([[], ["year >= 2012"], ["x1 > 0", "year <= 2020"]]), min_size=1,
                        max_size=2, unique_by=tuple))
def test_each_expanded_model_equals_the_model_written_by_hand(op, items, absorbs, vcovs, outcomes, samples):
    spec = dict(BASE, stepwise={"controls": {op: items}},
                vary={"outcome": outcomes, "sample": samples, "absorb": absorbs, "vcov": vcovs})
    expanded = compile_text(yaml.safe_dump(spec, sort_keys=False))
    hand = []
    for out in outcomes:
        for smp in samples:
            for ab in absorbs:
                for vc in vcovs:
                    for ctl in _steps(op, items):
                        hand.append({"outcome": out, "sample": smp, "absorb": ab, "vcov": vc, "controls": ctl})
    by_hand = compile_text(yaml.safe_dump(dict(BASE, models=hand), sort_keys=False))
    assert len(expanded.models) == len(by_hand.models) == len(hand)
    assert [_strip(m) for m in expanded.models] == [_strip(m) for m in by_hand.models]
    assert len({m.name for m in expanded.models}) == len(hand)  # readable and unique
    assert all(dict(m.axes).keys() == {"outcome", "sample", "absorb", "vcov", "stepwise controls"}
               for m in expanded.models)


def test_stepwise_semantics_and_groups():
    text = yaml.safe_dump(dict(BASE, stepwise={"controls": {"csw0": ["x1", ["x2", "log(x3)"]]}}))
    spec = compile_text(text)
    assert [m.controls for m in spec.models] == [(), ("x1",), ("x1", "x2", "log(x3)")]
    assert [dict(m.axes)["stepwise controls"] for m in spec.models] == ["none", "x1", "x1+(x2+log(x3))"]
    spec = compile_text(yaml.safe_dump(dict(BASE, controls=["x1"], stepwise={"absorb": {"sw": ["year", "region"]}})))
    assert [(m.controls, m.absorb) for m in spec.models] == [(("x1",), ("nace3", "year")),
                                                           (("x1",), ("nace3", "region"))]


def test_vary_labels_subset_and_named_models():
    text = """kind: fe_ols
data: starters
outcome: y
regressors: [ai]
vary:
  controls: {none: [], size: [x1], size+assets: [x1, x2]}
  vcov: [{cluster: [firm]}, hc1]
  only:
    - {controls: size}
    - {controls: none, vcov: 1}
models:
  - {name: A}
  - {name: B, absorb: [nace3]}
"""
    spec = compile_text(text)
    names = [m.name for m in spec.models]
    assert names == ["A | controls=size, vcov=cluster(firm)", "A | controls=size, vcov=hc1",
                     "A | controls=none, vcov=hc1", "B | controls=size, vcov=cluster(firm)",
                     "B | controls=size, vcov=hc1", "B | controls=none, vcov=hc1"]
    assert spec.models[4].absorb == ("nace3",) and spec.models[4].vcov.type == "hc1"


def _error(text):
    with pytest.raises(SpecError) as exc:
        compile_text(text)
    return exc.value


VARY = """kind: fe_ols
data: starters
outcome: y
regressors: [ai]
vary:
  controls:
    - [x1]
    - [x1, 'lgo(x2)']
"""


def test_errors_point_at_the_axis_entry():
    e = _error(VARY)
    assert (e.line, e.key) == (8, "vary.controls[1][1]") and "did you mean 'log'" in e.message
    e = _error(VARY.replace("controls:", "contrls:"))
    assert e.line == 6 and "did you mean 'controls'" in e.message
    e = _error(VARY.replace("'lgo(x2)'", "x2") + "  only: [{controls: 5}]\n")
    assert e.key == "vary.only[0].controls" and "out of range" in e.message
    e = _error(VARY.replace("'lgo(x2)'", "x2") + "stepwise: {controls: {cws: [x3]}}\n")
    assert "did you mean 'csw'" in e.message and e.line == 9


def test_max_models_cap():
    text = VARY.replace("'lgo(x2)'", "x2") + "stepwise: {controls: {csw0: [x3, x4, x5]}}\nmax_models: 7\n"
    e = _error(text)
    assert e.key == "max_models" and "expands to 8 models" in e.message and "vary.only" in e.message
    assert len(compile_text(text.replace("max_models: 7", "max_models: 8")).models) == 8


def test_unknown_column_in_an_alternative_is_reported_there():
    from econ_ai.spec.compile import validate_columns

    spec = compile_text(VARY.replace("'lgo(x2)'", "x9"))
    with pytest.raises(SpecError) as exc:
        validate_columns(spec, ["y", "ai", "x1", "x2"])
    assert exc.value.key == "vary.controls[1][1]" and exc.value.line == 8
