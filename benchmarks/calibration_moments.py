"""In-memory replica of the Figure 4 / Figure 7 / capital-structure statistics of the synthetic
population, for tuning the DGP over many seeds (a tuning aid, not part of the reproduction).

    python benchmarks/calibration_moments.py 101-140 OVERRIDES.json|- [JOBS] [OUT.json]

OVERRIDES.json: {"dgp": {field: value}} as for ``econ-ai data calibration --overrides``.
It draws the same random streams as ``econ_ai.data.synth.generate`` (firms, employer accounts,
filing model) but skips the files and the pipeline: about 4 s per seed at full scale instead of
about 140 s for ``econ-ai data calibration``. Checked against the full pipeline on seeds 101-104
(generator v7): the Figure 4 ratios and Figure 7 shares agree to the 4 digits printed; the
capital-structure means agree to 3 digits on seeds 101-110 (v8). Used to tune generator v8
(seeds 101-140); the claims' power is then measured by the real run (seeds 1-20, --store).
Prints per moment the mean, spread and share of seeds within the claim's tolerance.
"""
import json
import sys
from dataclasses import replace

import numpy as np
from joblib import Parallel, delayed

from econ_ai.data.synth import params as P
from econ_ai.data.synth.accounts import YEARS, simulate_employers
from econ_ai.data.synth.ai_list import make_ai_list
from econ_ai.data.synth.filings import _model_codes
from econ_ai.data.synth.population import make_firms
from econ_ai.study.power import parse_seeds


def moments(seed, ov):
    dgp = replace(P.DGP, **{k: tuple(v) if isinstance(v, list) else v for k, v in (ov.get("dgp") or {}).items()})
    r_ai, r_pop, r_acc, r_ne, r_exit, r_fil, *_ = (
        np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(9))
    ai_list = make_ai_list(r_ai, 1.0)
    firms = make_firms(r_pop, ai_list, 1.0)
    with_acc = firms["founded"].to_numpy() <= P.LAST_YEAR
    emp_idx = np.flatnonzero(with_acc & firms["employer"].to_numpy())
    ne_idx = np.flatnonzero(with_acc & ~firms["employer"].to_numpy())
    fe = firms.iloc[emp_idx]
    g_emp, _ = simulate_employers(r_acc, fe, dgp)
    # filing model: same stream order as build_deposits (employers first, then no-employee rows)
    n_ne = len(ne_idx)
    T = len(YEARS)
    va_all = np.concatenate([g_emp["value_added"], np.zeros((n_ne, T))])
    alive = ~np.isnan(va_all)
    L = np.concatenate([np.nan_to_num(g_emp["employees"]), np.zeros((n_ne, T))])
    employer = np.concatenate([np.ones(len(emp_idx), bool), np.zeros(n_ne, bool)])
    # the no-employee rows only consume draws here (their score is -inf: never the full model)
    model, volt = _model_codes(r_fil, alive, L, employer, dgp)
    model = model[: len(emp_idx)]
    volt = volt[: len(emp_idx)]
    starter = fe["founded"].to_numpy() >= 2010
    grp = fe["group"].to_numpy()
    out = {}
    for year in (2014, 2023):
        j = int(np.flatnonzero(YEARS == year)[0])
        act = starter & ~np.isnan(g_emp["value_added"][:, j])
        ai = grp[act] > 0
        cs = ai.mean()
        out[f"count_{year}"] = cs
        tv = g_emp["turnover"][act, j]
        rep = (model[act, j] == 0) | ((model[act, j] == 1) & volt[act])
        for name, x, m in (("turnover", tv, rep), ("va", g_emp["value_added"][act, j], None),
                           ("emp", g_emp["employees"][act, j], None), ("wage", g_emp["wage_bill"][act, j], None)):
            mm = np.ones(len(x), bool) if m is None else m
            out[f"{name}_{year}"] = (x[mm & ai].sum() / x[mm].sum()) / cs
            if m is not None:
                out[f"{name}_all_{year}"] = (x[ai].sum() / x.sum()) / cs
                out[f"{name}_rep_{year}"] = (x[mm & ai].sum() / x[mm].sum()) / ai[mm].mean()
                out[f"aishare_rep_{year}"] = ai[mm].mean() / cs
    j = T - 1
    act = starter & ~np.isnan(g_emp["value_added"][:, j])
    gg = grp[act]
    rep = (model[act, j] == 0) | ((model[act, j] == 1) & volt[act])
    crit = {
        "turnover": np.where(rep, np.round(g_emp["turnover"][act, j]), np.nan),
        "employees": np.round(g_emp["employees"][act, j], 1),
        "ebit": np.round(g_emp["ebit"][act, j]),
        "ebitda": np.round(g_emp["ebit"][act, j]) + np.round(g_emp["depreciation"][act, j]),
        "va": np.round(g_emp["value_added"][act, j]),
    }
    emp23 = g_emp["employees"][act, j]
    with np.errstate(divide="ignore", invalid="ignore"):
        dpe = np.where(emp23 > 0, g_emp["debts"][act, j] / emp23, np.nan)
        fin = np.where(g_emp["total_assets"][act, j] > 0, g_emp["equity"][act, j] / g_emp["total_assets"][act, j], np.nan)
    for gi, gn in ((1, "novc"), (2, "vc")):
        out[f"{gn}_debtpe"] = np.nanmean(dpe[gg == gi])
        out[f"{gn}_finind"] = np.nanmean(fin[gg == gi])
    out["debt_ok"] = float(out["vc_debtpe"] < out["novc_debtpe"])
    out["finind_ok"] = float(out["vc_finind"] > out["novc_finind"])
    hits = {}
    for c, v in crit.items():
        obs = np.isfinite(v)
        thr = np.quantile(v[obs], 0.8)
        hits[c] = (v >= thr) & obs
        for gi, gn in ((1, "novc"), (2, "vc")):
            sel = obs & (gg == gi)
            out[f"{gn}_{c}"] = hits[c][sel].mean()
        out[f"nonai_{c}"] = hits[c][obs & (gg == 0)].mean() / hits[c][obs].mean()
    obs = np.isfinite(crit["turnover"])
    inter = hits["turnover"] & hits["employees"] & hits["ebit"]
    out["inter_all"] = inter[obs].mean()
    for gi, gn in ((1, "novc"), (2, "vc")):
        out[f"{gn}_inter"] = inter[obs & (gg == gi)].mean()
    return seed, out


TARGETS = {"turnover_2023": (1.6, .25), "va_2023": (1.9, .25), "emp_2023": (2.7, .25), "wage_2023": (3.5, .25),
           "novc_turnover": (.38, .05), "novc_employees": (.52, .05), "novc_va": (.52, .05),
           "novc_inter": (.18, .04), "inter_all": (.07, .015)}
RANGES = {"va_2014": (1, 100), "emp_2014": (1, 100), "wage_2014": (1, 100), "novc_ebit": (.2, 1),
          "novc_ebitda": (.2, 1), "vc_employees": (.2, .35), "vc_va": (.2, .35), "vc_ebit": (0, .15),
          "vc_ebitda": (0, .15)}


def main():
    seeds = parse_seeds(sys.argv[1])  # "101-140", "1,5,7": as econ-ai data calibration --seeds
    ov = {} if sys.argv[2] == "-" else json.loads(open(sys.argv[2], encoding="utf-8").read())
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    res = Parallel(n_jobs=jobs)(delayed(moments)(s, ov) for s in seeds)
    keys = list(res[0][1])
    print(f"{'moment':16s} {'mean':>7s} {'sd':>6s} {'min':>7s} {'max':>7s}  pass  target")
    for k in keys:
        v = np.array([r[1][k] for r in res])
        if k in TARGETS:
            t, tol = TARGETS[k]
            ok = np.abs(v - t) <= tol
            tgt = f"{t}±{tol}"
        elif k in RANGES:
            lo, hi = RANGES[k]
            ok = (v >= lo) & (v <= hi)
            tgt = f"[{lo},{hi}]"
        else:
            ok, tgt = None, ""
        ps = f"{ok.mean():4.0%}" if ok is not None else "    "
        print(f"{k:16s} {v.mean():7.3f} {v.std():6.3f} {v.min():7.3f} {v.max():7.3f}  {ps}  {tgt}")
    if len(sys.argv) > 4:
        with open(sys.argv[4], "w", encoding="utf-8") as fh:
            json.dump({str(s): o for s, o in res}, fh, indent=1)


if __name__ == "__main__":
    main()
