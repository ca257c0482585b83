"""Calibration report: every published aggregate next to its value in the generated data.

``calibration_rows(scale=1.0, seed=...)`` loads the built-in tables THROUGH the readers
(``econ_ai.data.builtin.load``) and computes each figure the way the study defines it;
``format_calibration(rows)`` prints a table. Rows: ``{"target", "published", "generated",
"note"}``; published/generated are numbers or short text.

Definitions used (2023 unless said otherwise):
* active starters in year t = starters panel rows of year t (firms filing accounts) with
  ``active == 1``; count share = AI rows / all rows; a variable's share uses the rows where it
  is reported (turnover: VOL filings and voluntary disclosures) and is divided by the count
  share to give the published "times" ratios (Figure 4).
* Figure 5: AI share of the sum of negative EBIT (losses) and of positive EBIT (profits).
* Figure 7: thresholds = 80th percentile over all starters active in 2023 (rows with the value);
  share of each vc_group at or above it (ties stay in the top, as the top_quantile kind); intersection = top 20% in turnover, employees and EBIT.
* Growth premia, productivity and the exit logits: the study's own specs
  (``specs/08_growth.yaml``, ``09_productivity.yaml``, ``11_exit_logits.yaml``) run through
  the public pipeline, so the calibration estimates exactly what the reproduction checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from econ_ai.data.synth import params as P
from econ_ai.errors import EconAIError

FAIL_TERMS = ("tech_autonomous", "purpose_production", "n_client_sectors", "gov_nonprofit", "vc")
ACQ_TERMS = ("purpose_ict_security", "purpose_accounting", "spinoff", "vc")


def _row(target: str, published: Any, generated: Any, note: str = "") -> dict:
    return {"target": target, "published": published, "generated": generated, "note": note}


def _ai_list_rows(ai: pd.DataFrame, firms: pd.DataFrame) -> list[dict]:
    rows = []
    step = ai["step"]
    rows += [_row("Figure 1: names", P.N_NAMES, int(len(ai))),
             _row("Figure 1: linked to KBO", P.N_KBO, int((step != "name").sum())),
             _row("Figure 1: founded after 2009", P.N_STARTERS, int(step.isin(["starter", "verified"]).sum())),
             _row("Figure 1: verified AI", P.N_VERIFIED, int((step == "verified").sum()))]
    src = ai["sources"].fillna("").str.split(";").explode()
    for s, n in P.SOURCES.items():
        rows.append(_row(f"Figure 1: source {s}", n, int((src == s).sum())))
    v = ai[step == "verified"]
    for c, n in {**P.TECH_COUNTS, **P.PURPOSE_COUNTS}.items():
        rows.append(_row(f"Table 1/2: {c}", n, int(v[c].sum())))
    rows.append(_row("Table 1: mean technologies", 2.1, round(float(v[list(P.TECH_COUNTS)].sum(axis=1).mean()), 2)))
    rows.append(_row("Table 2: mean purposes", 1.6, round(float(v[list(P.PURPOSE_COUNTS)].sum(axis=1).mean()), 2)))
    for c, n in (("vc", P.N_VC), ("spinoff", P.N_SPINOFF), ("patent", P.N_PATENT)):
        rows.append(_row(f"AI starters with {c}", n, int(v[c].sum())))
    fa = firms[firms["ai"] == 1]
    places = fa["place"].value_counts()
    named = {k: c for k, (c, _) in P.PLACES.items()}
    alias = {"Liège": ("Liège", "Luik")}
    for place, n in named.items():
        got = sum(int(places.get(a, 0)) for a in alias.get(place, (place,)))
        rows.append(_row(f"Figure 3: {place}", n, got))
    others = places.drop([a for p in named for a in alias.get(p, (p,)) if a in places.index])
    rows.append(_row("Figure 3: largest other place", "< 10", int(others.max()) if len(others) else 0,
                     str(others.index[0]) if len(others) else ""))
    linked = ai[step != "name"].merge(firms[["enterprise_number", "founded"]], on="enterprise_number")
    by = linked["founded"].value_counts()
    rows.append(_row("Figure 2: peak founding year", 2019, int(by.idxmax()), f"{int(by.max())} firms (published 86)"))
    rows.append(_row("Figure 2: founded before 2010", P.N_KBO - P.N_STARTERS, int((linked["founded"] < 2010).sum())))
    rows.append(_row("Figure 6: failures (bankruptcy/liquidation/dissolution)", P.N_AI_FAILED,
                     int(fa["exit_type"].isin(["bankruptcy", "liquidation", "dissolution"]).sum())))
    rows.append(_row("Figure 6: mergers / acquisitions", P.N_AI_ACQUIRED, int((fa["exit_type"] == "merger_acquisition").sum())))
    rows.append(_row("Figure 6: first exit year", P.AI_EXIT_FIRST_YEAR, int(fa["exit_year"].dropna().min())))
    return rows


def _share(z: pd.DataFrame, col: str) -> float:
    w = z[col].notna()
    return float(z.loc[w & (z["ai"] == 1), col].sum() / z.loc[w, col].sum())


def _panel_rows(st: pd.DataFrame) -> list[dict]:
    rows = [_row("reference group: non-AI starters with >= 1 employee", P.N_REFERENCE,
                 int(st.loc[st["ai"] == 0, "firm"].nunique()))]
    act = st[st["active"] == 1]
    y = act[act["year"] == 2023]
    cs = float(y["ai"].mean())
    rows.append(_row("Figure 4: AI share of active starters 2023 (%)", 0.53, round(100 * cs, 3)))
    for col, pub in (("turnover", 1.6), ("value_added", 1.9), ("employees", 2.7), ("wage_bill", 3.5)):
        rows.append(_row(f"Figure 4: {col} share / count share 2023", pub, round(_share(y, col) / cs, 2)))
    for col in ("value_added", "employees", "wage_bill"):
        first = None
        for yr in range(2010, 2024):
            z = act[act["year"] == yr]
            above = all(_share(act[act["year"] == t], col) > act[act["year"] == t]["ai"].mean()
                        for t in range(yr, 2024))
            if above and len(z):
                first = yr
                break
        rows.append(_row(f"Figure 4: {col} share above count share from", "2013/2014", first))
    for col in ("ebit", "ebitda"):
        for yr in (2012, 2016, 2020, 2023):
            z = act[act["year"] == yr]
            c = float(z["ai"].mean())
            loss = z[col].clip(upper=0)
            prof = z[col].clip(lower=0)
            rows.append(_row(f"Figure 5: {col} {yr}: AI share of losses / profits / count (%)",
                             "losses rising, profits ~ count",
                             f"{100 * loss[z['ai'] == 1].sum() / loss.sum():.2f} / "
                             f"{100 * prof[z['ai'] == 1].sum() / prof.sum():.2f} / {100 * c:.2f}"))
    rows += _figure7(y)
    for g, pub in (("AI with VC", 4.0), ("AI without VC", 6.0), ("non-AI", 6.0)):
        z = y[y["vc_group"] == g]
        rows.append(_row(f"age 2023: mean age, {g}", f"about {pub:g}", round(float(z["age"].mean()), 2)))
    for col, note in (("fin_independence", "VC > no VC"), ("debt_per_employee", "VC < no VC")):
        med = {g: float(y.loc[y["vc_group"] == g, col].median()) for g in ("AI with VC", "AI without VC", "non-AI")}
        rows.append(_row(f"2023 median {col} (VC / no VC / non-AI)", note,
                         " / ".join(f"{med[g]:.3g}" for g in med)))
    return rows


def _figure7(y: pd.DataFrame) -> list[dict]:
    crit = ("turnover", "employees", "ebit", "ebitda", "value_added")
    top = {}
    for c in crit:
        thr = y[c].quantile(0.8)
        top[c] = (y[c] >= thr).where(y[c].notna())
    inter = (top["turnover"] == 1) & (top["employees"] == 1) & (top["ebit"] == 1)
    ok = top["turnover"].notna() & top["employees"].notna() & top["ebit"].notna()
    pub = {"AI without VC": {"turnover": "38%", "employees": "52%", "value_added": "52%",
                             "ebit": "> 20%", "ebitda": "> 20%", "intersection": "18%"},
           "AI with VC": {"turnover": "", "employees": "slightly > 20%", "value_added": "slightly > 20%",
                          "ebit": "<< 20%", "ebitda": "<< 20%", "intersection": "<< 7%"},
           "non-AI": {c: "about 20%" for c in crit} | {"intersection": "about 7%"}}
    rows = [_row("Figure 7: intersection, all starters (%)", "about 7", round(100 * float(inter[ok].mean()), 1))]
    for g in ("AI without VC", "AI with VC", "non-AI"):
        m = y["vc_group"] == g
        for c in (*crit, "intersection"):
            v = inter[ok & m].mean() if c == "intersection" else top[c][m].mean()
            rows.append(_row(f"Figure 7: {g}, top 20% {c} (%)", pub[g][c], round(100 * float(v), 1)))
    return rows


# the study's specs whose estimates the calibration reports (run through the public pipeline,
# so the calibration and the reproduction estimate exactly the same models)
REGRESSION_SPECS = (("08_growth.yaml", "7-13%"), ("09_productivity.yaml", "3 of 4 higher"),
                    ("11_exit_logits.yaml", None))
LOGIT_PUBLISHED = {"Failure": "+ autonomous; - production, client sectors, gov",
                   "Acquisition": "+ ICT security, accounting, spin-off; vc n.s."}
LOGIT_TERMS = {"Failure": FAIL_TERMS, "Acquisition": ACQ_TERMS}


def study_specs_dir() -> Path:
    """The study's ``specs/`` folder (beside the package in the project)."""
    return Path(__file__).resolve().parents[2] / "specs"


def _regression_rows(*, scale: float, seed: int, quiet: bool) -> list[dict]:
    """The growth, productivity and exit-logit estimates of the study's own specs."""
    from econ_ai.pipeline import DataOptions, run_spec

    folder = study_specs_dir()
    opts = DataOptions(scale=scale, seed=seed, quiet=quiet)
    rows = []
    for name, pub in REGRESSION_SPECS:
        path = folder / name
        if not path.exists():
            rows.append(_row(f"regressions of {name}", pub, None, f"spec not found at {path}"))
            continue
        try:
            rs = run_spec(path, opts)
        except EconAIError as exc:  # report, do not hide (small scales can separate a logit)
            rows.append(_row(f"regressions of {name}", pub, None, f"failed: {exc}"))
            continue
        for r in rs.results:
            if r.kind == "logit":
                got = ", ".join(f"{t} {r.coefficients[t].estimate:+.2f} (p {r.coefficients[t].p_value:.2g})"
                                for t in LOGIT_TERMS.get(r.name, ()) if t in r.coefficients)
                rows.append(_row(f"logit {r.name} (AI starters, N={r.nobs})", LOGIT_PUBLISHED.get(r.name), got,
                                 f"{name}"))
                continue
            e = r.coefficients.get("ai")
            if e is None:
                continue
            rows.append(_row(f"AI premium in {r.outcome}", pub,
                             f"{e.estimate:.4f} (se {e.std_error:.4f}, p {e.p_value:.3g})",
                             f"{name}, N={r.nobs}"))
    return rows


def calibration_rows(*, scale: float = 1.0, seed: int = P.DEFAULT_SEED, quiet: bool = True,
                     regressions: bool = True) -> list[dict]:
    """Published vs generated, computed from the tables read through the readers."""
    from econ_ai.data.builtin import load

    ai, _ = load("ai_profile", scale=scale, seed=seed, quiet=quiet)
    firms, _ = load("firms", scale=scale, seed=seed, quiet=quiet)
    st, _ = load("starters", scale=scale, seed=seed, quiet=quiet)
    rows = _ai_list_rows(ai, firms) + _panel_rows(st)
    if regressions:
        rows += _regression_rows(scale=scale, seed=seed, quiet=quiet)
    if scale != 1.0:
        rows.insert(0, _row("scale", 1.0, scale, "counts scale with the population"))
    return rows


def format_calibration(rows: list[dict]) -> str:
    """A readable fixed-width table."""
    def s(x: Any) -> str:
        return "" if x is None else str(x)

    w = [max(len(h), *(len(s(r[k])) for r in rows)) for h, k in
         (("target", "target"), ("published", "published"), ("generated", "generated"))]
    w = [min(x, 60) for x in w]
    head = f"{'target':<{w[0]}}  {'published':<{w[1]}}  {'generated':<{w[2]}}  note"
    out = [head, "-" * len(head)]
    for r in rows:
        out.append(f"{s(r['target']):<{w[0]}}  {s(r['published']):<{w[1]}}  {s(r['generated']):<{w[2]}}  {s(r['note'])}")
    return "\n".join(out)
