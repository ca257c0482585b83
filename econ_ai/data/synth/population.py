"""The firms of the synthetic population: founding, NACE, location, legal form (exits of the
AI list come from ``ai_list``; exits of the other firms are drawn with the accounts, because
their hazard depends on productivity).

Roles (internal column ``role``):
  ``ai``            the verified AI starters (744 at scale 1), groups 1 (no VC) / 2 (VC)
  ``ai_unverified`` AI-list firms founded >= 2010 not verified as AI (107); employer starters,
                    part of the reference group when founded 2010-2023
  ``ai_pre2010``    AI-list firms founded before 2010 (176): not starters, file accounts
  ``reference``     the other non-AI employer starters; with the unverified ones founded
                    2010-2023 they make the 156,576 of the reference group
  ``no_employee``   starters that never reach 1 FTE (not in the reference group)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.data.synth import params as P
from econ_ai.data.synth.counts import (
    enterprise_numbers, municipalities, nace_by_division, scaled,
)

ROLES = ("ai", "ai_unverified", "ai_pre2010", "reference", "no_employee")


def _founding_years(rng: np.random.Generator, n: int) -> np.ndarray:
    years = np.arange(P.FIRST_YEAR, P.LAST_YEAR + 1)
    w = np.exp(P.NON_AI_FOUNDING_TREND * (years - P.FIRST_YEAR))
    w[years == 2020] *= 0.93  # COVID year
    return rng.choice(years, size=n, p=w / w.sum())


def _random_dates(rng: np.random.Generator, years: np.ndarray) -> np.ndarray:
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    ndays = np.where((years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0)), 366, 365)
    return start + (rng.random(len(years)) * ndays).astype(int)


def _sector_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    divs = list(P.SECTORS)
    w = np.array([P.SECTORS[d][0] for d in divs])
    div = rng.choice(np.array(divs, dtype=object), size=n, p=w / w.sum())
    out = np.empty(n, dtype=object)
    by = nace_by_division()
    for d in divs:
        idx = np.flatnonzero(div == d)
        out[idx] = rng.choice(np.array(by[d], dtype=object), size=len(idx))
    return out


def _zips(rng: np.random.Generator, n: int) -> np.ndarray:
    z = np.array([m[0] for m in municipalities()], dtype=object)
    # cities and the Brussels / Antwerp / Gent areas weigh more (no population table needed)
    w = np.array([4.0 if m[1] in ("Antwerpen", "Gent", "Brussel", "Luik", "Charleroi") else
                  2.0 if m[3] == "Brussels-Capital" else 1.0 for m in municipalities()])
    return rng.choice(z, size=n, p=w / w.sum())


def juridical_forms(rng: np.random.Generator, founding_date: np.ndarray, vc: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """KBO JuridicalForm and JuridicalFormCAC codes. Since the 2019 Code of Companies and
    Associations new companies are BV (610), NV (014) or CV (706); older BVBA (015) / one-person
    BVBA (010) carry JuridicalFormCAC 610 (converted), old CVBA (008) carry 706."""
    n = len(founding_date)
    new = founding_date >= np.datetime64("2019-05-01")
    u = rng.random(n)
    nv_share = np.where(vc.astype(bool), 0.45, 0.10)
    form = np.where(new, np.where(u < nv_share, "014", np.where(u < nv_share + 0.04, "706", "610")),
                    np.where(u < nv_share, "014", np.where(u < nv_share + 0.04, "008",
                             np.where(u < nv_share + 0.09, "010", "015"))))
    cac = np.where(np.isin(form, ["015", "010"]), "610", np.where(form == "008", "706", ""))
    return form.astype(object), cac.astype(object)


def make_firms(rng: np.random.Generator, ai_list: pd.DataFrame, scale: float) -> pd.DataFrame:
    """All firms (one row each) with the attributes KBO holds plus the generator's group."""
    linked = ai_list[ai_list["step"] != "name"]
    role_of_step = {"verified": "ai", "starter": "ai_unverified", "kbo": "ai_pre2010"}
    a = pd.DataFrame({
        "role": linked["step"].map(role_of_step).to_numpy(),
        "founded": linked["founded"].to_numpy(int),
        "nace5": linked["nace5"].to_numpy(object),
        "zipcode": linked["zipcode"].to_numpy(object),
        "vc": linked["vc"].to_numpy(int),
        "exit_type": linked["exit_type"].to_numpy(object),
        "exit_year": linked["exit_year"].to_numpy(int),
        "exit_media": linked["exit_media"].to_numpy(bool),
        "list_row": linked.index.to_numpy(int),
    })
    n_unv_window = int(((a["role"] == "ai_unverified") & (a["founded"] <= P.LAST_YEAR)).sum())
    n_ref = scaled(P.N_REFERENCE, scale) - n_unv_window
    n_noemp = scaled(P.N_NO_EMPLOYEE, scale)
    n_other = n_ref + n_noemp
    o = pd.DataFrame({
        "role": np.repeat(np.array(["reference", "no_employee"], dtype=object), [n_ref, n_noemp]),
        "founded": _founding_years(rng, n_other),
        "nace5": _sector_codes(rng, n_other),
        "zipcode": _zips(rng, n_other),
        "vc": 0,
        "exit_type": "",
        "exit_year": 0,
        "exit_media": False,
        "list_row": -1,
    })
    f = pd.concat([a, o], ignore_index=True)
    n = len(f)
    f["enterprise_number"] = enterprise_numbers(rng, n)
    f["founding_date"] = _random_dates(rng, f["founded"].to_numpy())
    f["group"] = np.where(f["role"] == "ai", 1 + f["vc"].to_numpy(), 0).astype(np.int8)
    f["employer"] = f["role"] != "no_employee"
    f["division"] = f["nace5"].str[:2]
    form, cac = juridical_forms(rng, f["founding_date"].to_numpy(), f["vc"].to_numpy())
    f["juridical_form"] = form
    f["juridical_form_cac"] = cac
    return f


def exit_dates(rng: np.random.Generator, firms: pd.DataFrame) -> np.ndarray:
    """A day in the exit year, after the founding date (NaT without exit)."""
    ey = firms["exit_year"].to_numpy(int)
    has = ey > 0
    out = np.full(len(firms), np.datetime64("NaT"), dtype="datetime64[D]")
    if has.any():
        d = _random_dates(rng, ey[has])
        fd = firms["founding_date"].to_numpy("datetime64[D]")[has]
        out[has] = np.maximum(d, fd + 1)
    return out
