"""The study's seven figures: each writes a PNG and a PDF from small hand-built Results, with
the synthetic-data note; the record helpers compute the plotted numbers correctly."""

from __future__ import annotations

import numpy as np
import pytest

from econ_ai.design import Design
from econ_ai.kinds.describe.estimator import Describe
from econ_ai.kinds.top_quantile.estimator import TopQuantile
from econ_ai.study import figures as sf
from econ_ai.results import Result, ResultSet
from econ_ai.provenance import DataInfo
from econ_ai.spec.model import ModelSpec

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def captured(monkeypatch):
    """Record every text drawn on each figure when it is finished (before it is closed)."""
    figure_style, finish = sf._style()
    texts: list[list[str]] = []

    def spy(fig, ax, **kw):
        finish(fig, ax, **kw)
        found = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
        texts.append(found)

    monkeypatch.setattr(sf, "_style", lambda: (figure_style, spy))
    return texts


def check_files(paths):
    png, pdf = paths
    assert png.suffix == ".png" and pdf.suffix == ".pdf"
    assert png.read_bytes()[:8] == PNG_MAGIC and png.stat().st_size > 5000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000


def synthetic_note(texts) -> bool:
    return any("Synthetic data" in t for t in texts)


def funnel_steps():
    return Result("Funnel", "describe", 1256, tables={"counts": [
        {"step": "name", "n": 229}, {"step": "kbo", "n": 176}, {"step": "starter", "n": 107},
        {"step": "verified", "n": 744}]})


def test_funnel_counts_are_cumulative():
    got = sf.funnel_counts(funnel_steps().tables["counts"])
    assert [v for _, v in got] == [1256, 1027, 851, 744]
    src = sf.source_counts([{"sources": "ai4belgium", "n": 435}, {"sources": "vaeremans", "n": 262},
                            {"sources": "own", "n": 559}, {"sources": "ai4belgium;own", "n": 2}])
    assert src == [("AI4Belgium list (2021)", 437), ("Vaeremans (2025)", 262), ("Own additions (web, searches)", 561)]


def test_figure1(tmp_path, captured):
    srcs = [{"sources": "ai4belgium", "n": 435}, {"sources": "vaeremans", "n": 262}, {"sources": "own", "n": 559}]
    check_files(sf.figure1_funnel(funnel_steps(), tmp_path / "fig1", sources=srcs, synthetic=True))
    assert synthetic_note(captured[-1])
    assert "1,256" in " ".join(captured[-1])


def test_figure2_reads_synthetic_flag_from_resultset(tmp_path, captured):
    recs = [{"founded": y, "n": 86 if y == 2019 else 10} for y in range(1986, 2026)] + [{"founded": None, "n": 3}]
    rs = ResultSet("fig2.yaml", (Result("Years", "describe", 500, tables={"counts": recs}),),
                   data=DataInfo("starters", 500, "x", synthetic=True))
    check_files(sf.figure2_founding_year(rs, tmp_path / "fig2.png"))
    assert synthetic_note(captured[-1])
    assert "86 in 2019" in captured[-1]
    sf.figure2_founding_year(rs, tmp_path / "real", synthetic=False)
    assert not synthetic_note(captured[-1])


def test_place_counts_merge_brussels():
    recs = [{"region": "Flanders", "municipality": "Gent", "n": 108},
            {"region": "Brussels-Capital Region", "municipality": "Elsene", "n": 60},
            {"region": "Brussels-Capital Region", "municipality": "Brussel", "n": 64},
            {"region": "Wallonia", "municipality": "Charleroi", "n": 10},
            {"region": "Wallonia", "municipality": "Namur", "n": 9}]
    assert sf.place_counts(recs) == [("Brussels-Capital Region", 124), ("Gent", 108), ("Charleroi", 10)]


def test_figure3(tmp_path, captured):
    recs = [{"municipality": m, "n": n} for m, n in [("Gent", 108), ("Antwerpen", 86), ("Leuven", 53), ("Aalst", 4)]]
    check_files(sf.figure3_location(recs, tmp_path / "fig3", synthetic=True))
    assert synthetic_note(captured[-1])
    assert "Aalst" not in captured[-1]


def share_records(variables, parts=("all",)):
    recs = []
    for v in variables:
        for p in (("all",) if v == "__rows__" else parts):
            for y in range(2008, 2025):
                recs.append({"year": y, "variable": v, "part": p, "share": 0.0005 * (y - 2007) * (1 + len(v) / 10)})
    return recs


def test_share_series_in_percent_and_years():
    s = sf.share_series(share_records(["__rows__"]), (2010, 2023))
    xs, ys = s[("__rows__", "all")]
    assert xs == list(range(2010, 2024))
    assert ys[0] == pytest.approx(100 * 0.0005 * 3 * 1.8)


def test_figure4(tmp_path, captured):
    recs = share_records(["__rows__", "turnover", "value_added", "employees", "wage_bill"])
    recs += share_records(["ebit"], parts=("positive",))
    check_files(sf.figure4_ai_shares(recs, tmp_path / "fig4", synthetic=True))
    assert synthetic_note(captured[-1])
    assert {"Number of starters", "Turnover", "Wage bill"} <= set(captured[-1])
    assert "EBIT" not in " ".join(captured[-1])  # parts of signed variables belong to Figure 5


def test_figure5(tmp_path, captured):
    recs = share_records(["__rows__", "ebit", "ebitda"], parts=("all", "positive", "negative"))
    check_files(sf.figure5_profit_loss(recs, tmp_path / "fig5", synthetic=True))
    assert synthetic_note(captured[-1])
    labels = set(captured[-1])
    assert {"Number of starters", "EBIT: profits", "EBIT: losses", "EBITDA: profits", "EBITDA: losses"} <= labels
    assert not any(t.endswith(": result") for t in labels)  # the net result is not drawn


def test_exit_counts_from_crosstab_and_long():
    wide = [{"exit_year": 2018, "bankruptcy": 2, "merger_acquisition": 1, "Total": 3},
            {"exit_year": 2030, "bankruptcy": 9, "Total": 9},
            {"exit_year": "Total", "bankruptcy": 11, "merger_acquisition": 1, "Total": 12}]
    long = [{"exit_year": 2018, "exit_type": "bankruptcy", "n": 2},
            {"exit_year": 2018, "exit_type": "merger_acquisition", "n": 1}]
    for recs in (wide, long):
        got = sf.exit_counts(recs, (2010, 2024))
        assert list(got) == ["bankruptcy", "merger_acquisition"]
        assert got["bankruptcy"][8] == 2 and sum(got["bankruptcy"]) == 2


def test_figure6(tmp_path, captured):
    recs = [{"exit_year": y, "bankruptcy": y % 3, "liquidation": 1, "dissolution": y % 2, "merger_acquisition": 2,
             "Total": 0} for y in range(2018, 2025)]
    check_files(sf.figure6_exits(recs, tmp_path / "fig6", synthetic=True))
    assert synthetic_note(captured[-1])
    assert "Merger or acquisition" in captured[-1]


def test_figure7_from_real_top_quantile_results(tmp_path, captured):
    rng = np.random.default_rng(0)
    n = 2000
    g = rng.choice(np.array(["non-AI", "AI without VC", "AI with VC"], dtype=object), n, p=[0.9, 0.07, 0.03])
    cols = {"vc_group": g, "turnover": rng.lognormal(size=n), "employees": rng.lognormal(size=n),
            "ebit": rng.normal(size=n)}
    results = []
    for name, crit in [("Turnover", ["turnover"]), ("Employees", ["employees"]), ("EBIT", ["ebit"]),
                       ("Turnover, employees and EBIT", ["turnover", "employees", "ebit"])]:
        spec = ModelSpec(name=name, kind="top_quantile", options={"group": "vc_group", "q": 0.8, "criteria": crit})
        results.append(TopQuantile().fit(Design(spec=spec, y=None, X=None, terms=(), columns=cols)))
    crits, groups, cell, line = sf.top_shares(results)
    assert crits == ["Turnover", "Employees", "EBIT", "Turnover, employees and EBIT"]
    assert groups == ["non-AI", "AI without VC", "AI with VC"]
    assert line == 0.2
    assert cell[("EBIT", "AI with VC")]["share"] == results[2].coefficients["AI with VC"].estimate
    check_files(sf.figure7_top_quantile(results, tmp_path / "fig7", synthetic=True))
    assert synthetic_note(captured[-1])
    # the intersection's own expected share is named in the legend, not written on the bars
    assert any(t.startswith("Turnover, employees and EBIT: share of all starters (") for t in captured[-1])


def test_figures_from_describe_results(tmp_path, captured):
    """End to end: Describe Results feed figures 2 and 6 directly."""
    rng = np.random.default_rng(1)
    n = 300
    cols = {"founded": rng.integers(1986, 2025, n).astype(float),
            "exit_year": rng.integers(2018, 2025, n).astype(float),
            "exit_type": rng.choice(np.array(["bankruptcy", "merger_acquisition"], dtype=object), n)}

    def describe(**opts):
        spec = ModelSpec(name="d", kind="describe", options=opts)
        return Describe().fit(Design(spec=spec, y=None, X=None, terms=(), columns=cols))

    years = describe(statistic="counts", by=["founded"])
    check_files(sf.figure2_founding_year(years, tmp_path / "f2", synthetic=True))
    exits = describe(statistic="crosstab", by=["exit_year", "exit_type"])
    got = sf.exit_counts(exits.tables["crosstab"], (2010, 2024))
    assert sum(sum(v) for v in got.values()) == n
    check_files(sf.figure6_exits(exits, tmp_path / "f6", synthetic=True))


def test_figure_number_and_hook(tmp_path, captured):
    steps = funnel_steps()
    srcs = Result("Sources", "describe", 1256, tables={"counts": [{"sources": "own", "n": 559}]})
    rs = ResultSet("specs/figure1_funnel.yaml", (srcs, steps), data=DataInfo("ai_profile", 1256, "x", True))
    assert sf.figure_number(rs, "figure1_funnel") == 1
    assert sf.figure_number(ResultSet("s.yaml", (), report={"figure": 7})) == 7
    assert sf.figure_number(ResultSet("s.yaml", (), report={"figure": "figure_5"})) == 5
    assert sf.figure_number(ResultSet("specs/table1_tech.yaml", ()), "table1_tech") is None
    paths = sf.draw_study_figure(rs, tmp_path / "figures", "figure1_funnel")
    check_files(paths)
    assert synthetic_note(captured[-1])
    assert "Own additions (web, searches)" in captured[-1] and "1,256" in " ".join(captured[-1])
    assert sf.draw_study_figure(ResultSet("specs/growth.yaml", ()), tmp_path, "growth") == []


def test_records_errors():
    with pytest.raises(ValueError, match="no table"):
        sf.records(Result("x", "describe", 0, tables={"means": []}), "counts")
    with pytest.raises(TypeError):
        sf.records(42, "counts")
