"""Normalised company names and places for record linkage.

``normalise_name("Kaloneva Oplossingen B.V.B.A.") == "kaloneva solutions"``:

1. Unicode NFKD, accents dropped (é -> e, ö -> o), lower case; "&", "+" -> " and "; remarks
   in brackets dropped ("Kalo (AI start-up)" -> "kalo") unless nothing else is left;
2. punctuation -> space, except that dotted abbreviations are joined first
   ("B.V.B.A." -> "bvba", "S.à r.l." -> "sarl") and a ".ai" / ".io" / ".be" / ".com" web
   suffix is dropped;
3. the connectors en / et / und / and / & are dropped, as are the articles de / het / the /
   le / la / les / l' / der / die / das when they are not the only word;
4. legal-form words and abbreviations (NL / FR / DE / EN, old and 2019 Companies Code forms:
   BV, BVBA, EBVBA, NV, CV, CVBA, CVOA, VOF, CommV, Comm.VA, GCV, SRL, SPRL, SPRLU, SA, SC,
   SCRL, SCS, SCA, SNC, SComm, GmbH, AG, KG, UG, Ltd, Limited, LLC, Inc, Corp, PLC, SAS, SARL,
   SE, vzw, asbl, ivzw, aisbl) are dropped anywhere in the name;
5. a few descriptive business words are mapped to one language (oplossingen / solutions /
   losungen -> solutions, diensten -> services, groep / groupe -> group, ...), so that a
   translated name and its register form agree;
6. spaces collapsed.

``legal_forms(name)`` returns the form words found (used for the place of the entity type in
scoring). ``normalise_place`` maps NL / FR / EN / DE spellings of Belgian places to one key
("Gand", "Ghent", "Gent" -> "gent"; Brussels and its 19 communes -> "brussels" as a region key
too, see :func:`place_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEGAL_FORMS = frozenset("""
bv bvba ebvba nv cv cvba cvoa vof commv commva gcv cva bvoa
srl sprl sprlu sa sc scrl scs sca snc scomm sarl sas sasu se
gmbh ag kg ug ohg ltd limited llc inc corp plc lp llp
vzw asbl ivzw aisbl
""".split())
CONNECTORS = frozenset({"en", "et", "und", "and"})
ARTICLES = frozenset({"de", "het", "the", "le", "la", "les", "l", "der", "die", "das", "van", "du", "des"})
CANON = {
    "oplossingen": "solutions", "losungen": "solutions", "solution": "solutions",
    "diensten": "services", "dienste": "services", "service": "services",
    "groep": "group", "groupe": "group", "gruppe": "group",
    "technologieen": "technologies", "technologien": "technologies", "technology": "technologies",
    "robotica": "robotics", "robotique": "robotics", "robotik": "robotics",
    "systemen": "systems", "systemes": "systems", "systeme": "systems",
    "advies": "consulting", "conseil": "consulting", "beratung": "consulting", "consultancy": "consulting",
    "gezondheid": "health", "sante": "health", "gesundheit": "health",
    "intelligentie": "intelligence", "intelligenz": "intelligence",
    "universiteit": "university", "universite": "university", "universitat": "university",
    "hogeschool": "college", "haute": "college", "hochschule": "college",
}
_WEB = re.compile(r"\.(ai|io|be|com|eu|net|org|tech)\b")
_DOTTED = re.compile(r"\b(?:[a-z]{1,2}\.){2,}[a-z]{0,2}\.?(?=\s|$)")
_NONWORD = re.compile(r"[^a-z0-9]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def strip_accents(s: str) -> str:
    if s.isascii():
        return s
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 20)
def tokens(name: str) -> tuple[str, ...]:
    """The normalised tokens of a name, legal forms kept (see :func:`normalise_name`)."""
    s = strip_accents(str(name)).lower().replace("&", " and ").replace("+", " and ")
    if "(" in s or "[" in s:
        s = _BRACKETS.sub(" ", s) if _BRACKETS.sub(" ", s).strip() else s
    if "." in s:
        s = s.replace("s.a r.l.", "sarl").replace("s. a r. l.", "sarl")
        s = _WEB.sub(" ", s)
        s = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), s)
    toks = _NONWORD.sub(" ", s).split()
    out = [CANON.get(t, t) for t in toks if t not in CONNECTORS]
    if len(out) > 1:
        out = [t for t in out if t not in ARTICLES] or out
    return tuple(out)


def normalise_name(name: str) -> str:
    """Lower-case, accent-free name without legal-form words, connectors or punctuation."""
    toks = tokens(name)
    core = [t for t in toks if t not in LEGAL_FORMS]
    return " ".join(core or toks)


def legal_forms(name: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(name) if t in LEGAL_FORMS)


def compact(name: str) -> str:
    """The normalised name without spaces ("Kalo Nex" and "KaloNex" agree)."""
    return normalise_name(name).replace(" ", "")


def website_stem(url: str | None) -> str:
    """The registered-domain label of a web address: "https://www.kaloneva.ai/x" -> "kaloneva"."""
    if not url:
        return ""
    s = str(url).strip().lower()
    s = re.sub(r"^[a-z]+://", "", s).split("/")[0]
    parts = [p for p in s.split(".") if p and p != "www"]
    return parts[0] if len(parts) >= 2 else (parts[0] if parts else "")


PLACE_ALIASES = {
    "gand": "gent", "ghent": "gent", "anvers": "antwerpen", "antwerp": "antwerpen",
    "louvain": "leuven", "luik": "liege", "lüttich": "liege", "liege": "liege", "bergen": "mons",
    "namen": "namur", "courtrai": "kortrijk", "malines": "mechelen", "bruges": "brugge",
    "bruxelles": "brussels", "brussel": "brussels", "brussels": "brussels", "brüssel": "brussels",
    "ostende": "oostende", "ostend": "oostende", "tournai": "doornik", "hasselt": "hasselt",
    "alost": "aalst", "termonde": "dendermonde", "saint nicolas": "sint niklaas",
}


def normalise_place(place: str | None) -> str:
    if not place:
        return ""
    s = " ".join(_NONWORD.sub(" ", strip_accents(str(place)).lower()).split())
    return PLACE_ALIASES.get(s, s)


def brussels_zip(z: str | None) -> bool:
    """A postal code of the Brussels-Capital Region (1000-1299)."""
    return bool(z) and str(z)[:1] == "1" and len(str(z)) == 4 and str(z).isdigit() and str(z) < "1300"
