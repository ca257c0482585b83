"""The cases of ``make bench`` (benchmarks/run_all.py): data files, econ_ai specs, peers.

Every case is one regression on one seeded synthetic Parquet file (written once into the work
folder, outside the timings), run as whole processes: ``econ-ai run SPEC --format json`` for
econ_ai (Python start-up, imports, reading the file, preparing the design, fitting, writing
the results) and ``benchmarks/peers.py`` for each peer (start-up, imports, reading the same
file, fitting, writing the estimates).

- ``fe_ols_<n>``: the firm-year panel of bench_fe_ols.make_panel (157k firms -> 1.2M rows; the
  0.3M and 5M cases are the panel at 1/4 and 4x), ``y ~ ai + log_emp + log_tang + log_intang |
  nace3 + year``, clustered by firm (reghdfe convention; pyfixest CRV1, linearmodels debiased
  clustered: the same K and factor here, nace3 being nested in firm).
- ``fe_logit``: the issue's logit: 157k firms, 13 regressors (8 rare 0/1 technology-like flags,
  2 other 0/1 flags, a count, log size, age), ``absorb: [nace3]`` (270 levels), HC1 under the
  fixest convention (pyfixest ``hetero``). ``fe_logit_dummies`` is the same spec with
  ``absorb_as_dummies: true`` (the path before the fixed-effect logit).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_fe_ols import N_FULL, make_panel  # noqa: E402

N_NACE3 = 270


def make_firms(n: int, seed: int = 2026) -> pd.DataFrame:
    """Cross-section of firms for the fixed-effect logit (outcome ``failed``, ~12%)."""
    rng = np.random.default_rng(seed)
    nace = rng.choice(N_NACE3, n, p=rng.dirichlet(np.full(N_NACE3, 3.0)))
    flags = (rng.random((n, 8)) < np.linspace(0.03, 0.25, 8)).astype(float)
    other = (rng.random((n, 2)) < np.array([0.1, 0.4])).astype(float)
    count = rng.poisson(1.5, n).astype(float)
    size = rng.normal(1.0, 1.0, n)
    age = rng.integers(1, 15, n).astype(float)
    R = np.column_stack([flags, other, count, size, age])
    beta = np.r_[rng.normal(scale=0.3, size=10), -0.1, -0.2, 0.03]
    eta = -2.3 + (R - R.mean(0)) @ beta + rng.normal(scale=0.4, size=N_NACE3)[nace]
    df = pd.DataFrame(R, columns=[f"r{j:02d}" for j in range(R.shape[1])])
    df["nace3"] = 1000 + nace
    df["failed"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return df


@dataclass
class Case:
    name: str
    label: str
    model: str  # fe_ols | fe_logit (peers.py MODEL)
    build: object  # () -> DataFrame
    spec: str  # YAML with {data}
    peers: tuple[str, ...]
    sizes: dict = field(default_factory=dict)


FE_OLS_SPEC = """\
kind: fe_ols
data: {data}
regressors: [ai, log_emp, log_tang, log_intang]
absorb: [nace3, year]
vcov: {{cluster: firm}}
models:
  - {{name: m, outcome: y}}
"""

LOGIT_SPEC = """\
kind: logit
data: {data}
regressors: [{regs}]
absorb: [nace3]
vcov: {{type: hc1, convention: fixest}}
{extra}models:
  - {{name: m, outcome: failed}}
"""


def cases(quick: bool = False) -> list[Case]:
    f = 0.1 if quick else 1.0
    regs = ", ".join(f"r{j:02d}" for j in range(13))
    out = []
    for tag, mult in (("0.3M", 0.25), ("1.2M", 1.0), ("5M", 4.0)):
        nf = int(N_FULL * mult * f)
        out.append(Case(f"fe_ols_{tag}", f"fe_ols {tag} firm-years, nace3 + year FE, cluster firm", "fe_ols",
                        lambda nf=nf: make_panel(nf), FE_OLS_SPEC, ("pyfixest",) + (("linearmodels",) if mult == 1.0 else ())))
    nl = int(157_000 * f)
    out.append(Case("fe_logit", f"logit {nl // 1000}k firms, 13 regressors, absorb nace3, HC1", "fe_logit",
                    lambda: make_firms(nl), LOGIT_SPEC.replace("{regs}", regs).replace("{extra}", ""),
                    ("pyfixest", "statsmodels")))
    out.append(Case("fe_logit_dummies", "  same, econ_ai absorb_as_dummies: true (the old path)", "fe_logit",
                    lambda: make_firms(nl), LOGIT_SPEC.replace("{regs}", regs).replace("{extra}", "absorb_as_dummies: true\n"),
                    ()))
    return out
