"""The study's three candidate lists with known truth (Figure 1's input), written by
``econ-ai data synth`` beside the register::

    candidates/ai4belgium.csv  candidates/vaeremans.csv  candidates/own.csv
        candidate_id, name, source, website, city, postal_code   (one row per listed name)
    candidates/truth.csv
        candidate_id, source, enterprise_number, reason, step, register_name, noise

Every row of the AI list (``ai_list``: 1256 names at scale 1, 435 / 262 / 559 per list) is
one candidate. The 1027 rows linked to a firm (steps kbo / starter / verified) are written as
noisy forms of one of the firm's KBO denominations (legal name, other-language legal name,
commercial name or abbreviation: see ``name_noise``). The 229 rows that were not linked get a
drop reason, a partition scaled like the funnel (not published; chosen here):

    duplicate 64 (the same company again, on another list or the same one), app 38 (an app
    or product name without a company), wrong_entry 22 (an event, a person, a web page),
    university 31, nonprofit 33, foreign 27, natural_person 14 (the last four are
    entities of the register, see ``entities``).

Reasons in ``truth.csv``: ``company`` (a kept link), those seven. ``step`` is the last funnel
step the row reaches when the truth is applied (name | kbo | starter | verified), so the truth
gives 1256 -> 1027 -> 851 -> 744 exactly. Which of two rows of one company is the duplicate
follows the linkage's rule: the first row in list order (ai4belgium, vaeremans, own) and file
order is kept. AI4Belgium (2021) never names a company founded after 2021.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.synth import params as P
from econ_ai.data.synth.counts import largest_remainder, municipalities
from econ_ai.data.synth.entities import UNIVERSITIES, Register
from econ_ai.data.synth.name_noise import city_text, noisy_name

DROP_REASONS = {"duplicate": 64, "app": 38, "wrong_entry": 22, "university": 31, "nonprofit": 33,
                "foreign": 27, "natural_person": 14}
LIST_ORDER = ("ai4belgium", "vaeremans", "own")
LIST_FILES = tuple(f"candidates/{s}.csv" for s in LIST_ORDER)
TRUTH_FILE = "candidates/truth.csv"
LIST_COLUMNS = ("candidate_id", "name", "source", "website", "city", "postal_code")
TRUTH_COLUMNS = ("candidate_id", "source", "enterprise_number", "reason", "step", "register_name", "noise")
CITY_P = {"ai4belgium": 0.85, "vaeremans": 0.6, "own": 0.35}
_APP_A = ("Medi", "Chat", "Tax", "Voice", "Smart", "Doc", "Legal", "Farm", "Shop", "Route", "Talent",
          "Care", "Fin", "Edu", "Pet", "Fleet", "Crop", "Shift", "Menu", "Park")
_APP_B = ("Scan", "Buddy", "Pilot", "Mate", "Bot", "GPT", "Assist", "Genie", "Wise", "Snap", "Coach",
          "Radar", "Match", "Pal", "Cam")
_WRONG = ("AI Week {c} {y}", "Meetup Machine Learning {c}", "www.ai-{c}.be", "Top 50 AI start-ups Belgie",
          "Flanders AI Research Programme", "Data Science Bootcamp {c}", "{p} (freelance data scientist)",
          "AI Summit {y}", "Hackathon {c} {y}", "Prof. {p}", "Digital Wallonia {y}", "{p} - LinkedIn")
_PEOPLE = ("Jan Peeters", "Marie Dubois", "Pieter Claes", "Sofie Maes", "Luc Lambert", "An Jacobs",
           "Thomas Willems", "Julie Dupont", "Koen Mertens", "Elise Leroy")


def _q(x) -> str:
    return "" if x is None or x == "" else str(x)


def truth_frame(rng: np.random.Generator, ai_list: pd.DataFrame, firms: pd.DataFrame, reg: Register) -> pd.DataFrame:
    """One row per candidate: source, true enterprise number, reason, step, register name."""
    en_of_row = dict(zip(firms.loc[firms["list_row"] >= 0, "list_row"].tolist(),
                         firms.loc[firms["list_row"] >= 0, "enterprise_number"].tolist()))
    df = pd.DataFrame({"source": ai_list["sources"].to_numpy(object), "step": ai_list["step"].to_numpy(object),
                       "founded": ai_list["founded"].to_numpy(int)})
    df["enterprise_number"] = [en_of_row.get(i, "") for i in range(len(df))]
    df["reason"] = np.where(df["step"] == "name", "", "company")
    name_rows = np.flatnonzero(df["step"].to_numpy() == "name")
    counts = largest_remainder(DROP_REASONS, len(name_rows))
    reasons = np.repeat(np.array(list(DROP_REASONS), dtype=object), counts)
    df.loc[rng.permutation(name_rows), "reason"] = reasons
    linked = np.flatnonzero(df["reason"].to_numpy() == "company")
    early = linked[df["founded"].to_numpy()[linked] <= 2021]
    pools = {k: list(rng.permutation(v)) for k, v in reg.kinds.items()}
    uni_en = pools.get("university", [])
    for i in np.flatnonzero(df["reason"].to_numpy() != "company").tolist():
        r = df.at[i, "reason"]
        if r == "duplicate":
            pool = early if df.at[i, "source"] == "ai4belgium" else linked
            df.at[i, "enterprise_number"] = df.at[int(rng.choice(pool)), "enterprise_number"]
        elif r in pools and pools[r]:
            df.at[i, "enterprise_number"] = pools[r].pop()
    names = _register_names(rng, df, reg, set(uni_en))
    df["register_name"] = names
    # file order: shuffled within each list; ids in that order
    df["_list"] = df["source"].map({s: k for k, s in enumerate(LIST_ORDER)})
    df["_pos"] = rng.permutation(len(df))
    df = df.sort_values(["_list", "_pos"], kind="stable").reset_index(drop=True)
    df["candidate_id"] = [f"{s[0].upper()}{k + 1:04d}" for s, k in
                          zip(df["source"], df.groupby("source").cumcount())]
    # duplicates by the linkage's rule: the first row of an enterprise is kept
    comp = df["reason"].isin(["company", "duplicate"]).to_numpy()
    steps = df.loc[df["reason"] == "company"].set_index("enterprise_number")["step"]
    first = ~df["enterprise_number"].duplicated(keep="first").to_numpy()
    df.loc[comp & first, "reason"] = "company"
    df.loc[comp & ~first, "reason"] = "duplicate"
    df.loc[comp, "step"] = np.where(first[comp], df.loc[comp, "enterprise_number"].map(steps).to_numpy(object), "name")
    return df.drop(columns=["_list", "_pos", "founded"])


def _register_names(rng: np.random.Generator, df: pd.DataFrame, reg: Register, uni: set[str]) -> list[str]:
    abbr = {u[0]: u[1] for u in UNIVERSITIES}
    out = []
    for r, en in zip(df["reason"], df["enterprise_number"]):
        if r in ("company", "duplicate"):
            opts = [reg.ai_names[en]]
            u = rng.random()
            if en in reg.brands and u < 0.3:
                opts = [reg.brands[en]]
            elif en in reg.other_lang and u < 0.6:
                opts = [reg.other_lang[en]]
            elif en in reg.abbrevs and u < 0.4:
                opts = [reg.abbrevs[en]]
            out.append(opts[0])
        elif en and en in uni:
            nm = reg.names[en]
            out.append(abbr[nm] if rng.random() < 0.4 else nm)
        elif en:
            out.append(reg.names[en])
        else:
            out.append("")
    return out


def render_lists(rng: np.random.Generator, truth: pd.DataFrame, place: dict[str, tuple[str, str, str]],
                 profile: str = "default") -> pd.DataFrame:
    """The listed rows (name, city, postal code, website) drawn from the truth frame.
    ``place``: enterprise number -> (zip, municipality NL, municipality FR)."""
    munis = municipalities()
    rows = []
    noise_col = []
    for cid, src, en, reason, reg_name in truth[["candidate_id", "source", "enterprise_number", "reason",
                                                  "register_name"]].itertuples(index=False):
        tags: list[str] = []
        if reason == "app":
            name = str(rng.choice(np.array(_APP_A))) + str(rng.choice(np.array(_APP_B)))
            if rng.random() < 0.4:
                name += str(rng.choice(np.array([" App", " AI", ".io", " by Datalab"])))
        elif reason == "wrong_entry":
            m = munis[int(rng.integers(len(munis)))]
            name = str(rng.choice(np.array(_WRONG))).format(c=m[1], y=int(rng.integers(2017, 2025)),
                                                            p=str(rng.choice(np.array(_PEOPLE))))
        else:
            name, tags = noisy_name(rng, reg_name, profile)
        city = postal = website = ""
        if en in place and rng.random() < CITY_P[src]:
            z, nl, fr = place[en]
            if rng.random() < 0.05:  # an outdated or wrong place
                m = munis[int(rng.integers(len(munis)))]
                z, nl, fr = m[0], m[1], m[2]
                tags.append("wrong_city")
            city = city_text(rng, nl, fr, z[:1] == "1" and z != "1348" and z < "1300", profile)
            if rng.random() < 0.3:
                postal = z
        if reason not in ("wrong_entry",) and rng.random() < 0.45:
            slug = "".join(ch for ch in (reg_name or name).split(" ")[0].lower() if ch.isalnum())
            website = f"https://www.{slug}.{rng.choice(np.array(['be', 'ai', 'com', 'eu', 'io']))}"
        rows.append((cid, name, src, website, city, postal))
        noise_col.append(";".join(tags))
    out = pd.DataFrame(rows, columns=list(LIST_COLUMNS))
    out.attrs["noise"] = noise_col
    return out


def write_candidates(out: Path, rng: np.random.Generator, ai_list: pd.DataFrame, firms: pd.DataFrame,
                     reg: Register) -> None:
    """Write the three lists and the truth file under ``out/candidates``."""
    truth = truth_frame(rng, ai_list, firms, reg)
    munis = {m[0]: m for m in municipalities()}
    place = {e: (z, munis[z][1], munis[z][2]) for e, z in
             zip(firms["enterprise_number"].tolist(), firms["zipcode"].tolist())}
    for kind in ("university", "nonprofit", "natural_person"):
        for e in reg.kinds.get(kind, []):
            z = next((m[0] for m in munis.values() if m[1] == reg.city[e]), None)
            if z:
                place[e] = (z, munis[z][1], munis[z][2])
    lists = render_lists(rng, truth, place)
    truth["noise"] = lists.attrs["noise"]
    folder = Path(out) / "candidates"
    folder.mkdir(parents=True, exist_ok=True)
    for src in LIST_ORDER:
        write_csv(folder / f"{src}.csv", lists[lists["source"] == src], LIST_COLUMNS)
    write_csv(folder / "truth.csv", truth, TRUTH_COLUMNS)


def write_csv(path: Path, df: pd.DataFrame, cols) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(cols)
        for row in df[list(cols)].itertuples(index=False):
            w.writerow([_q(x) for x in row])


assert sum(DROP_REASONS.values()) == P.N_NAMES - P.N_KBO  # 229 names not linked


def relist(folder: str | Path, seed: int, profile: str = "default") -> tuple[pd.DataFrame, pd.DataFrame]:
    """New noisy lists for the SAME truth of a generated folder (another noise seed, or the
    held-out noise profile): (lists, truth). Used to test the linkage on names it has not seen."""
    folder = Path(folder)
    truth = pd.read_csv(folder / TRUTH_FILE, dtype=str, keep_default_na=False)
    adr = pd.read_csv(folder / "kbo/address.csv", dtype=str, keep_default_na=False,
                      usecols=["EntityNumber", "CountryNL", "Zipcode", "MunicipalityNL", "MunicipalityFR"])
    adr = adr[adr["EntityNumber"].isin(set(truth["enterprise_number"])) & (adr["CountryNL"] == "")]
    place = {e: (z, nl, fr) for e, z, nl, fr in adr[["EntityNumber", "Zipcode", "MunicipalityNL",
                                                      "MunicipalityFR"]].itertuples(index=False)}
    lists = render_lists(np.random.default_rng(seed), truth, place, profile)
    truth = truth.assign(noise=lists.attrs["noise"])
    return lists, truth
