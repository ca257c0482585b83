"""Binary logit: coefficients, average marginal effects, odds ratios, robust/cluster SEs.

Fitting is statsmodels' ``discrete_model.Logit`` (Newton-Raphson); everything around it is
ours because statsmodels' defaults differ from Stata's ``logit`` or do not scale. With absorbed
effects (``absorb:``) the fit is ``feglm_fit.fit_fe_logit`` instead: IRLS with the effects
projected out by weighted demeaning, as fixest's feglm (docs/fe_logit.md); the option
``absorb_as_dummies`` brings back the dummy columns.

- AMEs: analytic O(N K) formulas in ``econ_ai.kinds.logit.margins`` (statsmodels'
  ``get_margeff(at="overall")`` allocates N x K x K arrays: ~23 GB extrapolated for 157k firms
  and 99 columns in benchmarks/bench_logit.py, and a process killed at ~190 GB on a wider design).
- Separation: reported by variable and handled as Stata does (``econ_ai.kinds.logit.separation``);
  a fit that does not converge raises ``EstimationError`` instead of returning a huge coefficient.
- Collinear columns: dropped in column order with a note (the spec's order decides).
- Covariance conventions (``design.spec.vcov.convention``), with V0 = inverse of the negative
  Hessian (Stata's OIM), s_i = (y_i - p_i) x_i the scores, and ``meat`` their outer product
  summed within clusters (one row per cluster for ``hc1``):

  ============  ===========  ==================  ==================================
  convention    iid          hc1 (robust)        cluster (one way)
  ============  ===========  ==================  ==================================
  reghdfe,      V0           N/(N-1) V0 M V0     G/(G-1) V0 M V0
  stata         (Stata logit; vce(robust) is vce(cluster id) with G = N)
  statsmodels   V0           V0 M V0 (HC0: what  G/(G-1) (N-1)/(N-K) V0 M V0
                             statsmodels' Logit  (cov_type="cluster", default
                             cov_type="HC1"      use_correction=True)
                             computes)
  fixest        (N-1)/(N-K)  N/(N-K) V0 M V0     G/(G-1) (N-1)/(N-K) V0 M V0
                V0           (ssc adj=TRUE, cluster.adj=TRUE; as pyfixest.feglm)
  ============  ===========  ==================  ==================================

  Two-way clustering (Cameron, Gelbach and Miller 2011): V = V_a + V_b - V_ab, where V_ab
  clusters on the intersection. reghdfe/stata and statsmodels adjust each term with its own G
  (statsmodels' ``cov_cluster_2groups``); fixest uses min(G_a, G_b) for every term
  (``cluster.df = "min"``). Inference is normal (z), as Stata's logit, for every convention.
  Checked against Stata (Spector OIM and robust; Poisson cluster for the ML cluster
  convention) and pyfixest; see fixtures/reference/logit/SOURCE.md.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np

from econ_ai.design import Design
from econ_ai.errors import EstimationError, did_you_mean
from econ_ai.kinds.logit.margins import logit_ame, logit_discrete_ame
from econ_ai.inference.estimates import estimate_map
from econ_ai.inference.vcov import ML_CONVENTIONS as CONVENTIONS
from econ_ai.inference.vcov import TYPES as VCOV_TYPES
from econ_ai.inference.vcov import ml_sandwich
from econ_ai.kinds.logit.options import LogitOptions
from econ_ai.kinds.options import KindEstimator
from econ_ai.kinds.logit.separation import apply_dummy_separation, collinear_columns, dummy_separation, lp_separation
from econ_ai.results import Estimate, OddsRatio, Result, VcovInfo
from econ_ai.provenance import SampleStep

INTERCEPT = "Intercept"
# the LP separation check runs before fitting when n * k is at most this; above it, only
# when the fit looks separated (not converged, or fitted probabilities at 0 or 1)
LP_AUTO_MAX_CELLS = 500_000


class Logit(KindEstimator):
    """Binary logit; options: :class:`LogitOptions` (separation ``drop`` | ``raise``,
    separation_lp ``auto`` | ``always`` | ``never``, discrete_change, maxiter, tol, level)."""

    kind = "logit"
    Options = LogitOptions

    def _log(self, opts: LogitOptions, name: str, msg: str) -> None:
        if not opts["quiet"]:
            print(f"[logit {name}] {msg}", file=sys.stderr, flush=True)

    @staticmethod
    def _columns(design: Design) -> tuple[np.ndarray, list[str], list[str]]:
        X = np.empty((design.nobs, 0)) if design.X is None else np.asarray(design.X, dtype=float)
        if X.ndim == 1:
            X = X[:, None]
        names, notes = list(design.terms), []
        blocks = [np.ones((X.shape[0], 1)), X]
        for fe, codes in (design.fe or {}).items():  # absorbed effects as dummies (first level dropped)
            codes = np.asarray(codes)
            levels = np.unique(codes)[1:]
            blocks.append((codes[:, None] == levels[None, :]).astype(float))
            names += [f"C({fe})[T.{lv}]" for lv in levels]
            notes.append(f"absorbed {fe} entered as {levels.size} dummy columns (first level dropped)")
        return np.hstack(blocks), [INTERCEPT] + names, notes

    # ------------------------------------------------------------------ fit
    def fit(self, design: Design) -> Result:
        opts = self.resolve_options(design)
        name, spec = design.name, design.spec
        if design.y is None:
            raise EstimationError("logit needs an outcome (design.y is None)", model=name)
        y = np.asarray(design.y, dtype=float).ravel()
        if not np.all(np.isfinite(y)) or not np.all(np.isin(y, (0.0, 1.0))):
            bad = np.unique(y[~np.isin(y, (0.0, 1.0))])[:5]
            raise EstimationError(f"logit outcome {spec.outcome or ''!s} must be 0/1; found values {bad.tolist()}",
                                  model=name)
        vt = spec.vcov
        vtype, conv = vt.type, vt.convention
        if vtype not in VCOV_TYPES:
            raise EstimationError(f"unknown vcov type '{vtype}'{did_you_mean(vtype, VCOV_TYPES)}", model=name)
        if conv not in CONVENTIONS:
            raise EstimationError(f"unknown vcov convention '{conv}'{did_you_mean(conv, CONVENTIONS)}", model=name)
        clusters: dict[str, np.ndarray] = {}
        if vtype == "cluster":
            for cv in vt.cluster:
                if cv not in design.clusters:
                    raise EstimationError(f"cluster variable '{cv}' not in the design{did_you_mean(cv, design.clusters)}",
                                          model=name)
                clusters[cv] = np.asarray(design.clusters[cv])
            if len(clusters) not in (1, 2):
                raise EstimationError("vcov cluster needs one or two variables", model=name)
        if design.fe and not opts["absorb_as_dummies"]:  # absorbed inside IRLS (kinds/logit/feglm.py)
            from econ_ai.kinds.logit.feglm_fit import fit_fe_logit

            return fit_fe_logit(self, design, opts, y, clusters, vtype, conv)
        if design.fe and not opts["absorb_as_dummies"]:  # absorbed inside IRLS (econ_ai.estimators.feglm)
            from econ_ai.estimators.feglm_fit import fit_fe_logit

            return fit_fe_logit(self, design, opts, y, clusters, vtype, conv)
        X, names, notes = self._columns(design)
        if not np.all(np.isfinite(X)):
            raise EstimationError("non-finite values in X (prepare should have dropped them)", model=name)

        log = list(design.sample_log)
        dropped: list[str] = []
        keep = np.ones(y.shape[0], dtype=bool)
        cols = np.ones(len(names), dtype=bool)

        # 1. Stata's perfect-prediction rule for 0/1 regressors
        found, keep = dummy_separation(y, X, names)
        apply_dummy_separation(found, raise_error=opts["separation"] == "raise", model=name, cols=cols, names=names,
                               dropped=dropped, notes=notes, log=log, remaining=y.shape[0])
        for _round in range(len(names) + 20):
            yk = y[keep]
            if yk.size == 0 or yk.min() == yk.max():
                raise EstimationError("outcome does not vary in the estimation sample"
                                      + (" after dropping perfectly predicted observations" if keep.sum() < y.size else ""),
                                      model=name, diagnostics={"nobs": int(yk.size)})
            # 2. collinear columns, in column order
            idx = np.flatnonzero(cols)
            Xk = X[np.ix_(keep, idx)]
            for j in collinear_columns(Xk):
                cols[idx[j]] = False
                dropped.append(names[idx[j]])
                notes.append(f"{names[idx[j]]} omitted because of collinearity")
            idx = np.flatnonzero(cols)
            Xk, kn = X[np.ix_(keep, idx)], [names[i] for i in idx]
            n, k = Xk.shape
            # 3. LP separation check before fitting on small designs
            run_lp = opts["separation_lp"] == "always" or (opts["separation_lp"] == "auto" and n * k <= LP_AUTO_MAX_CELLS)
            if run_lp:
                if self._handle_lp(lp_separation(yk, Xk, kn), Xk, kn, keep, cols, names, dropped, notes, log, opts, name):
                    continue
            # 4. fit
            self._log(opts, name, f"fitting n={n} k={k}")
            res, warned = self._fit_sm(yk, Xk, opts, name)
            conv_ok = bool(res.mle_retvals.get("converged", False))
            eta = Xk @ res.params
            suspicious = (not conv_ok) or warned or float(np.abs(eta).max()) > 17.0
            if suspicious and opts["separation_lp"] != "never":
                sep = lp_separation(yk, Xk, kn)
                if sep.separated:
                    if self._handle_lp(sep, Xk, kn, keep, cols, names, dropped, notes, log, opts, name):
                        continue
            if suspicious and conv_ok and opts["separation_lp"] == "never":
                n01 = int((np.abs(eta) > 17.0).sum())
                notes.append(f"warning: fitted probabilities of {n01} obs are numerically 0 or 1 (possible "
                             "separation; the separation check is off: separation_lp = never)")
            if not conv_ok:
                raise EstimationError(
                    "logit did not converge; no result reported", model=name,
                    diagnostics={"iterations": res.mle_retvals.get("iterations"), "max_abs_coef": float(np.abs(res.params).max()),
                                 "max_abs_xb": float(np.abs(eta).max()), "nobs": n, "k": k})
            break
        else:  # pragma: no cover - each round drops at least one column or one row
            raise EstimationError("separation handling did not terminate", model=name,
                                  diagnostics={"rounds": len(names) + 20})

        return self._result(design, opts, res, yk, Xk, kn, keep, clusters, vtype, conv, log, dropped, notes)

    @staticmethod
    def _handle_lp(sep, Xk, kn, keep, cols, names, dropped, notes, log, opts, name) -> bool:
        """Apply an LP separation finding; True when something was dropped (refit needed).

        Only 0/1 columns in the separating direction (e.g. levels of a categorical): drop the
        perfectly predicted observations, as Stata's rule for dummies does (the columns left
        constant go in the collinearity check). A continuous variable in it: drop the
        variables of the direction. Complete separation, or ``separation: raise``: error.
        """
        if not sep.separated:
            return False
        if sep.complete or opts["separation"] == "raise" or not sep.terms:
            raise EstimationError(
                sep.message() + ("; no finite estimates exist" if sep.complete else ""),
                model=name, diagnostics={"separation": "complete" if sep.complete else "quasi-complete",
                                         "terms": "|".join(sep.terms), "obs_predicted": sep.n})
        binary = all(((Xk[:, kn.index(t)] == 0) | (Xk[:, kn.index(t)] == 1)).all() for t in sep.terms)
        if binary:
            keep[np.flatnonzero(keep)[sep.rows]] = False
            notes.append(sep.message() + "; those obs not used")
            log.append(SampleStep(f"separation: {sep.n} obs completely determined by {', '.join(sep.terms)}",
                                  sep.n, int(keep.sum())))
            return True
        for t in sep.terms:
            cols[names.index(t)] = False
            dropped.append(t)
        notes.append(sep.message() + f"; dropped {', '.join(sep.terms)}")
        return True

    @staticmethod
    def _fit_sm(y, X, opts, name=None):
        from statsmodels.discrete.discrete_model import Logit as SMLogit
        from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning

        # check_rank=False: collinear columns are already dropped (statsmodels' own rank check is
        # a QR of the n x k matrix, as slow as two Newton steps)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            try:
                res = SMLogit(y, X, check_rank=False).fit(method="newton", maxiter=int(opts["maxiter"]), tol=float(opts["tol"]), disp=0)
            except np.linalg.LinAlgError as exc:
                raise EstimationError(f"logit Hessian is singular ({exc}); no result reported", model=name,
                                      diagnostics={"nobs": int(X.shape[0]), "k": int(X.shape[1])}) from exc
        warned = any(issubclass(w.category, (PerfectSeparationWarning, HessianInversionWarning)) for w in rec)
        if any(issubclass(w.category, ConvergenceWarning) for w in rec):
            res.mle_retvals["converged"] = False
        return res, warned

    def _result(self, design, opts, res, y, X, kn, keep, clusters, vtype, conv, log, dropped, notes) -> Result:
        n, k = X.shape
        b = np.asarray(res.params, dtype=float)
        from scipy.special import expit

        p = expit(X @ b)
        bread = np.asarray(res.normalized_cov_params, dtype=float)
        scores = X * (y - p)[:, None]
        cl = {cv: codes[keep] for cv, codes in clusters.items()}
        for cv, codes in cl.items():
            if np.unique(codes).size < 2:
                raise EstimationError(f"cluster variable '{cv}' has fewer than 2 clusters in the estimation sample",
                                      model=design.name)
        V, Gs, details = ml_sandwich(bread, scores, vtype, conv, cl)
        se = np.sqrt(np.clip(np.diag(V), 0, None))
        level = float(opts["level"])
        # table order: terms as in the design, intercept last (as Stata)
        order = [j for j, nm in enumerate(kn) if nm != INTERCEPT] + [kn.index(INTERCEPT)]
        coefs = estimate_map([kn[j] for j in order], b[order], se[order], None, level)
        odds = {nm: OddsRatio(float(np.exp(e.estimate)), float(np.exp(e.ci_low)), float(np.exp(e.ci_high)))
                for nm, e in coefs.items()}
        me = logit_ame(X, b, V, kn)
        mfx = estimate_map(me.names, me.ame, me.std_error, None, level)
        extra: dict[str, Any] = {"depvar_mean": float(y.mean()), "vcov_details": details}
        if opts["discrete_change"]:
            dc = logit_discrete_ame(X, b, V, kn)
            extra["discrete_change_ame"] = {nm: e.to_dict() for nm, e in estimate_map(dc.names, dc.ame, dc.std_error, None, level).items()}
        n1 = float(y.sum())
        llnull = n1 * np.log(n1 / n) + (n - n1) * np.log(1 - n1 / n)
        llf = float(res.llf)
        fit = {"nobs": n, "loglik": llf, "loglik_null": float(llnull), "pseudo_r2": float(1.0 - llf / llnull),
               "aic": float(-2 * llf + 2 * k), "bic": float(-2 * llf + k * np.log(n)), "converged": True,
               "iterations": int(res.mle_retvals.get("iterations", -1)), "df_model": k - 1}
        self._log(opts, design.name, f"done: {n} obs, {k} columns, loglik {llf:.4f}")
        return Result(
            name=design.name, kind="logit", nobs=n, coefficients=coefs, outcome=design.spec.outcome or "",
            marginal_effects=mfx, odds_ratios=odds, fit=fit,
            vcov=VcovInfo(type=vtype, clusters=Gs, convention=conv, df=None, details=details),
            absorbed=tuple(design.spec.absorb), dropped_terms=tuple(dropped), sample_log=tuple(log),
            notes=tuple(design.notes) + tuple(notes), extra=extra,
            params=b[order], cov=V[np.ix_(order, order)],
        )
