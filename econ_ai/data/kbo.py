"""KBO/BCE open-data reader (Crossroads Bank for Enterprises) -> canonical ``firms`` columns.

Format: the KBO open-data cookbook (R018.00): quoted CSV, optional UTF-8 BOM, dd-mm-yyyy dates,
empty field = NULL. A folder holds a full extract (``enterprise.csv``, ``activity.csv``,
``address.csv``, ``denomination.csv``, ``code.csv``, ``meta.csv``) or a daily/monthly update
(``<table>_delete.csv`` keys + ``<table>_insert.csv`` rows). :func:`apply_update` applies an
update as the cookbook prescribes: first delete every row whose entity number is in the delete
file, then insert the insert file. :func:`read_kbo` on an update-only folder applies it to an
empty base.

Main activity (``nace5``), one per enterprise, by this rule:
  1. keep activity rows of the enterprise with NaceVersion "2008" and Classification "MAIN";
  2. prefer ActivityGroup 001 (VAT activities), then 006 (RSZ/NSSO activities), then 003
     (activities), then any other group in ascending code order;
  3. within that group, the lowest code, after cutting the 7-digit national sub-codes
     (e.g. "4764001") to their 5-digit NACE-BEL class ("47640");
  4. an enterprise with no NACE 2008 MAIN activity gets a missing nace5 (no conversion from
     NACE 2025 or 2003 codes); the number of such firms is logged.
``nace3`` / ``nace2`` are the first 3 / 2 digits of ``nace5``.

Exit from the juridical situation (the first exit situation per entity, by StartDate, in the
history; the open data hold only the current situation, without its date):

    ========================================  =====================
    JuridicalSituation                        exit_type
    ========================================  =====================
    010 dissolution by law                    dissolution
    013 judicial dissolution or nullity       dissolution
    012 voluntary dissolution - liquidation   liquidation
    014 closure of liquidation                liquidation
    048-053 bankruptcy opened / closed        bankruptcy
    021 merger by acquisition                 merger_acquisition
    022 merger by creation of a new entity    merger_acquisition
    023-026 splits                            merger_acquisition
    anything else                             (no exit)
    ========================================  =====================

``exit_year`` is the year of that situation's StartDate. Without a history row, a current
exit situation still sets ``exit_type`` but ``exit_year`` stays missing (counted in the log).
The history file (``juridical_situation_history.csv``: EntityNumber, JuridicalSituation,
StartDate[, Source KBO|media]) is econ_ai's own documented format; media-reported mergers use
situation "021" with Source "media". :func:`history_from_snapshots` builds it by diffing
successive snapshots: a row per entity whose situation differs from the previous snapshot
(non-"000" situations of the first snapshot included), dated by the snapshot's SnapshotDate
(an upper bound of the true date). Entities that vanish from a later snapshot get no row
(their situation is unknown); their number is logged.

Other choices: ``juridical_form`` = JuridicalFormCAC when given (the form "as it should be
read" under the 2019 Companies Code), else JuridicalForm. Location = the enterprise's REGO
(registered seat) address, preferring one not struck off; see :mod:`econ_ai.data.geo`.
``firm`` = 1-based rank of the sorted enterprise number.

Speed (307k enterprises): lookups by enterprise number run once in Arrow
(:func:`csvio.positions`) and then reindex by integer position; codes and dates are parsed
once per distinct value (firms_table 1.9 s -> 1.1 s in benchmarks/bench_readers.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data import csvio, geo
from econ_ai.errors import DataError
from econ_ai.provenance import SampleStep

TABLES = {
    "enterprise": (
        ["EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
         "JuridicalFormCAC", "StartDate"],
        "EnterpriseNumber",
    ),
    "activity": (["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"], "EntityNumber"),
    "address": (
        ["EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
         "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"],
        "EntityNumber",
    ),
    "denomination": (["EntityNumber", "Language", "TypeOfDenomination", "Denomination"], "EntityNumber"),
    "establishment": (["EstablishmentNumber", "StartDate", "EnterpriseNumber"], "EstablishmentNumber"),
    "branch": (["Id", "StartDate", "EnterpriseNumber"], "Id"),
}
CODE_COLUMNS = ["Category", "Code", "Language", "Description"]
_REQUIRED_VALUES = {
    "enterprise": ["EnterpriseNumber", "JuridicalSituation", "StartDate"],
    "activity": ["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"],
    "address": ["EntityNumber", "TypeOfAddress"],
    "denomination": ["EntityNumber", "Language", "TypeOfDenomination", "Denomination"],
    "establishment": ["EstablishmentNumber", "EnterpriseNumber"],
    "branch": ["Id", "EnterpriseNumber"],
}
ENTERPRISE_RE = r"\d{4}\.\d{3}\.\d{3}"
ENTITY_RE = r"\d{4}\.\d{3}\.\d{3}|\d\.\d{3}\.\d{3}\.\d{3}"

EXIT_SITUATIONS: dict[str, str] = {
    "010": "dissolution", "013": "dissolution",
    "012": "liquidation", "014": "liquidation",
    **{c: "bankruptcy" for c in ("048", "049", "050", "051", "052", "053")},
    **{c: "merger_acquisition" for c in ("021", "022", "023", "024", "025", "026")},
}
EXIT_TYPES = ("bankruptcy", "liquidation", "dissolution", "merger_acquisition")
GROUP_PRIORITY = {"001": 0, "006": 1, "003": 2}


@dataclass
class KboData:
    """The KBO tables of one snapshot. Dates are parsed (datetime64); other fields are text."""

    enterprise: pd.DataFrame
    activity: pd.DataFrame
    address: pd.DataFrame
    denomination: pd.DataFrame
    codes: pd.DataFrame
    meta: dict = field(default_factory=dict)
    history: pd.DataFrame | None = None
    snapshot_date: pd.Timestamp | None = None
    log: list = field(default_factory=list)
    establishment: pd.DataFrame | None = None       # establishment units (kbo_entities)
    branch: pd.DataFrame | None = None              # branches of foreign entities
    vanished: pd.DataFrame | None = None            # entities gone from a later dump (kbo_entities)

    def firms_table(self, history_df: pd.DataFrame | None = None) -> pd.DataFrame:
        return firms_table(self, history_df)

    def describe(self, category: str, code: str, language: str = "NL") -> str | None:
        c = self.codes
        hit = c[(c["Category"] == category) & (c["Code"] == code) & (c["Language"] == language)]
        return None if hit.empty else str(hit["Description"].iloc[0])


def _empty(table: str) -> pd.DataFrame:
    cols = TABLES[table][0]
    df = pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    for c in ("StartDate", "DateStrikingOff"):
        if c in df.columns:
            df[c] = pd.Series([], dtype="datetime64[ns]")
    return df


def read_table(path: Path, table: str) -> pd.DataFrame:
    cols, key = TABLES[table]
    t = csvio.read_text_table(path, required=cols)
    csvio.require_values(t, _REQUIRED_VALUES[table])
    pattern = ENTERPRISE_RE if table == "enterprise" else r".+" if table == "branch" else ENTITY_RE
    ok = t.df[key].str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise t.error(f"column '{key}': bad entity number '{t.df[key].iloc[i]}' (expected 0123.456.789)", i, key)
    if table == "enterprise":
        csvio.check_unique(t, [key])
        t.df["StartDate"] = csvio.parse_dates(t, "StartDate")
    elif table in ("establishment", "branch"):
        t.df["StartDate"] = csvio.parse_dates(t, "StartDate")
    elif table == "activity":
        csvio.check_allowed(t, "Classification", ["MAIN", "SECO", "ANCI"], "classification")
        csvio.check_allowed(t, "NaceVersion", ["2003", "2008", "2025"], "NACE version")
    elif table == "address":
        t.df["DateStrikingOff"] = csvio.parse_dates(t, "DateStrikingOff")
    return t.df[cols]


def _read_keys(path: Path, key: str) -> set[str]:
    t = csvio.read_text_table(path, required=[key])
    csvio.require_values(t, [key])
    return set(t.df[key].tolist())


def read_codes(path: str | Path) -> pd.DataFrame:
    t = csvio.read_text_table(path, required=CODE_COLUMNS)
    return t.df[CODE_COLUMNS]


def read_meta(path: str | Path) -> dict:
    t = csvio.read_text_table(path, required=["Variable", "Value"])
    return dict(zip(t.df["Variable"], t.df["Value"]))


def _snapshot(meta: dict, file: str) -> pd.Timestamp | None:
    v = meta.get("SnapshotDate")
    if v is None:
        return None
    ts = pd.to_datetime(v, format="%d-%m-%Y", errors="coerce")
    if pd.isna(ts):
        raise DataError(f"SnapshotDate: bad date '{v}' (expected dd-mm-yyyy)", file=file)
    return ts


def read_kbo(folder: str | Path, *, history=None, snapshot_date=None, quiet: bool = True) -> KboData:
    """Read a KBO open-data folder (full extract, or an update applied to an empty base).

    ``history``: path of ``juridical_situation_history.csv`` or a DataFrame from
    :func:`read_situation_history`. ``snapshot_date`` overrides meta.csv's SnapshotDate.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("KBO folder not found", file=str(folder))
    if (folder / "enterprise.csv").exists():
        tables = {}
        for name in TABLES:
            p = folder / f"{name}.csv"
            if not quiet:
                print(f"[kbo] reading {p}", file=sys.stderr)
            tables[name] = read_table(p, name) if p.exists() else _empty(name)
        codes = read_codes(folder / "code.csv") if (folder / "code.csv").exists() else pd.DataFrame(columns=CODE_COLUMNS)
        meta = read_meta(folder / "meta.csv") if (folder / "meta.csv").exists() else {}
        kbo = KboData(**tables, codes=codes, meta=meta, snapshot_date=_snapshot(meta, str(folder / "meta.csv")))
    elif (folder / "enterprise_insert.csv").exists():
        kbo = apply_update(empty_kbo(), folder, quiet=quiet)
    else:
        raise DataError("no enterprise.csv (full extract) or enterprise_insert.csv (update) in folder", file=str(folder))
    if history is not None:
        kbo.history = history if isinstance(history, pd.DataFrame) else read_situation_history(history)
    if snapshot_date is not None:
        kbo.snapshot_date = pd.Timestamp(snapshot_date)
    return kbo


def empty_kbo() -> KboData:
    return KboData(**{n: _empty(n) for n in TABLES}, codes=pd.DataFrame(columns=CODE_COLUMNS))


def apply_update(base: KboData, update_folder: str | Path, *, quiet: bool = True) -> KboData:
    """Apply an update folder: delete keys of ``<table>_delete.csv``, then add ``<table>_insert.csv``."""
    folder = Path(update_folder)
    out = replace(base, log=list(base.log))
    for name, (cols, key) in TABLES.items():
        df = getattr(base, name)
        dpath, ipath = folder / f"{name}_delete.csv", folder / f"{name}_insert.csv"
        if dpath.exists():
            keys = _read_keys(dpath, key)
            keep = ~df[key].isin(keys)
            removed = int((~keep).sum())
            df = df[keep]
            out.log.append(SampleStep(f"kbo update: {name} rows deleted", removed, len(df)))
        if ipath.exists():
            ins = read_table(ipath, name)
            if name == "enterprise":
                clash = ins[key].isin(set(df[key]))
                if clash.any():
                    i = int(np.flatnonzero(clash.to_numpy())[0])
                    raise DataError(
                        f"duplicate key EnterpriseNumber='{ins[key].iloc[i]}': inserted but already present "
                        f"and not listed in {name}_delete.csv",
                        file=str(ipath), line=i + 2,
                    )
            df = pd.concat([df, ins], ignore_index=True) if len(df) else ins.reset_index(drop=True)
            out.log.append(SampleStep(f"kbo update: {name} rows inserted", 0, len(df)))
            if not quiet:
                print(f"[kbo] {name}: +{len(ins)} rows from {ipath.name}", file=sys.stderr)
        setattr(out, name, df.reset_index(drop=True))
    if (folder / "code.csv").exists():
        out.codes = read_codes(folder / "code.csv")
    if (folder / "meta.csv").exists():
        out.meta = {**base.meta, **read_meta(folder / "meta.csv")}
        out.snapshot_date = _snapshot(out.meta, str(folder / "meta.csv"))
    return out


def read_situation_history(path: str | Path) -> pd.DataFrame:
    """Read ``juridical_situation_history.csv`` -> enterprise_number, juridical_situation,
    start_date, source."""
    t = csvio.read_text_table(path, required=["EntityNumber", "JuridicalSituation", "StartDate"], optional=["Source"])
    csvio.require_values(t, ["EntityNumber", "JuridicalSituation", "StartDate"])
    ok = t.df["EntityNumber"].str.fullmatch(ENTITY_RE).fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise t.error(f"column 'EntityNumber': bad entity number '{t.df['EntityNumber'].iloc[i]}'", i, "EntityNumber")
    ok = t.df["JuridicalSituation"].str.fullmatch(r"\d{3}").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise t.error(
            f"column 'JuridicalSituation': bad code '{t.df['JuridicalSituation'].iloc[i]}' (3 digits)", i,
            "JuridicalSituation",
        )
    if "Source" in t.header:
        csvio.check_allowed(t, "Source", ["KBO", "media"], "source")
    dates = csvio.parse_dates(t, "StartDate")
    csvio.check_unique(t, ["EntityNumber", "JuridicalSituation", "StartDate"])
    src = t.df["Source"].fillna("KBO") if "Source" in t.df else "KBO"
    return pd.DataFrame(
        {
            "enterprise_number": t.df["EntityNumber"],
            "juridical_situation": t.df["JuridicalSituation"],
            "start_date": dates,
            "source": src,
        }
    )


def write_situation_history(history: pd.DataFrame, path: str | Path) -> None:
    """Write a history DataFrame (as returned by the readers) in the documented raw format."""
    lines = ['"EntityNumber","JuridicalSituation","StartDate","Source"']
    for e, s, d, src in zip(history["enterprise_number"], history["juridical_situation"],
                            history["start_date"], history.get("source", ["KBO"] * len(history))):
        lines.append(f'"{e}","{s}",{pd.Timestamp(d).strftime("%d-%m-%Y")},"{src}"')
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def history_from_snapshots(folders, *, log: list | None = None) -> pd.DataFrame:
    """Build the situation history by diffing successive snapshot folders (see module doc)."""
    snaps = []
    for f in folders:
        f = Path(f)
        meta = read_meta(f / "meta.csv")
        date = _snapshot(meta, str(f / "meta.csv"))
        if date is None:
            raise DataError("meta.csv has no SnapshotDate", file=str(f / "meta.csv"))
        ent = read_table(f / "enterprise.csv", "enterprise")
        snaps.append((date, ent.set_index("EnterpriseNumber")["JuridicalSituation"]))
    snaps.sort(key=lambda s: s[0])
    rows = []
    prev = None
    vanished = 0
    for date, sit in snaps:
        if prev is None:
            ch = sit[sit != "000"]
        else:
            old = prev.reindex(sit.index)
            ch = sit[(old.isna() & (sit != "000")) | (old.notna() & (old != sit))]
            vanished += int((~prev.index.isin(sit.index)).sum())
        rows.append(pd.DataFrame({"enterprise_number": ch.index, "juridical_situation": ch.to_numpy(),
                                  "start_date": date, "source": "KBO"}))
        prev = sit
    if log is not None:
        log.append(SampleStep("kbo history: entities vanished between snapshots (no situation known)", 0, vanished))
    if not rows:
        return pd.DataFrame(columns=["enterprise_number", "juridical_situation", "start_date", "source"])
    return pd.concat(rows, ignore_index=True)


def exits_from_history(history: pd.DataFrame) -> pd.DataFrame:
    """First exit situation per entity -> DataFrame indexed by enterprise_number:
    exit_type, exit_year, exit_situation, exit_source."""
    h = history[history["juridical_situation"].isin(EXIT_SITUATIONS.keys())]
    h = h.sort_values(["enterprise_number", "start_date", "juridical_situation"], kind="stable")
    first = h.drop_duplicates("enterprise_number", keep="first").set_index("enterprise_number")
    return pd.DataFrame(
        {
            "exit_type": first["juridical_situation"].map(EXIT_SITUATIONS),
            "exit_year": first["start_date"].dt.year.astype("Int64"),
            "exit_situation": first["juridical_situation"],
            "exit_source": first["source"] if "source" in first else "KBO",
        }
    )


def _first_per_group(keys: np.ndarray) -> np.ndarray:
    """Boolean mask of the first row of each run of equal keys (keys already sorted)."""
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return first


def main_activity(activity: pd.DataFrame) -> pd.Series:
    """NACE 2008 main activity (5 digits) per entity number, by the rule in the module doc."""
    sel = csvio.isin_text(activity["NaceVersion"], ["2008"]) & csvio.isin_text(activity["Classification"], ["MAIN"])
    a = activity[sel]
    if a.empty:
        return pd.Series([], dtype=object, name="nace5")
    ent_code, ent_u = pd.factorize(a["EntityNumber"])
    grp = a["ActivityGroup"]
    prio = grp.map(GROUP_PRIORITY).fillna(10).to_numpy(dtype=float) * 1000 + csvio.numeric_codes(grp, 999)
    code5 = a["NaceCode"].str.slice(0, 5)
    code_num = csvio.numeric_codes(code5, 10**6)
    order = np.lexsort((code_num, prio, ent_code))
    keep = order[_first_per_group(ent_code[order])]
    return pd.Series(code5.to_numpy(dtype=object)[keep], index=np.asarray(ent_u, dtype=object)[ent_code[keep]],
                     name="nace5")


def seat_address(address: pd.DataFrame) -> pd.DataFrame:
    """One REGO address per entity (not struck off preferred), indexed by entity number."""
    a = address[csvio.isin_text(address["TypeOfAddress"], ["REGO"])]
    ent_code, ent_u = pd.factorize(a["EntityNumber"])
    struck = a["DateStrikingOff"].notna().to_numpy()
    order = np.lexsort((np.arange(len(a)), struck, ent_code))
    keep = order[_first_per_group(ent_code[order])]
    out = a.iloc[keep][["Zipcode", "MunicipalityNL", "MunicipalityFR", "CountryNL"]]
    out.index = pd.Index(np.asarray(ent_u, dtype=object)[ent_code[keep]])
    return out


def firms_table(kbo: KboData, history_df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Canonical ``firms`` columns that come from the KBO (see schema.FIRMS_KBO).

    The steps taken (firms without NACE, without address, exits without date) are in
    ``df.attrs["sample_log"]`` (list of SampleStep) and appended to ``kbo.log``.
    """
    ent = kbo.enterprise.sort_values("EnterpriseNumber", kind="stable").reset_index(drop=True)
    n = len(ent)
    en = ent["EnterpriseNumber"]
    form = ent["JuridicalFormCAC"].where(ent["JuridicalFormCAC"].notna(), ent["JuridicalForm"])
    idx = ent.index
    # reindex by position (ints) instead of by enterprise-number strings: same result, the
    # string lookup runs once in Arrow (csvio.positions)
    from econ_ai.data.kbo_entities import activity_with_fallback, seat_with_fallback

    nace, nace3_only, nace_src = activity_with_fallback(kbo, en)
    nace.index = nace3_only.index = nace_src.index = idx
    seat, seat_src = seat_with_fallback(kbo, en)
    seat.index = seat_src.index = idx
    g = geo.lookup(seat["Zipcode"], fallback=seat["MunicipalityNL"])
    foreign = seat["CountryNL"].notna().to_numpy()
    if foreign.any():
        for c in ("province", "region", "nis_code"):
            g.loc[foreign, c] = None
    hist = history_df if history_df is not None else kbo.history
    exits = exits_from_history(hist) if hist is not None and len(hist) else None
    cur = ent["JuridicalSituation"].map(EXIT_SITUATIONS).astype(object)
    if exits is not None:
        pos = csvio.positions(en, pd.Series(exits.index.to_numpy(dtype=object), dtype=object))
        etype = pd.Series(np.where(pos >= 0, exits["exit_type"].to_numpy(dtype=object)[np.maximum(pos, 0)], None),
                          index=idx, dtype=object)
        ey = exits["exit_year"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        eyear = pd.Series(np.where(pos >= 0, ey[np.maximum(pos, 0)], np.nan), index=idx).astype("Int64")
    else:
        etype = pd.Series([None] * n, index=idx, dtype=object)
        eyear = pd.Series([pd.NA] * n, index=idx, dtype="Int64")
    undated = etype.isna() & cur.notna()
    etype = etype.where(etype.notna(), cur)
    df = pd.DataFrame(
        {
            "enterprise_number": en,
            "firm": np.arange(1, n + 1, dtype=np.int64),
            "founding_date": ent["StartDate"],
            "founded": ent["StartDate"].dt.year.astype(np.int64),
            "juridical_form": form,
            "juridical_situation": ent["JuridicalSituation"],
            "exit_type": etype,
            "exit_year": eyear,
            "nace5": nace,
            "nace3": nace.str.slice(0, 3).where(nace.notna(), nace3_only),
            "nace2": nace.str.slice(0, 2).where(nace.notna(), nace3_only.str.slice(0, 2)),
            "zipcode": g["zipcode"],
            "nis_code": g["nis_code"],
            "municipality": g["municipality"],
            "place": g["place"],
            "province": g["province"],
            "region": g["region"],
        },
        index=idx,
    )
    df["nace_source"] = nace_src
    df["address_source"] = seat_src
    if kbo.vanished is not None:
        df["vanished"] = csvio.isin_text(en, kbo.vanished["enterprise_number"].tolist()).astype(np.int64)
    steps = [
        SampleStep("firms: enterprises in KBO", 0, n),
        SampleStep(f"firms without a NACE 2008 main activity (nace5 missing): {int(nace.isna().sum())}", 0, n),
        SampleStep(f"firms without a NACE-BEL 2008 group, after the fallbacks (nace3 missing): "
                   f"{int(df['nace3'].isna().sum())}", 0, n),
        *[SampleStep(f"firms whose NACE comes from: {k}: {v}", 0, n)
          for k, v in sorted(nace_src.value_counts().items()) if k != "enterprise 2008"],
        SampleStep(f"firms without a registered-seat address (geo missing): {int(seat['Zipcode'].isna().sum())}", 0, n),
        *[SampleStep(f"firms whose address comes from: {k}: {v}", 0, n)
          for k, v in sorted(seat_src.value_counts().items()) if k != "enterprise REGO"],
        SampleStep(f"firms with a zip not in the municipality table (nis_code missing): "
                   f"{int((g['nis_code'].isna() & seat['Zipcode'].notna()).sum())}", 0, n),
        SampleStep(f"firms in an exit situation without a dated history row (exit_year missing): "
                   f"{int(undated.sum())}", 0, n),
    ]
    kbo.log.extend(steps)
    df.attrs["sample_log"] = steps
    return df
