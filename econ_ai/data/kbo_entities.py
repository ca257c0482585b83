"""KBO completeness: establishments, NACE-BEL 2025, the official ZIP files, history from dumps.

**Fallback to establishments.** Activities and addresses are registered on an entity: the
enterprise itself or one of its establishment units (``establishment.csv``: EstablishmentNumber
2.xxx.xxx.xxx, StartDate, EnterpriseNumber). For each enterprise, in this order, the first rule
that gives a value is used, and the rule is kept in ``nace_source`` / ``address_source``:

    NACE (nace5/nace3/nace2, NACE-BEL 2008)      address (zip -> place, province, region)
    1 enterprise 2008        its own MAIN code   1 enterprise REGO       registered seat
    2 establishment 2008     its establishments' 2 establishment BAET    business address of its
                             MAIN codes                                  establishment (BAET)
    3 enterprise 2025        its own NACE-BEL 2025 MAIN code through the concordance
    4 establishment 2025     same, on its establishments

Within a rule the choice among several MAIN codes is :func:`econ_ai.data.kbo.main_activity`'s
(activity group 001, 006, 003, then lowest code). Natural persons have no registered seat: the
establishment fallback is how they get a place. ``branch.csv`` (branches of foreign entities) is
read and kept on :class:`KboData` but carries neither activities nor addresses of Belgian
enterprises.

**NACE-BEL 2025.** Entities registered since 2025 carry only NACE-BEL 2025 codes. They are
mapped to NACE-BEL 2008 through ``refdata/nace2025_to_2008.csv``: a 2025 class (or group)
maps to the 2008 class (group) with the same code when their NL and FR labels agree (token
overlap >= 0.5 in both; built from the KBO code table by ``refdata/make_nace2025_concordance.py``).
A class without such a match gives only its group (nace3) when the group matches, else nothing.
The study's analysis uses NACE-BEL 2008 throughout; specs do not choose the version.

**Official ZIP files.** :func:`read_kbo_sources` reads a folder holding the extract CSV files,
or the official ZIP files (``KboOpenData_0147_2025_10_12_Update.zip``; a ``..._Full.zip``):
the full extract first, then every update in ExtractNumber order (meta.csv), applied with the
cookbook's delete-then-insert rule.

**History from several dumps.** A ``kbo/`` folder with several full-extract ZIPs is read as
a series of dumps: every enterprise ever listed is kept with its last record, ``vanished`` flags
those gone from a later dump. :func:`history_from_dumps` diffs the juridical situation across
successive full extracts (folders or ZIPs; an update applied to the preceding state counts as a
dump) and flags the entities that vanish: the open data list active entities only, so a firm
that went bankrupt or was absorbed simply disappears from the next dump, with no situation and
no date. Such vanished entities are returned in a separate table (enterprise_number, last_seen,
missing_from) and are not turned into exits: a user who needs exit types and dates supplies
``juridical_situation_history.csv`` (see :mod:`econ_ai.data.kbo` and docs/kbo.md).
"""

from __future__ import annotations

import csv
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data import csvio
from econ_ai.errors import DataError

REFDATA = Path(__file__).resolve().parent / "refdata"


@lru_cache(maxsize=1)
def concordance() -> dict[str, str]:
    """NACE-BEL 2025 code (5 or 3 digits) -> NACE-BEL 2008 code (same length), mapped rows only."""
    with open(REFDATA / "nace2025_to_2008.csv", encoding="utf-8", newline="") as fh:
        return {r["nace2025"]: r["nace2008"] for r in csv.DictReader(fh) if r["nace2008"]}


def _main(activity: pd.DataFrame, version: str) -> pd.Series:
    from econ_ai.data import kbo

    a = activity[csvio.isin_text(activity["NaceVersion"], [version])]
    return kbo.main_activity(a.assign(NaceVersion="2008")) if len(a) else pd.Series([], dtype=object)


def _by_enterprise(series: pd.Series, est: pd.DataFrame | None) -> pd.Series:
    """Values indexed by establishment number -> indexed by their enterprise (first in the
    order of the establishments' start dates)."""
    if est is None or est.empty or series.empty:
        return pd.Series([], dtype=object)
    e = est.sort_values(["StartDate", "EstablishmentNumber"], kind="stable", na_position="last")
    v = series.reindex(e["EstablishmentNumber"].to_numpy())
    ok = v.notna().to_numpy()
    out = pd.Series(v.to_numpy()[ok], index=e["EnterpriseNumber"].to_numpy()[ok], dtype=object)
    return out[~out.index.duplicated(keep="first")]


def activity_with_fallback(kbo, en: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(nace5, nace3 where only the group is known, source) aligned with ``en`` (positions)."""
    act = kbo.activity
    est = kbo.establishment
    m08 = _main(act, "2008")
    m25 = _main(act, "2025")
    conc = concordance()

    def to08(s: pd.Series) -> tuple[pd.Series, pd.Series]:
        c5 = s.map(lambda c: conc.get(c)).astype(object)
        c3 = s.map(lambda c: conc.get(str(c)[:3])).astype(object)
        return c5, c3

    e25_5, e25_3 = to08(m25)
    rules = [("enterprise 2008", m08, None),
             ("establishment 2008", _by_enterprise(m08, est), None),
             ("enterprise 2025 (concordance)", e25_5[e25_5.notna() | e25_3.notna()], e25_3),
             ]
    s25_5 = _by_enterprise(e25_5.where(e25_5.notna(), "~" + e25_3.fillna("")).where(e25_5.notna() | e25_3.notna()), est)
    rules.append(("establishment 2025 (concordance)", s25_5, None))
    n = len(en)
    nace5 = np.full(n, None, dtype=object)
    nace3 = np.full(n, None, dtype=object)
    src = np.full(n, None, dtype=object)
    for name, vals, groups in rules:
        if vals is None or len(vals) == 0:
            continue
        pos = csvio.positions(en, pd.Series(vals.index.to_numpy(dtype=object), dtype=object))
        got = pos >= 0
        take = got & (src == None)  # noqa: E711  (object array)
        if not take.any():
            continue
        v = vals.to_numpy(dtype=object)[pos[take]]
        g = groups.reindex(vals.index).to_numpy(dtype=object)[pos[take]] if groups is not None else None
        five = np.array([x if isinstance(x, str) and not x.startswith("~") else None for x in v], dtype=object)
        three = np.array([x[1:] if isinstance(x, str) and x.startswith("~") else None for x in v], dtype=object)
        if g is not None:
            three = np.where(pd.isna(five), g, three)
        nace5[take] = five
        nace3[take] = np.where(pd.isna(five), three, None)
        has = ~pd.isna(five) | ~pd.isna(nace3[take])
        src_take = np.where(has, name, None)
        src[take] = src_take
    return (pd.Series(nace5, dtype=object), pd.Series(nace3, dtype=object), pd.Series(src, dtype=object))


def seat_with_fallback(kbo, en: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """One address per enterprise (REGO, else an establishment's BAAD) aligned with ``en``."""
    from econ_ai.data.kbo import seat_address

    cols = ["Zipcode", "MunicipalityNL", "MunicipalityFR", "CountryNL"]
    sa = seat_address(kbo.address)
    pos = csvio.positions(en, pd.Series(sa.index.to_numpy(dtype=object), dtype=object))
    seat = sa.reset_index(drop=True).reindex(pos).reset_index(drop=True)
    src = pd.Series(np.where(pos >= 0, "enterprise REGO", None), dtype=object)
    est = kbo.establishment
    if est is not None and len(est) and (pos < 0).any():
        a = kbo.address[csvio.isin_text(kbo.address["TypeOfAddress"], ["BAET"])]
        if len(a):
            first = a[a["DateStrikingOff"].isna()].drop_duplicates("EntityNumber").set_index("EntityNumber")[cols]
            by_ent = _by_enterprise(pd.Series(np.arange(len(first)), index=first.index, dtype=object), est)
            p2 = csvio.positions(en, pd.Series(by_ent.index.to_numpy(dtype=object), dtype=object))
            fill = (pos < 0) & (p2 >= 0)
            if fill.any():
                rows = first.iloc[by_ent.to_numpy(dtype=np.int64)[p2[fill]]]
                seat.loc[np.flatnonzero(fill), cols] = rows[cols].to_numpy()
                src[fill] = "establishment BAET"
    return seat[cols], src


# ---- official ZIP files, several dumps --------------------------------------------------------
def _extract_number(folder: Path) -> tuple[int, int]:
    """Order of the extracts: by ExtractNumber (meta.csv); at the same number a full extract
    comes before the update."""
    from econ_ai.data.kbo import read_meta

    meta = read_meta(folder / "meta.csv") if (folder / "meta.csv").exists() else {}
    full = 0 if (folder / "enterprise.csv").exists() else 1
    try:
        return int(meta.get("ExtractNumber", 0)), full
    except ValueError:
        return 0, full


def _from_dumps(parts, history, quiet):
    """Several full extracts (+ updates): the last state of every enterprise ever listed, the
    situation history from the diffs, and the vanished entities flagged (see module doc)."""
    from econ_ai.data.kbo import TABLES, apply_update, read_kbo, read_situation_history
    from econ_ai.provenance import SampleStep

    states = []
    kbo = None
    for p in parts:
        kbo = read_kbo(p, quiet=quiet) if (p / "enterprise.csv").exists() else apply_update(kbo, p, quiet=quiet)
        states.append(kbo)
    hist, vanished = history_from_dumps(parts)
    last = states[-1]
    for name, (_cols, key) in TABLES.items():
        own = "EnterpriseNumber" if name in ("enterprise", "establishment", "branch") else key
        seen: set = set()
        frames = []
        for st in reversed(states):
            df = getattr(st, name)
            if df is None or df.empty:
                continue
            take = ~df[own].isin(seen)
            frames.append(df[take])
            seen |= set(df[own])
        if frames:
            setattr(last, name, pd.concat(frames, ignore_index=True))
    user = None
    if history is not None:
        user = history if isinstance(history, pd.DataFrame) else read_situation_history(history)
    last.history = pd.concat([h for h in (user, hist) if h is not None and len(h)], ignore_index=True) \
        if (user is not None and len(user)) or len(hist) else hist
    last.vanished = vanished
    last.log.append(SampleStep(f"kbo dumps: {len(parts)} extracts; entities vanished between dumps "
                               f"(flagged, kept with their last record, not exits): {len(vanished)}", 0,
                               len(last.enterprise)))
    return last


def _unzip(path: Path, tmp: Path) -> Path:
    out = tmp / path.stem
    try:
        with zipfile.ZipFile(path) as z:
            for m in z.infolist():
                name = Path(m.filename).name
                if m.is_dir() or not name.lower().endswith(".csv"):
                    continue
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_bytes(z.read(m))
    except zipfile.BadZipFile:
        raise DataError("not a readable ZIP file", file=str(path)) from None
    return out


def read_kbo_sources(folder: str | Path, *, history=None, quiet: bool = True):
    """A KBO folder of CSV files, or of official ZIP files (a full extract and/or updates)."""
    from econ_ai.data.kbo import apply_update, empty_kbo, read_kbo

    folder = Path(folder)
    zips = sorted(folder.glob("*.zip"))
    if not zips or (folder / "enterprise.csv").exists() or (folder / "enterprise_insert.csv").exists():
        return read_kbo(folder, history=history, quiet=quiet)
    with tempfile.TemporaryDirectory() as tmp:
        parts = sorted((_unzip(z, Path(tmp)) for z in zips), key=_extract_number)
        fulls = [p for p in parts if (p / "enterprise.csv").exists()]
        if len(fulls) > 1:
            return _from_dumps(parts, history, quiet)
        kbo = read_kbo(fulls[0], quiet=quiet) if fulls else empty_kbo()
        for p in parts:
            if p in fulls:
                continue
            if not (p / "enterprise_insert.csv").exists():
                raise DataError("ZIP holds neither a full extract nor an update", file=str(p))
            kbo = apply_update(kbo, p, quiet=quiet)
    if history is not None:
        from econ_ai.data.kbo import read_situation_history

        kbo.history = history if isinstance(history, pd.DataFrame) else read_situation_history(history)
    return kbo


def history_from_dumps(sources) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(history, vanished) from several dumps: folders or ZIPs of full extracts, each optionally
    followed by updates (an update folder applies to the state before it)."""
    from econ_ai.data.kbo import apply_update, read_kbo

    states = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [(_unzip(Path(s), Path(tmp)) if str(s).lower().endswith(".zip") else Path(s)) for s in sources]
        kbo = None
        for p in paths:
            if (p / "enterprise.csv").exists():
                kbo = read_kbo(p)
            elif (p / "enterprise_insert.csv").exists():
                if kbo is None:
                    raise DataError("an update comes before any full extract", file=str(p))
                kbo = apply_update(kbo, p)
            else:
                raise DataError("neither a full extract nor an update", file=str(p))
            if kbo.snapshot_date is None:
                raise DataError("meta.csv has no SnapshotDate", file=str(p))
            states.append((kbo.snapshot_date, kbo.enterprise.set_index("EnterpriseNumber")["JuridicalSituation"]))
    states.sort(key=lambda s: s[0])
    rows, gone = [], []
    prev, prev_date = None, None
    for date, sit in states:
        if prev is None:
            ch = sit[sit != "000"]
        else:
            old = prev.reindex(sit.index)
            ch = sit[(old.isna() & (sit != "000")) | (old.notna() & (old != sit))]
            lost = prev.index[~prev.index.isin(sit.index)]
            gone.append(pd.DataFrame({"enterprise_number": lost, "last_seen": prev_date, "missing_from": date,
                                      "last_situation": prev.reindex(lost).to_numpy()}))
        rows.append(pd.DataFrame({"enterprise_number": ch.index, "juridical_situation": ch.to_numpy(),
                                  "start_date": date, "source": "KBO"}))
        prev, prev_date = sit, date
    hist = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["enterprise_number", "juridical_situation", "start_date", "source"])
    van = pd.concat(gone, ignore_index=True) if gone else pd.DataFrame(
        columns=["enterprise_number", "last_seen", "missing_from", "last_situation"])
    return hist, van
