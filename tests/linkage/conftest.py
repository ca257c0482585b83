import pandas as pd
import pytest

from econ_ai.linkage.register import build_register


def _q(rows, cols):
    return pd.DataFrame(rows, columns=cols)


@pytest.fixture()
def small_register():
    ent = _q([
        ("0200.000.001", "2", "610", None, "2015-03-01"),   # company, Gent
        ("0200.000.002", "2", "014", None, "2005-06-01"),   # company, founded before 2010, Leuven
        ("0200.000.003", "2", "017", None, "1999-01-01"),   # vzw
        ("0200.000.004", "2", "030", None, "2012-01-01"),   # foreign entity
        ("0200.000.005", "1", None, None, "2016-01-01"),    # natural person
        ("0200.000.006", "2", "124", None, "1817-01-01"),   # university
        ("0200.000.007", "2", "610", None, "2018-01-01"),   # twin name, Antwerpen
        ("0200.000.008", "2", "610", None, "2019-01-01"),   # twin name, Gent
    ], ["EnterpriseNumber", "TypeOfEnterprise", "JuridicalForm", "JuridicalFormCAC", "StartDate"])
    ent["StartDate"] = pd.to_datetime(ent["StartDate"])
    den = _q([
        ("0200.000.001", "2", "001", "Kaloneva Solutions BV"),
        ("0200.000.001", "2", "003", "Kaloneva"),
        ("0200.000.002", "2", "001", "Quantrix Analytics NV"),
        ("0200.000.003", "2", "001", "AI Community Gent vzw"),
        ("0200.000.004", "2", "001", "Deepmindor Ltd"),
        ("0200.000.005", "2", "003", "Pieter Data Consulting"),
        ("0200.000.006", "2", "001", "Universiteit Gent"),
        ("0200.000.006", "2", "002", "UGent"),
        ("0200.000.007", "2", "001", "Twinnova BV"),
        ("0200.000.008", "2", "001", "Twinnova BV"),
    ], ["EntityNumber", "Language", "TypeOfDenomination", "Denomination"])
    adr = _q([
        ("0200.000.001", "REGO", None, None, "9000", "Gent", "Gand"),
        ("0200.000.002", "REGO", None, None, "3000", "Leuven", "Louvain"),
        ("0200.000.003", "REGO", None, None, "9000", "Gent", "Gand"),
        ("0200.000.004", "REGO", "Verenigd Koninkrijk", "Royaume-Uni", "EC1A 1BB", "London", "London"),
        ("0200.000.005", "REGO", None, None, "2000", "Antwerpen", "Anvers"),
        ("0200.000.006", "REGO", None, None, "9000", "Gent", "Gand"),
        ("0200.000.007", "REGO", None, None, "2000", "Antwerpen", "Anvers"),
        ("0200.000.008", "REGO", None, None, "9000", "Gent", "Gand"),
    ], ["EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL", "MunicipalityFR"])
    adr["DateStrikingOff"] = pd.NaT
    act = _q([("0200.000.006", "001", "2008", "85420", "MAIN"), ("0200.000.001", "001", "2008", "62010", "MAIN")],
             ["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"])
    return build_register(ent, den, adr, act)


@pytest.fixture()
def small_lists():
    return pd.DataFrame([
        ("A1", "KALONEVA SOLUTIONS", "ai4belgium", "", "Gand", ""),
        ("A2", "Quantrix Analytics", "ai4belgium", "", "", ""),
        ("V1", "Kaloneva Oplossingen B.V.", "vaeremans", "", "", ""),     # duplicate of A1, translated
        ("V2", "AI Community Gent", "vaeremans", "", "", ""),
        ("O1", "Deepmindor", "own", "", "", ""),
        ("O2", "Pieter Data Consulting", "own", "", "", ""),
        ("O3", "Universiteit Gent", "own", "", "", ""),
        ("O4", "ChatBuddy App", "own", "", "", ""),
        ("O5", "Twinnova", "own", "", "Antwerpen", ""),
    ], columns=["candidate_id", "name", "source", "website", "city", "postal_code"])
