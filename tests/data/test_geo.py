"""Postal code -> province / region ranges, municipality table, NIS codes, display place."""

import pandas as pd
import pytest

from econ_ai.data import geo

# Statbel REFNIS 2019 codes, written out independently from the package table (source:
# Statbel REFNIS_2019.csv as transcribed in a public "Code INS des communes belges" table).
NIS = {
    "9000": "44021", "2000": "11002", "2018": "11002", "2020": "11002", "2060": "11002", "2100": "11002",
    "2140": "11002", "2600": "11002", "3000": "24062", "3001": "24062", "3010": "24062", "3500": "71022",
    "4000": "62063", "2550": "11024", "1348": "25121", "6000": "52011", "2800": "12025", "8000": "31005",
    "8500": "34022", "5000": "92094", "7000": "53053", "9300": "41002", "3600": "71016", "1300": "25112",
    "9100": "46021", "2300": "13040",
    "1000": "21004", "1020": "21004", "1030": "21015", "1040": "21005", "1050": "21009", "1060": "21013",
    "1070": "21001", "1080": "21012", "1081": "21011", "1082": "21003", "1083": "21008", "1090": "21010",
    "1120": "21004", "1130": "21004", "1140": "21006", "1150": "21019", "1160": "21002", "1170": "21017",
    "1180": "21016", "1190": "21007", "1200": "21018", "1210": "21014",
}


@pytest.mark.parametrize("z,prov,reg", [
    ("1000", "Brussels-Capital", "Brussels"), ("1299", "Brussels-Capital", "Brussels"),
    ("1300", "Walloon Brabant", "Walloon"), ("1499", "Walloon Brabant", "Walloon"),
    ("1500", "Flemish Brabant", "Flemish"), ("1999", "Flemish Brabant", "Flemish"),
    ("3000", "Flemish Brabant", "Flemish"), ("3499", "Flemish Brabant", "Flemish"),
    ("2000", "Antwerp", "Flemish"), ("3500", "Limburg", "Flemish"), ("3999", "Limburg", "Flemish"),
    ("4000", "Liège", "Walloon"), ("5000", "Namur", "Walloon"), ("6000", "Hainaut", "Walloon"),
    ("6599", "Hainaut", "Walloon"), ("6600", "Luxembourg", "Walloon"), ("6999", "Luxembourg", "Walloon"),
    ("7000", "Hainaut", "Walloon"), ("8000", "West Flanders", "Flemish"), ("9999", "East Flanders", "Flemish"),
])
def test_ranges(z, prov, reg):
    assert geo.province_of(z) == prov and geo.region_of(z) == reg


@pytest.mark.parametrize("z", ["0999", "12345", "1O00", None, ""])
def test_not_a_belgian_zip(z):
    assert geo.province_of(z) is None and geo.region_of(z) is None


def test_table_covers_required_zips_with_statbel_codes():
    t = geo.municipalities().set_index("zip")
    for z, nis in NIS.items():
        assert t.loc[z, "nis_code"] == nis, z
    assert len(t) >= 19 + 20 + 40
    assert t.index.is_unique
    # the table's province/region columns agree with the range rule
    for z, r in t.iterrows():
        assert (r["province"], r["region"]) == (geo.province_of(z), geo.region_of(z)), z
    # NIS first digit matches the province (REFNIS: 1 Antwerp, 21 Brussels, 23/24 Flemish Brabant,
    # 25 Walloon Brabant, 3 West Fl., 4 East Fl., 5 Hainaut, 6 Liège, 7 Limburg, 8 Lux., 9 Namur)
    first = {"Antwerp": "1", "West Flanders": "3", "East Flanders": "4", "Hainaut": "5", "Liège": "6",
             "Limburg": "7", "Luxembourg": "8", "Namur": "9", "Brussels-Capital": "21", "Walloon Brabant": "25"}
    for z, r in t.iterrows():
        pre = first.get(r["province"])
        if pre:
            assert r["nis_code"].startswith(pre), z
        else:
            assert r["nis_code"][:2] in ("23", "24"), z


def test_lookup_place_and_fallback():
    g = geo.lookup(pd.Series(["1348", "1080", "4031", "9000", "2070", None]),
                   fallback=pd.Series(["x", "y", "z", "w", "Beveren-Kruibeke-Zwijndrecht", None]))
    assert g["place"].tolist()[:4] == ["Louvain-la-Neuve", "Brussels-Capital Region", "Liège", "Gent"]
    assert g["municipality"].tolist()[:4] == ["Ottignies-Louvain-la-Neuve", "Sint-Jans-Molenbeek", "Liège", "Gent"]
    assert g.loc[4, "municipality"] == "Beveren-Kruibeke-Zwijndrecht" and pd.isna(g.loc[4, "nis_code"])
    assert g.loc[4, "province"] == "Antwerp"
    assert g.iloc[5].isna().all()


def test_place_of_scalar():
    assert geo.place_of("1348", "Ottignies-Louvain-la-Neuve") == "Louvain-la-Neuve"
    assert geo.place_of("1210", "Sint-Joost-ten-Node") == "Brussels-Capital Region"
    assert geo.place_of("9000", "Gent") == "Gent"
