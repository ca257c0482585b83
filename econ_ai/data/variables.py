"""Derived variables and the ``starters`` panel (firm-year) of the study.

:func:`build_starters` joins the accounts (one row per enterprise-year) to the KBO ``firms``
table and the ``ai_profile`` flags, then restricts, in this order, each step counted in the
returned SampleSteps:

  1. accounts of enterprises not in the firms table (no KBO record) are dropped;
  2. years outside ``first_year..last_year`` (2010-2023) are dropped;
  3. non-company legal forms are dropped: the study covers non-financial corporations (S11),
     so natural persons (no legal form), non-profits (VZW/ASBL 017, foundations 026/029,
     AISBL 125), public bodies and foreign entities are out. Kept: the company forms in
     ``COMPANY_FORMS`` (KBO JuridicalForm codes: BV/SRL 610, NV/SA 014, CommV 612, CV 706,
     old BVBA 015, ... see the constant);
  4. enterprises founded before ``min_founded`` (2010) are dropped (starters only);
  5. years before the founding year are dropped (accounts cannot predate the firm);
  6. firms with no year with employees >= 1 FTE are dropped (the reference group has "at
     least one employee"; ``has_employee``).
Firms without any accounts left are counted (they cannot enter the panel).

AI status: ``ai`` = 1 for enterprises whose ai_profile ``step`` is "verified" (the 744).
Enterprises that reached "kbo"/"starter" but were not verified to produce AI are treated as
non-AI by default (``unverified="non_ai"``) or dropped (``unverified="drop"``). Non-AI firms
get 0 for every ai_profile flag, a missing ``n_client_sectors`` and empty ``sources``.

Derived variables (no growth rates and no logs: specs compute ``growth(x)`` / ``log(x)``):
  * age = year - founded;
  * labour_productivity = value_added / employees (missing when employees <= 0 or missing);
  * fin_independence = equity / total_assets (missing when total_assets <= 0);
  * debt_per_employee = debts / employees (missing when employees <= 0);
  * failed = 1 if exit_type is bankruptcy, liquidation or dissolution (firm level, any year);
  * acquired = 1 if exit_type is merger_acquisition (firm level);
  * active = 1 if the firm has no dated exit or year <= exit_year;
  * vc_group = "non-AI" | "AI without VC" | "AI with VC" (ai and vc flags);
  * starter = 1 (founded >= 2010 in the panel), has_employee = 1 (restriction 6).

Speed: joins are by integer position (enterprise numbers looked up once in Arrow, see
csvio.positions), ai_profile columns are spread over the firms by position instead of a
string reindex, text columns are built through Arrow, and the final sort is skipped when the
rows already come in (firm, year) order (build_starters 4.5 s -> 1.6 s at scale 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.data.ai_profile import FLAGS as AI_FLAGS
from econ_ai.data.csvio import arrow_text as _arrow
from econ_ai.data.csvio import positions as _positions
from econ_ai.data.schema import FIRMS_KBO
from econ_ai.provenance import SampleStep

COMPANY_FORMS = frozenset({
    "001", "006", "007", "008", "009", "010", "011", "012", "013", "014", "015", "016", "025", "027",
    "206", "208", "211", "212", "213", "214", "215", "225",
    "506", "508", "510", "511", "512", "513", "514", "515",
    "606", "608", "610", "612", "614", "706",
})
FAIL_TYPES = ("bankruptcy", "liquidation", "dissolution")
VC_GROUPS = ("non-AI", "AI without VC", "AI with VC")


def _step(steps: list, what: str, before: int, after: int) -> None:
    steps.append(SampleStep(what, int(before) - int(after), int(after)))


def ai_flags(ai_profile: pd.DataFrame, unverified: str = "non_ai") -> pd.DataFrame:
    """ai_profile rows of enterprises (step != 'name'), indexed by enterprise_number, with ``ai``."""
    if unverified not in ("non_ai", "drop"):
        raise ValueError(f"unverified must be 'non_ai' or 'drop', not {unverified!r}")
    a = ai_profile[ai_profile["enterprise_number"].notna()].set_index("enterprise_number")
    a = a.assign(ai=(a["step"] == "verified").astype(np.int64))
    return a


def add_firm_flags(firms: pd.DataFrame, accounts: pd.DataFrame, ai_profile: pd.DataFrame,
                   *, first_year: int = 2010, last_year: int = 2023, min_founded: int = 2010) -> pd.DataFrame:
    """The firms table plus ``ai``, ``starter``, ``has_employee`` (0/1 int64)."""
    a = ai_flags(ai_profile)
    out = firms.copy()
    en = out["enterprise_number"]
    apos = _positions(pd.Series(a.index.to_numpy(dtype=object), dtype=object), en)
    ai = np.zeros(len(out), dtype=np.int64)
    hit = apos >= 0
    ai[apos[hit]] = a["ai"].to_numpy(dtype=np.int64)[hit]
    out["ai"] = ai
    out["starter"] = (out["founded"] >= min_founded).astype(np.int64)
    yr = accounts["year"].to_numpy()
    sel = (yr >= first_year) & (yr <= last_year) & (accounts["employees"].to_numpy(dtype=float) >= 1)
    pos = _positions(accounts["enterprise_number"], en)[sel]
    has = np.zeros(len(out), dtype=np.int64)
    has[pos[pos >= 0]] = 1
    out["has_employee"] = has
    return out


def _isin(s: pd.Series, values) -> np.ndarray:
    """Fast isin for text columns (non-NULL values in ``values``; vectorised in Arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    res = pc.is_in(_arrow(s), value_set=pa.array([str(v) for v in values], type=pa.string()))
    return np.asarray(res.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _text(values: np.ndarray) -> pd.Series:
    """An object array of str / None as pandas' str column, built through Arrow (pandas'
    own inference from 1M Python objects is 5x slower)."""
    import pyarrow as pa

    try:
        return pa.array(values, type=pa.string()).to_pandas()
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.Series(values, dtype=object)


def _labels(codes: np.ndarray, labels) -> pd.Series:
    """str column of ``labels[codes]`` built from a dictionary array (no Python objects)."""
    import pyarrow as pa

    arr = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(list(labels), pa.string()))
    return arr.cast(pa.string()).to_pandas()


def build_starters(firms: pd.DataFrame, accounts: pd.DataFrame, ai_profile: pd.DataFrame, *,
                   first_year: int = 2010, last_year: int = 2023, min_founded: int = 2010,
                   legal_forms=COMPANY_FORMS, unverified: str = "non_ai") -> tuple[pd.DataFrame, list[SampleStep]]:
    """Build the ``starters`` firm-year panel (see module doc); returns (panel, sample steps)."""
    steps: list[SampleStep] = []
    a = ai_flags(ai_profile, unverified)
    steps.append(SampleStep("starters: accounts enterprise-years", 0, len(accounts)))
    fcols = [c.name for c in FIRMS_KBO]
    f = firms[[c for c in fcols if c in firms.columns]].reset_index(drop=True)
    apos = _positions(pd.Series(a.index.to_numpy(dtype=object), dtype=object), f["enterprise_number"])
    not_in_kbo = int((apos < 0).sum())
    arow = np.full(len(f), -1, dtype=np.int64)                  # firm -> its ai_profile row
    arow[apos[apos >= 0]] = np.flatnonzero(apos >= 0)

    def on_firms(values: np.ndarray, missing=np.nan) -> np.ndarray:
        """An ai_profile column spread over the firms (``missing`` where not in the list)."""
        return np.where(arow >= 0, values[np.maximum(arow, 0)] if len(values) else missing, missing)

    steps.append(SampleStep(f"ai_profile enterprises not in the KBO firms table: {not_in_kbo}", 0, len(a)))

    pos = _positions(accounts["enterprise_number"], f["enterprise_number"])
    keep = pos >= 0
    _step(steps, "accounts of enterprises not in the KBO firms table", len(pos), int(keep.sum()))
    year = accounts["year"].to_numpy()
    k2 = keep & (year >= first_year) & (year <= last_year)
    _step(steps, f"years outside {first_year}-{last_year}", int(keep.sum()), int(k2.sum()))
    keep = k2
    company = _isin(f["juridical_form"], legal_forms) if legal_forms is not None else np.ones(len(f), bool)
    if legal_forms is not None:
        k2 = keep & company[np.maximum(pos, 0)]
        _step(steps, "non-company legal forms (not S11: natural persons, non-profits, public, foreign)",
              int(keep.sum()), int(k2.sum()))
        keep = k2
    founded = f["founded"].to_numpy()
    k2 = keep & (founded[np.maximum(pos, 0)] >= min_founded)
    _step(steps, f"founded before {min_founded} (not a starter)", int(keep.sum()), int(k2.sum()))
    keep = k2
    k2 = keep & (year >= founded[np.maximum(pos, 0)])
    _step(steps, "years before the founding year", int(keep.sum()), int(k2.sum()))
    keep = k2
    emp_ok = keep & (accounts["employees"].to_numpy(dtype=float) >= 1)
    has_emp = np.zeros(len(f), dtype=bool)
    has_emp[pos[emp_ok]] = True
    k2 = keep & has_emp[np.maximum(pos, 0)]
    nf_before = len(np.unique(pos[keep]))
    _step(steps, f"firms never with >= 1 employee (FTE) ({nf_before - int(has_emp.sum())} firms)",
          int(keep.sum()), int(k2.sum()))
    keep = k2
    a_ai = on_firms(a["ai"].to_numpy(dtype=float))              # NaN: not in the AI list
    is_ai_f = np.nan_to_num(a_ai, nan=0.0).astype(np.int64)
    if unverified == "drop":
        unver = a_ai == 0
        k2 = keep & ~unver[np.maximum(pos, 0)]
        _step(steps, "potential AI firms not verified to produce AI", int(keep.sum()), int(k2.sum()))
        keep = k2
    starters_f = (founded >= min_founded) & company
    in_panel = np.zeros(len(f), dtype=bool)
    in_panel[pos[keep]] = True
    no_acc = int((starters_f & ~in_panel).sum())
    rows = np.flatnonzero(keep)
    steps.append(SampleStep(f"starter firms (company form) with no panel row left: {no_acc}", 0, len(rows)))

    panel = accounts.iloc[rows].reset_index(drop=True)
    fp = pos[rows]
    fr = f.iloc[fp].reset_index(drop=True)
    for c in fr.columns:
        if c != "enterprise_number":
            panel[c] = fr[c]
    is_ai = is_ai_f[fp]
    panel["ai"] = is_ai
    panel["starter"] = np.int64(1)
    panel["has_employee"] = np.int64(1)
    for c in AI_FLAGS:
        v = on_firms(pd.to_numeric(a[c], errors="coerce").to_numpy(dtype=float))[fp] if c in a else np.zeros(len(fp))
        panel[c] = np.where(is_ai == 1, np.nan_to_num(v, nan=0.0), 0).astype(np.int64)
    ncs = on_firms(pd.to_numeric(a["n_client_sectors"], errors="coerce").to_numpy(dtype=float))[fp]
    panel["n_client_sectors"] = pd.array(np.where(is_ai == 1, ncs, np.nan), dtype="Float64").astype("Int64")
    src = on_firms(a["sources"].to_numpy(dtype=object), None)[fp]
    panel["sources"] = _text(np.where(is_ai == 1, src, None))
    panel["age"] = (panel["year"] - panel["founded"]).astype(np.int64)
    emp = panel["employees"].to_numpy(dtype=float)
    ok = emp > 0
    den = np.where(ok, emp, 1.0)
    panel["labour_productivity"] = np.where(ok, panel["value_added"].to_numpy(dtype=float) / den, np.nan)
    panel["debt_per_employee"] = np.where(ok, panel["debts"].to_numpy(dtype=float) / den, np.nan)
    ta = panel["total_assets"].to_numpy(dtype=float)
    tpos = ta > 0
    panel["fin_independence"] = np.where(tpos, panel["equity"].to_numpy(dtype=float) / np.where(tpos, ta, 1.0), np.nan)
    et = panel["exit_type"]
    panel["failed"] = _isin(et, FAIL_TYPES).astype(np.int64)
    panel["acquired"] = _isin(et, ["merger_acquisition"]).astype(np.int64)
    ey = panel["exit_year"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    panel["active"] = (np.isnan(ey) | (panel["year"].to_numpy() <= ey)).astype(np.int64)
    vc = panel["vc"].to_numpy()
    panel["vc_group"] = _labels(np.where(is_ai == 0, 0, np.where(vc == 1, 2, 1)), VC_GROUPS)
    fy, ff = panel["year"].to_numpy(), panel["firm"].to_numpy()
    if len(ff) > 1 and not ((ff[1:] > ff[:-1]) | ((ff[1:] == ff[:-1]) & (fy[1:] >= fy[:-1]))).all():
        order = np.lexsort((fy, ff))                            # accounts come sorted: rarely needed
        panel = panel.iloc[order].reset_index(drop=True)
    nfirms = len(np.unique(fp))
    nai = int(is_ai_f[np.unique(fp)].sum())
    steps.append(SampleStep(f"starters panel: {nfirms} firms ({nai} AI)", 0, len(panel)))
    return panel, steps
