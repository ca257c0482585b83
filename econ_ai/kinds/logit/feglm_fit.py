"""The logit estimator's path for ``absorb:``: a Design in, a Result out (numerics: ``feglm``).

Steps, each recorded in the sample log or the notes:

1. separation, repeated until nothing changes: fixed-effect groups with an outcome all 0 or
   all 1 (``feglm.fe_separation``; one SampleStep per effect, with the number of groups), then
   Stata's perfect-prediction rule for 0/1 regressors (``separation.dummy_separation``);
2. collinear regressors, including those constant within an effect, dropped left to right on
   the demeaned columns (as fixest/reghdfe: the regressor goes, not a fixed effect);
3. on small designs (same rule as the dummy path) the linear-programming separation check of
   ``separation.lp_separation`` on the design with dummies, before fitting and again when the
   fit looks separated (not converged, or a fitted probability at 0 or 1);
4. IRLS with weighted demeaning (``feglm.irls_logit``);
5. covariance (``inference.vcov.ml_sandwich``) with K = regressors + fixed-effect levels - redundant
   levels (the rank of the dummy design: reghdfe/stata/statsmodels conventions), or fixest's
   count (levels minus one per extra effect, effects nested in a cluster count 0) under the
   ``fixest`` convention; AMEs and discrete changes with the delta method over every
   parameter, effects included (``feglm.fe_marginal_effects``); odds ratios.

No intercept is reported (it is absorbed), as with fe_ols.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from econ_ai.errors import EstimationError
from econ_ai.inference.demean import Demeaner, compact_codes, connected_components
from econ_ai.inference.estimates import estimate_map
from econ_ai.inference.linalg import COLLIN_TOL, collinear_columns
from econ_ai.inference.vcov import DofInfo, ml_sandwich
from econ_ai.kinds.logit.feglm import fe_marginal_effects, fe_separation, final_step, irls_logit
from econ_ai.kinds.logit.margins import categorical_groups, is_binary
from econ_ai.kinds.logit.separation import apply_dummy_separation, dummy_separation, lp_separation
from econ_ai.provenance import SampleStep
from econ_ai.results import OddsRatio, Result, VcovInfo

LP_POST_MAX_CELLS = 20_000_000  # largest dummy design the post-fit LP check builds


def _nested(fe: np.ndarray, cl: np.ndarray) -> bool:
    """True if every level of ``fe`` lies within one cluster."""
    g = int(fe.max()) + 1
    first = np.empty(g, dtype=cl.dtype)
    first[fe[::-1]] = cl[::-1]
    return bool(np.array_equal(first[fe], cl))


def _dummy_design(Xk, kn, fe):
    """[1, X, dummies of every effect (first level dropped)] and its column names (LP check)."""
    blocks, names = [np.ones((Xk.shape[0], 1)), Xk], ["Intercept", *kn]
    for h, codes in fe.items():
        levels = np.arange(1, int(codes.max()) + 1)
        blocks.append((codes[:, None] == levels[None, :]).astype(float))
        names += [f"C({h})[T.{lv}]" for lv in levels]
    return np.hstack(blocks), names


def _lp(est, opts, name, yk, Xk, kn, fe_k, keep, cols, names, dropped, notes, log) -> bool:
    """Run the LP check on the dummy design; apply a finding. True when a refit is needed."""
    Z, zn = _dummy_design(Xk, kn, fe_k)
    sep = lp_separation(yk, Z, zn)
    if not sep.separated:
        return False
    if sep.complete or opts["separation"] == "raise" or not sep.terms:
        raise EstimationError(sep.message() + ("; no finite estimates exist" if sep.complete else ""), model=name,
                              diagnostics={"separation": "complete" if sep.complete else "quasi-complete",
                                           "terms": "|".join(sep.terms), "obs_predicted": sep.n})
    regs = [t for t in sep.terms if t in kn]
    if all(set(np.unique(Xk[:, kn.index(t)]).tolist()) <= {0.0, 1.0} for t in regs):  # dummies of effects are 0/1
        keep[np.flatnonzero(keep)[sep.rows]] = False
        notes.append(sep.message() + "; those obs not used")
        log.append(SampleStep(f"separation: {sep.n} obs completely determined by {', '.join(sep.terms)}",
                              sep.n, int(keep.sum())))
        return True
    for t in regs:
        cols[names.index(t)] = False
        dropped.append(t)
    notes.append(sep.message() + f"; dropped {', '.join(regs)}")
    return True


def fit_fe_logit(est, design, opts: dict[str, Any], y: np.ndarray, clusters: dict[str, np.ndarray],
                 vtype: str, conv: str) -> Result:
    """Fit ``design`` (with ``design.fe``) for the ``Logit`` estimator ``est``."""
    from econ_ai.kinds.logit.estimator import LP_AUTO_MAX_CELLS

    name = design.name
    X = np.empty((design.nobs, 0)) if design.X is None else np.asarray(design.X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if not np.all(np.isfinite(X)):
        raise EstimationError("non-finite values in X (prepare should have dropped them)", model=name)
    names = list(design.terms)
    fe = {h: np.asarray(c, dtype=np.intp) for h, c in design.fe.items()}
    for h, c in fe.items():
        if c.shape[0] != y.shape[0] or (c.size and c.min() < 0):
            raise EstimationError(f"codes of absorbed effect '{h}' must be 0..G-1 for every row", model=name)
    log, notes, dropped = list(design.sample_log), [], []
    keep = np.ones(y.shape[0], dtype=bool)
    cols = np.ones(len(names), dtype=bool)
    fe_sep: dict[str, dict[str, int]] = {}
    for _round in range(len(names) + 50):
        # 1. separation by fixed-effect group and by 0/1 regressor, until nothing changes
        while True:
            keep, found = fe_separation(y, fe, keep)
            for f in found:
                if opts["separation"] == "raise":
                    raise EstimationError(f"{f.step()} ({f.rows} obs)", model=name, diagnostics={"separation": "fe"})
                log.append(SampleStep(f.step(), f.rows, int(keep.sum())))
                acc = fe_sep.setdefault(f.effect, {"groups": 0, "obs": 0})
                acc["groups"] += f.groups
                acc["obs"] += f.rows
            idx = np.flatnonzero(cols)
            found_d, kd = dummy_separation(y[keep], X[np.ix_(keep, idx)], [names[i] for i in idx])
            if not found_d:
                break
            apply_dummy_separation(found_d, raise_error=opts["separation"] == "raise", model=name, cols=cols,
                                   names=names, dropped=dropped, notes=notes, log=log, remaining=int(keep.sum()))
            keep[np.flatnonzero(keep)[~kd]] = False
        yk = y[keep]
        if yk.size == 0 or yk.min() == yk.max():
            raise EstimationError("outcome does not vary in the estimation sample after dropping separated "
                                  "fixed-effect groups", model=name, diagnostics={"nobs": int(yk.size)})
        fe_k = {h: compact_codes(c, keep)[0] for h, c in fe.items()}
        levels = {h: int(c.max()) + 1 for h, c in fe_k.items()}
        # 2. collinearity on the demeaned regressors (uniform weights: the first IRLS step's)
        idx = np.flatnonzero(cols)
        Xk = X[np.ix_(keep, idx)]
        dm0 = Demeaner(list(fe_k.values()), method=opts.get("demean_method", "auto"))
        Xt0 = dm0.demean(Xk)[0] if idx.size else Xk
        ss0 = ((Xk - Xk.mean(axis=0)) ** 2).sum(axis=0)
        drop = collinear_columns(Xt0.T @ Xt0, ss0, COLLIN_TOL)
        for j in drop:
            cols[idx[j]] = False
            dropped.append(names[idx[j]])
            notes.append(f"{names[idx[j]]} omitted because of collinearity (with the absorbed effects or earlier regressors)")
        if drop:
            sel = [j for j in range(idx.size) if j not in set(drop)]
            idx, Xk, Xt0 = idx[sel], Xk[:, sel], np.asfortranarray(Xt0[:, sel])
        kn = [names[i] for i in idx]
        n, k = Xk.shape
        cells = n * (1 + k + sum(g - 1 for g in levels.values()))
        # 3. LP separation check before fitting on small designs
        lp_mode = opts["separation_lp"]
        if lp_mode == "always" or (lp_mode == "auto" and cells <= LP_AUTO_MAX_CELLS):
            if _lp(est, opts, name, yk, Xk, kn, fe_k, keep, cols, names, dropped, notes, log):
                continue
        # 4. fit
        est._log(opts, name, f"fitting n={n} k={k} absorbing {levels} by IRLS with weighted demeaning")
        fit = irls_logit(yk, Xk, list(fe_k.values()), tol=float(opts["tol"]), maxiter=int(opts["maxiter"]),
                         demean_method=opts.get("demean_method", "auto"), Xt0=Xt0)
        suspicious = (not fit.converged) or float(np.abs(fit.eta).max()) > 17.0
        if suspicious and lp_mode != "never" and cells <= LP_POST_MAX_CELLS:
            if _lp(est, opts, name, yk, Xk, kn, fe_k, keep, cols, names, dropped, notes, log):
                continue
        if suspicious and fit.converged:
            n01 = int((np.abs(fit.eta) > 17.0).sum())
            notes.append(f"warning: fitted probabilities of {n01} obs are numerically 0 or 1 (possible separation)")
        if not fit.converged:
            raise EstimationError("logit with absorbed effects did not converge; no result reported", model=name,
                                  diagnostics={"iterations": fit.iterations, "nobs": n, "k": k})
        break
    else:  # pragma: no cover - each round drops at least one column or one row
        raise EstimationError("separation handling did not terminate", model=name)

    # 5. inference
    step = final_step(Xk, list(fe_k.values()), fit.mu, demean_method=opts.get("demean_method", "auto"))
    e = yk - fit.mu
    cl = {cv: codes[keep] for cv, codes in clusters.items()}
    for cv, codes in cl.items():
        if np.unique(codes).size < 2:
            raise EstimationError(f"cluster variable '{cv}' has fewer than 2 clusters in the estimation sample", model=name)
    hs = list(fe_k)
    if len(hs) == 1:
        red = 0
    else:
        comp = connected_components(fe_k[hs[0]], fe_k[hs[1]], levels[hs[0]], levels[hs[1]])
        red = comp + len(hs) - 2
    nested = {h: any(_nested(fe_k[h], c) for c in cl.values()) for h in hs} if vtype == "cluster" else {}
    dof = DofInfo(nobs=n, k=k, fe_levels=levels, redundant=red, redundant_exact=red, nested=nested)
    K_rank = dof.K("statsmodels", clustered=False)
    K = dof.K("fixest", clustered=vtype == "cluster") if conv == "fixest" else K_rank
    V, Gs, details = ml_sandwich(step.bread, step.Xt * e[:, None], vtype, conv, cl, n_params=K)
    details += f"; K = {K} (regressors + fixed-effect levels{' as fixest' if conv == 'fixest' else ''})"
    se = np.sqrt(np.clip(np.diag(V), 0, None))
    level = float(opts["level"])
    b = fit.beta
    coefs = estimate_map(kn, b, se, None, level)
    odds = {nm: OddsRatio(float(np.exp(x.estimate)), float(np.exp(x.ci_low)), float(np.exp(x.ci_high)))
            for nm, x in coefs.items()}

    def me_cov(fm):
        if vtype == "iid":
            return ml_sandwich(fm.jhj, fm.psi, vtype, conv, cl, n_params=K)[0]
        return ml_sandwich(np.eye(len(fm.names)), fm.psi * e[:, None], vtype, conv, cl, n_params=K)[0]

    mfx: dict = {}
    extra: dict[str, Any] = {"depvar_mean": float(yk.mean()), "vcov_details": details, "fe_counts": dict(levels),
                             "fe_separation": fe_sep, "absorb_method": "IRLS with weighted demeaning",
                             "demean_method": fit.demean_method, "param_names": kn}
    if k:
        fm = fe_marginal_effects(step, Xk, b, fit.eta, kn)
        mfx = estimate_map(fm.names, fm.ame, np.sqrt(np.clip(np.diag(me_cov(fm)), 0, None)), None, level)
        if opts["discrete_change"]:
            groups = {j: g for g in categorical_groups(kn).values() for j in g}
            binary = [j for j in range(k) if is_binary(Xk[:, j])]
            if binary:
                fd = fe_marginal_effects(step, Xk, b, fit.eta, kn, discrete=binary, groups=groups)
                dse = np.sqrt(np.clip(np.diag(me_cov(fd)), 0, None))
                extra["discrete_change_ame"] = {nm: x.to_dict() for nm, x in estimate_map(fd.names, fd.ame, dse, None, level).items()}
            else:
                extra["discrete_change_ame"] = {}
    n1 = float(yk.sum())
    llnull = n1 * np.log(n1 / n) + (n - n1) * np.log(1 - n1 / n)
    llf = fit.loglik
    fitd = {"nobs": n, "loglik": llf, "loglik_null": float(llnull), "pseudo_r2": float(1.0 - llf / llnull),
            "aic": float(-2 * llf + 2 * K_rank), "bic": float(-2 * llf + K_rank * np.log(n)), "converged": True,
            "iterations": fit.iterations, "df_model": K_rank - 1}
    notes.insert(0, f"absorbed {', '.join(f'{h} ({g} levels)' for h, g in levels.items())} inside IRLS by weighted "
                    "demeaning (no dummy columns); AMEs average over the estimation sample with the effects included")
    est._log(opts, name, f"done: {n} obs, {k} regressors, {fit.iterations} IRLS steps, loglik {llf:.4f}")
    return Result(
        name=name, kind="logit", nobs=n, coefficients=coefs, outcome=design.spec.outcome or "",
        marginal_effects=mfx, odds_ratios=odds, fit=fitd,
        vcov=VcovInfo(type=vtype, clusters=Gs, convention=conv, df=None, details=details),
        absorbed=tuple(design.fe), dropped_terms=tuple(dropped), sample_log=tuple(log),
        notes=tuple(design.notes) + tuple(notes), extra=extra, params=b, cov=V,
    )
