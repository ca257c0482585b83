"""The study's four productivity indicators on the starters panel.

``add_productivity_indicators(starters)`` returns a copy with:

- ``labour_productivity``: value added per FTE, ``value_added / employees`` (kept if the
  column is already there; NaN where employees <= 0).
- ``tfp_lp``, ``tfp_acf``, ``tfp_wooldridge``: firm-year log TFP ``omega_hat = y - b'x``
  from a value-added Cobb-Douglas estimated on the starters panel by Levinsohn-Petrin,
  Ackerberg-Caves-Frazer and Wooldridge (2009) GMM respectively, with

  - output ``y = log(value_added)``,
  - free input ``log(employees)`` (FTE),
  - state input: log of the PREVIOUS year's ``tangible_assets`` (the capital stock at the
    start of year t: balance sheets are end-of-year stocks; tangible fixed assets are reported
    in all three NBB schemes; intangibles are zero or missing for most micro starters, so
    adding them would mostly change the sample, not the measure); a firm's first observed
    year has no TFP,
  - proxy ``log(intermediate_inputs)``,
  - panel unit ``firm``, time ``year``; polynomial degree 3.

  One pooled estimation over all sectors by default (``by=None``); ``by="nace2"``
  estimates each group separately (groups with fewer than ``min_group_rows`` usable rows
  use the pooled elasticities). No bootstrap: the indicators need point estimates only.

Rows where a log is undefined (value added, employees, capital or intermediate inputs <= 0
or missing) get NaN TFP; the count is reported on stderr and in
``result.attrs["productivity"]``, nothing is dropped from the returned frame.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from econ_ai.inference.panel import lag_values

TFP_METHODS = {"tfp_lp": "lp", "tfp_acf": "acf", "tfp_wooldridge": "wooldridge"}
INPUTS = {"y": "value_added", "l": "employees", "k": "tangible_assets", "m": "intermediate_inputs"}


def _logs(df: Any, *, lag_capital: bool = True):
    import pandas as pd

    out = pd.DataFrame(index=df.index)
    for short, col in INPUTS.items():
        v = pd.to_numeric(df[col], errors="coerce").to_numpy(float)
        if short == "k" and lag_capital:  # end-of-year balance sheets: capital in use = last year's stock
            v = _previous_year(df, v)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[short] = np.where(v > 0, np.log(np.where(v > 0, v, 1.0)), np.nan)
    return out


def _previous_year(df: Any, v: np.ndarray) -> np.ndarray:
    """The firm's value of the previous calendar year (NaN if that year is not observed).

    Capital in year t is the stock at the START of year t: the previous balance sheet's
    tangible fixed assets (balance sheets are end-of-year stocks).
    """
    return lag_values(df["firm"].to_numpy(), df["year"].to_numpy(), v)


def _fit_safe(frame: Any, method: str, name: str, *, pooled: bool) -> Any:
    """Elasticities, or (for a group, not the pooled fit) the error text."""
    try:
        return _fit(frame, method, name)
    except Exception as err:  # noqa: BLE001 - reported in attrs; the pooled fit re-raises
        if pooled:
            raise
        return str(err)


def _fit(frame: Any, method: str, name: str) -> np.ndarray:
    from econ_ai.kinds.production_function.estimator import ProductionFunction
    from econ_ai.kinds.production_function.frame import design_from_frame

    des = design_from_frame(frame, output="y", free=["l"], state=["k"], proxy="m", unit="firm", time="year", name=name,
                            options={"method": method, "bootstrap": {"reps": 0}, "quiet": True})
    return np.asarray(ProductionFunction(quiet=True).fit(des).params, float)


def add_productivity_indicators(starters: Any, *, by: str | None = None, min_group_rows: int = 500,
                                quiet: bool = False, lag_capital: bool = True, n_jobs: int = -1) -> Any:
    """Copy of ``starters`` with labour_productivity, tfp_lp, tfp_acf, tfp_wooldridge."""
    from econ_ai.errors import DataError, did_you_mean

    need = ["firm", "year", *INPUTS.values()] + ([by] if by else [])
    for c in need:
        if c not in starters.columns:
            raise DataError(f"starters has no column '{c}'{did_you_mean(c, list(map(str, starters.columns)))}", column=c)
    out = starters.copy()
    if "labour_productivity" not in out.columns:
        emp = out["employees"].astype(float)
        out["labour_productivity"] = out["value_added"].astype(float) / emp.where(emp > 0)
    logs = _logs(out, lag_capital=lag_capital)
    logs["firm"], logs["year"] = out["firm"].to_numpy(), out["year"].to_numpy()
    ok = logs[["y", "l", "k", "m"]].notna().all(axis=1).to_numpy()
    info: dict[str, Any] = {"rows": int(len(out)), "rows_without_logs": int((~ok).sum()), "by": by, "elasticities": {}}
    if not quiet:
        print(f"[productivity] {int(ok.sum())} of {len(out)} firm-years have positive value added, FTE, "
              f"tangible assets and intermediate inputs; TFP is NaN for the other {int((~ok).sum())}", file=sys.stderr)
    usable = logs.loc[ok]
    X = usable[["l", "k"]].to_numpy()
    groups = out.loc[ok, by].to_numpy() if by else None
    cells: list[Any] = [None]
    if by:
        cells += [g for g in np.unique(groups[~_isnull(groups)]) if (groups == g).sum() >= min_group_rows]
    # every (method, group) estimation is independent: run them on all cores (joblib, so a
    # Dask backend can take over on a cluster)
    from joblib import Parallel, delayed

    tasks = [(col, method, g) for col, method in TFP_METHODS.items() for g in cells]
    fits = Parallel(n_jobs=n_jobs)(
        delayed(_fit_safe)(usable if g is None else usable.loc[groups == g], method,
                           f"{col} pooled" if g is None else f"{col} {by}={g}", pooled=g is None)
        for col, method, g in tasks
    )
    betas = {(col, g): fit for (col, _, g), fit in zip(tasks, fits)}
    for col, method in TFP_METHODS.items():
        tfp = np.full(len(out), np.nan)
        beta_pooled = betas[(col, None)]
        info["elasticities"][col] = {"pooled": beta_pooled.tolist()}
        beta_rows = np.tile(beta_pooled, (len(usable), 1))
        for g in cells[1:]:
            b = betas[(col, g)]
            if isinstance(b, str):  # a failing group keeps the pooled numbers, reported
                info["elasticities"][col][str(g)] = f"pooled used: {b}"
                continue
            beta_rows[groups == g] = b
            info["elasticities"][col][str(g)] = b.tolist()
        tfp[ok] = usable["y"].to_numpy() - (X * beta_rows).sum(axis=1)
        out[col] = tfp
        if not quiet:
            print(_elasticity_line(col, method, by, info["elasticities"][col]), file=sys.stderr)
    out.attrs["productivity"] = info
    return out


def _elasticity_line(col: str, method: str, by: str | None, fits: dict) -> str:
    """The log line of one indicator: the elasticities actually used (per group when ``by``)."""
    pooled = fits["pooled"]
    if not by:
        return f"[productivity] {col}: {method} elasticities labour {pooled[0]:.3f}, capital {pooled[1]:.3f} (pooled, used)"
    per = np.asarray([v for k, v in fits.items() if k != "pooled" and isinstance(v, list)], float)
    fallback = sum(1 for k, v in fits.items() if k != "pooled" and isinstance(v, str))
    if not len(per):
        return (f"[productivity] {col}: {method} elasticities labour {pooled[0]:.3f}, capital {pooled[1]:.3f} "
                f"(pooled, used: no {by} group large enough)")
    med, lo, hi = np.median(per, axis=0), per.min(axis=0), per.max(axis=0)
    return (f"[productivity] {col}: {method} per {by} ({len(per)} groups used"
            + (f", {fallback} on the pooled fit" if fallback else "") + f"): labour median {med[0]:.3f} "
            f"[{lo[0]:.3f}, {hi[0]:.3f}], capital median {med[1]:.3f} [{lo[1]:.3f}, {hi[1]:.3f}]; "
            f"small groups use the pooled fit (labour {pooled[0]:.3f}, capital {pooled[1]:.3f})")


def _isnull(a: np.ndarray) -> np.ndarray:
    import pandas as pd

    return pd.isna(a)
