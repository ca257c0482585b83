"""Rubric codes read from NBB filings and the derived values of the canonical ``accounts``.

Every definition below is per scheme (full m02/m82, abbreviated m01/m81, micro m07/m87) and
the source of each code is in ``docs/nbb_rubrics.md``. In short:

    turnover             70 (full; optional "of which" line in abbreviated/micro)
    value_added          9900 gross margin where reported (abbreviated, micro); otherwise
    (= gross_margin)     the same aggregate from its components:
                           70 + 71 + 72 + 74 + 76A - 60 - 61      (full: operating income
                                                                   items above 60/61)
                         and, where none of 70/60/61 is reported either,
                           9901 + 62 + 630 + 631/4 + 635/8 + 640/8 + 649 + 66A
                         (the legal identity 9901 = 9900 - 62 - 630 - 631/4 - 635/8 - 640/8
                         - 649 - 66A of the abbreviated and micro models); a missing
                         component counts 0 (NBB lists only rubrics with a value)
    intermediate_inputs  60 + 61 (full) or 60/61; else 70 + 71 + 72 + 74 + 76A - 9900 where 70
                         is reported
    employees            1003 average FTE (social balance sheet, all three schemes); 9087
                         (average FTE of the notes) only where 1003 is absent
    wage_bill            62
    depreciation         630
    ebit                 9901;  ebitda = 9901 + 630 (missing 630 counts 0)
    investment           8161 + ... + 8166 (full: acquisitions per category of tangible fixed
                         assets) or 8169 (abbreviated, micro: their total); else
                         delta 22/27 + 630 when the previous year is present
    balance sheet        10/15 equity, 20/58 total assets, 17/49 debts, 21 intangible and
                         22/27 tangible fixed assets

The 15 core rubrics sit at fixed rows of the (rubric x output row) value block so that the
block becomes the accounts' float columns in place (see :mod:`econ_ai.data.nbb`); the extra
rubrics used only in derived values get rows after them only when a file holds them, so the
synthetic long table (core rubrics only) costs nothing more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CORE = ("70", "9900", "60", "61", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27",
        "8169", "9087", "1003")
EXTRA = ("60/61", "71", "72", "74", "76A", "631/4", "635/8", "640/8", "649", "66A",
         "8161", "8162", "8163", "8164", "8165", "8166")
RUBRICS = CORE + EXTRA
RUBRIC_LABEL = {
    "70": "turnover", "9900": "gross margin", "60": "goods and raw materials", "61": "services and other goods",
    "62": "wage bill", "630": "depreciation", "9901": "EBIT", "10/15": "equity", "20/58": "total assets",
    "17/49": "debts", "21": "intangible fixed assets", "22/27": "tangible fixed assets",
    "8169": "acquisitions of tangible fixed assets", "9087": "average FTE, notes", "1003": "average FTE, social balance",
    "60/61": "goods, raw materials, services", "71": "change in stocks", "72": "own work capitalised",
    "74": "other operating income", "76A": "non-recurring operating income", "631/4": "write-downs on stocks",
    "635/8": "provisions", "640/8": "other operating charges", "649": "charges capitalised as restructuring costs",
    "66A": "non-recurring operating charges", "8161": "acquisitions: land and buildings",
    "8162": "acquisitions: plant and machinery", "8163": "acquisitions: furniture and vehicles",
    "8164": "acquisitions: leasing", "8165": "acquisitions: other tangible", "8166": "acquisitions: under construction",
}
SCHEMAS = ("full", "abbreviated", "micro")
ACCOUNT_COLUMNS = ["enterprise_number", "year", "schema", "turnover", "gross_margin", "intermediate_inputs",
                   "value_added", "employees", "wage_bill", "depreciation", "ebit", "ebitda", "tangible_assets",
                   "intangible_assets", "investment", "equity", "total_assets", "debts"]
CORE_ROW = {"70": 0, "9900": 1, "60": 2, "61": 3, "1003": 4, "62": 5, "630": 6, "9901": 7, "9087": 8,
            "22/27": 9, "21": 10, "8169": 11, "10/15": 12, "20/58": 13, "17/49": 14}
NCORE = len(CORE)


def rubric_rows(present_extra) -> tuple[dict[str, int], int]:
    """Row of each rubric in the value block: core rubrics at CORE_ROW, the extra rubrics that
    occur in the data after them; and the number of rows."""
    rows = dict(CORE_ROW)
    for k, r in enumerate(r for r in EXTRA if r in set(present_extra)):
        rows[r] = NCORE + k
    return rows, len(rows)


def _z(a):
    return np.where(np.isnan(a), 0.0, a)


def _sum_present(*arrs):
    """Sum with a missing term counting 0; NaN where every term is missing."""
    out = _z(arrs[0]).copy()
    miss = np.isnan(arrs[0])
    for a in arrs[1:]:
        out += _z(a)
        miss &= np.isnan(a)
    out[miss] = np.nan
    return out


def derive(block: np.ndarray, R: dict, ent, e_idx: np.ndarray, year: np.ndarray, sch: np.ndarray) -> pd.DataFrame:
    """The accounts frame (see module doc). ``block`` holds one row per rubric (first the 15
    core rows, which become the float columns in place); ``R`` maps rubric -> its row or None
    when no filing holds it."""
    n = len(year)
    nan = np.full(n, np.nan)

    def g(r):
        v = R.get(r)
        return nan if v is None else v

    turnover, g9900, dep = g("70"), g("9900"), g("630")
    other = _z(g("71")) + _z(g("72")) + _z(g("74")) + _z(g("76A"))
    ii = _sum_present(g("60"), g("61"))
    ii = np.where(np.isnan(ii), g("60/61"), ii)
    has_top = ~np.isnan(turnover) | ~np.isnan(ii)
    top = np.where(has_top, _z(turnover) + other - _z(ii), np.nan)
    bottom = g("9901") + _z(g("62")) + _z(dep) + _z(g("631/4")) + _z(g("635/8")) + _z(g("640/8")) \
        + _z(g("649")) + _z(g("66A"))
    va = np.where(~np.isnan(g9900), g9900, np.where(has_top, top, bottom))
    inter = np.where(np.isnan(ii), turnover + other - g9900, ii)
    del top, bottom, other, ii
    emp = np.where(np.isnan(g("1003")), g("9087"), g("1003"))
    dep0 = _z(dep)
    ebitda = g("9901") + dep0
    per_cat = _sum_present(*(g(c) for c in ("8161", "8162", "8163", "8164", "8165", "8166")))
    acq = np.where(np.isnan(per_cat), g("8169"), per_cat)
    # fallback: change in tangible assets + depreciation (e_idx codes identify the enterprise)
    from econ_ai.inference.panel import PanelIndex

    tang = g("22/27")
    d_t = tang - PanelIndex(e_idx, year).shift(tang, 1)
    inv = np.where(np.isnan(acq), d_t + dep0, acq)
    names = ACCOUNT_COLUMNS[3:]
    core = block[:NCORE]
    for name, values in (("gross_margin", va), ("intermediate_inputs", inter), ("value_added", va),
                         ("employees", emp), ("ebitda", ebitda), ("investment", inv)):
        core[names.index(name)] = values
    df = pd.DataFrame(core.T, columns=names, copy=False)
    df.insert(0, "enterprise_number", ent.to_numpy() if ent.dtype == object else ent.array)
    df.insert(1, "year", year.astype(np.int64))
    df.insert(2, "schema", np.asarray(SCHEMAS, dtype=object)[sch])
    return df
