"""Firm-year production and finance DGP, simulated on a firm x year grid (2010-2023).

Per employer firm i and year t (group g: 0 non-AI, 1 AI without VC, 2 AI with VC; age a):

    omega_it = a_i + trend_it + v_it,            v_it = rho v_i,t-1 + xi_it   (rho = 1: a
               random walk with a drift known from group, age and year: first-order Markov)
    trend_it = g_omega[g] a + g_omega_young[g] (1 - exp(-a/tau)) + ai_wave[g] W_t,
               W_t = clip((t - ai_wave_start) / ai_wave_years, 0, 1)   (calendar AI wave)
    a_i      = omega0_mean[g] + omega0_sd[g] z_i + omega0_cohort[g] max(cohort_ref - founded, 0)
               + scaler_omega S_i          (S_i = 1 for AI scale-ups, share scaler_share[g],
                                            spread exactly over the founding cohorts)
    l_it     = base_it + lam * v_i,t-1 + ai_wave_l[g] W_t   (ACF timing: chosen before omega_t)
    base_it  = base_i,t-1 + g_l[g] + g_l_young exp(-a/3) + g_l_young_ai[g] exp(-(a-1)/tau)
               + u_i + scaler_growth S_i + eta_it
    k_it     = log K_it, K_it = tangible assets at the START of t (previous 22/27)
    va_it    = b0 + omega_it + b_l l_it + b_k k_it + eps_it           (value added, EUR)
    M_it     = exp(b0 + omega_it + (b_l + b_k) k_it + m_shift) * s_it/(1-s_it)
               (intermediates: strictly increasing in omega_it given k, free of labour; s_it
               a function of sector, AI group and age only -> LP / Wooldridge / ACF proxy)
    turnover = VA + M;  wage bill = FTE * wage (wage: group, age, scale-up, firm effects);
    depreciation = delta K + amortisation
    EBIT     = VA - wage bill - depreciation + other operating items (VA * N(other_mean[g],
               other_sd): VC firms burn cash on growth)
    I_it     = K_it exp(log(delta + .02) + psi_omega (omega_it - a_i - trend_it)
               + psi_gap (l_it + log kappa_it - k_it))   (monotone in omega_it)
    K_i,t+1  = (1 - delta) K_it + I_it  (= reported 22/27 of year t)

Balance sheet: equity accumulates after-tax profit and VC rounds; financial debt is a share
of tangible assets; trade payables / receivables are shares of flows; when cash falls below a
minimum the firm borrows (debts 17/49). Exits of non-AI firms: yearly hazard rising when
productivity is low; AI exits are fixed by the AI list. FTE are reported to 0.1, EUR to the
unit; the production function holds for the REPORTED log FTE.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.data.synth import params as P

YEARS = np.arange(P.FIRST_YEAR, P.LAST_YEAR + 1)
FIELDS = ("turnover", "m60", "m61", "value_added", "employees", "wage_bill", "depreciation",
          "ebit", "tangible_assets", "intangible_assets", "investment", "equity",
          "total_assets", "debts", "omega")


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    return np.log(p / (1.0 - p))


def _exact_share(rng: np.random.Generator, g: np.ndarray, share: tuple,
                 strata: np.ndarray | None = None) -> np.ndarray:
    """Flags for exactly round(share[grp] * n_grp) random members of each group (not a
    Bernoulli draw each): the few AI scale-ups carry a large part of the AI staff and wage
    bill (Figure 4), so their NUMBER must not vary from seed to seed. With ``strata`` (the
    founding year) the group's count is also spread over the strata in proportion to their
    sizes (largest remainder), so the AGE mix of the scale-ups does not vary either: an old
    scale-up weighs many times a young one in the 2023 sums."""
    out = np.zeros(len(g), dtype=bool)
    for grp, sh in enumerate(share):
        idx = np.flatnonzero(g == grp)
        k = int(round(float(sh) * len(idx)))
        if k <= 0:
            continue
        if strata is None:
            out[rng.choice(idx, size=k, replace=False)] = True
            continue
        labels, sizes = np.unique(strata[idx], return_counts=True)
        quota = k * sizes / sizes.sum()
        take = np.floor(quota).astype(int)
        rest = k - int(take.sum())
        if rest > 0:  # largest remainders, ties broken at random
            order = np.lexsort((rng.random(len(quota)), -(quota - take)))
            take[order[:rest]] += 1
        for lab, t in zip(labels, take):
            if t > 0:
                members = idx[strata[idx] == lab]
                out[rng.choice(members, size=int(t), replace=False)] = True
    return out


def simulate_employers(rng: np.random.Generator, firms: pd.DataFrame, d: P.Dgp = P.DGP
                       ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Simulate employer firms (rows of ``firms``) on the year grid. Returns (fields -> N x T
    arrays, NaN before founding) and the exit year drawn for non-AI firms (0 = none)."""
    n, T = len(firms), len(YEARS)
    g = firms["group"].to_numpy(int)
    f = firms["founded"].to_numpy(int)
    sec = firms["division"].map(lambda s: P.SECTORS.get(s, (1.0, 0.45, 1.0))).to_list()
    s_sec = np.array([x[1] for x in sec])
    k_fac = np.array([x[2] for x in sec])
    pick = lambda tup: np.asarray(tup, float)[g]  # noqa: E731
    fixed_exit = firms["exit_year"].to_numpy(int)
    share60 = np.where(firms["division"].to_numpy(str) < "50", 0.7, 0.3)  # goods vs services
    draw_exit = firms["role"].to_numpy() != "ai"

    out = {k: np.full((n, T), np.nan) for k in FIELDS}
    z_a = rng.normal(0, 1.0, n)
    a_i = (pick(d.omega0_mean) + z_a * pick(d.omega0_sd)
           + pick(d.omega0_cohort) * np.maximum(d.cohort_ref - f, 0))  # listed survivors of early cohorts
    rho_ul = pick(d.omega_growth_corr)  # big AI employers: lower start-up TFP (compresses VA)
    u_i = (rho_ul * z_a + np.sqrt(1 - rho_ul**2) * rng.normal(0, 1.0, n)) * pick(d.g_l_firm_sd)
    scaler = _exact_share(rng, g, d.scaler_share, f)  # AI scale-ups: faster staff growth, lower TFP
    u_i = u_i + scaler * d.scaler_growth
    a_i = a_i + scaler * d.scaler_omega
    g_ly = pick(d.g_l_young_ai)
    w_i = rng.normal(0, d.wage_firm_sd, n)
    s_i = _logit(s_sec) + pick(d.s_ai_shift) + rng.normal(0, d.s_firm_sd, n)
    has_int = rng.random(n) < pick(d.intangible_share)
    psi0_i = rng.normal(0, 0.2, n)
    v_sd0 = d.sigma_xi / np.sqrt(1 - d.rho**2) if d.rho < 1 else 0.0
    v = rng.normal(0, 1.0, n) * v_sd0
    age0 = np.maximum(P.FIRST_YEAR - f, 0)
    base = np.maximum(rng.normal(pick(d.l0_mean), pick(d.l0_sd)), 0.0) + np.minimum(0.05 * age0, 1.0)
    kappa0 = d.kappa_sector * k_fac * pick(d.kappa_ai)
    L0 = np.maximum(np.round(np.exp(base), 1), 1.0)
    K = kappa0 * L0 * np.exp(rng.normal(0, 1.0, n) * d.k0_sd * pick(d.k0_sd_ai))
    Int = np.zeros(n)
    E = np.exp(rng.normal(d.equity0_log_mean, 0.6, n)) + np.where(g == 2, np.exp(
        rng.normal(d.vc_round_log_mean, d.vc_round_sd, n)), 0.0)
    FD = pick(d.debt_ratio) * K
    started = np.zeros(n, bool)
    alive = np.ones(n, bool)
    exit_year = np.where(draw_exit, 0, fixed_exit)
    for j, year in enumerate(YEARS):
        new = (~started) & (np.maximum(f, P.FIRST_YEAR) == year)
        cont = started & alive
        v_prev = v.copy()
        xi = rng.normal(0, d.sigma_xi, n)
        v = np.where(cont, d.rho * v + xi, v)
        age = year - f
        eta = rng.normal(0, d.sigma_eta, n)
        young = d.g_l_young * np.exp(-age / 3.0) + g_ly * np.exp(-(age - 1) / d.g_l_young_ai_tau)
        base = np.where(cont, base + pick(d.g_l) + young + u_i + eta, base)
        act = new | cont
        started |= new
        wave = np.clip((year - d.ai_wave_start) / d.ai_wave_years, 0.0, 1.0)
        trend = pick(d.g_omega) * age + pick(d.g_omega_young) * (1 - np.exp(-np.maximum(age, 0) / d.g_l_young_ai_tau))
        trend = trend + pick(d.ai_wave) * wave
        omega = a_i + trend + v
        lab = base + np.where(new, 0.0, d.lam * v_prev) + pick(d.ai_wave_l) * wave
        L = np.maximum(np.round(np.exp(lab), 1), 0.1)
        L = np.where(new, np.maximum(L, 1.0), L)  # employer starters start with >= 1 FTE
        lL = np.log(L)
        k = np.log(K)
        core = d.b0 + omega + d.b_l * lL + d.b_k * k
        s = _expit(s_i + pick(d.s_ai_age) * age)
        # materials: a function of (omega_t, k_t) only, scaled to the planned size of the firm
        # (m = f(omega, k) as Levinsohn-Petrin and Wooldridge need; ACF holds too)
        M = np.exp(d.b0 + omega + (d.b_l + d.b_k) * k + d.m_shift) * s / (1 - s)
        if d.l_opt_error_sd > 0:  # labour optimisation error realised after materials (ACF DGP2)
            L = np.where(new, L, np.maximum(np.round(L * np.exp(rng.normal(0, d.l_opt_error_sd, n)), 1), 0.1))
            lL = np.log(L)
            core = d.b0 + omega + d.b_l * lL + d.b_k * k
        VA = np.exp(core + rng.normal(0, d.sigma_eps, n))
        Q = VA + M
        wage = d.wage_base * np.exp(pick(d.wage_ai) + scaler * d.scaler_wage + pick(d.wage_age) * age + w_i
                                    + rng.normal(0, 0.03, n))
        W = L * wage
        J = np.where(has_int, pick(d.intangible_rate) * W, 0.0)
        D = d.delta * K + d.intangible_delta * Int
        Int_new = (1 - d.intangible_delta) * Int + J
        other = VA * rng.normal(pick(d.other_mean), d.other_sd)
        ebit = VA - W - D + other
        kappa = kappa0 * np.exp(-pick(d.kappa_ai_age) * age)
        expo = (np.log(d.delta + 0.02) + psi0_i + d.psi_omega * (omega - a_i - trend)
                + d.psi_gap * (lL + np.log(kappa) - k))
        inv = K * np.exp(np.clip(expo, -6.0, 1.5))
        B = (1 - d.delta) * K + inv
        ni = ebit - d.interest * FD
        ni = ni - d.tax * np.maximum(ni, 0.0)
        rnd = (g == 2) & cont & (age <= 6) & (rng.random(n) < d.vc_round_prob)
        inj = np.where(rnd, np.exp(rng.normal(d.vc_round_log_mean, d.vc_round_sd, n)), 0.0)
        E_new = np.where(new, E, E + ni + inj)
        fd = pick(d.debt_ratio) * B
        R = d.receivables * Q
        pay = d.payables * M + d.wage_payables * W  # trade payables; wages and social charges owed
        cash = E_new + fd + pay - B - Int_new - R
        short = np.maximum(d.min_cash * Q - cash, 0.0)
        cash = cash + short
        debts = fd + pay + short
        vals = {"turnover": Q, "m60": M * share60, "m61": M * (1 - share60), "value_added": VA,
                "employees": L, "wage_bill": W, "depreciation": D, "ebit": ebit,
                "tangible_assets": B, "intangible_assets": Int_new, "investment": inv,
                "equity": E_new, "total_assets": B + Int_new + R + cash, "debts": debts,
                "omega": omega}
        for key, val in vals.items():
            out[key][act, j] = val[act]
        # state for next year
        K = np.where(act, B, K)
        Int = np.where(act, Int_new, Int)
        E = np.where(act, E_new, E)
        FD = np.where(act, fd + short, FD)
        # exits (non-AI): hazard rises when productivity is below the firm's trend
        z = v / (d.sigma_xi * np.sqrt(np.maximum(age, 0) + 1.0))
        h = d.hazard_employer * np.exp(-d.hazard_omega * z)
        ex = act & draw_exit & (exit_year == 0) & (age >= 1) & (rng.random(n) < h)
        exit_year = np.where(ex, year, exit_year)
        alive = alive & ~ex
        # fixed exits (AI list) end the firm after its exit year
        alive = alive & ~((fixed_exit > 0) & (fixed_exit <= year))
    # exits in 2024 (legal situations up to 2024): same hazard on the last state
    h = d.hazard_employer * np.exp(-d.hazard_omega * 0.0)
    ex24 = draw_exit & alive & (exit_year == 0) & started & (rng.random(n) < h)
    exit_year = np.where(ex24, P.HISTORY_LAST_YEAR, exit_year)
    # unverified AI-list firms founded in 2024 have no accounts
    return out, exit_year


def simulate_no_employee(rng: np.random.Generator, firms: pd.DataFrame, d: P.Dgp = P.DGP
                         ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Starters without employees (FTE 0): a small value added, no wage bill, small assets."""
    n, T = len(firms), len(YEARS)
    f = firms["founded"].to_numpy(int)
    out = {k: np.full((n, T), np.nan) for k in FIELDS}
    m_i = rng.normal(10.6, 0.8, n)
    v = np.zeros(n)
    K = np.exp(rng.normal(9.5, 1.0, n))
    E = np.exp(rng.normal(9.9, 0.5, n))
    exit_year = np.zeros(n, int)
    alive = np.ones(n, bool)
    for j, year in enumerate(YEARS):
        age = year - f
        act = alive & (f <= year)
        v = 0.6 * v + rng.normal(0, 0.25, n)
        VA = np.exp(m_i + 0.02 * np.maximum(age, 0) + v)
        M = VA * 0.6
        D = d.delta * K
        ebit = VA * (0.35 + rng.normal(0, 0.25, n)) - D
        inv = K * np.exp(np.log(d.delta + 0.01) + rng.normal(0, 0.6, n))
        B = (1 - d.delta) * K + inv
        E_new = np.where(age == 0, E, E + ebit * 0.75)
        R = d.receivables * (VA + M)
        cash = E_new + 0.4 * B - B - R
        short = np.maximum(d.min_cash * (VA + M) - cash, 0.0)
        cash += short
        debts = 0.4 * B + short
        vals = {"turnover": VA + M, "m60": M * 0.5, "m61": M * 0.5, "value_added": VA,
                "employees": np.zeros(n), "wage_bill": np.zeros(n), "depreciation": D,
                "ebit": ebit, "tangible_assets": B, "intangible_assets": np.zeros(n),
                "investment": inv, "equity": E_new, "total_assets": B + R + cash,
                "debts": debts, "omega": v}
        for key, val in vals.items():
            out[key][act, j] = val[act]
        K = np.where(act, B, K)
        E = np.where(act, E_new, E)
        ex = act & (age >= 1) & (rng.random(n) < d.hazard_no_employee * np.exp(-0.5 * v / 0.3))
        exit_year = np.where(ex, year, exit_year)
        alive &= ~ex
    ex24 = alive & (rng.random(n) < d.hazard_no_employee)
    exit_year = np.where(ex24, P.HISTORY_LAST_YEAR, exit_year)
    return out, exit_year
