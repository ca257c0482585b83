"""Spec and result diffs: changed keys and terms, every coefficient move, the largest move."""

from __future__ import annotations

import math

from econ_ai.report.diff import render_diff, result_changes, spec_changes
from econ_ai.results import Estimate, Result, ResultSet


def test_spec_changes_name_keys_and_terms():
    old = {"controls": ["a", "b"], "vcov": {"cluster": ["firm"]}, "title": "t"}
    new = {"controls": ["a", "c"], "vcov": "hc1", "sample": ["x > 1"], "title": "t"}
    lines = spec_changes(old, new)
    assert "~ controls: removed ['b']; added ['c']" in lines
    assert "- vcov.cluster: ['firm'] (removed)" in lines and "+ vcov: 'hc1' (added)" in lines
    assert "+ sample: ['x > 1'] (added)" in lines and not any("title" in ln for ln in lines)


def _rs(b, se, n, extra_term=False):
    coefs = {"ai": Estimate(b, se)}
    if extra_term:
        coefs["x"] = Estimate(1.0, 0.5)
    return ResultSet(spec="s", results=(Result(name="m", kind="fe_ols", nobs=n, coefficients=coefs, fit={"r2": 0.1}),))


def test_result_moves_and_max_moved():
    d = result_changes(_rs(0.10, 0.02, 100), _rs(0.13, 0.02, 90))
    moves = {m.what: m for m in d.moves}
    assert math.isclose(moves["coef ai"].delta, 0.03) and moves["nobs"].delta == -10
    assert math.isclose(d.max_moved, 0.03)
    text = render_diff(["~ controls: added ['x']"], d, "markdown", tol=0.01)
    assert "| m | coef ai | 0.1 | 0.13 | 0.03 **moved** |" in text
    assert "| m | se ai |" not in text  # unchanged numbers other than coefficients are left out
    assert math.isinf(result_changes(_rs(0.1, 0.02, 100), _rs(0.1, 0.02, 100, True)).max_moved)
    assert result_changes(_rs(0.1, 0.02, 100), _rs(0.1, 0.02, 100)).max_moved == 0.0
