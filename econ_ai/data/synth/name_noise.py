"""Noise on company names and places, as hand-collected candidate lists have it.

``noisy_name(rng, name, profile)`` returns the name as a list would write it and the noise
tags applied. Profile ``"default"`` (the lists ``econ-ai data synth`` writes) draws, each
independently: legal-form suffix dropped, swapped for another language's or an old form
(BV -> SRL / BVBA / B.V.), or added; case changes; one typo (substitution, deletion,
insertion, transposition); a tail word dropped or added (" Belgium", " BE", " Group");
a tail word translated (Solutions -> Oplossingen / Lösungen); punctuation ("-", ".",
"&" <-> "en" / "et" / "and"); two words joined. Profile ``"heldout"`` is never used to tune the
linkage: OCR-like confusions (rn -> m, l -> 1, o -> 0), doubled or dropped vowels, two typos,
word order reversed, a German form word, a trailing descriptor ("(AI start-up)").
"""

from __future__ import annotations

import numpy as np

from econ_ai.data.synth.entities import AI_TAILS, TRANSLATIONS

FORMS = ("BV", "NV", "CV", "BVBA", "SPRL", "SRL", "SA", "SC", "CVBA", "SCRL", "B.V.", "N.V.",
         "bv", "nv", "srl", "sa", "VOF", "CommV", "SCS", "SNC")
SWAP = {"BV": ("SRL", "BVBA", "B.V.", "bv"), "NV": ("SA", "N.V.", "nv"), "CV": ("SC", "CVBA"),
        "SRL": ("BV", "SPRL", "srl"), "SA": ("NV", "S.A."), "BVBA": ("BV", "SPRL"),
        "SPRL": ("SRL", "BVBA"), "SC": ("CV", "SCRL"), "CVBA": ("CV", "SCRL"), "SCRL": ("SC", "CVBA")}
GENERIC = {w.strip() for w in AI_TAILS if w} | set(TRANSLATIONS) | {"vzw", "asbl", "Foundation", "Community"}
EXTRA = (" Belgium", " BE", " Group", " Europe", " International", " & Co")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
OCR = (("rn", "m"), ("m", "rn"), ("l", "1"), ("o", "0"), ("i", "l"), ("e", "c"), ("vv", "w"))
CITY_EN = {"Brussel": "Brussels", "Gent": "Ghent", "Antwerpen": "Antwerp", "Leuven": "Louvain",
           "Luik": "Liege", "Bergen": "Mons", "Namen": "Namur", "Kortrijk": "Courtrai",
           "Mechelen": "Malines", "Brugge": "Bruges"}


def _split_form(name: str) -> tuple[str, str]:
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and parts[1] in FORMS:
        return parts[0], parts[1]
    return name, ""


def typo(rng: np.random.Generator, s: str) -> str:
    idx = [i for i, ch in enumerate(s) if ch.isalpha()]
    if len(idx) < 4:
        return s
    i = idx[int(rng.integers(1, len(idx)))]  # the first letter is usually right
    k = int(rng.integers(4))
    c = str(rng.choice(list(LETTERS)))
    if k == 0:
        return s[:i] + c + s[i + 1:]
    if k == 1:
        return s[:i] + s[i + 1:]
    if k == 2:
        return s[:i] + c + s[i:]
    j = i - 1 if i > 0 and s[i - 1].isalpha() else i
    return s[:j] + s[j + 1] + s[j] + s[j + 2:] if j + 1 < len(s) else s


def _translate(words: list[str], rng: np.random.Generator) -> list[str]:
    for k, w in enumerate(words):
        if w in TRANSLATIONS:
            words[k] = str(rng.choice(np.array(TRANSLATIONS[w])))
            return words
    return words


def noisy_name(rng: np.random.Generator, name: str, profile: str = "default") -> tuple[str, list[str]]:
    base, form = _split_form(name)
    tags: list[str] = []
    r = rng.random
    if profile == "heldout":
        words = base.split()
        if r() < 0.35:
            a, b = OCR[int(rng.integers(len(OCR)))]
            if a in base.lower():
                i = base.lower().index(a)
                base = base[:i] + b + base[i + len(a):]
                tags.append("ocr")
        if r() < 0.25:
            base = typo(rng, typo(rng, base))
            tags.append("two_typos")
        if r() < 0.2:
            vs = [i for i, ch in enumerate(base) if ch in "aeiou" and i > 0]
            if vs:
                i = vs[int(rng.integers(len(vs)))]
                base = base[:i] + (base[i] * 2 if r() < 0.5 else "") + base[i + 1:]
                tags.append("vowel")
        words = base.split()
        if len(words) > 1 and r() < 0.2:
            base = " ".join(words[::-1])
            tags.append("word_order")
        if r() < 0.15:
            form = str(rng.choice(np.array(["GmbH", "AG", "Ltd"])))
            tags.append("german_form")
        elif form and r() < 0.5:
            form = ""
            tags.append("no_form")
        if r() < 0.15:
            base += str(rng.choice(np.array([" (AI start-up)", " - AI", " [scale-up]"])))
            tags.append("descriptor")
        return (base + (" " + form if form else "")).strip(), tags
    if form and r() < 0.55:
        form = ""
        tags.append("no_form")
    elif form and r() < 0.2:
        form = str(rng.choice(np.array(SWAP.get(form, (form,)))))
        tags.append("swap_form")
    elif not form and r() < 0.12:
        form = str(rng.choice(np.array(["BV", "NV", "SRL", "SA", "bvba"])))
        tags.append("add_form")
    words = base.split()
    if len(words) > 1 and r() < 0.1 and words[-1] in GENERIC:
        words = words[:-1]
        tags.append("drop_word")
    elif r() < 0.08:
        words[-1] += str(rng.choice(np.array(EXTRA)))
        tags.append("add_word")
    if r() < 0.1:
        words = _translate(words, rng)
        tags.append("translate")
    base = " ".join(words)
    if r() < 0.13:
        base = typo(rng, base)
        tags.append("typo")
    if r() < 0.1:
        if "&" in base:
            base = base.replace("&", str(rng.choice(np.array(["en", "et", "and"]))))
        elif " " in base:
            base = base.replace(" ", str(rng.choice(np.array(["-", ".", " - "]))), 1)
        else:
            base = base + ".ai"
        tags.append("punct")
    if " " in base and r() < 0.05:
        base = base.replace(" ", "", 1)
        tags.append("join")
    out = (base + (" " + form if form else "")).strip()
    u = r()
    if u < 0.15:
        out, _ = out.upper(), tags.append("upper")
    elif u < 0.22:
        out, _ = out.lower(), tags.append("lower")
    return out, tags


def city_text(rng: np.random.Generator, nl: str, fr: str, brussels: bool, profile: str = "default") -> str:
    """A city as a list writes it: NL, FR or English name; 'Brussels' for a Brussels commune."""
    if brussels and rng.random() < 0.6:
        return str(rng.choice(np.array(["Brussels", "Bruxelles", "Brussel"])))
    u = rng.random()
    if u < 0.15 and nl in CITY_EN:
        s = CITY_EN[nl]
    elif u < 0.45:
        s = fr
    else:
        s = nl
    if profile == "heldout" and rng.random() < 0.2:
        s = s.upper()
    return s
