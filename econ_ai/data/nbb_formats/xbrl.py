"""XBRL instance documents of NBB filings, read with the standard library's XML parser.

Two taxonomies:

* **CBSO (2022 on)**: facts are generic metrics (``met:am1`` amount >= 0, ``met:am2`` signed,
  ``met:am3`` <= 0, ``met:dec1`` decimal, ...) qualified by explicit dimension members; the
  rubric code is not in the instance. ``dim:prd`` says the column (``prd:m1`` the fiscal year,
  ``prd:m2`` the previous one); every context's period is the closing date. A fact maps to a
  rubric when its metric and its explicit members other than ``dim:prd`` equal a row of
  ``refdata/cbso_datapoints.csv`` exactly (a fact with an extra member is a breakdown, not the
  total). Rows marked ``open=sum`` (the social balance sheet's FTE of the micro model, one line
  per typed ``dim:open`` member) are summed over the typed members. Dimension and member
  prefixes are read as written: NBB instances use the domain names (``bas:``, ``ntr:``...).
* **pfs (before 2022)**: named concepts (``pfs:Turnover``...) in contexts without dimensions;
  ``refdata/pfs_concepts.csv`` maps a concept to its rubric. The fiscal year is the context
  period ending last, the comparative column the one ending before it (N-2 is not read).

The model comes from the schemaRef (``.../mod/m87/m87-f.xsd``; pfs: ``.../npo/...`` is an
association, ``full``/``abbr``/``micro`` a company model), the enterprise number from the
context identifier (``BE0410682657`` -> ``0410682657``), the currency from the units of the
mapped monetary facts. The reference number is taken from the file name (``2023-00012345``)
or else the file's stem; an instance says nothing of corrections (they are known from the
consult CSV or the webservice references).

Safety: documents with a DOCTYPE or an ENTITY declaration are refused (no DTD, no entity
expansion: the defusedxml rules without the dependency).
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from econ_ai.data.nbb_formats import models
from econ_ai.data.nbb_formats.filing import Filing, enterprise_number, parse_date, parse_number
from econ_ai.errors import DataError

XBRLI = "{http://www.xbrl.org/2003/instance}"
XBRLDI = "{http://xbrl.org/2006/xbrldi}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"
MET = "http://www.nbb.be/be/fr/cbso/dict/met"
PFS = "http://www.nbb.be/be/fr/pfs/"
REFDATA = Path(__file__).resolve().parent / "refdata"
_REF = re.compile(r"(\d{4}-\d{6,9})")


@lru_cache(maxsize=1)
def cbso_table() -> tuple[dict, set]:
    """{(metric, frozenset(dims)): rubric} and the rubrics summed over typed members."""
    table, summed = {}, set()
    with open(REFDATA / "cbso_datapoints.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            dims = frozenset(tuple(p.split("=", 1)) for p in row["dimensions"].split("|"))
            table[(row["metric"], frozenset((d.split(":", 1)[1], m) for d, m in dims))] = row["rubric"]
            if row["open"] == "sum":
                summed.add(row["rubric"])
    return table, summed


@lru_cache(maxsize=1)
def pfs_table() -> dict[str, str]:
    with open(REFDATA / "pfs_concepts.csv", encoding="utf-8", newline="") as fh:
        return {row["concept"]: row["rubric"] for row in csv.DictReader(fh)}


def looks_like(data: bytes) -> bool:
    head = data[:4000]
    return b"xbrl" in head and (b"<xbrl" in head or b":xbrl" in head)


def _local(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


def _contexts(root, source):
    ctx = {}
    for c in root.iter(XBRLI + "context"):
        cid = c.get("id")
        ident = c.find(f"{XBRLI}entity/{XBRLI}identifier")
        per = c.find(XBRLI + "period")
        if per is None:
            continue
        inst, endd, startd = (per.find(XBRLI + t) for t in ("instant", "endDate", "startDate"))
        end = (inst if inst is not None else endd)
        dims = {}
        typed = False
        for m in c.iter(XBRLDI + "explicitMember"):
            dims[_local(m.get("dimension", ""))] = (m.text or "").strip()
        for _m in c.iter(XBRLDI + "typedMember"):
            typed = True
        has_seg = c.find(f"{XBRLI}entity/{XBRLI}segment") is not None or c.find(XBRLI + "scenario") is not None
        ctx[cid] = {"ident": ident.text.strip() if ident is not None and ident.text else None,
                    "end": (end.text or "").strip() if end is not None else None,
                    "start": (startd.text or "").strip() if startd is not None else None,
                    "dims": dims, "typed": typed, "segmented": has_seg}
    if not ctx:
        raise DataError("XBRL instance without contexts", file=source)
    return ctx


def _units(root) -> dict[str, str]:
    out = {}
    for u in root.iter(XBRLI + "unit"):
        m = u.find(XBRLI + "measure")
        if m is not None and m.text:
            t = m.text.strip()
            out[u.get("id")] = t.split(":", 1)[1].upper() if t.lower().startswith("iso4217:") else t
    return out


def parse(data: bytes, source: str) -> Filing:
    """One filing from an XBRL instance (either taxonomy); DataError names the file and field."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataError("XBRL instance with a DOCTYPE or ENTITY declaration refused (no DTDs)", file=source)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise DataError(f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})", file=source,
                        line=line, column=col + 1) from None
    ref_el = root.find(LINK + "schemaRef")
    href = ref_el.get(XLINK + "href", "") if ref_el is not None else ""
    ctx = _contexts(root, source)
    units = _units(root)
    idents = {c["ident"] for c in ctx.values() if c["ident"]}
    if not idents:
        raise DataError("no entity identifier in the contexts", file=source)
    ent = enterprise_number(sorted(idents)[0], file=source, what="xbrli:identifier")
    cbso = any(isinstance(el.tag, str) and el.tag.startswith("{" + MET + "}") for el in root)
    if cbso:
        values, unmapped, currencies, end, start = _cbso_facts(root, ctx, units, source)
        fmt = "xbrl_cbso"
    else:
        values, unmapped, currencies, end, start = _pfs_facts(root, ctx, units, source)
        fmt = "xbrl_pfs"
    model = models.from_schema_ref(href)
    if model is None and not cbso:
        model = _pfs_schema_code(root)
    name = source.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    m = _REF.search(name)
    reference = m.group(1) if m else name.rsplit(".", 1)[0]
    non_eur = sorted(c for c in currencies if c != "EUR")
    return Filing(source=source, fmt=fmt, reference=reference, enterprise=ent,
                  end=parse_date(end, file=source, what="period end"),
                  start=parse_date(start, file=source, what="period start") if start else None,
                  model=model, currency=non_eur[0] if non_eur else "EUR",
                  values=values, unmapped=unmapped)


# pfs-vl:XCode_SchemaCode_NN when the schemaRef names no scheme: the two-digit company codes of
# a public pfs parser (10-13 abbreviated, 40-41 full, 70-71 micro; not checked against NBB);
# other codes (e.g. 401 of the non-profit full scheme) stay unknown and the filing is excluded.
PFS_SCHEMA_CODES = {**{c: "VKT" for c in ("10", "11", "12", "13")}, "40": "VOL", "41": "VOL", "70": "MIC", "71": "MIC"}


def _pfs_schema_code(root) -> str | None:
    for el in root.iter():
        if isinstance(el.tag, str) and "/vl/" in el.tag and "}XCode_SchemaCode_" in el.tag:
            code = (el.text or el.tag.rsplit("_", 1)[-1]).strip()
            return PFS_SCHEMA_CODES.get(code)
    return None


def _cbso_facts(root, ctx, units, source):
    table, summed = cbso_table()
    values: dict[tuple[str, str], float] = {}
    unmapped, currencies = 0, set()
    end = start = None
    for el in root:
        tag = el.tag
        if not isinstance(tag, str) or not tag.startswith("{" + MET + "}"):
            continue
        c = ctx.get(el.get("contextRef"))
        if c is None:
            raise DataError(f"fact {tag.split('}')[1]} refers to an unknown context '{el.get('contextRef')}'",
                            file=source)
        metric = tag.split("}", 1)[1]
        dims = c["dims"]
        prd = dims.get("prd")
        if metric == "dte1" and dims.get("bas") == "bas:m27" and prd == "prd:m1":
            if dims.get("mmt") == "mmt:m2":
                end = (el.text or "").strip()
            elif dims.get("mmt") == "mmt:m1":
                start = (el.text or "").strip()
            continue
        if el.get("unitRef") is None:
            continue                                            # text, dates, enumerations
        period = {"prd:m1": "N", "prd:m2": "N-1", None: "N"}.get(prd)
        key = (metric, frozenset((d, m) for d, m in dims.items() if d != "prd"))
        rubric = table.get(key)
        if rubric is None or period is None or (c["typed"] and rubric not in summed):
            unmapped += 1
            continue
        v = parse_number(el.text, file=source, what=f"{metric} in context {el.get('contextRef')}")
        if v is None:
            continue
        u = units.get(el.get("unitRef"), "")
        if u not in ("pure", "xbrli:pure") and metric.startswith("am"):
            currencies.add(u)
        k = (rubric, period)
        values[k] = values.get(k, 0.0) + v if c["typed"] else v
    if end is None:
        ends = sorted(c["end"] for c in ctx.values() if c["end"])
        end = ends[-1] if ends else None
    if end is None:
        raise DataError("no period end date (met:dte1 bas:m27 mmt:m2, or a context instant)", file=source)
    return values, unmapped, currencies, end, start


def _pfs_facts(root, ctx, units, source):
    table = pfs_table()
    plain = {k: c for k, c in ctx.items() if not c["segmented"] and c["end"]}
    ends = sorted({c["end"] for c in plain.values()})
    if not ends:
        raise DataError("no context without dimensions: not a pfs instance", file=source)
    n_end, p_end = ends[-1], (ends[-2] if len(ends) > 1 else None)
    start = next((c["start"] for c in plain.values() if c["end"] == n_end and c["start"]), None)
    values: dict[tuple[str, str], float] = {}
    unmapped, currencies, ambiguous = 0, set(), set()
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or not tag.startswith("{" + PFS) or el.get("unitRef") is None:
            continue
        ns, concept = tag[1:].split("}", 1)
        if "/vl/" in ns or "/gcd/" in ns:
            continue
        rubric = table.get(concept)
        c = plain.get(el.get("contextRef"))
        if rubric is None or c is None:
            unmapped += 1
            continue
        period = "N" if c["end"] == n_end else "N-1" if c["end"] == p_end else None
        if period is None:
            continue
        v = parse_number(el.text, file=source, what=f"pfs:{concept}")
        if v is None:
            continue
        u = units.get(el.get("unitRef"), "")
        if u.upper() not in ("PURE", "XBRLI:PURE", "SHARES", "XBRLI:SHARES"):
            currencies.add(u)
        k = (rubric, period)
        if k in values and values[k] != v:
            ambiguous.add(k)
        values[k] = v
    for k in ambiguous:                                        # the same concept twice with two values
        del values[k]
        unmapped += 1
    return values, unmapped, currencies, n_end, start
