"""From simulated firm-years to NBB deposits: filing model, rubrics, gaps, corrections.

* Model: about 30% of employer firm-years file the full model (VOL): a firm-specific propensity
  plus ``full_size_weight`` x log FTE (threshold = 70th percentile of that score; v8 weight
  0.1: starters rarely meet the legal size criteria of the full model, so filing it is mostly
  a choice, and the turnover reporters are not dominated by the largest firms). The
  others file the abbreviated model (VKT) or, from fiscal year 2016 and up to 10 FTE, the micro
  model (MIC) if the firm prefers it. Starters without employees never file VOL.
* Rubrics: VOL 70, 60, 61, 62, 630, 9901, 10/15, 20/58, 17/49, 21, 22/27, 8169, 1003;
  VKT 9900, 62, 630, 9901, 10/15, 20/58, 17/49, 21, 22/27, 8169, 9087 (+ 70 for the share
  ``turnover_voluntary`` of firms that disclose turnover voluntarily, 90% since v8);
  MIC 9900, 62, 630, 9901, 10/15, 20/58, 17/49, 21, 22/27, 9087 (no fixed-asset schedule, hence no 8169). Balance-sheet stocks are written even
  when zero. EUR rounded to the unit, FTE to 0.1.
  Turnover is therefore available for VOL filings and voluntary VKT disclosures only (the
  study's turnover analyses use the firms reporting it).
* Gaps: an interior year (not the first or last) is missing with probability ``gap_prob``; in
  half of the cases the next deposit carries the missing year as Period "N-1".
* Corrections: with probability ``refile_prob`` a fiscal year is deposited twice; the earlier
  DepositKey has a wrong EBIT (x 1.1), the later one is right (readers keep the latest).
* Rubric codes checked against public descriptions of the NBB models: 1003 (average FTE,
  social balance sheet) and 9087 (average FTE, notes of the abbreviated/micro models) and
  8169 (acquisitions of tangible fixed assets, "Aanschaffingen, inclusief de geproduceerde
  vaste activa", in the fixed-asset schedule) from the Trends Top key-figure definitions
  (trendstop.knack.be, "Workforce" and "Investeringen"); 9900 gross margin / 70 turnover absent
  from micro filings per datasnoop.be "How to read a Belgian annual account". The full model
  has per-category acquisition codes (8161-8166); the generator writes their total 8169.
* DepositKey "YYYY-NNNNNNNN" (deposit year, running number): sorting the text sorts by time.
* FiscalYearEnd: 31 December for 95% of firms, else 31 March / 30 June / 30 September; the
  fiscal year is the calendar year of its end.
"""

from __future__ import annotations

import numpy as np

from econ_ai.data.synth import params as P
from econ_ai.data.synth.accounts import YEARS
from econ_ai.data.synth.writers import RUBRICS

_R = {r: i for i, r in enumerate(RUBRICS)}
_SOURCE = {"70": "turnover", "60": "m60", "61": "m61", "9900": "value_added", "62": "wage_bill",
           "630": "depreciation", "9901": "ebit", "10/15": "equity", "20/58": "total_assets",
           "17/49": "debts", "21": "intangible_assets", "22/27": "tangible_assets",
           "8169": "investment", "1003": "employees", "9087": "employees"}
_BY_MODEL = {
    0: ("70", "60", "61", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27", "8169", "1003"),
    1: ("9900", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27", "8169", "9087"),
    2: ("9900", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27", "9087"),
}


def _model_codes(rng, alive, L, employer, d: P.Dgp):
    n, T = alive.shape
    z = rng.normal(0, 1, n)[:, None]
    score = z + d.full_size_weight * (np.log(np.maximum(L, 0.1)) - np.log(5.0))
    score = np.where(employer[:, None], score, -np.inf)
    thr = np.quantile(score[alive & employer[:, None]], 1 - d.full_share_target)
    full = score > thr
    micro_pref = (rng.random(n) < np.where(employer, 0.6, 0.85))[:, None]
    micro = (~full) & (YEARS[None, :] >= d.micro_from) & (L <= d.micro_max_fte) & micro_pref
    model = np.where(full, 0, np.where(micro, 2, 1)).astype(np.int8)
    vol_turnover = rng.random(n) < np.where(employer, d.turnover_voluntary, 0.15)
    return model, vol_turnover


def build_deposits(rng: np.random.Generator, grids: dict[str, np.ndarray], employer: np.ndarray,
                   d: P.Dgp = P.DGP) -> dict:
    """Deposits of all firms (rows of the grids). Returns arrays: firm, year, model, key, fye,
    values (n_dep x rubrics, NaN = not reported) and the N-1 block (deposit index, values)."""
    va = grids["value_added"]
    alive = ~np.isnan(va)
    n, T = alive.shape
    L = np.nan_to_num(grids["employees"], nan=0.0)
    model, vol_turnover = _model_codes(rng, alive, L, employer, d)
    # gaps: interior alive years only
    first = np.argmax(alive, axis=1)
    last = T - 1 - np.argmax(alive[:, ::-1], axis=1)
    jj = np.arange(T)[None, :]
    interior = alive & (jj > first[:, None]) & (jj < last[:, None])
    gap = interior & (rng.random((n, T)) < d.gap_prob)
    gap[:, 1:] &= ~gap[:, :-1]  # no two consecutive gaps
    filed = alive & ~gap
    fi, fj = np.nonzero(filed)
    # one matrix of rubric values per filed firm-year
    vals = np.full((len(fi), len(RUBRICS)), np.nan)
    mdl = model[fi, fj]
    for m, rubs in _BY_MODEL.items():
        rows = np.flatnonzero(mdl == m)
        for r in rubs:
            vals[rows, _R[r]] = grids[_SOURCE[r]][fi[rows], fj[rows]]
    vt = (mdl == 1) & vol_turnover[fi]
    vals[vt, _R["70"]] = grids["turnover"][fi[vt], fj[vt]]
    fte = np.isin(np.arange(len(RUBRICS)), [_R["1003"], _R["9087"]])
    vals[:, ~fte] = np.round(vals[:, ~fte])
    vals[:, fte] = np.round(vals[:, fte], 1)
    # fiscal year end per firm
    mmdd = np.where(rng.random(n) < d.non_calendar_share, rng.integers(0, 3, n), 3)
    # corrections: a wrong earlier deposit
    refile = np.flatnonzero(rng.random(len(fi)) < d.refile_prob)
    dep_src = np.concatenate([np.arange(len(fi)), refile])
    dep_vals = np.concatenate([vals, vals[refile]])
    dep_vals[len(fi):, _R["9901"]] = np.round(dep_vals[len(fi):, _R["9901"]] * 1.1)
    dep_year = np.concatenate([YEARS[fj] + 1, YEARS[fj[refile]] + 1])
    stage = np.concatenate([np.ones(len(fi)), np.zeros(len(refile))])  # wrong one deposited first
    order = np.lexsort((rng.random(len(dep_src)), stage, dep_year))
    dep_src, dep_vals, dep_year = dep_src[order], dep_vals[order], dep_year[order]
    firm = fi[dep_src]
    year = YEARS[fj[dep_src]]
    mm = np.array(["03-31", "06-30", "09-30", "12-31"])
    fye_labels = [f"{y}-{m}" for y in YEARS.tolist() for m in mm.tolist()]
    fye = (year - YEARS[0]) * len(mm) + mmdd[firm]
    # N-1 block: the deposit after a gap carries the missing year (half of the cases)
    gi, gj = np.nonzero(gap)
    carry = rng.random(len(gi)) < d.gap_n1_prob
    gi, gj = gi[carry], gj[carry]
    dkey = firm.astype(np.int64) * 10_000 + year
    srt = np.argsort(dkey, kind="stable")
    want = gi.astype(np.int64) * 10_000 + YEARS[gj] + 1
    at = np.clip(np.searchsorted(dkey[srt], want), 0, len(srt) - 1)
    hit = dkey[srt][at] == want  # the next deposit exists (the latest one if corrected)
    n1_dep = srt[at][hit]
    n1_rows = list(zip(gi[hit].tolist(), gj[hit].tolist()))
    n1_vals = np.full((len(n1_dep), len(RUBRICS)), np.nan)
    for row, (a, b) in enumerate(n1_rows):
        m = int(model[a, b + 1])
        for r in _BY_MODEL[m]:
            n1_vals[row, _R[r]] = grids[_SOURCE[r]][a, b]
    n1_vals[:, ~fte] = np.round(n1_vals[:, ~fte])
    n1_vals[:, fte] = np.round(n1_vals[:, fte], 1)
    return {"firm": firm, "year": year, "model": model[fi, fj][dep_src], "dep_year": dep_year, "fye": fye,
            "fye_labels": fye_labels,
            "values": dep_vals, "n1_dep": np.asarray(n1_dep, dtype=np.int64), "n1_values": n1_vals,
            "gaps": int(gap.sum()), "gaps_n1": len(n1_dep), "refiled": len(refile)}
