"""NBB annual-accounts reader: long rubric file -> canonical ``accounts`` (enterprise x year).

Input (CSV or Parquet, same columns): ``EnterpriseNumber, DepositKey, FiscalYearEnd
(yyyy-mm-dd), Model, Rubric, Period, Value``, one row per filing x rubric x period.
Model: VOL/full, VKT/abbreviated, MIC/micro. Period: "N" (the fiscal year) or "N-1"
(comparative figure). ``year`` = calendar year of FiscalYearEnd.

Model: a company model code (m02-f/m82-f full, m01-f/m81-f abbreviated, m07-f/m87-f micro;
see :mod:`econ_ai.data.nbb_formats.models`) or econ_ai's older VOL/VKT/MIC. This long table is
econ_ai's own bulk interchange format: NBB itself delivers filings as consult CSV exports,
webservice JSON or XBRL, read by :mod:`econ_ai.data.nbb_formats` into the same long rows.

Rubric codes and the derived values (per scheme, with their sources): see
:mod:`econ_ai.data.nbb_rubrics` and ``docs/nbb_rubrics.md``.

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
Keys are factorised row group by row group (:mod:`nbb_load`), filings are checked with one
packed code per row, and the N values are scattered straight into a (rubric x output row)
float block that becomes the frame's columns in place (:func:`econ_ai.data.nbb_rubrics.rubric_rows`): no filings x
rubrics array, no gather, no DataFrame copy. Measured on the 20.3M-row synthetic file (2 cores,
shared machine): 12-17 s and 2.2-3.0 GiB peak before, 4.5-7 s and 1.5 GiB after
(``benchmarks/bench_readers.py``, ``benchmarks/bench_synth.py``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.nbb_filings import _duplicate_error, _filings, _fullmatch, _one_filing_per_year, _text_rank
from econ_ai.data.nbb_load import COLUMNS, load as _load
from econ_ai.errors import DataError, did_you_mean
from econ_ai.provenance import SampleStep

from econ_ai.data.nbb_rubrics import (ACCOUNT_COLUMNS, CORE, NCORE, RUBRIC_LABEL, RUBRICS,  # noqa: F401
                                     SCHEMAS, derive as _derive_frame, rubric_rows)

MODELS = {"VOL": "full", "full": "full", "VKT": "abbreviated", "abbreviated": "abbreviated",
          "MIC": "micro", "micro": "micro"}
PERIODS = ("N", "N-1")


def _schema_index(model: str) -> int:
    """Index into SCHEMAS of a long-table Model value (VOL/VKT/MIC, full/..., or a real NBB
    company model code such as m02-f / m81-f / m87-f); -1 if unknown or not a company model."""
    from econ_ai.data.nbb_formats.models import classify

    schema, kind = classify(model)
    return SCHEMAS.index(schema) if kind == "company" else -1


def _first_row(codes: np.ndarray, bad_codes: np.ndarray) -> int:
    return int(np.flatnonzero(np.isin(codes, bad_codes))[0])


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
    return read_accounts_columns(cols, val, loc, nrows, quiet=quiet, t0=t0)


def read_accounts_columns(cols, val, loc, nrows: int, *, quiet: bool = False, t0: float | None = None):
    """The pivot of :func:`read_accounts` on loaded columns (``(codes, uniques)`` per key column,
    float64 values, a locator with ``error(message, row, column)``): also used by
    :mod:`econ_ai.data.nbb_formats.combine` on filings read in NBB's own formats."""
    t0 = time.perf_counter() if t0 is None else t0
    file = getattr(loc, "file", None)
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
    m_map = np.array([_schema_index(m) for m in model_u], dtype=np.int8)
    if (m_map < 0).any():
        i = _first_row(model_code, np.flatnonzero(m_map < 0))
        m = model_u[model_code[i]]
        raise loc.error(f"column 'Model': unknown Model code '{m}'{did_you_mean(m, MODELS)} "
                        f"(expected a company model: m02-f/m82-f, m01-f/m81-f, m07-f/m87-f, or VOL, VKT, MIC)",
                        i, "Model")
    per_code, per_u = cols["Period"]
    p_map = np.array([PERIODS.index(x) if x in PERIODS else -1 for x in per_u], dtype=np.int8)
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
    row_of, nr = rubric_rows([r for r in rub_u if r in RUBRICS])
    rub = np.array([row_of.get(r, -1) for r in rub_u], dtype=np.int8)[rub_code]
    per = p_map[per_code]
    schema_row = m_map[model_code]
    dep, dep_u = cols["DepositKey"]
    ndep = len(dep_u)
    _log(quiet, t0, "key columns checked")

    # --- one enterprise / year / model per filing ----------------------------------------
    f_ent, f_year, f_model = _filings(loc, dep, dep_u, ent, year, schema_row, ndep)
    _log(quiet, t0, "filings checked (one enterprise, year, model each)")
    used = rub >= 0
    unused = int((~used).sum())
    steps.append(SampleStep("accounts: long rows with rubrics econ_ai does not use (ignored)", unused, nrows - unused))
    slots = ndep * nr
    kt = np.int32 if slots * 2 < 2**31 - 1 else np.int64  # slot index fits in int32 up to ~70M filings
    own = used & (per == 0)                                     # rows of a filing's own year (N)
    n_own = int(own.sum())
    key = dep.astype(kt)
    key *= nr
    key += rub
    if n_own != nrows:
        key[~own] = slots                                       # a spare slot for the other rows
    written = np.zeros(slots + 1, dtype=np.uint8)               # 1 byte per slot, not a count
    written[key] = 1
    del key
    p_rows = np.flatnonzero(used & (per == 1))
    p_key = dep[p_rows].astype(np.int64) * nr + rub[p_rows]
    if int(written[:slots].sum(dtype=np.int64)) != n_own or len(np.unique(p_key)) != len(p_key):
        raise _duplicate_error(loc, dep, dep_u, rub, rub_code, rub_u, per, per_code, per_u, used,
                               ndep, nr)
    has_N = written[:slots].reshape(ndep, nr).any(axis=1)
    del written
    p_dep, p_inv = np.unique(dep[p_rows], return_inverse=True)  # filings with N-1 figures (compact)
    valP = np.full((len(p_dep), nr), np.nan)
    valP[p_inv, rub[p_rows]] = val[p_rows]
    has_P = np.zeros(ndep, dtype=bool)
    has_P[p_dep] = ~np.isnan(valP).all(axis=1)
    _log(quiet, t0, f"{ndep:,} filings x {nr} rubrics indexed")

    # --- choose one filing per enterprise-year ---------------------------------------------
    present = (f_ent >= 0) & has_N
    only_p = int(((f_ent >= 0) & ~has_N).sum())
    steps.append(SampleStep("accounts: filings with only N-1 figures (no own year; ignored)", only_p,
                            int(present.sum())))
    kept, dropped = _one_filing_per_year(np.flatnonzero(present), f_ent, f_year, dep_u)
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
    # final row order (enterprise number, year)
    ent_rank = _text_rank(ent_ua, ent_u)
    y0 = int(yr.min()) if len(yr) else 0
    order = np.argsort(ent_rank[e_idx] * (int(yr.max()) - y0 + 1 if len(yr) else 1) + (yr - y0), kind="stable")
    e_idx, yr, sch, src_row, src_per = e_idx[order], yr[order], sch[order], src_row[order], src_per[order]
    # the N values go straight to (rubric, output row): no filings x rubrics array, no gather
    nout = len(src_row)
    ot = np.int32 if nr * nout + 1 < 2**31 - 1 else np.int64
    out_of_dep = np.full(ndep, -1, dtype=ot)
    own_out = np.flatnonzero(src_per == 0)
    out_of_dep[src_row[own_out]] = own_out
    flat = out_of_dep[dep]
    keep_row = own & (flat >= 0)
    flat += np.multiply(rub, nout, dtype=ot)
    if not keep_row.all():
        flat[~keep_row] = nr * nout                             # spare slot
    del keep_row, out_of_dep
    vals = np.full(nr * nout + 1, np.nan)
    vals[flat] = val
    del flat
    vals_t = vals[:-1].reshape(nr, nout)                        # one row per rubric
    fill_at = np.flatnonzero(src_per == 1)
    if len(fill_at):
        vals_t[:, fill_at] = valP[np.searchsorted(p_dep, src_row[fill_at])].T
    _log(quiet, t0, "N-1 fill done")

    # --- gaps, validation, derived values ----------------------------------------------------
    R = {r: vals_t[row_of[r]] if r in row_of else None for r in RUBRICS}
    neg = np.flatnonzero(R["20/58"] < 0)
    if len(neg):
        k = int(neg[0])
        want = (dep == src_row[k]) & (rub == row_of["20/58"]) & (per == src_per[k])
        rowi = int(np.flatnonzero(want)[0])
        raise loc.error(f"negative total assets (20/58) {R['20/58'][k]:g} for {ent_u[e_idx[k]]} in {yr[k]}",
                        rowi, "Value")
    own = src_per == 0                                          # rows from a filing's own year
    nkept = int(own.sum())
    ksch = sch[own]
    for r in CORE:
        miss = np.isnan(R[r][own])
        if r == "70":
            miss = miss & (ksch == 0)
            what = "full-schema filings without 70 (turnover)"
        elif r == "1003":
            what = "filings without 1003 (average FTE; 9087 used instead where given)"
        elif r == "9087":
            miss = miss & np.isnan(R["1003"][own])
            what = "filings without 1003 nor 9087 (FTE)"
        elif r == "8169":
            miss = miss & (ksch > 0)
            what = "abbreviated/micro filings without 8169 (acquisitions; delta 22/27 + 630 used)"
        elif r == "9900":
            miss = miss & (ksch > 0)
            what = "abbreviated/micro filings without 9900 (gross margin; built from its components)"
        elif r in ("60", "61"):
            miss = miss & (ksch == 0)
            what = f"full-schema filings without {r} ({RUBRIC_LABEL[r]}; counts 0)"
        else:
            what = f"filings without {r} ({RUBRIC_LABEL[r]})"
        steps.append(SampleStep(f"{what}: {int(miss.sum())}", 0, nkept))
    import pyarrow as pa

    ent_col = pa.DictionaryArray.from_arrays(pa.array(e_idx.astype(np.int32)), ent_ua).cast(pa.string())
    df = _derive(vals_t, R, ent_col.to_pandas(), e_idx, yr, sch)
    _log(quiet, t0, f"{len(df):,} enterprise-years ({dropped:,} duplicate filings dropped, {len(fill):,} filled)")
    df.attrs["sample_log"] = steps
    return df, steps


def _derive(block, R, ent, e_idx, year, sch) -> pd.DataFrame:
    return _derive_frame(block, R, ent, e_idx, year, sch)


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
