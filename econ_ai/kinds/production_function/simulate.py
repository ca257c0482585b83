"""Simulated plant panels from the Ackerberg, Caves and Frazer (2015, Econometrica, section 5
and appendix) Monte Carlo design, with known elasticities.

Cobb-Douglas value added ``y = b_l l + b_k k + omega + e`` (b_l = 0.6, b_k = 0.4,
sd(e) = 0.1). Productivity AR(1) with rho = 0.7 and stationary sd 0.3, evolving in two steps
``t-1 -> t-b -> t`` so labour can be chosen at ``t-b``. Log wages firm-specific AR(1)
(rho 0.3). Capital ``K_t = (1-delta) K_{t-1} + I_{t-1}`` (delta = 0.2);
investment is the closed-form rule of ACF's appendix: the discounted (0.95) sum of expected
marginal profits of capital, scaled by a firm-specific inverse adjustment cost
``exp(N(0, 0.6))``; here the variance constants inside the expectation are those of the
stationary AR(1) (a simplification that shifts the level of investment, not its dependence
on omega). Labour from the static first-order condition given ``omega_{t-b}``, the wage and
capital, plus optional optimisation error. Materials are Leontief in value added,
``m = b_l l* + b_k k + omega`` (l* = labour without optimisation error, "planned" materials
as in ACF), plus optional measurement error proportional to sd(m).

``dgp`` (ACF's three designs; parameters as prodest's ``panelSim``):

- 1: wage variation (sd 0.1), labour chosen at t-b with b = 0.5, no optimisation error;
- 2: no wage variation, b = 0, optimisation error in labour sd 0.37;
- 3: wage variation, b = 0.5 and optimisation error 0.37.

``meas_error`` (0, 0.1, 0.2, 0.5 in ACF) is the variance share of measurement error in m.
A burn-in (default 30 periods) is simulated and dropped.
"""

from __future__ import annotations

import numpy as np

DGPS = {1: (0.1, 0.5, 0.0), 2: (0.0, 0.0, 0.37), 3: (0.1, 0.5, 0.37)}  # sd ln wage, b, sd opt. error


def simulate_acf(
    n_firms: int = 1000,
    n_periods: int = 10,
    *,
    dgp: int = 1,
    meas_error: float = 0.0,
    burn_in: int = 30,
    beta_l: float = 0.6,
    beta_k: float = 0.4,
    rho: float = 0.7,
    sig_eps: float = 0.1,
    sig_omega: float = 0.3,
    rho_w: float = 0.3,
    horizon: int = 40,
    seed: int = 123456,
):
    """DataFrame with ``firm, year, y, l, k, m, i`` (logs), ``omega`` and ``exit`` (all 0)."""
    import pandas as pd

    if dgp not in DGPS:
        raise ValueError(f"dgp must be 1, 2 or 3, got {dgp}")
    sig_w, b, sig_opt = DGPS[dgp]
    rng = np.random.default_rng(seed)
    N, T = int(n_firms), int(n_periods) + int(burn_in)
    rho1, rho2 = rho ** (1 - b), rho**b
    s1 = np.sqrt((1 - rho1**2) * sig_omega**2)
    s2 = np.sqrt((1 - rho2**2) * sig_omega**2)
    sw = np.sqrt((1 - rho_w**2) * sig_w**2)
    disc, delta, sig_adj = 0.95, 0.2, 0.6
    inv_adj = np.exp(rng.normal(0, sig_adj, N))
    sq = beta_l ** (beta_l / (1 - beta_l)) * np.exp(0.5 * beta_l**2 * sig_opt**2) - beta_l ** (1 / (1 - beta_l)) * np.exp(0.5 * sig_opt**2)
    const1 = disc * (beta_k / (1 - beta_l)) * sq
    tau = np.arange(1, horizon + 1)
    disc_t = (disc * (1 - delta)) ** (tau - 1)
    a_t = rho**tau / (1 - beta_l)
    bw_t = -beta_l / (1 - beta_l) * rho_w**tau
    var_t = 0.5 * (1 / (1 - beta_l)) ** 2 * sig_omega**2 * (1 - rho ** (2 * tau)) + 0.5 * (beta_l / (1 - beta_l)) ** 2 * sig_w**2 * (1 - rho_w ** (2 * tau))
    c_t = disc_t * np.exp(var_t)

    omega = rng.normal(0, sig_omega, N)
    w = rng.normal(0, sig_w, N) if sig_w > 0 else np.zeros(N)
    k = None
    inv_prev = None
    out = {key: np.empty((N, T)) for key in ("y", "l", "k", "m", "i", "omega")}
    for t in range(T):
        omega_b = rho1 * omega + rng.normal(0, s1, N)
        omega = rho2 * omega_b + (rng.normal(0, s2, N) if s2 > 0 else 0.0)
        w = rho_w * w + (rng.normal(0, sw, N) if sw > 0 else 0.0)
        inv = np.zeros(N)
        for j in range(horizon):
            inv += c_t[j] * np.exp(a_t[j] * omega + bw_t[j] * w)
        inv *= inv_adj * const1
        k = np.log(inv) if k is None else np.log((1 - delta) * np.exp(k) + inv_prev)
        l_true = (s2**2 / 2 + np.log(beta_l) + rho2 * omega_b - w + beta_k * k) / (1 - beta_l)
        lab = l_true + (rng.normal(0, sig_opt, N) if sig_opt > 0 else 0.0)
        out["y"][:, t] = beta_l * lab + beta_k * k + omega + rng.normal(0, sig_eps, N)
        out["m"][:, t] = beta_l * l_true + beta_k * k + omega
        out["l"][:, t], out["k"][:, t], out["i"][:, t], out["omega"][:, t] = lab, k, np.log(inv), omega
        inv_prev = inv
    keep = slice(burn_in, T)
    df = pd.DataFrame({key: v[:, keep].ravel() for key, v in out.items()})
    if meas_error > 0:
        df["m"] = df["m"] + np.sqrt(meas_error) * rng.normal(0, df["m"].std(), len(df))
    df.insert(0, "year", np.tile(np.arange(1, n_periods + 1), N))
    df.insert(0, "firm", np.repeat(np.arange(N), n_periods))
    df["exit"] = 0
    return df
