"""Speed of panel transforms and prepare() on a study-sized firm-year panel.

    .venv/bin/python benchmarks/bench_transforms.py [--quick] [--rows N]

A synthetic unbalanced panel (default 1.2M rows: firms with random entry, exit and gap
years, in shuffled row order). Times, side by side:
- econ_ai: PanelIndex build, growth(turnover) (index cached), lag(x, 2), and a whole
  prepare() of the issue's fe_ols spec (2 filters, growth outcome, 2 log controls, 2 FE,
  cluster);
- pandas, the usual way: sort, groupby(firm).shift(1), check year == year - 1, log diff.
The brief's target: < 1 s per growth term on 1.2M rows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import markdown_table, measure  # noqa: E402

from econ_ai.kinds.registry import prepare  # noqa: E402
from econ_ai.data.transforms import PanelIndex, evaluate  # noqa: E402
from econ_ai.spec.compile import compile_text  # noqa: E402

SPEC = """\
kind: fe_ols
data: starters
panel: {unit: firm, time: year}
sample: ["founded >= 2010", "employees >= 1"]
regressors: [ai]
controls: [log(employees), log(tangible_assets)]
absorb: [nace3, year]
vcov: {cluster: [firm]}
models:
  - {name: Turnover, outcome: growth(turnover)}
"""


def make_panel(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years_per_firm = 8
    n_firms = int(rows / years_per_firm / 0.9) + 1
    firm = np.repeat(np.arange(n_firms), 14)
    year = np.tile(np.arange(2010, 2024), n_firms)
    start = np.repeat(rng.integers(2010, 2017, n_firms), 14)
    keep = (year >= start) & (year < start + years_per_firm) & (rng.random(len(year)) > 0.1)
    df = pd.DataFrame({"firm": firm[keep], "year": year[keep]}).iloc[:rows]
    n = len(df)
    df["founded"] = df["firm"].map(dict(enumerate(rng.integers(2005, 2020, n_firms))))
    df["ai"] = (df["firm"] % 50 == 0).astype(np.int64)
    df["nace3"] = rng.choice(["620", "631", "702", "721", "466"], n)
    df["turnover"] = rng.lognormal(12, 1, n)
    df.loc[rng.random(n) < 0.02, "turnover"] = np.nan
    df["employees"] = rng.integers(0, 20, n).astype(float)
    df["tangible_assets"] = rng.lognormal(10, 1, n)
    return df.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def pandas_growth(df: pd.DataFrame) -> np.ndarray:
    d = df[["firm", "year", "turnover"]].sort_values(["firm", "year"])
    g = d.groupby("firm", sort=False)
    ok = g["year"].shift(1) == d["year"] - 1
    lt = np.log(d["turnover"].where(d["turnover"] > 0))
    out = (lt - lt.groupby(d["firm"], sort=False).shift(1)).where(ok)
    return out.reindex(df.index).to_numpy()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="200k rows, 2 repeats")
    ap.add_argument("--rows", type=int, default=1_200_000)
    args = ap.parse_args()
    rows = 200_000 if args.quick else args.rows
    reps = 2 if args.quick else 4
    df = make_panel(rows)
    print(f"panel: {len(df):,} rows, {df.firm.nunique():,} firms", flush=True)
    model = compile_text(SPEC).models[0]
    idx = PanelIndex(df, "firm", "year")

    # agreement first: the timed implementations compute the same thing
    ours = evaluate("growth(turnover)", df, idx).values
    ref = pandas_growth(df)
    assert np.array_equal(np.isnan(ours), np.isnan(ref))
    assert np.allclose(ours[~np.isnan(ours)], ref[~np.isnan(ref)], rtol=1e-12)

    cases = {
        "econ_ai PanelIndex build": lambda: PanelIndex(df, "firm", "year"),
        "econ_ai growth(turnover), index built": lambda: evaluate("growth(turnover)", df, idx, {}),
        "econ_ai index + lag(turnover, 2)": lambda: evaluate("lag(turnover, 2)", df,
                                                            PanelIndex(df, "firm", "year")),
        "econ_ai index + growth": lambda: evaluate("growth(turnover)", df,
                                                   PanelIndex(df, "firm", "year")),
        "pandas groupby-shift growth": lambda: pandas_growth(df),
        "econ_ai prepare (issue spec)": lambda: prepare(model, df),
    }
    out = []
    for name, fn in cases.items():
        r = measure(fn, reps)
        out.append({"case": name, "cold_s": r["cold_s"], "warm_s": r["warm_s"],
                    "extra_mb": r["extra_mb"]})
        print(f"{name}: warm {r['warm_s']:.3f} s, +{r['extra_mb']:.0f} MiB", flush=True)
    base = next(r["warm_s"] for r in out if r["case"] == "pandas groupby-shift growth")
    for r in out:
        r["vs_pandas"] = r["warm_s"] / base
    print(markdown_table(out, ["case", "cold_s", "warm_s", "vs_pandas", "extra_mb"]))


if __name__ == "__main__":
    main()
