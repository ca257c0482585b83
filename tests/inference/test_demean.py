"""Within transformation: every method equals the residual of a regression on dummies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.inference.demean import (
    Demeaner,
    compact_codes,
    connected_components,
    demean,
    singleton_mask,
)


def _codes(rng, n, g):
    return compact_codes(rng.integers(0, g, n))[0]


def _dummy_resid(X, fe, w=None):
    D = np.column_stack([np.eye(int(f.max()) + 1)[f] for f in fe])
    sw = np.ones(len(X)) if w is None else np.sqrt(w)
    coef = np.linalg.lstsq(D * sw[:, None], X * sw[:, None], rcond=None)[0]
    return X - D @ coef


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    "sizes,methods",
    [((40,), ("exact1", "ap")), ((50, 6), ("schur", "ap")), ((50, 6, 9), ("schur", "ap")), ((30, 25), ("schur", "ap"))],
)
def test_methods_equal_dummy_regression(sizes, methods, weighted):
    rng = np.random.default_rng(sum(sizes))
    n = 600
    fe = [_codes(rng, n, g) for g in sizes]
    X = rng.normal(size=(n, 3)) + fe[0][:, None] * 0.1
    w = rng.uniform(0.5, 2.0, n) if weighted else None
    ref = _dummy_resid(X, fe, w)
    for m in methods:
        out, info = demean(X, fe, w, method=m)
        assert info.method == m and info.converged
        np.testing.assert_allclose(out, ref, atol=1e-8 * np.abs(X).max())


def test_auto_picks_method_and_exact_redundancy():
    rng = np.random.default_rng(1)
    n = 400
    a, b = _codes(rng, n, 30), _codes(rng, n, 5)
    assert Demeaner([a]).method == "exact1"
    d = Demeaner([a, b])
    assert d.method == "schur"
    _, info = d.demean(rng.normal(size=n))
    assert info.redundant == 1  # connected: one redundant dummy
    big = [_codes(rng, 5000, 2000), _codes(rng, 5000, 1600)]
    assert Demeaner(big).method == "ap"


def test_disconnected_effects_redundancy_matches_components():
    # two blocks of units that never share a year: 2 connected components
    a = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    b = np.array([0, 1, 0, 1, 2, 3, 2, 3])
    assert connected_components(a, b, 4, 4) == 2
    _, info = demean(np.arange(8.0), [a, b], method="schur")
    assert info.redundant == 2


def test_one_dimensional_input_and_no_effects():
    x = np.array([1.0, 2.0, 3.0, 5.0])
    out, _ = demean(x, [np.array([0, 0, 1, 1])])
    np.testing.assert_allclose(out, [-0.5, 0.5, -1.0, 1.0])
    same, _ = demean(x, [])
    np.testing.assert_array_equal(same, x)


def test_ap_reports_non_convergence():
    rng = np.random.default_rng(2)
    n = 3000
    a = _codes(rng, n, 1000)
    b = compact_codes((a // 2 + rng.integers(0, 3, n)) % 700)[0]  # strongly overlapping effects
    _, info = demean(rng.normal(size=n), [a, b], method="ap", maxiter=1, tol=1e-14)
    assert not info.converged and "did not converge" in info.notes[0]


def test_bad_inputs():
    with pytest.raises(ValueError, match="unknown demeaning method"):
        Demeaner([np.array([0, 1])], method="fast")
    with pytest.raises(ValueError, match="every level present"):
        Demeaner([np.array([0, 2])])


def test_singletons_iterative():
    a = np.array([0, 0, 1, 1, 2, 2, 3])
    b = np.array([0, 1, 0, 1, 0, 2, 2])
    # row 6 is a singleton of a; then b level 2 has one row left (row 5) -> row 5 goes,
    # then a level 2 has one row left (row 4) -> row 4 goes
    keep, rounds = singleton_mask([a, b])
    assert keep.tolist() == [True, True, True, True, False, False, False]
    assert rounds >= 2


def test_compact_codes_with_mask():
    codes, g = compact_codes(np.array([5, 9, 5, 7]), np.array([True, True, True, False]))
    assert codes.tolist() == [0, 1, 0] and g == 2


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), g1=st.integers(2, 40), g2=st.integers(2, 8), n=st.integers(60, 300))
def test_property_schur_and_ap_agree_with_dummies(seed, g1, g2, n):
    rng = np.random.default_rng(seed)
    fe = [_codes(rng, n, g1), _codes(rng, n, g2)]
    X = rng.normal(size=(n, 2))
    ref = _dummy_resid(X, fe)
    for m in ("schur", "ap"):
        out, info = demean(X, fe, method=m)
        np.testing.assert_allclose(out, ref, atol=1e-7)


@pytest.mark.parametrize("method", ["exact1", "schur", "ap"])
def test_inplace_overwrites_a_fortran_array_with_the_same_result(method):
    rng = np.random.default_rng(7)
    n = 500
    fe = [_codes(rng, n, 30)] if method == "exact1" else [_codes(rng, n, 30), _codes(rng, n, 5)]
    X = np.asfortranarray(rng.normal(size=(n, 3)))
    ref, _ = demean(X, fe, method=method)
    dm = Demeaner(fe, method=method)
    out, _ = dm.demean(X, inplace=True)
    assert out is X
    np.testing.assert_allclose(X, ref, atol=1e-12)
    C = np.ascontiguousarray(rng.normal(size=(n, 3)))  # not Fortran-ordered: a copy, input untouched
    before = C.copy()
    out, _ = dm.demean(C, inplace=True)
    assert out is not C and np.array_equal(C, before)


def test_schur_non_dense_branch_matches_dummies():
    # many small-effect levels relative to n: the sparse / row-sum branch of the Schur solve
    rng = np.random.default_rng(3)
    n = 400
    fe = [_codes(rng, n, 150), _codes(rng, n, 40)]
    X = rng.normal(size=(n, 2))
    out, info = demean(X, fe, method="schur")
    assert info.method == "schur"
    np.testing.assert_allclose(out, _dummy_resid(X, fe), atol=1e-8)
