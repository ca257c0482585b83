"""The text summary (``econ-ai run --format text``): fixest-like per model, one sample line."""

from __future__ import annotations

import dataclasses
import re

from econ_ai.provenance import SampleStep
from econ_ai.report.summary import build_summary, num
from econ_ai.report.text import summarize


def test_summary_has_coefficients_se_t_p_n_r2_fe_and_clusters(load_rs):
    rs = load_rs("growth")
    text = summarize(rs)
    r = rs.results[0]
    e = r.coefficients["large"]
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("Large firm"))
    assert [num(e.estimate, 5), num(e.std_error, 5), num(e.statistic, 4), f"{e.p_value:.4f}"] == line.split()[-4:]
    assert f"Observations: {r.nobs:,}" in text and "R²: " in text and "Within R²: " in text
    assert "Fixed effects: Year FE" in text and "Clustered (firm: 10)" in text and "t with 9 df" in text
    assert "Signif. codes: *** p < 0.01" in text


def test_counts_print_as_counts_never_117_0000(load_rs):
    rs = load_rs("growth")
    r = dataclasses.replace(rs.results[0], fit={**rs.results[0].fit, "df_resid": 117.0, "n_firms": 12.0})
    text = summarize(dataclasses.replace(rs, results=(r,)), verbose=True)
    assert "117.0000" not in text and "df_resid: 117" in text and "n_firms: 12" in text
    assert not re.search(r"\d\.0000\b", text)


def _with_log(rs):
    build = tuple(SampleStep(f"filings without {c}: 1548307", 0, 1_548_307) for c in range(40))
    own = (SampleStep("start: starters", 0, 1000), SampleStep("year >= 2011", 100, 900),
           SampleStep("missing values in growth(invest)", 710, 190))
    r = dataclasses.replace(rs.results[0], sample_log=build + own)
    return dataclasses.replace(rs, results=(r,))


def test_sample_log_is_one_line_and_verbose_lists_every_step(load_rs):
    rs = _with_log(load_rs("growth"))
    text = summarize(rs)
    assert "filings without" not in text
    (line,) = [ln for ln in text.splitlines() if ln.startswith("Sample:")]
    assert line == ("Sample: 1,000 rows -> 190 used; 2 of 3 steps removed rows (most: missing values in "
                    "growth(invest), 710); data build: 40 steps; --verbose lists every step")
    verbose = summarize(rs, verbose=True)
    assert verbose.count("filings without") == 40 and "  - year >= 2011: removed 100 -> 900 rows" in verbose


def test_logit_summary_uses_z_and_lists_marginal_effects(load_rs):
    s = build_summary(load_rs("logit"))
    m = s.models[0]
    assert [b[0] for b in m.blocks][:2] == ["Coefficients", "Average marginal effects (delta-method SE)"]
    assert all(b[1] == "z value" for b in m.blocks)
    assert any("normal (z) inference" in h for h in m.head)
