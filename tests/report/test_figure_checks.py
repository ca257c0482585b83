"""Figure regression tests (issue 16): every study figure and coefficient plot, drawn at its
fixed size from real pipeline results, has no text cut off by the edge, no overlapping labels,
no label on the data and no legend over the data. The checks themselves catch each fault."""

from __future__ import annotations

from pathlib import Path

import pytest

import econ_ai.report.style as style
from econ_ai.report.figure_checks import layout_problems
from econ_ai.report.figures import coefplot_figure

ROOT = Path(__file__).resolve().parents[2]
SCALE = 0.02


def _fig():
    with style.figure_style():
        fig, ax = style.new_figure((4, 3))
    return fig, ax


def test_checks_catch_a_note_cut_off_by_the_edge():
    fig, ax = _fig()
    ax.plot([0, 1], [0, 1])
    fig.text(0.01, 0.01, "Source: " + "a long note that was never wrapped " * 4)
    assert any(p.startswith("text cut off by the figure edge: 'Source:") for p in layout_problems(fig))


def test_checks_catch_overlapping_labels_and_labels_on_data():
    fig, ax = _fig()
    ax.bar([0, 1], [5, 7])
    ax.errorbar([1], [7], yerr=[[2], [2]], linestyle="none")
    ax.text(0.98, 7.2, "all: 7%")  # on the whisker
    ax.text(0.98, 7.2, "all: 8%")
    probs = layout_problems(fig)
    assert "labels overlap: 'all: 7%' and 'all: 8%'" in probs
    assert "label 'all: 7%' drawn over the data" in probs


def test_checks_catch_a_legend_on_the_zero_line():
    fig, ax = _fig()
    ax.errorbar([0.5], [0], xerr=[[0.1], [0.1]], linestyle="none", label="Turnover")
    ax.axvline(0.0, color="black")
    ax.set_xlim(-0.1, 0.7)
    ax.legend(loc="upper left")
    assert any(p.startswith("legend drawn over the data") for p in layout_problems(fig))


def test_coefplots_of_fixture_results_are_clean(load_rs):
    import dataclasses

    for stem in ("growth", "levels", "logit"):
        fig = coefplot_figure(load_rs(stem))
        assert layout_problems(fig) == [], stem
    # as 11_exit_logits: long regressor labels, two models in a legend, a long source note
    rs = load_rs("logit")
    long = {"gpa": "Grade point average before the course (four-point scale)", "psi": "Personalized System of "
            "Instruction (PSI) teaching method", "tuce": "Test of Understanding of College Economics score"}
    rs = dataclasses.replace(rs, report={**rs.report, "labels": {**rs.report.get("labels", {}), **long}})
    fig = coefplot_figure(rs, source="Spector and Mazzeo (1980), as published in Greene's Econometric Analysis, "
                                     "table F14.1, reproduced with econ_ai from the statsmodels copy of the data")
    assert layout_problems(fig) == []


@pytest.fixture(scope="module")
def study_results(tmp_path_factory):
    from econ_ai.data import builtin
    from econ_ai.pipeline import DataOptions, run_spec

    mp = pytest.MonkeyPatch()
    mp.setenv("ECON_AI_CACHE", str(tmp_path_factory.getbasetemp() / "econ_ai_cache_builtin"))
    builtin.clear_cache()
    opts = DataOptions(scale=SCALE, quiet=True)
    out = {s: run_spec(ROOT / "specs" / f"{s}.yaml", opts)
           for s in ("04_location", "06_shares_figure4", "08_growth", "12_top20_figure7")}  # 11's logits need more firms
    yield out
    builtin.clear_cache()
    mp.undo()


def test_study_figures_and_coefplots_from_the_pipeline_are_clean(study_results, tmp_path, monkeypatch):
    from econ_ai.study import figures as sf

    figs = []
    finish = style.finish

    def spy(fig, ax=None, **kw):
        out = finish(fig, ax, **kw)
        figs.append(fig)
        return out

    monkeypatch.setattr(style, "finish", spy)
    for stem, rs in study_results.items():
        figs.clear()
        if sf.figure_number(rs, stem):
            sf.draw_study_figure(rs, tmp_path, stem)
        if any(r.coefficients for r in rs.results):
            figs.append(coefplot_figure(rs))
        assert figs, stem
        for fig in figs:
            assert layout_problems(fig) == [], stem


def test_figure3_place_table_is_consistent(study_results):
    from econ_ai.study.figures import BRUSSELS_ROW, municipality_counts

    rs = study_results["04_location"]
    recs = next(r for r in rs.results if r.name == "By municipality").tables["counts"]
    rows = dict(municipality_counts(recs))
    brussels = sum(r["n"] for r in recs if r["region"] == "Brussels")
    assert rows.get(BRUSSELS_ROW, 0) == brussels
    assert "Louvain-la-Neuve" not in rows and not any(r["municipality"] in ("Ixelles", "Elsene") for r in recs
                                                       if r["municipality"] in rows)
    assert sum(rows.values()) == sum(r["n"] for r in recs)
