"""Seed calibration: seed parsing, the power / bias / coverage summary, the stored run that
REPRODUCTION.md reads, and the joblib runner on a small spec."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from econ_ai.errors import EconAIError
from econ_ai.study import power
from econ_ai.study.reproduce import ReproductionReport
from econ_ai.report.claims import ClaimOutcome

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "data" / "panel.csv"


def test_parse_seeds():
    assert power.parse_seeds("1-3,7, 5") == [1, 2, 3, 5, 7]
    for bad in ("", "3-1", "a-b", "1-"):
        with pytest.raises(EconAIError, match="--seeds"):
            power.parse_seeds(bad)


def _run(seed, statuses, est, se):
    return {"seed": seed, "claims": {f"s:{k}": {"status": v, "claim": k} for k, v in statuses.items()},
            "params": [{"name": "idx", "true": 1.0, "estimate": est, "se": se},
                       {"name": "premium", "true": None, "estimate": est, "se": se}],
            "errors": [], "seconds": 1.0}


def test_summary_power_bias_and_coverage():
    ests = [0.8, 1.1, 1.3, 0.9]
    ses = [0.1, 0.1, 0.1, 0.5]
    runs = [_run(i, {"a": "pass", "b": "pass" if i % 2 else "fail"}, e, s) for i, (e, s) in enumerate(zip(ests, ses))]
    out = power.summarize(runs, scale=1.0, generator="X")
    assert out["claims"]["s:a"]["share"] == 1.0
    assert out["claims"]["s:b"]["share"] == 0.5 and out["claims"]["s:b"]["failed_seeds"] == [0, 2]
    p = out["params"]["idx"]
    assert p["bias"] == pytest.approx(np.mean(ests) - 1.0)
    cover = [abs(e - 1.0) <= 1.959963984540054 * s for e, s in zip(ests, ses)]
    assert p["coverage95"] == pytest.approx(np.mean(cover)) and p["sd"] == pytest.approx(np.std(ests, ddof=1))
    q = out["params"]["premium"]  # no closed-form truth: the mean over seeds is the reference
    assert q["bias"] is None and q["reference"].startswith("mean over seeds")
    md = power.format_power(out)
    assert "| s:b b | 50% | 0, 2 |" in md and "Claims below 90%: s:b." in md


def test_stored_run_feeds_the_power_column(tmp_path):
    runs = [_run(i, {"n": "pass" if i else "fail"}, 1.0, 0.1) for i in range(4)]
    run = power.summarize(runs, scale=1.0, generator="X")
    path = power.store(run, "econ-ai data calibration --seeds 0-3", tmp_path / "calibration-vX.json")
    stored = power.stored_power(path)
    assert stored == {"name": "calibration-vX.json", "command": "econ-ai data calibration --seeds 0-3",
                      "n_seeds": 4, "claims": {"s:n": 0.75}}
    assert "runs" not in json.loads(path.read_text())
    rep = ReproductionReport(outcomes=[ClaimOutcome("specs/s.yaml", "n", "x", "1", "1", "exactly 1", "pass")],
                             power=stored)
    md = rep.markdown()
    assert "| status | power |" in md and "| exactly 1 | pass | 75% |" in md
    assert "calibration-vX.json" in md and "4 seeds" in md
    assert power.stored_power(tmp_path / "missing.json") is None


# Claims of the stored run below 90% power, each with its reason (issue 14 stays open for them).
# Empty since the linkage classifier was refitted on seeds 101-110 with the one-edit-word block:
# 01_funnel:verified_model went from 85% (723-734) to 100% (727-739 of 744 +- 19).
KNOWN_LOW: dict[str, str] = {}


def test_the_stored_run_matches_the_generator_and_the_specs():
    """The power column is read from the run of the CURRENT generator version, and it has a
    share for every claim of the study's specs."""
    from econ_ai.spec.compile import load_spec
    from econ_ai.study.specs import resolve_specs

    stored = power.stored_power()
    assert stored is not None, f"no stored calibration run {power.stored_path()}"
    keys = {f"{p.stem}:{c.get('id')}" for p in resolve_specs(None) for c in load_spec(p).published}
    run = json.loads(power.stored_path().read_text())
    gaps = set(run.get("not_covered", {}))  # claims added after the run, named with the reason
    assert keys - gaps <= set(stored["claims"]), sorted(keys - gaps - set(stored["claims"]))
    assert gaps <= keys  # no stale gap entries
    assert len(stored["claims"]) >= 80 and stored["n_seeds"] >= 20
    low = {k: v for k, v in stored["claims"].items() if v < 0.9}  # issue 14: every claim on >= 90%
    assert set(low) <= set(KNOWN_LOW), f"claims below 90% power in {stored['name']}: {low}"
    assert set(KNOWN_LOW) <= set(low), "a known gap now holds: remove it from KNOWN_LOW"



GROWTH = f"""
kind: fe_ols
title: Growth
data: {DATA}
panel: {{unit: firm, time: year}}
regressors: [ai]
absorb: [nace3, year]
vcov: {{cluster: [firm]}}
models:
  - {{name: Turnover, outcome: growth(turnover)}}
published:
  - {{id: ok, claim: holds, model: Turnover, term: ai, between: [-10, 10]}}
"""


def test_runner_in_parallel_on_a_small_spec(tmp_path):
    spec = tmp_path / "08_growth.yaml"  # named like the study's growth spec: its premium is collected
    spec.write_text(GROWTH)
    out = power.run_calibration([1, 2], specs=[str(spec)], n_jobs=2, cache=str(tmp_path / "cache"), quiet=True)
    assert out["seeds"] == [1, 2]
    assert out["claims"]["08_growth:ok"]["share"] == 1.0
    p = out["params"]["growth premium: Turnover"]
    assert p["n"] == 2 and p["mean_se"] > 0 and p["coverage95"] == 1.0  # same CSV each seed
