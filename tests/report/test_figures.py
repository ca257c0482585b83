"""coefplot: PNG and PDF with the Agg backend, CIs, labels with units, synthetic note."""

from __future__ import annotations

import dataclasses

import pytest

from econ_ai.report.figures import coefplot, coefplot_figure


def test_coefplot_writes_png_and_pdf(tmp_path, load_rs):
    paths = coefplot(load_rs("levels"), tmp_path / "coef")
    assert [p.suffix for p in paths] == [".png", ".pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and paths[0].stat().st_size > 5000
    assert paths[1].read_bytes()[:5] == b"%PDF-" and paths[1].stat().st_size > 2000


def test_coefplot_content_and_synthetic_note(load_rs):
    rs = load_rs("levels")
    rs = dataclasses.replace(rs, data=dataclasses.replace(rs.data, synthetic=True))
    fig = coefplot_figure(rs)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Market value", "Capital stock"]
    xlabel = ax.get_xlabel().replace("\n", " ")
    assert xlabel == "Coefficient (effect on invest), 95% CI"  # from the outcome's label (issue 16)
    texts = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    assert "Synthetic data \u2014 calibrated to published aggregates, not the real microdata." in texts
    # one errorbar per model; the CI ends are the stored ci_low / ci_high
    est = rs.results[0].coefficients["market_value"]
    segs = [c for c in ax.collections if hasattr(c, "get_segments")]
    ends = sorted({round(x, 9) for c in segs for s in c.get_segments() for x in s[:, 0]})
    assert round(est.ci_low, 9) in ends and round(est.ci_high, 9) in ends
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Within", "Two-way"]


def test_coefplot_odds_ratio_log_scale_and_terms(load_rs):
    fig = coefplot_figure(load_rs("logit"), ["psi"], show="or")
    ax = fig.axes[0]
    # one regressor, two models: one row per model (no legend over the data), the regressor in the x label
    assert ax.get_xscale() == "log" and [t.get_text() for t in ax.get_yticklabels()] == ["Model 1", "Model 2"]
    assert ax.get_legend() is None and ax.get_ylabel() == "Dependent variable"
    assert ax.get_xlabel().replace("\n", " ").startswith("Odds ratio on PSI teaching method (effect on grade)")
    assert not any("Synthetic" in t.get_text() for t in fig.texts)


def test_coefplot_rejects_descriptive_results(tmp_path, load_rs):
    with pytest.raises(ValueError, match="no coefficients"):
        coefplot(load_rs("describe"), tmp_path / "x")
