"""Calibration report: rows computed from the generated data through the readers."""

from __future__ import annotations

import pytest

from econ_ai.data import builtin
from econ_ai.study.calibration import calibration_rows, format_calibration
from econ_ai.data.synth import params as P
from econ_ai.data.synth.counts import scaled, scaled_partition

SCALE = 0.02


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("ECON_AI_CACHE", str(tmp_path_factory.getbasetemp() / "econ_ai_cache_builtin"))
    builtin.clear_cache()
    out = calibration_rows(scale=SCALE, regressions=False)
    builtin.clear_cache()
    mp.undo()
    return out


def test_rows_have_the_four_fields(rows):
    assert rows and all(set(r) == {"target", "published", "generated", "note"} for r in rows)


def test_exact_counts_at_this_scale(rows):
    got = {r["target"]: r["generated"] for r in rows}
    part = scaled_partition(P.FUNNEL_PARTITION, SCALE)
    assert got["Figure 1: verified AI"] == part["verified"]
    assert got["Figure 1: names"] == sum(part.values())
    assert got["Table 1/2: tech_automation"] == scaled(486, SCALE)
    assert got["Table 1/2: purpose_ict_security"] == scaled(22, SCALE)
    assert got["AI starters with vc"] == scaled(P.N_VC, SCALE)
    assert got["Figure 6: failures (bankruptcy/liquidation/dissolution)"] == scaled(P.N_AI_FAILED, SCALE)
    assert got["reference group: non-AI starters with >= 1 employee"] == scaled(P.N_REFERENCE, SCALE)
    assert got["Figure 6: first exit year"] >= 2018


def test_published_values_are_the_studys(rows):
    pub = {r["target"]: r["published"] for r in rows}
    assert pub["Figure 1: names"] == 1256 and pub["Figure 3: Gent"] == 108
    assert pub["Figure 4: AI share of active starters 2023 (%)"] == 0.53
    assert pub["Figure 4: wage_bill share / count share 2023"] == 3.5


def test_format_is_a_table(rows):
    text = format_calibration(rows)
    lines = text.splitlines()
    assert lines[0].startswith("target") and "published" in lines[0] and "generated" in lines[0]
    assert len(lines) == len(rows) + 2
    assert any("Figure 7: AI without VC, top 20% turnover" in x for x in lines)


def test_figure7_shares_on_a_hand_made_year():
    """Thresholds are the 80th percentile over all rows; 'top' is at or above it (the tie rule of
    top_quantile); the
    intersection needs turnover, employees and EBIT at once (values checked by hand)."""
    import numpy as np
    import pandas as pd

    from econ_ai.study.calibration import _figure7

    v = np.arange(1.0, 11.0)
    ebit = v.copy()
    ebit[9] = -5.0  # firm 10: largest but loss-making -> top EBIT = firms 8 and 9
    groups = ["AI without VC"] + ["non-AI"] * 6 + ["AI with VC", "AI without VC", "AI without VC"]
    y = pd.DataFrame({"turnover": v, "employees": v, "value_added": v, "ebitda": v, "ebit": ebit,
                      "vc_group": groups})
    got = {r["target"]: r["generated"] for r in _figure7(y)}
    assert got["Figure 7: intersection, all starters (%)"] == 10.0  # firm 9 only
    assert got["Figure 7: AI without VC, top 20% turnover (%)"] == 66.7  # firms 9, 10 of 1, 9, 10
    assert got["Figure 7: AI without VC, top 20% ebit (%)"] == 33.3
    assert got["Figure 7: AI without VC, top 20% intersection (%)"] == 33.3
    assert got["Figure 7: AI with VC, top 20% ebit (%)"] == 100.0
    assert got["Figure 7: AI with VC, top 20% intersection (%)"] == 0.0
    assert got["Figure 7: non-AI, top 20% employees (%)"] == 0.0
