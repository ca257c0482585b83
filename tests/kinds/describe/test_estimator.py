"""describe: every statistic against an independent pandas / statsmodels computation."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from econ_ai.design import Design
from econ_ai.errors import EstimationError
from econ_ai.kinds.describe.estimator import Describe
from econ_ai.kinds.registry import estimator as get
from econ_ai.results import ResultSet
from econ_ai.spec.model import ModelSpec


def fit(df: pd.DataFrame, **options):
    spec = ModelSpec(name=options.pop("name", "m"), kind="describe", options=options)
    cols = {c: df[c].to_numpy() for c in df.columns}
    return Describe().fit(Design(spec=spec, y=None, X=None, terms=(), columns=cols, index=np.asarray(df.index)))


@pytest.fixture
def starters() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 600
    df = pd.DataFrame({
        "year": rng.integers(2010, 2024, n),
        "ai": (rng.random(n) < 0.1).astype(int),
        "province": rng.choice(np.array(["Antwerp", "East Flanders", "Liège", None], dtype=object), n,
                               p=[0.4, 0.3, 0.25, 0.05]),
        "turnover": rng.lognormal(size=n),
        "ebit": rng.normal(size=n),
        "w": rng.uniform(0.5, 2.0, n),
        "exit_type": rng.choice(np.array(["bankruptcy", "liquidation", "merger_acquisition"], dtype=object), n),
    })
    df.loc[rng.choice(n, 20, replace=False), "turnover"] = np.nan
    for j in range(4):
        df[f"tech_{j}"] = (rng.random(n) < 0.2 + 0.15 * j).astype(float)
    df.loc[3, "tech_1"] = np.nan
    return df


def test_registered():
    assert get("describe") is Describe


def test_counts_keep_missing_keys(starters):
    r = fit(starters, statistic="counts", by=["province"])
    ref = starters["province"].value_counts(dropna=False)
    got = {rec["province"]: rec["n"] for rec in r.tables["counts"]}
    assert got == {(None if pd.isna(k) else k): int(v) for k, v in ref.items()}
    assert sum(got.values()) == len(starters) == r.nobs
    assert list(got)[-1] is None  # missing key last, the rest sorted
    assert list(got)[:-1] == sorted(k for k in got if k is not None)


def test_shares_within_group(starters):
    r = fit(starters, statistic="shares", by=["province"], group="ai")
    ref = starters.groupby(["province", "ai"], dropna=False).size()
    tot = starters.groupby("ai").size()
    for rec in r.tables["shares"]:
        key = (rec["province"] if rec["province"] is not None else np.nan, rec["ai"])
        n = int(ref.loc[key]) if rec["province"] is not None else int(
            starters[starters.province.isna() & (starters.ai == rec["ai"])].shape[0])
        assert rec["n"] == n
        assert rec["share"] == pytest.approx(n / tot[rec["ai"]])
    total = fit(starters, statistic="shares", by=["province"])
    assert sum(rec["share"] for rec in total.tables["shares"]) == pytest.approx(1.0)


def test_means_by_group(starters):
    r = fit(starters, statistic="means", variables=["turnover", "ebit"], by=["ai"])
    g = starters.groupby("ai")
    for rec in r.tables["means"]:
        x = g.get_group(rec["ai"])[rec["variable"]]
        assert rec["n"] == int(x.notna().sum()) and rec["n_missing"] == int(x.isna().sum())
        assert rec["mean"] == pytest.approx(x.mean())
        assert rec["sd"] == pytest.approx(x.std(ddof=1))
        assert rec["median"] == pytest.approx(x.median())
        assert (rec["min"], rec["max"]) == (pytest.approx(x.min()), pytest.approx(x.max()))


def test_weighted_means_equal_statsmodels_aweights(starters):
    from statsmodels.stats.weightstats import DescrStatsW

    r = fit(starters, statistic="means", variables=["turnover"], weights="w")
    rec = r.tables["means"][0]
    ok = starters["turnover"].notna()
    x, w = starters.loc[ok, "turnover"].to_numpy(), starters.loc[ok, "w"].to_numpy()
    d = DescrStatsW(x, weights=w * len(x) / w.sum())  # Stata aweights: rescaled to sum to n
    assert rec["mean"] == pytest.approx(np.average(x, weights=w))
    assert rec["sd"] == pytest.approx(d.std_ddof(1))


def test_crosstab_with_margins(starters):
    df = starters.copy()
    df.loc[0, "exit_type"] = None
    r = fit(df, statistic="crosstab", by=["year", "exit_type"])
    ref = pd.crosstab(df["year"], df["exit_type"].fillna("(missing)"), margins=True, margins_name="Total")
    recs = r.tables["crosstab"]
    assert len(recs) == len(ref)
    for rec in recs:
        row = ref.loc[rec["year"]]
        for col in ref.columns:
            assert rec[col] == int(row[col])
    assert recs[-1]["year"] == "Total" and recs[-1]["Total"] == len(df)
    with pytest.raises(EstimationError, match="exactly two"):
        fit(df, statistic="crosstab", by=["year"])


def test_flag_counts_and_mean_flags(starters):
    flags = [f"tech_{j}" for j in range(4)]
    r = fit(starters, statistic="flag_counts", variables=flags)
    for rec, f in zip(r.tables["flag_counts"], flags):
        col = starters[f]
        assert rec["variable"] == f
        assert rec["count"] == int((col == 1).sum())
        assert rec["n_missing"] == int(col.isna().sum())
        assert rec["share"] == pytest.approx((col == 1).sum() / col.notna().sum())
    complete = starters[flags].dropna()
    summ = r.tables["flag_summary"][0]
    assert summ["n"] == len(complete) and summ["n_incomplete"] == 1
    assert r.fit["mean_flags"] == pytest.approx(complete.sum(axis=1).mean())
    by = fit(starters, statistic="flag_counts", variables=flags, by=["ai"])
    assert [s["ai"] for s in by.tables["flag_summary"]] == ["All", 0, 1]
    assert by.fit["mean_flags"] == r.fit["mean_flags"]


def test_table1_style_mean_from_counts():
    # Table 1 of the study: counts of 9 technology flags over 744 starters, mean 2.1 flags
    counts = [486, 461, 252, 172, 61, 57, 49, 42, 9]
    n = 744
    df = pd.DataFrame({f"t{j}": np.r_[np.ones(c), np.zeros(n - c)] for j, c in enumerate(counts)})
    r = fit(df, statistic="flag_counts", variables=list(df.columns))
    assert [rec["count"] for rec in r.tables["flag_counts"]] == counts
    assert round(r.fit["mean_flags"], 1) == 2.1


def test_share_by_year_rows_and_parts(starters):
    r = fit(starters, statistic="share_by_year", variables=["__rows__", "turnover", "ebit"], group="ai",
            time="year", part=["positive", "negative"])
    recs = pd.DataFrame(r.tables["share_by_year"])
    df = starters
    for y, sub in df.groupby("year"):
        rows = recs[(recs.year == y) & (recs.variable == "__rows__")].iloc[0]
        row_share = (sub.ai == 1).mean()
        assert rows["share"] == pytest.approx(row_share)
        t = sub.turnover.where(sub.turnover > 0)
        tr = recs[(recs.year == y) & (recs.variable == "turnover") & (recs.part == "positive")].iloc[0]
        assert tr["share"] == pytest.approx(t[sub.ai == 1].sum() / t.sum())
        if row_share > 0:
            assert tr["ratio_to_rows"] == pytest.approx(tr["share"] / row_share)
        else:  # no AI starter that year: no ratio
            assert pd.isna(tr["ratio_to_rows"])
        neg = recs[(recs.year == y) & (recs.variable == "ebit") & (recs.part == "negative")].iloc[0]
        e = sub.ebit.where(sub.ebit < 0)
        assert neg["share"] == pytest.approx(e[sub.ai == 1].sum() / e.sum())
        assert neg["share"] >= 0 and neg["total"] < 0
        assert neg["n"] == int((sub.ebit < 0).sum())
    assert set(recs.part) == {"all", "positive", "negative"}


def test_share_by_year_default_parts_and_implicit_rows(starters):
    r = fit(starters, statistic="share_by_year", variables=["turnover", "ebit"], group="ai", time="year")
    recs = pd.DataFrame(r.tables["share_by_year"])
    parts = recs.groupby("variable")["part"].apply(set).to_dict()
    # the row share comes first without being listed; signed EBIT is split, turnover (> 0) is not
    assert recs.iloc[0]["variable"] == "__rows__"
    assert parts == {"__rows__": {"all"}, "turnover": {"all"}, "ebit": {"all", "positive", "negative"}}
    y = 2015
    sub = starters[starters.year == y]
    allp = recs[(recs.year == y) & (recs.variable == "ebit") & (recs.part == "all")].iloc[0]
    assert allp["share"] == pytest.approx(sub.ebit[sub.ai == 1].sum() / sub.ebit.sum())


def test_share_by_year_drops_missing_time_with_log(starters):
    df = starters.astype({"year": float})
    df.loc[:4, "year"] = np.nan
    r = fit(df, statistic="share_by_year", variables=["count"], group="ai", time="year")
    assert r.sample_log[-1].step == "missing values in year" and r.sample_log[-1].removed == 5
    assert r.nobs == len(df) - 5
    assert all(isinstance(rec["year"], int) for rec in r.tables["share_by_year"])


def test_errors_name_the_near_miss(starters):
    with pytest.raises(EstimationError, match="did you mean 'counts'"):
        fit(starters, statistic="cuonts")
    with pytest.raises(EstimationError, match="did you mean 'turnover'"):
        fit(starters, statistic="means", variables=["turnvoer"])
    with pytest.raises(EstimationError, match="needs 'time'"):
        fit(starters, statistic="share_by_year", variables=["turnover"], group="ai")
    with pytest.raises(EstimationError, match=r"part.0': invalid value 'postive' \(did you mean 'positive'\?\)"):
        fit(starters, statistic="share_by_year", variables=["ebit"], group="ai", time="year", part="postive")


def test_json_round_trip(starters):
    r = fit(starters, statistic="counts", by=["province", "ai"], name="Location")
    rs = ResultSet(spec="s.yaml", results=(r,), kind="describe")
    back = ResultSet.from_dict(json.loads(rs.to_json()))
    assert back.results[0].tables["counts"] == r.tables["counts"]
    assert back.results[0].nobs == len(starters)


def test_counts_of_a_design_without_columns():
    spec = ModelSpec(name="All starters", kind="describe", options={"statistic": "counts"})
    r = Describe().fit(Design(spec=spec, y=None, X=None, terms=(), columns={}, index=np.arange(7)))
    assert r.tables["counts"] == [{"n": 7}] and r.nobs == 7
