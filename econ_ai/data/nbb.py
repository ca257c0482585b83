"""NBB annual-accounts reader: long rubric file -> canonical ``accounts`` (enterprise x year).

Input (CSV or Parquet, same columns): ``EnterpriseNumber, DepositKey, FiscalYearEnd
(yyyy-mm-dd), Model, Rubric, Period, Value``, one row per filing x rubric x period.
Model: VOL/full, VKT/abbreviated, MIC/micro. Period: "N" (the fiscal year) or "N-1"
(comparative figure). ``year`` = calendar year of FiscalYearEnd.

Rubric codes (Belgian annual-account schemas of the NBB Central Balance Sheet Office). Checked:
70, 60, 61, 630, 9901, 10/15, 17/49, 20/58, 21, 22/27 against a public table of NBB rubric
codes (repository statikbe/skill-market, references/rubric-codes.md); 1003 (FTE, social
balance sheet) and 9087 (FTE, explanatory notes, used when 1003 is absent) against the
Trends Top definition of "Workforce" (trendstop.knack.be/en/key-figure/workforce--ra25).
NOT verified here (from the NBB full/abbreviated/micro models as we know them; no NBB form was
reachable): 9900 gross margin, 62 remuneration, 8169 acquisitions of tangible fixed assets —
check them against the NBB model forms before using real filings.

    70 turnover            9900 gross margin       60 goods for resale, raw materials
    61 services and other goods                    62 remuneration, social security, pensions
    630 depreciation       9901 operating profit/loss (EBIT)
    10/15 equity           20/58 total assets      17/49 debts
    21 intangible fixed assets                     22/27 tangible fixed assets
    8169 acquisitions, including produced fixed assets (tangible fixed assets schedule)
    9087 average FTE workers (abbreviated/micro)   1003 average FTE, social balance sheet (full)

Derived values, per enterprise-year:
  * intermediate_inputs = 60 + 61 (a missing one of the two counts 0; both missing -> NaN);
    if both missing: turnover - 9900 when both are reported;
  * gross_margin = 9900; if missing: turnover - (60 + 61);
  * value_added = turnover - (60 + 61) when 70 and at least one of 60/61 are reported (full
    schema); otherwise 9900 (abbreviated/micro: 70 absent and 9900 already nets 60/61), with
    turnover left missing;
  * employees = 1003 for full filings, 9087 for abbreviated/micro (each falls back on the
    other code when absent);
  * ebitda = ebit (9901) + depreciation (630), a missing 630 counting 0 (NBB files omit zero
    rubrics); missing 9901 -> NaN;
  * investment = 8169; if missing: (tangible_assets - tangible_assets of year-1) +
    depreciation, only when year-1 is present for the enterprise.

Filings and gaps (nothing dropped silently):
  * two filings for the same enterprise and year: the one with the highest DepositKey (numeric
    order when all keys are digits, else text order) is kept; the others are counted;
  * Period "N-1" figures are used only to fill an enterprise-year with no filing of its own
    (the comparative column of the next year's filing); counted;
  * rubrics not listed above are ignored (counted);
  * per rubric, filings without it are reported as SampleSteps ("filings without 9901 (EBIT):
    123") and by :func:`gap_report`.
Malformed input raises DataError (file, line, column for CSV; row number for Parquet):
missing column, unknown Model or Period, non-numeric Value, bad FiscalYearEnd, a duplicate
(DepositKey, Rubric, Period), a DepositKey with two enterprises/years, total assets < 0.

Why numpy: 20M long rows must pivot in seconds; pandas.pivot_table takes minutes and GBs.
Keys are factorised (pyarrow dictionaries) and values scattered into a filings x rubrics array.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.nbb_load import COLUMNS, load as _load
from econ_ai.errors import DataError, did_you_mean
from econ_ai.results import SampleStep

RUBRICS = ("70", "9900", "60", "61", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27",
           "8169", "9087", "1003")
RUBRIC_LABEL = {
    "70": "turnover", "9900": "gross margin", "60": "goods and raw materials", "61": "services and other goods",
    "62": "wage bill", "630": "depreciation", "9901": "EBIT", "10/15": "equity", "20/58": "total assets",
    "17/49": "debts", "21": "intangible fixed assets", "22/27": "tangible fixed assets",
    "8169": "acquisitions of tangible fixed assets", "9087": "FTE, abbreviated/micro", "1003": "FTE, full",
}
MODELS = {"VOL": "full", "full": "full", "VKT": "abbreviated", "abbreviated": "abbreviated",
          "MIC": "micro", "micro": "micro"}
SCHEMAS = ("full", "abbreviated", "micro")
PERIODS = ("N", "N-1")
ACCOUNT_COLUMNS = ["enterprise_number", "year", "schema", "turnover", "gross_margin", "intermediate_inputs",
                   "value_added", "employees", "wage_bill", "depreciation", "ebit", "ebitda", "tangible_assets",
                   "intangible_assets", "investment", "equity", "total_assets", "debts"]


def _fullmatch(values, pattern: str) -> np.ndarray:
    """Vectorised regex full match on strings (numpy object array or Arrow array)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = values if isinstance(values, pa.Array) else pa.array(list(values), type=pa.string())
    res = pc.match_substring_regex(arr, pattern=f"^(?:{pattern})$")
    return np.asarray(res.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _rank_keys(keys) -> np.ndarray:
    """Rank of each DepositKey: numeric order when all keys are digits, else text order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    if _fullmatch(keys, r"\d{1,18}").all():
        order = np.argsort(pc.cast(keys, pa.int64()).to_numpy(zero_copy_only=False), kind="stable")
    else:
        order = _sort_equal_width(keys)
        if order is None:
            order = pc.sort_indices(keys).to_numpy(zero_copy_only=False)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))
    return rank


def _sort_equal_width(keys):
    """Byte order of keys of one length <= 16 (e.g. "2023-00012345"): the raw bytes read as two
    big-endian integers, sorted by np.lexsort (4x faster than pc.sort_indices on 1.9M shuffled
    keys). None when the keys differ in length (then Arrow sorts them)."""
    import pyarrow as pa

    keys = keys.cast(pa.string())
    if keys.null_count:
        return None
    off = np.frombuffer(keys.buffers()[1], dtype=np.int32, count=len(keys) + 1, offset=keys.offset * 4)
    width = int(off[1] - off[0])
    if not 0 < width <= 16 or not (np.diff(off) == width).all():
        return None
    raw = np.frombuffer(keys.buffers()[2], dtype=np.uint8, count=int(off[-1] - off[0]), offset=int(off[0]))
    buf = np.zeros((len(keys), 16), dtype=np.uint8)
    buf[:, :width] = raw.reshape(len(keys), width)
    words = buf.view(">u8")
    return np.lexsort((words[:, 1], words[:, 0]))


def _first_row(codes: np.ndarray, bad_codes: np.ndarray) -> int:
    return int(np.flatnonzero(np.isin(codes, bad_codes))[0])


def _duplicate_error(loc, dep, dep_u, rub, rub_code, rub_u, per, per_code, per_u, used, ndep: int, nr: int):
    """The DataError for the first duplicated (DepositKey, Rubric, Period) slot (error path only)."""
    rows_idx = np.flatnonzero(used)
    key = (dep[rows_idx].astype(np.int64) * nr + rub[rows_idx]) * 2 + per[rows_idx]
    cnt = np.bincount(key, minlength=ndep * nr * 2)
    target = int(np.flatnonzero(cnt > 1)[0])
    hits = np.flatnonzero(key == target)[:2]
    i, j = (int(rows_idx[h]) for h in (hits[1], hits[0]))
    first = loc.table.line_of(j) if loc.table is not None else j + 1
    return loc.error(f"duplicate key (DepositKey '{dep_u[int(dep[i])].as_py()}', Rubric '{rub_u[rub_code[i]]}', "
                     f"Period '{per_u[per_code[i]]}') (first at {'line' if loc.table else 'row'} {first})", i)


def _log(quiet: bool, t0: float, msg: str) -> None:
    if not quiet:
        print(f"[nbb {time.perf_counter() - t0:6.2f}s wall, {time.process_time():6.2f}s cpu] {msg}", file=sys.stderr)


def read_accounts(path: str | Path, *, quiet: bool = False) -> tuple[pd.DataFrame, list[SampleStep]]:
    """Read the long NBB rubric file and pivot it to canonical accounts (see module doc)."""
    t0 = time.perf_counter()
    p = Path(path)
    file = str(path)
    cols, val, loc, nrows = _load(p, file)
    _log(quiet, t0, f"read {nrows:,} long rows from {p.name}")
    if nrows == 0:
        raise DataError("no rows after the header (empty accounts file)", file=file, line=2 if loc.table else None)
    steps: list[SampleStep] = [SampleStep("accounts: long rows read", 0, nrows)]

    # --- key columns -------------------------------------------------------------------
    for c in COLUMNS[:-1]:
        if not isinstance(cols[c][0], str):
            codes = cols[c][0]
            if (codes < 0).any():
                raise loc.error(f"column '{c}': empty value where one is required", int(np.flatnonzero(codes < 0)[0]), c)
    ent_ua = cols["EnterpriseNumber"][1]      # Arrow strings: builds the output column cheaply
    for c in ("EnterpriseNumber", "Model", "Period", "Rubric", "FiscalYearEnd"):
        if not isinstance(cols[c][0], str):
            cols[c] = (cols[c][0], np.asarray(cols[c][1].to_pylist(), dtype=object))
    ent, ent_u = cols["EnterpriseNumber"]
    ok = _fullmatch(ent_u, r"\d{4}\.\d{3}\.\d{3}")
    if not ok.all():
        i = _first_row(ent, np.flatnonzero(~ok))
        raise loc.error(f"column 'EnterpriseNumber': bad enterprise number '{ent_u[ent[i]]}'", i, "EnterpriseNumber")
    model_code, model_u = cols["Model"]
    m_map = np.array([SCHEMAS.index(MODELS[m]) if m in MODELS else -1 for m in model_u], dtype=np.int32)
    if (m_map < 0).any():
        i = _first_row(model_code, np.flatnonzero(m_map < 0))
        m = model_u[model_code[i]]
        raise loc.error(f"column 'Model': unknown Model code '{m}'{did_you_mean(m, MODELS)} "
                        f"(expected VOL, VKT, MIC)", i, "Model")
    per_code, per_u = cols["Period"]
    p_map = np.array([PERIODS.index(x) if x in PERIODS else -1 for x in per_u], dtype=np.int32)
    if (p_map < 0).any():
        i = _first_row(per_code, np.flatnonzero(p_map < 0))
        raise loc.error(f"column 'Period': unknown Period '{per_u[per_code[i]]}' (expected N or N-1)", i, "Period")
    fy = cols["FiscalYearEnd"]
    if isinstance(fy[0], str):
        year = fy[1]
        if np.isnan(year).any():
            raise loc.error("column 'FiscalYearEnd': empty date", int(np.flatnonzero(np.isnan(year))[0]), "FiscalYearEnd")
        year = year.astype(np.int32)
    else:
        fy_codes, fy_u = fy
        parsed = pd.to_datetime(pd.Series(fy_u, dtype=object), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = _first_row(fy_codes, np.flatnonzero(bad))
            raise loc.error(f"column 'FiscalYearEnd': bad date '{fy_u[fy_codes[i]]}' (expected yyyy-mm-dd)",
                            i, "FiscalYearEnd")
        year = parsed.dt.year.to_numpy(dtype=np.int32)[fy_codes]
    rub_code, rub_u = cols["Rubric"]
    r_map = np.array([RUBRICS.index(r) if r in RUBRICS else -1 for r in rub_u], dtype=np.int32)
    rub = r_map[rub_code]
    per = p_map[per_code]
    schema_row = m_map[model_code]
    dep, dep_u = cols["DepositKey"]
    ndep, nr = len(dep_u), len(RUBRICS)
    _log(quiet, t0, "key columns checked")

    # --- one enterprise / year / model per filing ----------------------------------------
    rev = dep[::-1]                  # assign in reverse: the first row of each filing wins
    f_ent = np.full(ndep, -1, dtype=np.int64)
    f_ent[rev] = ent[::-1]
    f_year = np.zeros(ndep, dtype=np.int64)
    f_year[rev] = year[::-1]
    f_model = np.zeros(ndep, dtype=np.int64)
    f_model[rev] = schema_row[::-1]
    for name, arr, rowvals in (("EnterpriseNumber", f_ent, ent), ("FiscalYearEnd", f_year, year),
                               ("Model", f_model, schema_row)):
        bad = arr[dep] != rowvals
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise loc.error(f"DepositKey '{dep_u[int(dep[i])].as_py()}' has more than one {name}", i, name)

    _log(quiet, t0, "filings checked (one enterprise, year, model each)")
    used = rub >= 0
    unused = int((~used).sum())
    steps.append(SampleStep("accounts: long rows with rubrics econ_ai does not use (ignored)", unused, nrows - unused))
    slots = ndep * nr
    kt = np.int32 if slots * 2 < 2**31 - 1 else np.int64  # slot index fits in int32 up to ~70M filings
    is_p = per == 1
    own = used & ~is_p                                          # rows of a filing's own year (N)
    n_own = int(own.sum())
    key = dep.astype(kt) * nr + rub
    if n_own != nrows:
        key[~own] = slots                                       # a spare slot for the other rows
    written = np.zeros(slots + 1, dtype=np.uint8)               # 1 byte per slot, not a count
    written[key] = 1
    p_rows = np.flatnonzero(used & is_p)
    p_key = dep[p_rows].astype(np.int64) * nr + rub[p_rows]
    dup = int(written[:slots].sum(dtype=np.int64)) != n_own or len(np.unique(p_key)) != len(p_key)
    if dup:
        raise _duplicate_error(loc, dep, dep_u, rub, rub_code, rub_u, per, per_code, per_u, used, ndep, nr)
    valN = np.full(slots + 1, np.nan)                           # filing x rubric, period N
    valN[key] = val
    del key
    has_N = written[:slots].reshape(ndep, nr).any(axis=1)
    del written
    p_dep, p_inv = np.unique(dep[p_rows], return_inverse=True)  # filings with N-1 figures
    valP = np.full((len(p_dep), nr), np.nan)
    valP[p_inv, rub[p_rows]] = val[p_rows]
    has_P = np.zeros(ndep, dtype=bool)
    has_P[p_dep] = ~np.isnan(valP).all(axis=1)
    _log(quiet, t0, f"scattered into {ndep:,} filings x {nr} rubrics")

    # --- choose one filing per enterprise-year ---------------------------------------------
    dep_rank = _rank_keys(dep_u)
    present = (f_ent >= 0) & has_N
    only_p = int(((f_ent >= 0) & ~has_N).sum())
    steps.append(SampleStep("accounts: filings with only N-1 figures (no own year; ignored)", only_p,
                            int(present.sum())))
    order = np.lexsort((-dep_rank, f_year, f_ent))
    order = order[present[order]]
    e_o, y_o = f_ent[order], f_year[order]
    first_of = np.ones(len(order), dtype=bool)
    first_of[1:] = (e_o[1:] != e_o[:-1]) | (y_o[1:] != y_o[:-1])
    kept = order[first_of]
    dropped = int((~first_of).sum())
    steps.append(SampleStep("accounts: duplicate filings for the same enterprise-year (older DepositKey dropped)",
                            dropped, len(kept)))

    _log(quiet, t0, "one filing per enterprise-year chosen")
    # --- fill years without a filing from the next filing's N-1 column ----------------------
    ymin = int(f_year[kept].min()) - 1 if len(kept) else 0
    span = int(f_year[kept].max()) - ymin + 1 if len(kept) else 1
    have = np.zeros(len(ent_u) * span, dtype=bool)         # (enterprise, year) lookup table
    have[f_ent[kept] * span + (f_year[kept] - ymin)] = True
    cand = kept[has_P[kept]]
    fill = cand[~have[f_ent[cand] * span + (f_year[cand] - 1 - ymin)]]
    steps.append(SampleStep(f"accounts: enterprise-years filled from the next filing's N-1 figures: {len(fill)}",
                            0, len(kept) + len(fill)))
    e_idx = np.concatenate([f_ent[kept], f_ent[fill]])
    yr = np.concatenate([f_year[kept], f_year[fill] - 1])
    sch = np.concatenate([f_model[kept], f_model[fill]])
    src_row = np.concatenate([kept, fill])
    src_per = np.concatenate([np.zeros(len(kept), dtype=np.int64), np.ones(len(fill), dtype=np.int64)])
    # final row order (enterprise number, year), then one gather of the values in that order
    ent_rank = np.empty(len(ent_u), dtype=np.int64)
    ent_rank[np.argsort(ent_u.astype(str), kind="stable")] = np.arange(len(ent_u))
    order = np.lexsort((yr, ent_rank[e_idx]))
    e_idx, yr, sch, src_row, src_per = e_idx[order], yr[order], sch[order], src_row[order], src_per[order]
    base = src_row * nr
    vals_t = np.empty((nr, len(base)))                          # one row per rubric
    for k in range(nr):
        np.take(valN, base + k, out=vals_t[k])
    del valN
    fill_at = np.flatnonzero(src_per == 1)
    if len(fill_at):
        vals_t[:, fill_at] = valP[np.searchsorted(p_dep, src_row[fill_at])].T
    _log(quiet, t0, "N-1 fill done")

    # --- gaps, validation, derived values ----------------------------------------------------
    R = {r: vals_t[k] for k, r in enumerate(RUBRICS)}
    neg = np.flatnonzero(R["20/58"] < 0)
    if len(neg):
        k = int(neg[0])
        want = (dep == src_row[k]) & (rub == RUBRICS.index("20/58")) & (per == src_per[k])
        rowi = int(np.flatnonzero(want)[0])
        raise loc.error(f"negative total assets (20/58) {R['20/58'][k]:g} for {ent_u[e_idx[k]]} in {yr[k]}",
                        rowi, "Value")
    own = src_per == 0                                          # rows from a filing's own year
    nkept = int(own.sum())
    ksch = sch[own]
    for r in RUBRICS:
        miss = np.isnan(R[r][own])
        if r == "70":
            miss = miss & (ksch == 0)
            what = "full-schema filings without 70 (turnover)"
        elif r == "1003":
            miss = miss & (ksch == 0)
            what = "full-schema filings without 1003 (FTE)"
        elif r == "9087":
            miss = miss & (ksch > 0)
            what = "abbreviated/micro filings without 9087 (FTE)"
        else:
            what = f"filings without {r} ({RUBRIC_LABEL[r]})"
        steps.append(SampleStep(f"{what}: {int(miss.sum())}", 0, nkept))
    import pyarrow as pa

    ent_col = pa.DictionaryArray.from_arrays(pa.array(e_idx.astype(np.int32)), ent_ua).cast(pa.string())
    df = _derive(R, ent_col.to_pandas(), yr, sch)
    _log(quiet, t0, f"{len(df):,} enterprise-years ({dropped:,} duplicate filings dropped, {len(fill):,} filled)")
    df.attrs["sample_log"] = steps
    return df, steps


def _sum_present(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.where(np.isnan(a), 0.0, a) + np.where(np.isnan(b), 0.0, b)
    out[np.isnan(a) & np.isnan(b)] = np.nan
    return out


def _derive(R: dict, ent: pd.Series, year: np.ndarray, sch: np.ndarray) -> pd.DataFrame:
    turnover = R["70"]
    ii = _sum_present(R["60"], R["61"])
    inter = np.where(np.isnan(ii), turnover - R["9900"], ii)
    gm = np.where(np.isnan(R["9900"]), turnover - ii, R["9900"])
    va = np.where(~np.isnan(turnover) & ~np.isnan(ii), turnover - ii, R["9900"])
    full = sch == 0
    emp = np.where(full, np.where(np.isnan(R["1003"]), R["9087"], R["1003"]),
                   np.where(np.isnan(R["9087"]), R["1003"], R["9087"]))
    dep = R["630"]
    ebitda = R["9901"] + np.where(np.isnan(dep), 0.0, dep)
    df = pd.DataFrame({
        "enterprise_number": ent.to_numpy() if ent.dtype == object else ent.array, "year": year.astype(np.int64),
        "schema": np.asarray(SCHEMAS, dtype=object)[sch],
        "turnover": turnover, "gross_margin": gm, "intermediate_inputs": inter, "value_added": va,
        "employees": emp, "wage_bill": R["62"], "depreciation": dep, "ebit": R["9901"], "ebitda": ebitda,
        "tangible_assets": R["22/27"], "intangible_assets": R["21"], "investment": R["8169"],
        "equity": R["10/15"], "total_assets": R["20/58"], "debts": R["17/49"],
    })
    # rows arrive sorted by enterprise number and year
    e = df["enterprise_number"].to_numpy()
    y = df["year"].to_numpy()
    prev_ok = np.zeros(len(df), dtype=bool)
    prev_ok[1:] = (e[1:] == e[:-1]) & (y[1:] == y[:-1] + 1)
    tang = df["tangible_assets"].to_numpy()
    d_t = np.full(len(df), np.nan)
    d_t[1:] = tang[1:] - tang[:-1]
    d_t[~prev_ok] = np.nan
    depn = df["depreciation"].to_numpy()
    alt = d_t + np.where(np.isnan(depn), 0.0, depn)
    inv = df["investment"].to_numpy()
    df["investment"] = np.where(np.isnan(inv), alt, inv)
    return df[ACCOUNT_COLUMNS]


def gap_report(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values per accounts column and schema: columns schema, column, rows, missing, share."""
    out = []
    num = [c for c in ACCOUNT_COLUMNS if c not in ("enterprise_number", "year", "schema")]
    for sch, g in df.groupby("schema", sort=True):
        n = len(g)
        for c in num:
            m = int(g[c].isna().sum())
            out.append({"schema": sch, "column": c, "rows": n, "missing": m, "share": m / n if n else np.nan})
    return pd.DataFrame(out, columns=["schema", "column", "rows", "missing", "share"])
