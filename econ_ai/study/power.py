"""Seed robustness of the reproduction: claim power and parameter recovery over many seeds.

``run_calibration(seeds, scale=1.0, n_jobs=2)`` runs the whole reproduction (every spec, every
claim) on the synthetic population of each seed, in parallel with joblib, and returns

* per claim (``spec:claim_id``): the share of seeds on which it holds (its power);
* per behavioural DGP parameter: the estimates over seeds, their bias, spread and 95%
  coverage (the share of seeds whose 95% confidence interval contains the true value):

  - the exit-logit indices (``params.FAIL_INDEX`` / ``ACQ_INDEX``) against the logit
    coefficients of specs/11 (true = the index: events are drawn with weights exp(index));
  - the production elasticities ``Dgp.b_l`` / ``Dgp.b_k`` against the per-NACE-2 estimates
    the TFP indicators use (median over divisions, point estimates: no coverage) and a
    Wooldridge fit on the largest division (NACE 43) with its GMM standard errors;
  - the growth and productivity premia of specs/08 and 09: the DGP sets them through several
    parameters (staff drift, learning, wage and share drifts) with no closed form, so the
    reference is the mean over the seeds (pseudo-true) and coverage tests whether the clustered
    standard errors describe the seed-to-seed spread (bias is not defined: reported as n/a).

``econ-ai data calibration --seeds 1-20`` prints both tables; ``--store`` writes the run to
``econ_ai/data/refdata/calibration-v{GENERATOR_VERSION}.json``, from which REPRODUCTION.md
reads each claim's power (``stored_power``). Each seed's population is generated into a
private cache folder and removed after the seed (``keep_data`` keeps it).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REFDATA = Path(__file__).resolve().parents[1] / "data" / "refdata"
Z95 = 1.959963984540054


def parse_seeds(text: str) -> list[int]:
    """``"1-20"``, ``"1,3,5-7"`` -> sorted unique seeds."""
    from econ_ai.errors import EconAIError

    out: set[int] = set()
    try:
        for part in str(text).split(","):
            part = part.strip()
            if not part:
                continue
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if b < a:
                    raise ValueError(part)
                out.update(range(a, b + 1))
            else:
                out.add(int(part))
    except ValueError:
        raise EconAIError(f"--seeds: expected e.g. 1-20 or 1,3,5-7, got {text!r}") from None
    if not out:
        raise EconAIError(f"--seeds: no seed in {text!r}")
    return sorted(out)


def stored_path(version: str | None = None) -> Path:
    from econ_ai.data.synth import GENERATOR_VERSION

    return REFDATA / f"calibration-v{version or GENERATOR_VERSION}.json"


def stored_power(path: Path | None = None) -> dict | None:
    """The stored calibration run of the current generator version (None if there is none)."""
    p = path or stored_path()
    if not p.is_file():
        return None
    run = json.loads(p.read_text(encoding="utf-8"))
    return {"name": p.name, "command": run.get("command", ""), "n_seeds": len(run.get("seeds", [])),
            "claims": {k: v["share"] for k, v in run.get("claims", {}).items()},
            **({"not_covered": run["not_covered"]} if run.get("not_covered") else {})}


# ---------------------------------------------------------------- one seed

def _coef(r, term: str) -> tuple[float, float]:
    e = r.coefficients.get(term)
    return (float("nan"), float("nan")) if e is None else (float(e.estimate), float(e.std_error))


def _params_of(stem: str, rs) -> list[dict]:
    from econ_ai.data.synth import params as P

    out = []
    if stem.startswith("08_growth") or stem.startswith("09_productivity"):
        what = "growth premium" if stem.startswith("08") else "productivity premium"
        for r in rs.results:
            b, se = _coef(r, "ai")
            out.append({"name": f"{what}: {r.name}", "true": None, "estimate": b, "se": se})
    elif stem.startswith("11_exit_logits"):
        for r in rs.results:
            index = P.FAIL_INDEX if r.name == "Failure" else P.ACQ_INDEX if r.name == "Acquisition" else {}
            for term, true in index.items():
                b, se = _coef(r, term)
                out.append({"name": f"logit index {r.name}: {term}", "true": float(true), "estimate": b, "se": se})
    return out


def _tfp_params(table) -> list[dict]:
    """Elasticities behind the TFP indicators (median over NACE-2 divisions) and a Wooldridge
    fit with standard errors on the largest division."""
    from econ_ai.data.synth import params as P

    out = []
    info = table.attrs.get("productivity", {}) if table is not None else {}
    for col, by_div in (info.get("elasticities") or {}).items():
        betas = [v for k, v in by_div.items() if k != "pooled" and isinstance(v, list)]
        if betas:
            med = np.median(np.asarray(betas, float), axis=0)
            for j, (nm, true) in enumerate((("labour", P.DGP.b_l), ("capital", P.DGP.b_k))):
                out.append({"name": f"{col} {nm} elasticity (median over NACE-2 fits)",
                            "true": float(true), "estimate": float(med[j]), "se": float("nan")})
    if table is not None and "nace2" in table.columns:
        out += _wooldridge_43(table)
    return out


def _wooldridge_43(table) -> list[dict]:
    from econ_ai.data.synth import params as P
    from econ_ai.kinds.production_function.estimator import ProductionFunction
    from econ_ai.kinds.production_function.frame import design_from_frame
    from econ_ai.study.indicators import _logs

    sub = table[table["nace2"].astype(str) == "43"]
    logs = _logs(sub)
    logs["firm"], logs["year"] = sub["firm"].to_numpy(), sub["year"].to_numpy()
    logs = logs.dropna()
    des = design_from_frame(logs, output="y", free=["l"], state=["k"], proxy="m", unit="firm", time="year",
                            name="wooldridge nace2=43", options={"method": "wooldridge", "bootstrap": {"reps": 0}, "quiet": True})
    r = ProductionFunction(quiet=True).fit(des)
    out = []
    for term, nm, true in (("l", "labour", P.DGP.b_l), ("k", "capital", P.DGP.b_k)):
        b, se = _coef(r, term)
        out.append({"name": f"Wooldridge {nm} elasticity (NACE 43)", "true": float(true), "estimate": b, "se": se})
    return out


def _apply_overrides(overrides: dict | None):
    """Tuning: a Dgp with ``overrides["dgp"]`` fields replaced, and module-level parameter
    dicts (``FAIL_INDEX``, ``ACQ_INDEX``) updated in this process. Returns the Dgp."""
    from dataclasses import replace

    from econ_ai.data.synth import params as P

    if not overrides:
        return None
    for name, value in overrides.items():
        if name == "dgp":
            continue
        target = getattr(P, name)
        if isinstance(target, dict):
            target.update(value)
        else:
            setattr(P, name, value)
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in (overrides.get("dgp") or {}).items()}
    return replace(P.DGP, **fields)


def run_seed(seed: int, *, scale: float = 1.0, specs: list[str] | None = None, cache: str | None = None,
             keep_data: bool = False, overrides: dict | None = None) -> dict:
    """One full reproduction on seed ``seed``: claim statuses and parameter estimates.

    ``overrides`` (tuning only): generate the population with these parameters into a
    temporary folder (never the cache) and run the specs on its files."""
    if cache:
        os.environ["ECON_AI_CACHE"] = str(cache)
    from econ_ai import pipeline
    from econ_ai.data import builtin, synth
    from econ_ai.pipeline import DataOptions
    from econ_ai.study.reproduce import reproduce

    t0 = time.perf_counter()
    dgp = _apply_overrides(overrides)
    tuned = None
    if dgp is not None:
        tuned = Path(tempfile.mkdtemp(prefix=f"econ_ai_tune{seed}_", dir=cache))
        synth.generate(tuned / "data", scale=scale, seed=seed, quiet=True, dgp=dgp)
    params: list[dict] = []

    def collect(path: Path, rs) -> None:
        params.extend(_params_of(path.stem, rs))

    out_dir = Path(tempfile.mkdtemp(prefix=f"econ_ai_seed{seed}_"))
    try:
        opts = DataOptions(scale=scale, seed=seed, quiet=True, source=str(tuned / "data") if tuned else None)
        rep = reproduce(specs=specs, out_dir=out_dir, opts=opts,
                        figure_hook=None, on_result=collect, require_claims=False)
        for table, with_ind in list(getattr(pipeline, "_WITH_INDICATORS", {}).values()):
            params.extend(_tfp_params(with_ind))
            break
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        builtin.clear_cache()
        getattr(pipeline, "_WITH_INDICATORS", {}).clear()
        if not keep_data:
            shutil.rmtree(synth.cache_dir(scale, seed), ignore_errors=True)
        if tuned is not None:
            shutil.rmtree(tuned, ignore_errors=True)
    claims = {f"{Path(o.spec).stem}:{o.claim_id}": {"status": o.status, "reproduced": o.reproduced,
                                                   "claim": o.claim, "detail": o.detail}
              for o in rep.outcomes}
    return {"seed": int(seed), "claims": claims, "params": params, "errors": list(rep.errors),
            "seconds": round(time.perf_counter() - t0, 1)}


# ---------------------------------------------------------------- many seeds

def run_calibration(seeds: list[int], *, scale: float = 1.0, specs: list[str] | None = None, n_jobs: int = 2,
                    cache: str | None = None, keep_data: bool = False, quiet: bool = False,
                    overrides: dict | None = None, progress_file: str | None = None) -> dict:
    """Every seed's reproduction (joblib, ``n_jobs`` processes) and the summary over seeds.
    ``progress_file``: each finished seed's run is appended there as one JSON line."""
    from joblib import Parallel, delayed

    from econ_ai.data.synth import GENERATOR_VERSION

    cache = cache or os.environ.get("ECON_AI_CACHE") or str(Path(tempfile.gettempdir()) / "econ_ai_calibration")
    Path(cache).mkdir(parents=True, exist_ok=True)
    runs = []
    t0 = time.perf_counter()
    jobs = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
        delayed(run_seed)(s, scale=scale, specs=specs, cache=cache, keep_data=keep_data, overrides=overrides)
        for s in seeds)
    for run in jobs:
        runs.append(run)
        if progress_file:
            with open(progress_file, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(run, allow_nan=True) + "\n")
        if not quiet:
            n_ok = sum(c["status"] == "pass" for c in run["claims"].values())
            print(f"[calibration] seed {run['seed']}: {n_ok} of {len(run['claims'])} claims hold "
                  f"({run['seconds']:.0f} s; {len(runs)}/{len(seeds)} seeds, {time.perf_counter() - t0:.0f} s)",
                  file=sys.stderr, flush=True)
    runs.sort(key=lambda r: r["seed"])
    out = summarize(runs, scale=scale, generator=GENERATOR_VERSION + ("+overrides" if overrides else ""))
    if overrides:
        out["overrides"] = overrides
    out["runs"] = runs  # every seed's claim values and estimates (not stored in refdata)
    return out


def summarize(runs: list[dict], *, scale: float, generator: str) -> dict:
    seeds = [r["seed"] for r in runs]
    keys: list[str] = []
    for r in runs:
        keys += [k for k in r["claims"] if k not in keys]
    claims = {}
    for k in keys:
        st = [r["claims"].get(k, {}).get("status", "missing") for r in runs]
        failed = [r["seed"] for r, s in zip(runs, st) if s != "pass"]
        text = next((r["claims"][k]["claim"] for r in runs if k in r["claims"]), "")
        claims[k] = {"claim": text, "share": sum(s == "pass" for s in st) / len(runs), "failed_seeds": failed}
    names: list[str] = []
    for r in runs:
        names += [p["name"] for p in r["params"] if p["name"] not in names]
    params = {}
    for nm in names:
        rows = [p for r in runs for p in r["params"] if p["name"] == nm]
        est = np.array([p["estimate"] for p in rows], float)
        se = np.array([p["se"] for p in rows], float)
        true = rows[0]["true"]
        ref = float(np.nanmean(est)) if true is None else float(true)
        ok = np.isfinite(est)
        cover = ok & np.isfinite(se) & (np.abs(est - ref) <= Z95 * se)
        has_se = bool(np.isfinite(se[ok]).any())
        params[nm] = {
            "true": true, "reference": "mean over seeds (pseudo-true)" if true is None else "DGP value",
            "mean": float(np.nanmean(est)), "sd": float(np.nanstd(est, ddof=1)) if ok.sum() > 1 else float("nan"),
            "bias": None if true is None else float(np.nanmean(est) - true),
            "mean_se": float(np.nanmean(se)) if has_se else None,
            "coverage95": float(cover[ok].mean()) if has_se and ok.any() else None,
            "n": int(ok.sum()),
        }
    return {"generator": generator, "scale": scale, "seeds": seeds, "claims": claims, "params": params,
            "errors": {r["seed"]: r["errors"] for r in runs if r["errors"]},
            "seconds": {r["seed"]: r["seconds"] for r in runs}}


def _num(x: Any, d: int = 3) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"


def format_power(run: dict) -> str:
    """Markdown: claim power, then parameter bias and coverage."""
    n = len(run["seeds"])
    lines = [f"# Seed calibration: generator v{run['generator']}, scale {run['scale']:g}, {n} seeds "
             f"({_seed_text(run['seeds'])})", "",
             "Synthetic data. Power = share of seeds on which the claim holds.", "",
             "| claim | power | failed on seeds |", "|---|---|---|"]
    for k, c in run["claims"].items():
        lines.append(f"| {k} {c['claim']} | {100 * c['share']:.0f}% | {', '.join(map(str, c['failed_seeds'])) or '-'} |")
    low = [k for k, c in run["claims"].items() if c["share"] < 0.9]
    lines += ["", f"Claims below 90%: {', '.join(low) if low else 'none'}.", "",
              "| parameter | true | mean estimate | bias | sd over seeds | mean SE | 95% coverage |",
              "|---|---|---|---|---|---|---|"]
    for nm, p in run["params"].items():
        true = _num(p["true"]) if p["true"] is not None else "(mean over seeds)"
        cov = "n/a" if p["coverage95"] is None else f"{100 * p['coverage95']:.0f}%"
        lines.append(f"| {nm} | {true} | {_num(p['mean'])} | {_num(p['bias'])} | {_num(p['sd'])} "
                     f"| {_num(p['mean_se'])} | {cov} |")
    if run.get("errors"):
        lines += ["", "Errors: " + "; ".join(f"seed {s}: {e}" for s, e in run["errors"].items())]
    return "\n".join(lines) + "\n"


def _seed_text(seeds: list[int]) -> str:
    if seeds and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}-{seeds[-1]}"
    return ",".join(map(str, seeds))


def store(run: dict, command: str, path: Path | None = None) -> Path:
    p = path or stored_path(run["generator"])
    p.parent.mkdir(parents=True, exist_ok=True)
    body = {"command": command, **{k: v for k, v in run.items() if k != "runs"}}
    p.write_text(json.dumps(body, indent=1, allow_nan=True) + "\n", encoding="utf-8")
    return p
