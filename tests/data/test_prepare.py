"""prepare(ModelSpec, table) -> Design: sample log, y/X/FE/cluster codes per kind."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.kinds.registry import prepare
from econ_ai.errors import SpecError
from econ_ai.spec.compile import compile_text


def _table():
    rng = np.random.default_rng(3)
    rows = []
    for f in range(30):
        for y in range(2014, 2020):
            if (f + y) % 7 == 0:
                continue  # gap years
            rows.append({"firm": f, "year": y, "founded": 2008 + f % 6, "ai": f % 2,
                         "nace3": ["620", "631", "702"][f % 3], "region": ["F", "B", "W"][f % 3],
                         "turnover": float(rng.lognormal()), "employees": float(f % 4),
                         "k": float(rng.lognormal())})
    df = pd.DataFrame(rows)
    df.loc[[5, 40, 77], "turnover"] = np.nan
    df.loc[[9], "nace3"] = None
    df.index = df.index + 1000  # labels differ from positions
    return df


SPEC = """\
kind: fe_ols
data: starters
panel: {unit: firm, time: year}
sample: ["founded >= 2010"]
regressors: [ai]
controls: [log(employees), log(k)]
absorb: [nace3, year]
vcov: {cluster: firm}
models:
  - {name: T, outcome: growth(turnover)}
"""


def _reference(df):
    """The same design by an independent route: pandas groupby/shift and dropna."""
    d = df.sort_values(["firm", "year"]).copy()
    g = d.groupby("firm")
    prev_ok = g["year"].shift(1) == d["year"] - 1
    with np.errstate(all="ignore"):
        lt = np.log(d["turnover"].where(d["turnover"] > 0))
        d["gy"] = (lt - lt.groupby(d["firm"]).shift(1)).where(prev_ok)
        d["le"] = np.log(d["employees"].where(d["employees"] > 0))
        d["lk"] = np.log(d["k"])
    d = d[d.founded >= 2010].dropna(subset=["gy", "le", "lk", "nace3"])
    return d.sort_index()


def test_fe_ols_design_matches_reference():
    df = _table()
    m = compile_text(SPEC).models[0]
    d = prepare(m, df, source="starters")
    ref = _reference(df)
    assert d.nobs == len(ref)
    np.testing.assert_array_equal(d.index, ref.index.to_numpy())
    np.testing.assert_allclose(d.y, ref["gy"].to_numpy(), rtol=1e-13)
    np.testing.assert_allclose(d.X, ref[["ai", "le", "lk"]].to_numpy(), rtol=1e-13)
    assert d.terms == ("ai", "log(employees)", "log(k)")
    assert d.y.dtype == np.float64 and d.X.dtype == np.float64 and d.X.shape == (len(ref), 3)
    for name in ("nace3", "year"):
        codes = d.fe[name]
        assert codes.min() == 0 and codes.max() == ref[name].nunique() - 1
        # same partition as the values
        assert pd.crosstab(codes, ref[name].to_numpy()).gt(0).sum(axis=1).eq(1).all()
    assert set(d.clusters) == {"firm"} and d.clusters["firm"].max() + 1 == ref.firm.nunique()


def test_sample_log_order_and_names():
    df = _table()
    d = prepare(compile_text(SPEC).models[0], df, source="starters")
    steps = [(s.step, s.removed) for s in d.sample_log]
    assert [s for s, _ in steps] == [
        "start: starters", "founded >= 2010", "missing values in growth(turnover)",
        "growth(turnover): no previous consecutive period", "log(employees): non-positive values",
        "missing values in fixed effect nace3", "missing values in fixed effect year",
        "missing values in cluster variable firm"]
    assert d.sample_log[0].remaining == len(df)
    assert len(df) - sum(r for _, r in steps) == d.nobs == d.sample_log[-1].remaining
    assert steps[1][1] == int((df.founded < 2010).sum())


def test_model_sample_and_notes():
    text = SPEC + "  - {name: U, outcome: turnover, sample: ['region in [\"F\", \"B\"]']}\n"
    d = prepare(compile_text(text).models[1], _table())
    assert [s.step for s in d.sample_log][:3] == ["start: data", "founded >= 2010",
                                                  'region in ["F", "B"]']
    assert d.notes == ()  # no panel transform used
    d0 = prepare(compile_text(text).models[0], _table())
    assert any("before the sample filters" in n for n in d0.notes)


def test_logit_absorb_as_dummies():
    text = SPEC.replace("fe_ols", "logit").replace("growth(turnover)", "ai") \
        .replace("regressors: [ai]", "regressors: [log(turnover)]")
    df = _table()
    df.loc[df.index[df.founded >= 2010][3], "nace3"] = None
    d = prepare(compile_text(text.replace("models:", "absorb_as_dummies: true\nmodels:")).models[0], df)
    assert d.terms == ("log(turnover)", "log(employees)", "log(k)", "C(nace3)[T.631]",
                       "C(nace3)[T.702]", "C(year)[T.2015]", "C(year)[T.2016]",
                       "C(year)[T.2017]", "C(year)[T.2018]", "C(year)[T.2019]")
    assert d.fe == {} and "entered as dummy columns" in d.notes[0]
    assert ("missing values in C(nace3)", 1) in [(s.step, s.removed) for s in d.sample_log]
    d2 = prepare(compile_text(text).models[0], _table())  # default: absorbed inside the logit's IRLS
    assert set(d2.fe) == {"nace3", "year"} and d2.X.shape[1] == 3


def test_absorb_interaction_codes():
    text = SPEC.replace("absorb: [nace3, year]", "absorb: [nace3:year]")
    d = prepare(compile_text(text).models[0], _table())
    ref = _reference(_table())
    assert d.fe["nace3:year"].max() + 1 == ref.groupby(["nace3", "year"]).ngroups


def test_production_function_design():
    text = """\
kind: production_function
data: starters
panel: {unit: firm, time: year}
output: log(turnover)
free: [log(employees)]
state: [log(k)]
proxy: log(lag(k))
models: [{method: lp}]
"""
    df = _table()
    d = prepare(compile_text(text).models[0], df)
    assert d.terms == ("log(employees)", "log(k)")
    assert d.extra == {"free": ["log(employees)"], "state": ["log(k)"], "proxy": "log(lag(k))"}
    assert set(d.columns) == {"unit", "time", "proxy"}
    rows = df.loc[d.index]
    np.testing.assert_array_equal(d.columns["time"], rows.year.to_numpy())
    np.testing.assert_allclose(d.y, np.log(rows.turnover.to_numpy()))
    np.testing.assert_allclose(d.X[:, 1], np.log(rows.k.to_numpy()))
    assert d.columns["unit"].max() + 1 == rows.firm.nunique()
    assert "log(lag(k)): no previous consecutive period" in [s.step for s in d.sample_log]


def test_top_quantile_and_describe_columns():
    text = ("kind: top_quantile\ndata: starters\ngroup: region\nsample: ['year == 2019']\n"
            "models: [{criteria: [turnover, employees]}]\n")
    df = _table()
    d = prepare(compile_text(text).models[0], df)
    assert d.y is None and d.X is None
    assert set(d.columns) == {"turnover", "employees", "region"}
    assert d.nobs == int((df.year == 2019).sum())
    assert d.columns["region"].dtype == object
    text = ("kind: describe\ndata: starters\npanel: {unit: firm, time: year}\n"
            "models: [{statistic: means, variables: [growth(turnover)], group: region}]\n")
    d = prepare(compile_text(text).models[0], df)
    assert np.isnan(d.columns["growth(turnover)"]).sum() > 0  # kept, not dropped
    assert d.nobs == len(df)


def test_errors_name_the_model_and_near_miss():
    df = _table().rename(columns={"turnover": "turnovr"})
    with pytest.raises(SpecError) as info:
        prepare(compile_text(SPEC, "s.yaml").models[0], df)
    assert str(info.value) == ("s.yaml:10:5: models[0]: model 'T': unknown variable 'turnover' "
                               "(did you mean 'turnovr'?)")
    df = _table()
    with pytest.raises(SpecError, match=r"column 'region' holds text .*needs numbers; for one dummy per category write C\(region\)"):
        prepare(compile_text(SPEC.replace("log(k)]", "region]")).models[0], df)
    with pytest.raises(SpecError, match="holds text; quote the value"):
        prepare(compile_text(SPEC.replace("founded >= 2010", "nace3 == 620")).models[0], df)
    dup = pd.concat([df, df.iloc[:2]])
    with pytest.raises(SpecError, match="duplicate rows"):
        prepare(compile_text(SPEC).models[0], dup)


_filters = st.sampled_from(["n > 0", "n <= 1 or s == 'a'", "not (n between -1 and 1)",
                            "s not in ['b']", "s is not missing", "n is missing or n < 2",
                            "log(m) > 0", "growth(m) >= 0"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-3, 3)),
                          st.one_of(st.none(), st.sampled_from(["a", "b"])),
                          st.one_of(st.none(), st.floats(-1, 10))), max_size=25),
       st.lists(_filters, max_size=3))
def test_random_data_never_raises_and_log_adds_up(rows, filters):
    df = pd.DataFrame(rows, columns=["n", "s", "m"]).astype({"n": "float64", "m": "float64",
                                                            "s": "object"})
    df["firm"] = np.arange(len(df)) % 4
    df["year"] = 2000 + np.arange(len(df)) // 4
    sample = ", ".join(repr(f) for f in filters)
    text = (f"kind: fe_ols\ndata: starters\npanel: {{unit: firm, time: year}}\n"
            f"sample: [{sample}]\nmodels: [{{outcome: m, regressors: [n, log1p(m)], absorb: [s]}}]\n")
    d = prepare(compile_text(text).models[0], df)
    log = d.sample_log
    assert log[0].remaining == len(df)
    assert len(df) - sum(s.removed for s in log) == d.nobs == len(d.index) == len(d.y)
    assert all(s.removed >= 0 for s in log)
    assert np.isfinite(d.X).all() and np.isfinite(d.y).all()


@pytest.mark.parametrize("values", [[2010, 2012, 2010, 2015, 2012], [-3, 7, 7, -3, 0], [0, 1, 2, 3, 4],
                                    [5, 5, 5, 5, 5]])
def test_integer_codes_equal_sorted_factorize(values):
    from econ_ai.data.prepare import _integer_codes

    col = pd.Series(np.array(values, dtype=np.int64))
    for rows in (np.arange(5), np.array([0, 2, 3, 4])):
        ref = pd.factorize(col.iloc[rows], sort=True)[0]
        np.testing.assert_array_equal(_integer_codes(col, rows), ref)
    assert _integer_codes(pd.Series([1.0, 2.0]), np.arange(2)) is None  # not an integer column
    assert _integer_codes(pd.Series([0, 10**12]), np.arange(2)) is None  # range too wide: factorize


def test_codes_are_memoised_per_rows_not_per_variable():
    """A sweep job's models share one builder's code memo: equal rows reuse the codes, other
    rows (a control that drops observations) get their own."""
    from econ_ai.data.prepare import Builder

    spec = compile_text(SPEC)
    df = pd.DataFrame({"nace3": ["702", "620", "631", "620", "702"]})
    b = Builder(spec.models[0], df, "data", True)
    all_rows, some = np.arange(5), np.array([1, 2, 3])
    np.testing.assert_array_equal(b.codes("nace3", all_rows), [2, 0, 1, 0, 2])
    np.testing.assert_array_equal(b.codes("nace3", some), [0, 1, 0])          # not the memo of all_rows
    assert b.codes("nace3", all_rows.copy()) is b.codes("nace3", all_rows)   # equal rows: the same codes
    assert len(b.code_memo) == 2
