"""Belgian postal code -> municipality, NIS code, province, region, display place.

Province and region follow the bpost postal code ranges (first digits of the 4-digit code):

    1000-1299 Brussels-Capital (region Brussels)   1300-1499 Walloon Brabant
    1500-1999, 3000-3499 Flemish Brabant           2000-2999 Antwerp
    3500-3999 Limburg                              4000-4999 Liège
    5000-5999 Namur                                6000-6599, 7000-7999 Hainaut
    6600-6999 Luxembourg                           8000-8999 West Flanders
    9000-9999 East Flanders
    regions: Flemish (Antwerp, Limburg, East/West Flanders, Flemish Brabant),
             Walloon (Walloon Brabant, Hainaut, Liège, Luxembourg, Namur), Brussels.

Municipality and NIS code come from the package table ``refdata/municipalities.csv``
(zip, municipality_nl, municipality_fr, nis_code, province, region): the main municipality
(after the 1977 merger, as it stood 2019-2024; named in the language of its region, Dutch
for Brussels) of each postal code the study and the
synthetic generator use. NIS codes are Statbel REFNIS 2019 codes (Statbel file REFNIS_2019.csv,
as transcribed in a public GitHub table of "Code INS des communes belges", INS_2019); the
2025 mergers (e.g. Merelbeke-Melle, Beveren-Kruibeke-Zwijndrecht, Hasselt 71072) are NOT
applied because the study period is 2010-2023. A zip not in the table keeps the municipality
name given in the KBO address (``fallback``) and a missing NIS code.

``place`` is the study's display name (Figure 3): "Brussels-Capital Region" for any Brussels
zip, "Louvain-la-Neuve" for 1348, otherwise the municipality.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

BRUSSELS_PLACE = "Brussels-Capital Region"
_RANGES = (
    (1000, 1299, "Brussels-Capital", "Brussels"),
    (1300, 1499, "Walloon Brabant", "Walloon"),
    (1500, 1999, "Flemish Brabant", "Flemish"),
    (2000, 2999, "Antwerp", "Flemish"),
    (3000, 3499, "Flemish Brabant", "Flemish"),
    (3500, 3999, "Limburg", "Flemish"),
    (4000, 4999, "Liège", "Walloon"),
    (5000, 5999, "Namur", "Walloon"),
    (6000, 6599, "Hainaut", "Walloon"),
    (6600, 6999, "Luxembourg", "Walloon"),
    (7000, 7999, "Hainaut", "Walloon"),
    (8000, 8999, "West Flanders", "Flemish"),
    (9000, 9999, "East Flanders", "Flemish"),
)
PROVINCES = tuple(dict.fromkeys(r[2] for r in _RANGES))
REGIONS = ("Flemish", "Walloon", "Brussels")


def _zip_int(z: object) -> int | None:
    try:
        s = str(z).strip()
    except Exception:  # pragma: no cover - defensive
        return None
    if len(s) != 4 or not s.isdigit():
        return None
    return int(s)


def _range_of(zipcode: object) -> tuple[str | None, str | None]:
    """(province, region) of a Belgian postal code's range; (None, None) if none."""
    z = _zip_int(zipcode)
    if z is not None:
        for lo, hi, prov, reg in _RANGES:
            if lo <= z <= hi:
                return prov, reg
    return None, None


def province_of(zipcode: object) -> str | None:
    """Province of a Belgian postal code (None if not a Belgian 4-digit code)."""
    return _range_of(zipcode)[0]


def region_of(zipcode: object) -> str | None:
    """Region (Flemish | Walloon | Brussels) of a Belgian postal code."""
    return _range_of(zipcode)[1]


@lru_cache(maxsize=1)
def municipalities() -> pd.DataFrame:
    """The packaged zip -> municipality table (read once)."""
    ref = resources.files("econ_ai.data").joinpath("refdata/municipalities.csv")
    with ref.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return df


def place_of(zipcode: object, municipality: str | None) -> str | None:
    z = _zip_int(zipcode)
    if z is not None and 1000 <= z <= 1299:
        return BRUSSELS_PLACE
    if z == 1348:
        return "Louvain-la-Neuve"
    return municipality


def lookup(zipcodes: pd.Series, fallback: pd.Series | None = None) -> pd.DataFrame:
    """Vectorised geo lookup for a Series of postal codes.

    Returns a DataFrame (same index) with ``zipcode, municipality, nis_code, place, province,
    region``. ``fallback`` (e.g. the KBO MunicipalityNL) names the municipality of zips not
    in the table; their ``nis_code`` is missing.
    """
    zs = pd.Series(zipcodes.to_numpy(dtype=object), index=zipcodes.index, dtype="str").str.strip()
    table = municipalities().set_index("zip")
    name = table["municipality_nl"].where(table["region"] != "Walloon", table["municipality_fr"])
    muni = zs.map(name)
    nis = zs.map(table["nis_code"])
    if fallback is not None:
        muni = muni.where(muni.notna(), fallback)
    zi = pd.to_numeric(zs, errors="coerce").to_numpy()
    prov = np.full(len(zs), None, dtype=object)
    reg = np.full(len(zs), None, dtype=object)
    valid = zs.str.fullmatch(r"\d{4}").fillna(False).to_numpy(dtype=bool)  # Arrow regex, vectorised
    for lo, hi, p, r in _RANGES:
        m = valid & (zi >= lo) & (zi <= hi)
        prov[m] = p
        reg[m] = r
    place = muni.to_numpy(dtype=object).copy()
    place[valid & (zi >= 1000) & (zi <= 1299)] = BRUSSELS_PLACE
    place[valid & (zi == 1348)] = "Louvain-la-Neuve"
    return pd.DataFrame(
        {
            "zipcode": zs.to_numpy(dtype=object),
            "municipality": muni.to_numpy(dtype=object),
            "nis_code": nis.to_numpy(dtype=object),
            "place": place,
            "province": prov,
            "region": reg,
        },
        index=zipcodes.index,
    )
