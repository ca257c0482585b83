"""The synthetic accounts written as NBB delivers them: one consult-CSV export or one webservice
JSON filing (+ a references list per enterprise) per deposit, so that the synthetic population
can go through the real readers (:mod:`econ_ai.data.nbb_formats`).

From econ_ai's long table (``accounts.parquet``) to real-looking filings:

* Model VOL / VKT / MIC -> m02-f / m01-f / m07-f;
* 9087 (written by the generator for abbreviated/micro FTE) -> 1003, the social balance sheet's
  average FTE that all three models carry (the micro model has no 9087);
* 8169 of a full filing -> 8162 (plant, machinery and equipment): the full model reports
  acquisitions per category 8161-8166 and has no total; the generator does not model the split,
  so every acquisition is written under one category (the reader sums 8161-8166);
* Period N-1 -> the code with a trailing ``P`` (CSV) or ``Period: "NM1"`` (JSON);
* a second deposit for the same enterprise-year gets Deposit type "Correction".

The canonical accounts read from these files equal those read from the long table (tested in
tests/data/synth/test_nbb_filings_out.py). ``limit`` keeps the first deposits (by enterprise
number, then deposit key) for reduced-size outputs such as the reader benchmark.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

MODEL = {"VOL": "m02-f", "VKT": "m01-f", "MIC": "m07-f", "full": "m02-f", "abbreviated": "m01-f", "micro": "m07-f"}
FORMATS = ("consult_csv", "json")


def _start(end: str) -> str:
    e = date.fromisoformat(end)
    try:
        s = e.replace(year=e.year - 1) + timedelta(days=1)
    except ValueError:                                   # 29 February
        s = e.replace(year=e.year - 1, day=28) + timedelta(days=1)
    return s.isoformat()


def write_filings(long: pd.DataFrame, out_dir: str | Path, fmt: str = "consult_csv", *,
                  limit: int | None = None) -> int:
    """Write one file per deposit of the long table into ``out_dir``; the number written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    df = long[["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric", "Period", "Value"]].copy()
    for c in ("EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric", "Period"):
        df[c] = df[c].astype(str)
    df["FiscalYearEnd"] = df["FiscalYearEnd"].str.slice(0, 10)
    df = df.sort_values(["EnterpriseNumber", "DepositKey"], kind="stable")
    deps = df.drop_duplicates("DepositKey")[["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model"]]
    if limit is not None:
        deps = deps.iloc[:limit]
        df = df[df["DepositKey"].isin(set(deps["DepositKey"]))]
    # a later deposit for the same enterprise and period end is a correction
    corr = deps.duplicated(["EnterpriseNumber", "FiscalYearEnd"], keep="first").to_numpy()
    kind = dict(zip(deps["DepositKey"], np.where(corr, "Correction", "Initial")))
    refs_by_ent: dict[str, list] = {}
    # one vectorised pass over the rows, then one slice per deposit (no per-deposit pandas work)
    df = df.sort_values(["DepositKey"], kind="stable").reset_index(drop=True)
    from econ_ai.data.nbb_formats.models import classify

    models = np.array([MODEL.get(m) or (m if classify(m)[1] == "company" else None) for m in df["Model"]],
                      dtype=object)
    if (models == None).any():  # noqa: E711
        raise ValueError(f"unknown Model code {df['Model'][models == None].iloc[0]!r}")  # noqa: E711
    full = np.array([classify(m)[0] == "full" for m in models])
    rub = df["Rubric"].to_numpy(dtype=object).copy()
    rub[rub == "9087"] = "1003"
    rub[(rub == "8169") & full] = "8162"
    prev = (df["Period"] == "N-1").to_numpy()
    vals = [repr(float(v)) for v in df["Value"].to_numpy(dtype=float)]
    keys = df["DepositKey"].to_numpy(dtype=object)
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    ents = df["EnterpriseNumber"].to_numpy(dtype=object)
    ends = df["FiscalYearEnd"].to_numpy(dtype=object)
    if fmt == "consult_csv":
        code = [f'"{r}P","{v}"' if p else f'"{r}","{v}"' for r, p, v in zip(rub, prev, vals)]
    n = 0
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        key, ent, model, end = keys[lo], ents[lo].replace(".", ""), models[lo], ends[lo]
        if fmt == "consult_csv":
            head = (f'"Field","Value"\n"Reference number","{key}"\n"Entity number","{ent}"\n'
                    f'"Accounting period start date","{_start(end)}"\n"Accounting period end date","{end}"\n'
                    f'"Model code","{model}"\n"Deposit type","{kind[key]}"\n"Currency","EUR"\n')
            (out / f"{key}.csv").write_text(head + "\n".join(code[lo:hi]) + "\n", encoding="utf-8")
        else:
            refs_by_ent.setdefault(ent, []).append({
                "ReferenceNumber": key, "ExerciseDates": {"startDate": _start(end), "endDate": end},
                "ModelType": model, "DepositType": kind[key], "Currency": "EUR"})
            rows = [{"Code": rub[i], "Value": float(vals[i]), "Period": "NM1" if prev[i] else "N"} for i in range(lo, hi)]
            (out / f"{key}.json").write_text(json.dumps({"ReferenceNumber": key, "Rubrics": rows}), encoding="utf-8")
        n += 1
    for ent, refs in refs_by_ent.items():
        (out / f"{ent}_references.json").write_text(json.dumps(refs), encoding="utf-8")
    return n
