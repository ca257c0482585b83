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


def _real_codes(g: pd.DataFrame, model: str) -> pd.DataFrame:
    r = g["Rubric"].to_numpy(dtype=object).copy()
    r[r == "9087"] = "1003"
    if model == "m02-f":
        r[r == "8169"] = "8162"
    return g.assign(Rubric=r)


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
    n = 0
    for key, g in df.groupby("DepositKey", sort=False):
        first = g.iloc[0]
        ent = first["EnterpriseNumber"].replace(".", "")
        model = MODEL[first["Model"]]
        end = first["FiscalYearEnd"]
        g = _real_codes(g, model)
        if fmt == "consult_csv":
            lines = ['"Field","Value"', f'"Reference number","{key}"', f'"Entity number","{ent}"',
                     f'"Accounting period start date","{_start(end)}"', f'"Accounting period end date","{end}"',
                     f'"Model code","{model}"', f'"Deposit type","{kind[key]}"', '"Currency","EUR"']
            for r, p, v in zip(g["Rubric"], g["Period"], g["Value"]):
                lines.append(f'"{r}{"P" if p == "N-1" else ""}","{repr(float(v))}"')
            (out / f"{key}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            refs_by_ent.setdefault(ent, []).append({
                "ReferenceNumber": key, "ExerciseDates": {"startDate": _start(end), "endDate": end},
                "ModelType": model, "DepositType": kind[key], "Currency": "EUR"})
            rub = [{"Code": r, "Value": float(v), "Period": "NM1" if p == "N-1" else "N"}
                   for r, p, v in zip(g["Rubric"], g["Period"], g["Value"])]
            (out / f"{key}.json").write_text(json.dumps({"ReferenceNumber": key, "Rubrics": rub}), encoding="utf-8")
        n += 1
    for ent, refs in refs_by_ent.items():
        (out / f"{ent}_references.json").write_text(json.dumps(refs), encoding="utf-8")
    return n
