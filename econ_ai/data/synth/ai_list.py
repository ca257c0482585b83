"""The study's hand-collected AI list: funnel, Table 1/2 flags, VC / spin-off / patent,
places, founding years, and the AI exits (Figure 6).

Everything here is an EXACT count by construction (see ``params``), drawn at random subject
to those counts:

* Funnel: the 1256 names are a partition verified 744 / starter-not-verified 107 /
  founded-before-2010 176 / name only 229; each row has one list source (435 AI4Belgium,
  262 Vaeremans, 559 own). AI4Belgium (2021) only lists companies founded by 2021.
* Table 1/2: each verified starter first gets one technology and one purpose (the first n
  tokens of a random permutation of the column counts, so no column is exceeded); the rest of
  each column goes to starters without it, weighted by a latent breadth (Gamma), so every
  column total is exact and each starter has >= 1 technology and >= 1 purpose.
* Places: largest-remainder counts per place; the rest goes to other municipalities of the
  package table, weighted towards the north, none reaching 10.
* VC (156): weighted towards founding years around 2019 (mean age in 2023 about 4).
* Exits: failures (74) then acquisitions (26) are drawn by weighted sampling WITHOUT
  replacement (Efraimidis-Spirakis keys u**(1/w)) with weights exp(logit index) from
  ``params.FAIL_INDEX`` / ``ACQ_INDEX``: totals exact, the covariates keep the published signs
  in a logit on the 744. Exit years 2018-2024 (never before 2018: survivorship), after founding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ai.data.synth import params as P
from econ_ai.data.synth.counts import largest_remainder, municipalities, scaled, scaled_partition

TECH = tuple(P.TECH_COUNTS)
PURPOSE = tuple(P.PURPOSE_COUNTS)


def weighted_sample(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of k items drawn without replacement with probabilities proportional to
    ``weights`` at each draw (Efraimidis-Spirakis: the k largest u**(1/w))."""
    w = np.asarray(weights, float)
    k = min(int(k), int((w > 0).sum()))
    if k <= 0:
        return np.zeros(0, dtype=int)
    u = rng.random(len(w))
    with np.errstate(divide="ignore"):
        keys = np.where(w > 0, np.log(u) / np.where(w > 0, w, 1.0), -np.inf)
    return np.argsort(-keys, kind="stable")[:k]


def stratified_sample(rng: np.random.Generator, weights: np.ndarray, k: int, strata: np.ndarray) -> np.ndarray:
    """k items drawn as ``weighted_sample`` does, but with the number drawn in each stratum
    fixed at its expected share k * sum(w in stratum) / sum(w) (largest remainder): the
    association between the strata and being drawn is the expected one in every draw."""
    w = np.asarray(weights, float)
    levels = np.unique(strata)
    mass = np.array([w[strata == v].sum() for v in levels])
    if mass.sum() <= 0:
        return np.zeros(0, dtype=int)
    exact = int(k) * mass / mass.sum()
    take = np.floor(exact).astype(int)
    for j in np.argsort(-(exact - take), kind="stable")[: int(k) - int(take.sum())]:
        take[j] += 1
    out = []
    for v, t in zip(levels, take):
        idx = np.flatnonzero(strata == v)
        out.append(idx[weighted_sample(rng, w[idx], t)])
    return np.sort(np.concatenate(out)) if out else np.zeros(0, dtype=int)


def _multilabel(rng: np.random.Generator, n: int, counts: dict, breadth: np.ndarray) -> np.ndarray:
    cols = list(counts.values())
    m = np.zeros((n, len(cols)), dtype=np.int8)
    if n == 0:
        return m
    tokens = np.repeat(np.arange(len(cols)), cols)
    tokens = rng.permutation(tokens)[:n]
    m[np.arange(len(tokens)), tokens] = 1
    for j, c in enumerate(cols):
        extra = c - int(m[:, j].sum())
        if extra > 0:
            w = np.where(m[:, j] == 0, breadth, 0.0)
            m[weighted_sample(rng, w, extra), j] = 1
    return m


def _founding(rng: np.random.Generator, step: np.ndarray) -> np.ndarray:
    years = np.zeros(len(step), dtype=int)
    for name, table in (("verified", P.FOUNDING_VERIFIED), ("starter", P.FOUNDING_UNVERIFIED),
                        ("kbo", P.FOUNDING_PRE2010)):
        idx = np.flatnonzero(step == name)
        per_year = largest_remainder(table, len(idx))
        years[rng.permutation(idx)] = np.repeat(list(table.keys()), per_year)
    return years


def _places(rng: np.random.Generator, n_ai: int, n_other_firms: int) -> tuple[np.ndarray, np.ndarray]:
    """(zip, place) for the verified starters, then zips for the other linked firms."""
    counts = {k: v[0] for k, v in P.PLACES.items()}
    counts["other"] = P.N_VERIFIED - sum(counts.values())
    per = dict(zip(counts, largest_remainder(counts, n_ai)))
    zips: list[str] = []
    places: list[str] = []
    for name, (_, zlist) in P.PLACES.items():
        k = per[name]
        zips += list(rng.choice(np.array(zlist), size=k)) if k else []
        places += [name] * k
    named_zip = {z for _, zl in P.PLACES.values() for z in zl}
    named_muni = {"Gent", "Antwerpen", "Leuven", "Hasselt", "Luik", "Kontich", "Charleroi"}
    other = [(z, nl, prov) for z, nl, _, prov in municipalities()
             if z not in named_zip and nl not in named_muni and prov != "Brussels-Capital"
             and z != "1348"]
    munis = sorted({nl for _, nl, _ in other})
    mz = {m: [z for z, nl, _ in other if nl == m] for m in munis}
    prov = {m: next(p for _, nl, p in other if nl == m) for m in munis}
    w = np.array([P.OTHER_PROVINCE_WEIGHT.get(prov[m], 1.0) for m in munis])
    left = per["other"]
    cap = np.zeros(len(munis), dtype=int)
    while left > 0:  # one firm at a time, never more than MAX_OTHER_PLACE per municipality
        ok = np.where(cap < P.MAX_OTHER_PLACE, w, 0.0)
        j = int(rng.choice(len(munis), p=ok / ok.sum()))
        cap[j] += 1
        left -= 1
    for j, m in enumerate(munis):
        for _ in range(cap[j]):
            zips.append(str(rng.choice(np.array(mz[m]))))
            places.append(m)
    order = rng.permutation(len(zips))
    all_z = np.array([z for z, *_ in municipalities() if z != "1348"])
    wz = np.array([3.0 if z[:1] in "1239" else 1.0 for z in all_z])
    extra = rng.choice(all_z, size=n_other_firms, p=wz / wz.sum())
    return np.array(zips, dtype=object)[order], np.array(places, dtype=object)[order], extra


def make_ai_list(rng: np.random.Generator, scale: float = 1.0) -> pd.DataFrame:
    """One row per name on the AI list (1256 at scale 1). Linked rows carry the firm's
    attributes (founded, zip, nace5) and, for verified starters, the profile flags and exits."""
    part = scaled_partition(P.FUNNEL_PARTITION, scale)
    n = sum(part.values())
    step = np.repeat(np.array(list(part.keys()), dtype=object), list(part.values()))
    df = pd.DataFrame({"step": step})
    df["founded"] = _founding(rng, step)
    ver = np.flatnonzero(step == "verified")
    nv = len(ver)
    linked = np.flatnonzero(step != "name")
    # sources: AI4Belgium (2021) only names companies founded by 2021
    src_counts = dict(zip(P.SOURCES, largest_remainder(P.SOURCES, n)))
    src = np.full(n, "", dtype=object)
    eligible = np.flatnonzero((df["founded"].to_numpy() <= 2021))
    pick = rng.choice(eligible, size=min(src_counts["ai4belgium"], len(eligible)), replace=False)
    src[pick] = "ai4belgium"
    rest = rng.permutation(np.flatnonzero(src == ""))
    src[rest[: src_counts["vaeremans"]]] = "vaeremans"
    src[rest[src_counts["vaeremans"]:]] = "own"
    df["sources"] = src
    # places
    zips, places, other_z = _places(rng, nv, len(linked) - nv)
    df["zipcode"] = ""
    df["place"] = ""
    df.loc[ver, "zipcode"] = zips
    df.loc[ver, "place"] = places
    df.loc[np.setdiff1d(linked, ver), "zipcode"] = other_z
    # NACE (verified AI: software, R&D, consultancy ...; others alike)
    codes = np.array(list(P.AI_NACE), dtype=object)
    pw = np.array(list(P.AI_NACE.values()))
    df["nace5"] = ""
    df.loc[linked, "nace5"] = rng.choice(codes, size=len(linked), p=pw / pw.sum())
    # Table 1 / Table 2
    breadth = rng.gamma(2.0, 1.0, size=nv)
    tech = _multilabel(rng, nv, {k: scaled(v, scale) for k, v in P.TECH_COUNTS.items()}, breadth)
    purp = _multilabel(rng, nv, {k: scaled(v, scale) for k, v in P.PURPOSE_COUNTS.items()}, breadth)
    for j, c in enumerate(TECH):
        df[c] = 0
        df.loc[ver, c] = tech[:, j]
    for j, c in enumerate(PURPOSE):
        df[c] = 0
        df.loc[ver, c] = purp[:, j]
    df["n_client_sectors"] = 0
    df.loc[ver, "n_client_sectors"] = np.minimum(1 + rng.poisson(P.CLIENT_SECTORS_MEAN - 1, nv), 10)
    df["gov_nonprofit"] = 0
    df.loc[ver, "gov_nonprofit"] = (rng.random(nv) < P.GOV_NONPROFIT_SHARE).astype(int)
    fy = df.loc[ver, "founded"].to_numpy()
    d = P.DGP
    w_vc = np.exp(d.vc_founding_pull * (fy - 2019) - 0.5 * ((fy - 2019.5) / d.vc_founding_width) ** 2)
    w_vc = w_vc * (1 + 0.6 * df.loc[ver, "tech_ml"].to_numpy())
    vc = np.zeros(nv, dtype=int)
    vc[weighted_sample(rng, w_vc, scaled(P.N_VC, scale))] = 1
    uni = np.isin(df.loc[ver, "place"].to_numpy(), ["Leuven", "Gent", "Louvain-la-Neuve", "Liège"])
    w_sp = (1 + 3 * uni) * (1 + df.loc[ver, "purpose_rnd"].to_numpy())
    sp = np.zeros(nv, dtype=int)
    sp[weighted_sample(rng, w_sp, scaled(P.N_SPINOFF, scale))] = 1
    w_pt = (1 + 3 * sp + 1.5 * vc + 2 * df.loc[ver, "tech_hardware"].to_numpy()
            + 1.5 * df.loc[ver, "tech_autonomous"].to_numpy())
    pt = np.zeros(nv, dtype=int)
    pt[weighted_sample(rng, w_pt, scaled(P.N_PATENT, scale))] = 1
    df["vc"] = 0
    df["spinoff"] = 0
    df["patent"] = 0
    df.loc[ver, "vc"] = vc
    df.loc[ver, "spinoff"] = sp
    df.loc[ver, "patent"] = pt
    # exits of verified AI starters (Figure 6, logit tables 11-12)
    prof = df.loc[ver]
    fail_idx = sum(coef * prof[c].to_numpy(float) for c, coef in P.FAIL_INDEX.items())
    failed = weighted_sample(rng, np.exp(fail_idx), scaled(P.N_AI_FAILED, scale))
    acq_idx = sum(coef * prof[c].to_numpy(float) for c, coef in P.ACQ_INDEX.items())
    w_acq = np.exp(acq_idx)
    w_acq[failed] = 0.0
    if P.ACQ_STRATA:  # published nulls hold in every draw, not only on average
        key = np.zeros(nv, dtype=np.int64)
        for c in P.ACQ_STRATA:
            key = key * 2 + prof[c].to_numpy(int)
        acquired = stratified_sample(rng, w_acq, scaled(P.N_AI_ACQUIRED, scale), key)
    else:
        acquired = weighted_sample(rng, w_acq, scaled(P.N_AI_ACQUIRED, scale))
    etype = np.full(nv, "", dtype=object)
    fail_kind = rng.choice(["bankruptcy", "liquidation", "dissolution"], size=len(failed),
                           p=[0.45, 0.40, 0.15])
    etype[failed] = fail_kind
    etype[acquired] = "merger_acquisition"
    eyear = np.zeros(nv, dtype=int)
    for i in np.flatnonzero(etype != ""):
        first = max(P.AI_EXIT_FIRST_YEAR, int(fy[i]) + 1)
        yrs = np.arange(first, P.HISTORY_LAST_YEAR + 1)
        wy = 1.0 + 0.2 * (yrs - P.AI_EXIT_FIRST_YEAR)
        eyear[i] = int(rng.choice(yrs, p=wy / wy.sum()))
    df["exit_type"] = ""
    df["exit_year"] = 0
    df.loc[ver, "exit_type"] = etype
    df.loc[ver, "exit_year"] = eyear
    media = np.zeros(nv, dtype=bool)
    media[acquired] = rng.random(len(acquired)) < P.AI_ACQUIRED_MEDIA_SHARE
    df["exit_media"] = False
    df.loc[ver, "exit_media"] = media
    df.loc[df["step"] == "name", "founded"] = 0
    return df
