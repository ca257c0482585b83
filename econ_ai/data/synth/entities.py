"""The parts of the synthetic KBO register that record linkage needs (generator v6).

Up to v5 every enterprise was a company (BV / NV / CV) with one legal name drawn from 25
syllables, so ~73% of names had an exact twin and no list name could be linked. v6 adds,
without touching any other row of the v5 files:

* distinctive legal names for the firms on the AI list (their ``001`` denomination rows are
  rewritten in place; unique after normalisation, never equal to another register name);
* more denominations: a second-language legal name for some bilingual (Brussels) firms,
  commercial names (``003``) and abbreviations (``002``) for AI-list firms and for ~4% of the
  other firms;
* entities that are not companies, appended to enterprise / activity / address /
  denomination: universities and colleges (real Belgian institutions; NACE 85.42, public
  institution 124 or non-profit 017 / 028 forms), non-profits and foundations (017 VZW/ASBL,
  125 IVZW, 026 private foundation, 029 public-utility foundation, 028), foreign entities
  (030, seat abroad) and natural persons (TypeOfEnterprise 1, no juridical form, trade name
  as a ``003`` commercial name). None has annual accounts, so every v5 table the specs read
  (starters, accounts, ai_profile, ai_companies) is unchanged except the firm ids (ranks of
  the enterprise number) and the reader's count of enterprises.

``extend_register(kbo_dir, rng, firms, scale)`` does it and returns the :class:`Register`
facts the candidate lists are drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.synth.counts import enterprise_numbers, municipalities, scaled

_SYL = ("ka", "lo", "ne", "ra", "vi", "to", "mi", "de", "sa", "lu", "ber", "tex", "dat", "nova",
        "quan", "sen", "lyt", "ix", "or", "el", "an", "ko", "zen", "tri", "fle")
# endings no v5 name uses: a v6 AI name never equals a v5 generic name
_AI_END = ("vio", "nyx", "rion", "qubi", "lytix", "mind", "sense", "ify", "aia", "ium", "eon",
           "ova", "ara", "edo", "umi", "ique", "oxa", "yra", "etic", "ando", "iq", "oto")
AI_TAILS = ("", "", "", " AI", " Analytics", " Robotics", " Vision", " Labs", " Intelligence",
            " Technologies", " Solutions", " Data", " Systems", " Software", " Consulting",
            " Health", " Services", " Group")
# tail word -> (NL, FR, DE) translations used for second-language legal names
TRANSLATIONS = {
    "Solutions": ("Oplossingen", "Solutions", "Lösungen"),
    "Technologies": ("Technologieën", "Technologies", "Technologien"),
    "Robotics": ("Robotica", "Robotique", "Robotik"),
    "Services": ("Diensten", "Services", "Dienste"),
    "Systems": ("Systemen", "Systèmes", "Systeme"),
    "Group": ("Groep", "Groupe", "Gruppe"),
    "Consulting": ("Advies", "Conseil", "Beratung"),
    "Health": ("Gezondheid", "Santé", "Gesundheit"),
    "Intelligence": ("Intelligentie", "Intelligence", "Intelligenz"),
}
FORM_SUFFIX = {  # juridical form -> (NL suffix, FR suffix)
    "610": ("BV", "SRL"), "014": ("NV", "SA"), "706": ("CV", "SC"), "015": ("BVBA", "SPRL"),
    "010": ("BVBA", "SPRL"), "008": ("CVBA", "SCRL"),
}
NONPROFIT_FORMS = {"017": 0.6, "125": 0.1, "026": 0.15, "029": 0.05, "028": 0.1}
UNIVERSITIES = (  # (legal name, abbreviation, zip, form): Belgian universities and colleges
    ("Katholieke Universiteit Leuven", "KU Leuven", "3000", "028"),
    ("Universiteit Gent", "UGent", "9000", "124"),
    ("Universiteit Antwerpen", "UAntwerpen", "2000", "124"),
    ("Vrije Universiteit Brussel", "VUB", "1050", "028"),
    ("Universiteit Hasselt", "UHasselt", "3500", "124"),
    ("Université catholique de Louvain", "UCLouvain", "1348", "028"),
    ("Université libre de Bruxelles", "ULB", "1050", "028"),
    ("Université de Liège", "ULiège", "4000", "124"),
    ("Université de Namur", "UNamur", "5000", "028"),
    ("Université de Mons", "UMONS", "7000", "124"),
    ("Hogeschool Gent", "HOGENT", "9000", "124"),
    ("Arteveldehogeschool", "Artevelde", "9000", "017"),
    ("Erasmushogeschool Brussel", "EhB", "1070", "017"),
    ("Hogeschool West-Vlaanderen", "Howest", "8500", "124"),
    ("Karel de Grote Hogeschool", "KdG", "2000", "017"),
    ("Hogeschool PXL", "PXL", "3500", "017"),
    ("UC Leuven-Limburg", "UCLL", "3000", "017"),
    ("Thomas More Kempen", "Thomas More", "2440", "017"),
    ("Thomas More Mechelen-Antwerpen", "TM Mechelen", "2800", "017"),
    ("AP Hogeschool Antwerpen", "AP Hogeschool", "2000", "124"),
    ("Odisee", "Odisee", "1000", "017"),
    ("Katholieke Hogeschool VIVES", "VIVES", "8200", "017"),
    ("LUCA School of Arts", "LUCA", "1030", "017"),
    ("Haute École de la Province de Liège", "HEPL", "4000", "124"),
    ("Haute École Libre Mosane", "HELMo", "4000", "017"),
    ("Haute École Bruxelles-Brabant", "HE2B", "1000", "124"),
    ("Haute École Louvain en Hainaut", "HELHa", "7000", "017"),
    ("Haute École EPHEC", "EPHEC", "1200", "017"),
    ("ICHEC Brussels Management School", "ICHEC", "1150", "017"),
    ("Haute École Léonard de Vinci", "Vinci", "1200", "017"),
    ("Haute École de Namur-Liège-Luxembourg", "HENALLUX", "5000", "017"),
    ("Haute École Charlemagne", "HECh", "4000", "124"),
    ("Haute École Condorcet", "Condorcet", "6000", "124"),
    ("Hogeschool voor Wetenschap en Kunst", "WENK", "1000", "017"),
    ("Universiteit Gent Faculteit Ingenieurswetenschappen", "UGent FEA", "9000", "124"),
    ("KU Leuven Research & Development", "LRD", "3000", "028"),
)
FOREIGN = (  # (suffix, CountryNL, CountryFR, zips, city)
    (" Ltd", "Verenigd Koninkrijk", "Royaume-Uni", ("EC1A 1BB", "SW1A 2AA", "E14 5AB"), "London"),
    (" GmbH", "Duitsland", "Allemagne", ("10115", "80331", "50667"), "Berlin"),
    (" SAS", "Frankrijk", "France", ("75008", "69002", "59000"), "Paris"),
    (" B.V.", "Nederland", "Pays-Bas", ("1017 AB", "3011 AD", "5611 AZ"), "Amsterdam"),
    (" Inc.", "Verenigde Staten", "États-Unis", ("94105", "10001", "02139"), "San Francisco"),
    (" S.à r.l.", "Luxemburg", "Luxembourg", ("L-1855", "L-2449"), "Luxembourg"),
)
NP_TRADE = ("{b} Consulting", "{b} IT", "Studio {b}", "{b} Data", "{b} AI Advies", "{b}", "{b} Design")
NONPROFIT_NAMES = ("{b} vzw", "Vereniging {b}", "Stichting {b}", "Fondation {b}", "{b} asbl",
                   "{b} Community vzw", "Kenniscentrum {b}", "{b} Foundation", "AI {c} vzw",
                   "Data Science {c} asbl", "{b} Network ivzw")


@dataclass
class Register:
    """What the candidate generator needs to know about the extended register."""

    ai_names: dict[str, str]                   # AI-list firm EN -> new legal name
    brands: dict[str, str]                     # EN -> commercial name (003)
    abbrevs: dict[str, str]                    # EN -> abbreviation (002)
    other_lang: dict[str, str]                 # EN -> legal name in the other language
    kinds: dict[str, list[str]] = field(default_factory=dict)  # university|nonprofit|foreign|natural_person -> ENs
    names: dict[str, str] = field(default_factory=dict)        # extra entity EN -> main name
    city: dict[str, str] = field(default_factory=dict)         # extra entity EN -> city text


def _q(x: str) -> str:
    return '"' + x.replace('"', '""') + '"' if x else ""


def _append(path: Path, rows: list[list[str]]) -> None:
    """Append rows (already-quoted fields) to a KBO CSV written by ``writers``."""
    if rows:
        with open(path, "a", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(",".join(r) for r in rows) + "\n")


def norm_key(name: str) -> str:
    """A crude key (letters and digits, lower case, legal-form words dropped) for uniqueness
    checks inside the generator (the linkage has its own normaliser)."""
    toks = "".join(ch.lower() if ch.isalnum() else " " for ch in name).split()
    forms = {"bv", "nv", "cv", "bvba", "sprl", "srl", "sa", "sc", "cvba", "scrl", "vzw", "asbl"}
    return " ".join(t for t in toks if t not in forms)


def ai_base(rng: np.random.Generator) -> str:
    k = 1 + int(rng.random() < 0.5)
    s = "".join(rng.choice(np.array(_SYL), k)) + str(rng.choice(np.array(_AI_END)))
    return s.capitalize()


def _unique_bases(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        b = ai_base(rng)
        if b.lower() not in taken:
            taken.add(b.lower())
            out.append(b)
    return out


def _ddmmyyyy(year: int, rng: np.random.Generator) -> str:
    return f"{int(rng.integers(1, 29)):02d}-{int(rng.integers(1, 13)):02d}-{year}"


def extend_register(kbo_dir: Path, rng: np.random.Generator, firms: pd.DataFrame, scale: float) -> Register:
    """Rewrite the AI-list firms' legal names and append the denominations and entities above."""
    kbo_dir = Path(kbo_dir)
    lines = (kbo_dir / "denomination.csv").read_text(encoding="utf-8").split("\n")
    generic = {norm_key(ln.rsplit('","', 1)[-1].strip('"').split(" ")[0]) for ln in lines[1:] if ln}
    en_all = firms["enterprise_number"].to_numpy(object)
    ai_idx = np.flatnonzero(firms["list_row"].to_numpy() >= 0)
    forms = firms["juridical_form"].to_numpy(object)
    zips = firms["zipcode"].to_numpy(object)
    taken = set(generic)
    bases = _unique_bases(rng, len(ai_idx), taken)
    reg = Register({}, {}, {}, {})
    den_extra: list[list[str]] = []
    for i, b in zip(ai_idx.tolist(), bases):
        en = en_all[i]
        assert lines[1 + i].startswith(f'"{en}"'), "denomination rows must follow the firms order"
        lang = lines[1 + i].split(",")[1].strip('"')
        tail = str(rng.choice(np.array(AI_TAILS)))
        nl, fr = FORM_SUFFIX.get(forms[i], ("BV", "SRL"))
        suffix = (" " + (fr if lang == "1" else nl)) if rng.random() < 0.6 else ""
        name = b + tail + suffix
        reg.ai_names[en] = name
        lines[1 + i] = f'"{en}","{lang}","001",{_q(name)}'
        word = tail.strip()
        if str(zips[i])[:1] == "1" and str(zips[i]) != "1348" and rng.random() < 0.5:
            other = "2" if lang == "1" else "1"
            t2 = TRANSLATIONS.get(word, (word, word, word))[0 if other == "2" else 1]
            s2 = (" " + (nl if other == "2" else fr)) if suffix else ""
            reg.other_lang[en] = (b + (" " + t2 if t2 else "") + s2)
            den_extra.append([_q(en), _q(other), _q("001"), _q(reg.other_lang[en])])
        if rng.random() < 0.35:
            reg.brands[en] = b + (str(rng.choice(np.array(["", " AI", ".ai", " App", " Platform"]))))
            den_extra.append([_q(en), _q(lang), _q("003"), _q(reg.brands[en])])
        if tail and rng.random() < 0.15:
            reg.abbrevs[en] = (b[:3] + tail.strip()[:1]).upper()
            den_extra.append([_q(en), _q(lang), _q("002"), _q(reg.abbrevs[en])])
    # commercial names for ~4% of the other firms (generic syllable names, not unique)
    other_idx = np.setdiff1d(np.arange(len(firms)), ai_idx)
    pick = other_idx[rng.random(len(other_idx)) < 0.04]
    for i in pick.tolist():
        lang = lines[1 + i].split(",")[1].strip('"')
        base = lines[1 + i].rsplit('","', 1)[-1].strip('"').split(" ")[0]
        tn = base + str(rng.choice(np.array([" Shop", " Studio", " Express", " Center", " Pro"])))
        den_extra.append([_q(en_all[i]), _q(lang), _q("003"), _q(tn)])
    (kbo_dir / "denomination.csv").write_text("\n".join(lines), encoding="utf-8")
    _add_entities(kbo_dir, rng, reg, set(en_all.tolist()), taken, scale, den_extra)
    return reg


def _add_entities(kbo_dir: Path, rng: np.random.Generator, reg: Register, used: set[str],
                  taken: set[str], scale: float, den: list[list[str]]) -> None:
    munis = {m[0]: m for m in municipalities()}
    zlist = np.array(sorted(munis), dtype=object)
    n_np, n_for, n_nat = (max(scaled(x, scale), 60) for x in (2000, 600, 6000))
    kinds = (["university"] * len(UNIVERSITIES) + ["nonprofit"] * n_np + ["foreign"] * n_for
             + ["natural_person"] * n_nat)
    ens = enterprise_numbers(rng, len(kinds) + len(used))
    ens = [e for e in ens.tolist() if e not in used][: len(kinds)]
    bases = _unique_bases(rng, len(kinds), taken)
    ent, act, adr = [], [], []
    seen: set[str] = set()
    nf = np.array(list(NONPROFIT_FORMS), dtype=object)
    pf = np.array(list(NONPROFIT_FORMS.values()))
    for j, (kind, en, b) in enumerate(zip(kinds, ens, bases)):
        country = ("", "")
        tof, form, nace = "2", "", "62010"
        year = int(rng.integers(1970, 2024))
        if kind == "university":
            name, abbr, z, form = UNIVERSITIES[j]
            nace, year = "85420", int(rng.integers(1817, 1996))
            den.append([_q(en), _q("2" if z[:1] not in "4567" and z != "1348" else "1"), _q("002"), _q(abbr)])
            city = munis[z][1]
        elif kind == "nonprofit":
            z = str(rng.choice(zlist))
            city = munis[z][1]
            name = str(rng.choice(np.array(NONPROFIT_NAMES))).format(b=b, c=city)
            while norm_key(name) in seen:  # "AI Gent vzw" only once
                name = str(rng.choice(np.array(NONPROFIT_NAMES[:8]))).format(b=b, c=city)
            seen.add(norm_key(name))
            form = str(rng.choice(nf, p=pf / pf.sum()))
            nace = str(rng.choice(np.array(["94999", "72190", "85599", "94120"])))
        elif kind == "foreign":
            suf, cnl, cfr, fz, city = FOREIGN[int(rng.integers(len(FOREIGN)))]
            z = str(rng.choice(np.array(fz)))
            name, form, country = b + str(rng.choice(np.array(AI_TAILS))) + suf, "030", (cnl, cfr)
        else:
            z = str(rng.choice(zlist))
            city = munis[z][1]
            name, tof = str(rng.choice(np.array(NP_TRADE))).format(b=b), "1"
        lang = "1" if (z[:1] in "4567" or z == "1348") and not country[0] else "2"
        ent.append([_q(en), _q("AC"), _q("000"), _q(tof), _q(form), "", _ddmmyyyy(year, rng)])
        act.append([_q(en), _q("001"), _q("2008"), _q(nace), _q("MAIN")])
        mnl = city if country[0] else munis[z][1]
        mfr = city if country[0] else munis[z][2]
        adr.append([_q(en), _q("REGO"), _q(country[0]), _q(country[1]), _q(z), _q(mnl), _q(mfr),
                    _q("Hoofdstraat"), _q("Hoofdstraat"), _q(str(int(rng.integers(1, 200)))), '""', '""', ""])
        den.append([_q(en), _q(lang), _q("003" if kind == "natural_person" else "001"), _q(name)])
        reg.kinds.setdefault(kind, []).append(en)
        reg.names[en] = name
        reg.city[en] = city
    _append(kbo_dir / "enterprise.csv", ent)
    _append(kbo_dir / "activity.csv", act)
    _append(kbo_dir / "address.csv", adr)
    _append(kbo_dir / "denomination.csv", den)
