"""Term and filter evaluation (econ_ai.data.transforms) against slow explicit references."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from econ_ai.data.transforms import (PanelIndex, TransformError, evaluate, evaluate_filter,
                                     expand)
from econ_ai.spec.filters import parse_filter


def _panel():
    return pd.DataFrame({
        "firm": [1, 1, 1, 1, 2, 2, 3, 3],
        "year": [2015, 2016, 2018, 2019, 2016, 2015, 2020, 2021],
        "x": [1.0, 2.0, 4.0, np.nan, 3.0, 0.0, 5.0, 10.0],
        "z": [1, 2, 3, 4, 5, 6, 7, 8],
        "s": ["a", "b", None, "a", "c", "b", "a", "c"],
    }, index=[10, 11, 12, 13, 14, 15, 16, 17])


def test_growth_rules_by_hand():
    df = _panel()
    tv = evaluate("growth(x)", df, PanelIndex(df, "firm", "year"))
    v = tv.values
    assert v[1] == pytest.approx(math.log(2.0))      # 2016 after 2015
    assert np.isnan(v[0])                           # first year
    assert np.isnan(v[2])                           # 2018 after a gap (2017 missing)
    assert np.isnan(v[3])                           # x missing
    assert np.isnan(v[4])                           # previous x (2015) is 0: non-positive
    assert v[7] == pytest.approx(math.log(2.0))
    assert tv.failures() == {"missing values": 1, "non-positive values": 2,
                             "no previous consecutive period": 3}


def test_lag_lead_diff():
    df = _panel()
    p = PanelIndex(df, "firm", "year")
    np.testing.assert_array_equal(evaluate("lag(z)", df, p).values,
                                  [np.nan, 1, np.nan, 3, 6, np.nan, np.nan, 7])
    np.testing.assert_array_equal(evaluate("lag(z, 3)", df, p).values,
                                  [np.nan, np.nan, 1, 2, np.nan, np.nan, np.nan, np.nan])
    np.testing.assert_array_equal(evaluate("lead(z)", df, p).values,
                                  [2, np.nan, 4, np.nan, np.nan, 5, 8, np.nan])
    np.testing.assert_array_equal(evaluate("diff(z)", df, p).values,
                                  [np.nan, 1, np.nan, 1, -1, np.nan, np.nan, 1])
    # the innermost reason wins: no previous year, not "non-positive"
    tv = evaluate("log(lag(x))", df, p)
    # lag(x): rows 0, 2, 5, 6 have no previous year; row 3's previous x is 4 (fine);
    # row 4's previous x is 0 -> non-positive under log; row 1 -> log(1) = 0
    assert tv.failures() == {"non-positive values": 1, "no previous consecutive period": 4}
    assert tv.values[1] == 0.0 and tv.values[3] == pytest.approx(math.log(4.0))


def test_pointwise_transforms():
    df = pd.DataFrame({"a": [1.0, 0.0, -2.0, np.nan, np.inf], "b": [2.0, 0.0, 4.0, 1.0, 1.0]})
    np.testing.assert_allclose(evaluate("log(a)", df).values[:1], [0.0])
    assert evaluate("log(a)", df).failures() == {"missing values": 1, "non-positive values": 2,
                                                 "non-finite values": 1}
    assert evaluate("log(a)", df).messages() == ["log(a): 1 missing values",
                                                 "log(a): 2 non-positive values",
                                                 "log(a): 1 non-finite values"]
    assert evaluate("log1p(a)", df).failures() == {"missing values": 1, "values <= -1": 1,
                                                   "non-finite values": 1}
    np.testing.assert_allclose(evaluate("square(b)", df).values, [4, 0, 16, 1, 1])
    r = evaluate("ratio(b, a)", df)
    np.testing.assert_allclose(r.values[[0, 2]], [2.0, -2.0])
    assert r.failures() == {"missing values": 1, "zero denominator": 1, "non-finite values": 1}
    np.testing.assert_allclose(evaluate("a:b", df).values[:3], [2.0, 0.0, -8.0])


def test_text_and_duplicate_errors():
    df = _panel()
    with pytest.raises(TransformError, match=r"column 's' holds text .*needs numbers; for one dummy per category write C\(s\)"):
        evaluate("log(s)", df)
    dup = pd.concat([df, df.iloc[:1]])
    with pytest.raises(TransformError, match="2 duplicate rows|1 duplicate rows"):
        PanelIndex(dup, "firm", "year")
    with pytest.raises(TransformError, match="needs panel unit and time"):
        evaluate("growth(x)", df, None)
    frac = df.assign(year=df.year + 0.5)
    with pytest.raises(TransformError, match="whole numbers"):
        PanelIndex(frac, "firm", "year")


def test_dummies_match_patsy():
    """C(x) and C(x):z columns equal patsy's treatment coding (independent reference)."""
    patsy = pytest.importorskip("patsy")
    df = pd.DataFrame({"g": ["b", "a", "c", "a", "b", "c", "c"], "z": np.arange(7.0)})
    rows = np.arange(len(df))
    mat, names = expand(evaluate("C(g)", df), rows)
    ref = patsy.dmatrix("C(g)", df, return_type="dataframe").drop(columns="Intercept")
    assert names == list(ref.columns) == ["C(g)[T.b]", "C(g)[T.c]"]
    np.testing.assert_array_equal(mat, ref.to_numpy())
    mat, names = expand(evaluate("C(g):z", df), rows)
    assert names == ["C(g)[T.b]:z", "C(g)[T.c]:z"]
    np.testing.assert_array_equal(mat, ref.to_numpy() * df[["z"]].to_numpy())
    # levels come from the selected rows only (no all-zero columns)
    mat, names = expand(evaluate("C(g)", df), np.array([0, 4, 2]))
    assert names == ["C(g)[T.c]"] and mat[:, 0].tolist() == [0.0, 0.0, 1.0]


# ---------------------------------------------------------------------------- growth vs loop
def _slow_growth(df, col):
    """Reference: explicit loop over rows; previous row = same firm, year - 1."""
    lookup = {(f, y): v for f, y, v in zip(df.firm, df.year, df[col])}
    out = []
    for f, y, v in zip(df.firm, df.year, df[col]):
        p = lookup.get((f, y - 1))
        if p is None or v is None or np.isnan(v) or np.isnan(p) or v <= 0 or p <= 0:
            out.append(np.nan)
        else:
            out.append(math.log(v) - math.log(p))
    return np.array(out, dtype=float)


@st.composite
def panels(draw):
    n_firms = draw(st.integers(1, 6))
    rows = []
    for f in range(n_firms):
        years = draw(st.sets(st.integers(2010, 2022), min_size=0, max_size=8))
        for y in years:
            v = draw(st.one_of(st.none(), st.floats(-5, 1e6, allow_nan=False)))
            rows.append((f * 7, y, np.nan if v is None else v))
    draw(st.randoms()).shuffle(rows)
    return pd.DataFrame(rows, columns=["firm", "year", "x"]).astype({"x": float})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels(), st.integers(1, 3))
def test_growth_and_lag_match_slow_reference(df, k):
    p = PanelIndex(df, "firm", "year")
    np.testing.assert_allclose(evaluate("growth(x)", df, p).values, _slow_growth(df, "x"),
                               rtol=1e-12, atol=1e-12)
    lookup = {(f, y): v for f, y, v in zip(df.firm, df.year, df.x)}
    ref = [lookup.get((f, y - k), np.nan) for f, y in zip(df.firm, df.year)]
    np.testing.assert_array_equal(evaluate(f"lag(x, {k})", df, p).values, np.array(ref, float))


# ---------------------------------------------------------------------------- filters
def test_filter_semantics_with_missing():
    df = _panel()
    def keep(text):
        return evaluate_filter(parse_filter(text), df, PanelIndex(df, "firm", "year"))[0]
    assert keep("x > 1").tolist() == [False, True, True, False, True, False, True, True]
    # three-valued logic: not (missing > 1) stays unknown -> dropped
    assert keep("not x > 1").tolist() == [True, False, False, False, False, True, False, False]
    assert keep("x > 1 or z == 4").tolist()[3] is True
    assert keep("x is missing").tolist() == [False, False, False, True] + [False] * 4
    assert keep("s in ['a', 'c']").tolist() == [True, False, False, True, True, False, True, True]
    assert keep("s not in ['a']").tolist() == [False, True, False, False, True, True, False, True]
    assert keep("year between 2016 and 2018").tolist() == [False, True, True, False, True,
                                                           False, False, False]
    assert keep("s >= 'b'").tolist() == [False, True, False, False, True, True, False, True]
    assert keep("growth(x) > 0").sum() == 2
    with pytest.raises(TransformError, match="holds text; quote the value"):
        keep("s == 1")
    with pytest.raises(TransformError, match="numeric; compare it with a number"):
        keep("z == 'a'")


def test_filter_on_dates():
    df = pd.DataFrame({"d": pd.to_datetime(["2012-05-01", "2009-12-31", None])})
    keep, unknown = evaluate_filter(parse_filter("d >= '2010-01-01'"), df)
    assert keep.tolist() == [True, False, False] and unknown.tolist() == [False, False, True]
    # python date objects (object dtype), as a reader may leave them
    import datetime as dt
    df = pd.DataFrame({"d": [dt.date(2012, 5, 1), dt.date(2009, 12, 31), None]}, dtype=object)
    keep, _ = evaluate_filter(parse_filter("d between '2010-01-01' and '2013-01-01'"), df)
    assert keep.tolist() == [True, False, False]
    keep, _ = evaluate_filter(parse_filter("d in ['2012-05-01']"), df)
    assert keep.tolist() == [True, False, False]


_ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-3, 3)),
                          st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))),
                min_size=0, max_size=30),
       _ops, st.integers(-3, 3), st.sampled_from(["and", "or"]))
def test_filters_never_raise_and_match_pandas(rows, op, lit, conj):
    df = pd.DataFrame(rows, columns=["n", "s"]).astype({"n": "float64", "s": "object"})
    text = f"n {op} {lit} {conj} not s in ['a', 'b']"
    keep, _ = evaluate_filter(parse_filter(text), df)
    # reference: SQL-style three-valued logic by explicit loop
    def tv_cmp(v):
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else {
            "==": v == lit, "!=": v != lit, "<": v < lit, "<=": v <= lit, ">": v > lit,
            ">=": v >= lit}[op]
    ref = []
    for n, s in rows:
        a = tv_cmp(None if n is None else float(n))
        b = None if s is None else not (s in ("a", "b"))
        if conj == "and":
            r = False if (a is False or b is False) else (None if None in (a, b) else True)
        else:
            r = True if (a is True or b is True) else (None if None in (a, b) else False)
        ref.append(r is True)
    assert keep.tolist() == ref


def test_nullable_and_categorical_dtypes():
    df = pd.DataFrame({
        "n": pd.array([1, None, 3], dtype="Int64"),
        "b": pd.array([True, None, False], dtype="boolean"),
        "c": pd.Categorical(["x", None, "y"]),
        "t": pd.array(["62", "70", None], dtype="string"),
    })
    np.testing.assert_array_equal(evaluate("n", df).values, [1.0, np.nan, 3.0])
    assert evaluate("b", df).failures() == {"missing values": 1}
    assert evaluate_filter(parse_filter("n >= 2"), df)[0].tolist() == [False, False, True]
    assert evaluate_filter(parse_filter("b == true"), df)[0].tolist() == [True, False, False]
    assert evaluate_filter(parse_filter("c == 'y'"), df)[0].tolist() == [False, False, True]
    assert evaluate_filter(parse_filter("t in ['62']"), df)[0].tolist() == [True, False, False]
    mat, names = expand(evaluate("C(c)", df), np.array([0, 2]))
    assert names == ["C(c)[T.y]"] and mat[:, 0].tolist() == [0.0, 1.0]
    assert evaluate("C(t)", df).failures() == {"missing values": 1}
