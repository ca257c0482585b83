"""The KBO register as linkage needs it: every denomination (all types and languages) and one
record per entity (type, juridical form, founding year, seat, main activity).

``load_register(kbo_dir)`` reads the open-data CSV files through :mod:`econ_ai.data.kbo`
(so bad files give the readers' DataErrors) and returns a :class:`Register`:

* ``names``: one row per distinct (normalised name) with the positions of its postings;
* ``postings``: one row per denomination: entity position, TypeOfDenomination, Language, text;
* ``entities``: one row per enterprise: enterprise_number, type_of_enterprise, juridical_form
  (JuridicalFormCAC when given), founded (year), zipcode, municipality_nl / _fr, country;
* ``activity``: the activity rows, from which the main NACE code (``kbo.main_activity``) is
  computed for the linked entities only.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.linkage.normalise import normalise_name, normalise_place


@dataclass
class Register:
    entities: pd.DataFrame
    postings: pd.DataFrame          # entity (int position), type, language, denomination, key
    keys: np.ndarray                # distinct normalised names (object array)
    key_postings: list[np.ndarray]  # key index -> posting rows
    source: str = ""
    activity: pd.DataFrame | None = None  # raw activity rows: main NACE computed for linked entities only

    @property
    def n_denominations(self) -> int:
        return len(self.postings)


def _log(quiet: bool, msg: str) -> None:
    if not quiet:
        print(f"[econ_ai link] {msg}", file=sys.stderr, flush=True)


def build_register(enterprise: pd.DataFrame, denomination: pd.DataFrame, address: pd.DataFrame | None = None,
                   activity: pd.DataFrame | None = None, *, source: str = "") -> Register:
    """A Register from the KBO tables (the column names of the open-data files)."""
    from econ_ai.data.kbo import seat_address

    ent = enterprise.reset_index(drop=True)
    en = ent["EnterpriseNumber"].astype(object)
    form = ent["JuridicalFormCAC"].where(ent["JuridicalFormCAC"].notna(), ent["JuridicalForm"])
    e = pd.DataFrame({
        "enterprise_number": en.to_numpy(object),
        "type_of_enterprise": ent["TypeOfEnterprise"].fillna("").to_numpy(object),
        "juridical_form": form.fillna("").to_numpy(object),
        "founded": pd.to_datetime(ent["StartDate"]).dt.year.fillna(0).astype(int).to_numpy(),
    })
    idx = pd.Index(e["enterprise_number"])
    if address is not None and len(address):
        sa = seat_address(address)
        pos = idx.get_indexer(sa.index)
        for col, src in (("zipcode", "Zipcode"), ("municipality_nl", "MunicipalityNL"),
                         ("municipality_fr", "MunicipalityFR"), ("country", "CountryNL")):
            v = np.full(len(e), "", dtype=object)
            ok = pos >= 0
            v[pos[ok]] = sa[src].fillna("").to_numpy(object)[ok]
            e[col] = v
    else:
        for col in ("zipcode", "municipality_nl", "municipality_fr", "country"):
            e[col] = ""
    e["nace5"] = ""  # see Register.activity
    for col, src in (("place_nl", "municipality_nl"), ("place_fr", "municipality_fr")):
        codes, uniq = pd.factorize(e[src])
        e[col] = np.array([normalise_place(x) for x in uniq] + [""], dtype=object)[codes]
    d = denomination
    dpos = idx.get_indexer(d["EntityNumber"].astype(object))
    keep = dpos >= 0  # establishments' denominations and orphans are not linked here
    texts = d["Denomination"].to_numpy(object)[keep]
    uniq, inv = np.unique(texts.astype(str), return_inverse=True)
    ukeys = np.array([normalise_name(t) for t in uniq], dtype=object)
    key_of = ukeys[inv]
    post = pd.DataFrame({
        "entity": dpos[keep], "type": d["TypeOfDenomination"].to_numpy(object)[keep],
        "language": d["Language"].to_numpy(object)[keep], "denomination": texts, "key": key_of,
    })
    keys, kinv = np.unique(key_of.astype(str), return_inverse=True)
    order = np.argsort(kinv, kind="stable")
    bounds = np.searchsorted(kinv[order], np.arange(len(keys) + 1))
    key_postings = [order[bounds[k]:bounds[k + 1]] for k in range(len(keys))]
    return Register(e, post, keys.astype(object), key_postings, source, activity)


def load_register(kbo_dir: str | Path, *, quiet: bool = True) -> Register:
    """Read a KBO open-data folder (enterprise, denomination, address, activity)."""
    from econ_ai.data.kbo import read_table
    from econ_ai.errors import DataError

    folder = Path(kbo_dir)
    if not (folder / "enterprise.csv").is_file():
        raise DataError("no enterprise.csv in the KBO folder (a full open-data extract is needed)", file=str(folder))
    t0 = time.perf_counter()
    tabs = {n: read_table(folder / f"{n}.csv", n) if (folder / f"{n}.csv").is_file() else None
            for n in ("enterprise", "denomination", "address", "activity")}
    if tabs["denomination"] is None:
        raise DataError("no denomination.csv in the KBO folder", file=str(folder))
    _log(quiet, f"register read [{time.perf_counter() - t0:.1f}s]")
    reg = build_register(tabs["enterprise"], tabs["denomination"], tabs["address"], tabs["activity"],
                         source=str(folder))
    _log(quiet, f"register: {len(reg.entities):,} entities, {reg.n_denominations:,} denominations, "
                f"{len(reg.keys):,} distinct names [{time.perf_counter() - t0:.1f}s]")
    return reg
