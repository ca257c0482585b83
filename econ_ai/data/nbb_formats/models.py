"""NBB model codes -> canonical ``schema`` of the accounts table.

Company models (institutional sector S11) read into the accounts:

    ========================  ===========  ==========================================
    model code                schema       note
    ========================  ===========  ==========================================
    m02 / m82 (``m02-f``)     full         VOL in NBB's older notation
    m01 / m81                 abbreviated  VKT
    m07 / m87                 micro        MIC
    ========================  ===========  ==========================================

(m0x: models of the former Companies Code / companies with capital, m8x: the models of the 2019
Companies and Associations Code; the suffix after ``-`` is the filing part, ``f`` here.)
Every other model is excluded and counted by its code: associations and foundations
(m04, m05, m06, m08 and their m8x counterparts; the ``pfs`` taxonomy's ``npo`` schemas) are
outside sector S11; consolidated accounts and other documents are not statutory company
accounts. Source: ``/work/shared/data/nbb-formats.md`` (model codes) and the schemaRef entry
points of real instances (``fws/23.0/mod/m87/m87-f.xsd``, ``pfs/npo/full/...``); see
``fixtures/nbb/real/SOURCE.md``.
"""

from __future__ import annotations

import re

COMPANY = {"01": "abbreviated", "81": "abbreviated", "02": "full", "82": "full", "07": "micro", "87": "micro"}
ASSOCIATION = {"04", "05", "06", "08", "84", "85", "86", "88"}
# econ_ai's own long table and NBB's older notation
LETTERS = {"VOL": "full", "VKT": "abbreviated", "MIC": "micro",
           "FULL": "full", "ABBREVIATED": "abbreviated", "MICRO": "micro"}
_M = re.compile(r"^m(\d{2,3})(?:-([a-z]+))?$", re.IGNORECASE)


def classify(code: str | None) -> tuple[str | None, str]:
    """(schema, kind) of a model code; kind is 'company', 'association' or 'other'.

    ``schema`` is None unless kind is 'company'."""
    if code is None:
        return None, "other"
    c = str(code).strip()
    up = c.upper()
    for prefix, schema in LETTERS.items():
        if up == prefix or up.startswith(prefix + "-"):
            return schema, "company"
    m = _M.match(c)
    if m:
        num = m.group(1)
        if num in COMPANY:
            return COMPANY[num], "company"
        if num in ASSOCIATION:
            return None, "association"
    return None, "other"


def from_schema_ref(href: str) -> str | None:
    """The model code named by an XBRL schemaRef: ``.../mod/m87/m87-f.xsd`` -> 'm87-f';
    the pfs taxonomy's ``.../pfs/npo/full/...`` -> 'npo' (an association); ``.../full/``,
    ``abbr``, ``micro`` -> 'VOL', 'VKT', 'MIC'."""
    h = href.lower()
    m = re.search(r"/mod/(m\d{2,3})/(m\d{2,3}-[a-z]+)\.xsd", h)
    if m:
        return m.group(2)
    m = re.search(r"(m\d{2,3}-[a-z])\.xsd$", h)
    if m:
        return m.group(1)
    if "/npo/" in h or "-npo-" in h or "asbl" in h or "vzw" in h:
        return "npo"
    if "micro" in h:
        return "MIC"
    if "abbr" in h or "-abb" in h:
        return "VKT"
    if "full" in h:
        return "VOL"
    return None


def classify_any(code: str | None) -> tuple[str | None, str]:
    """:func:`classify`, plus the pseudo-code 'npo' of :func:`from_schema_ref`."""
    if code is not None and str(code).lower() == "npo":
        return None, "association"
    return classify(code)
