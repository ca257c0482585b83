"""KBO reader on real rows (fixtures/kbo/update_147, copied from the 12-10-2025 update extract)
and on the hand-made full extract fixtures/kbo/full (see fixtures/kbo/SOURCE.md)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from econ_ai.data import kbo
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "fixtures/kbo/full"
UPDATE = ROOT / "fixtures/kbo/update_147"
HISTORY = FULL / "juridical_situation_history.csv"


@pytest.fixture(scope="module")
def base():
    return kbo.read_kbo(FULL, history=HISTORY)


@pytest.fixture(scope="module")
def updated(base):
    return kbo.apply_update(base, UPDATE)


def test_full_extract_bom_quotes_nulls(base):
    ent = base.enterprise
    assert list(ent.columns)[0] == "EnterpriseNumber"          # BOM stripped
    assert len(ent) == 7
    row = ent.set_index("EnterpriseNumber").loc["0456.789.123"]
    assert row["JuridicalFormCAC"] == "610" and row["StartDate"] == pd.Timestamp("2012-06-15")
    assert pd.isna(ent.set_index("EnterpriseNumber").loc["0200.065.765", "JuridicalFormCAC"])
    den = base.denomination.set_index("EntityNumber")["Denomination"]
    assert den["0200.065.765"] == 'Data "Gent", BV'
    assert den["0456.789.123"] == "Neural\nWallonie"
    assert base.snapshot_date == pd.Timestamp("2025-10-10")


def test_real_update_folder_alone():
    k = kbo.read_kbo(UPDATE)
    assert len(k.enterprise) == 28                              # all rows of enterprise_insert.csv
    assert k.snapshot_date == pd.Timestamp("2025-10-11")
    assert k.meta["ExtractNumber"] == "147"
    assert k.describe("JuridicalSituation", "050", "NL") == "Opening faillissement"
    assert k.describe("JuridicalForm", "610", "FR") == "Société à responsabilité limitée"


def test_main_activity_rule_on_real_rows():
    act = kbo.read_kbo(UPDATE).activity
    nace = kbo.main_activity(act)
    # 2008 MAIN (group 001) chosen over the 2025 MAIN and the 2008 SECO rows
    assert nace["0717.947.577"] == "43910"
    # establishment with 2008 MAIN activities in groups 006 and 003 (28 of them, 7-digit codes):
    # group 006 (RSZ/NSSO) wins -> 47750, not the lowest 003 code (46190)
    assert nace["2.130.882.142"] == "47750"
    # only NACE 2025 MAIN -> missing, never converted
    assert "1027.395.591" not in nace.index
    assert "1028.556.425" not in nace.index
    # only SECO rows -> missing
    assert "0648.687.005" not in nace.index


def test_main_activity_rule_priorities(base):
    nace = kbo.main_activity(base.activity)
    # 001 beats 006 and 003; lowest code within 001 (62020 < 62090); SECO ignored
    assert nace["0456.789.123"] == "62020"
    # 006 (RSZ) beats 003
    assert nace["0843.619.886"] == "72190"


def test_seven_digit_codes_cut_to_class():
    act = pd.DataFrame({"EntityNumber": ["0200.065.765"], "ActivityGroup": ["003"], "NaceVersion": ["2008"],
                        "NaceCode": ["4764001"], "Classification": ["MAIN"]})
    assert kbo.main_activity(act)["0200.065.765"] == "47640"


def test_update_delete_then_insert(base, updated):
    ent = updated.enterprise.set_index("EnterpriseNumber")
    # deleted and not re-inserted
    assert "0502.503.253" not in ent.index and "0504.707.232" not in ent.index
    # deleted and re-inserted with the new values (JuridicalForm NULL in the real row)
    assert pd.isna(ent.loc["0717.947.577", "JuridicalForm"])
    assert ent.loc["0717.947.577", "StartDate"] == pd.Timestamp("2019-01-10")
    # untouched
    assert ent.loc["0456.789.123", "JuridicalSituation"] == "050"
    assert len(ent) == 7 - 4 + 28                             # 4 of the 7 keys are in enterprise_delete.csv
    act = updated.activity
    # the old 62010 MAIN activity of 0717.947.577 was deleted, the new rows inserted
    assert not ((act["EntityNumber"] == "0717.947.577") & (act["NaceCode"] == "62010")).any()
    assert kbo.main_activity(act)["0717.947.577"] == "43910"
    assert updated.snapshot_date == pd.Timestamp("2025-10-11")
    steps = {s.step: s for s in updated.log}
    assert steps["kbo update: enterprise rows deleted"].removed == 4
    assert len(base.enterprise) == 7                            # base not mutated


def test_update_insert_of_existing_key_without_delete(base, tmp_path):
    upd = tmp_path / "u"
    upd.mkdir()
    (upd / "enterprise_insert.csv").write_text(
        '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC",'
        '"StartDate"\n"0456.789.123","AC","000","2","610",,15-06-2012\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"enterprise_insert.csv:2: duplicate key EnterpriseNumber='0456.789.123'"):
        kbo.apply_update(base, upd)


def test_firms_table(base):
    f = kbo.firms_table(base).set_index("enterprise_number")
    assert list(f["firm"]) == list(range(1, 8))                # rank of the sorted enterprise number
    r = f.loc["0456.789.123"]
    assert (r["founded"], r["juridical_form"], r["nace5"], r["nace3"], r["nace2"]) == (2012, "610", "62020", "620", "62")
    # seat address not struck off is used: 1348 -> Ottignies-LLN, place Louvain-la-Neuve
    assert (r["zipcode"], r["nis_code"], r["place"], r["province"], r["region"]) == (
        "1348", "25121", "Louvain-la-Neuve", "Walloon Brabant", "Walloon")
    # first exit situation in the history: bankruptcy opened 2021 (closure 2023 ignored)
    assert (r["exit_type"], r["exit_year"]) == ("bankruptcy", 2021)
    g = f.loc["0200.065.765"]
    assert (g["exit_type"], g["exit_year"], g["place"]) == ("merger_acquisition", 2024, "Gent")
    assert pd.isna(g["nace5"])                                  # only 2025/2003 MAIN codes
    assert f.loc["0504.707.232", "exit_type"] == "liquidation"
    assert f.loc["0761.879.075", "place"] == "Brussels-Capital Region"
    assert f.loc["0761.879.075", "municipality"] == "Elsene"
    foreign = f.loc["0843.619.886"]
    assert pd.isna(foreign["region"]) and pd.isna(foreign["nis_code"])
    log = [s.step for s in f.attrs["sample_log"]]
    assert "firms without a NACE 2008 main activity (nace5 missing): 3" in log


def test_current_situation_without_history(tmp_path):
    k = kbo.read_kbo(FULL)                                      # no history
    f = kbo.firms_table(k).set_index("enterprise_number")
    assert f.loc["0456.789.123", "exit_type"] == "bankruptcy"   # current situation 050
    assert pd.isna(f.loc["0456.789.123", "exit_year"])
    assert any("exit_year missing): 2" in s.step for s in f.attrs["sample_log"])


def test_exit_mapping_table():
    assert kbo.EXIT_SITUATIONS["012"] == "liquidation" and kbo.EXIT_SITUATIONS["014"] == "liquidation"
    assert kbo.EXIT_SITUATIONS["010"] == "dissolution" and kbo.EXIT_SITUATIONS["013"] == "dissolution"
    assert {kbo.EXIT_SITUATIONS[c] for c in ("048", "049", "050", "051", "052", "053")} == {"bankruptcy"}
    assert {kbo.EXIT_SITUATIONS[c] for c in ("021", "022", "023", "024", "025", "026")} == {"merger_acquisition"}
    assert "000" not in kbo.EXIT_SITUATIONS and "090" not in kbo.EXIT_SITUATIONS


def test_history_reader_and_writer_round_trip(tmp_path):
    h = kbo.read_situation_history(HISTORY)
    assert list(h.columns) == ["enterprise_number", "juridical_situation", "start_date", "source"]
    assert h.loc[h["juridical_situation"] == "021", "source"].item() == "media"
    out = tmp_path / "h.csv"
    kbo.write_situation_history(h, out)
    pd.testing.assert_frame_equal(kbo.read_situation_history(out), h)


def test_history_from_snapshots(tmp_path):
    s1, s2 = tmp_path / "s1", tmp_path / "s2"
    shutil.copytree(FULL, s1)
    shutil.copytree(FULL, s2)
    text = (s2 / "enterprise.csv").read_text(encoding="utf-8-sig")
    text = text.replace('"0717.947.577","AC","000"', '"0717.947.577","AC","012"')
    text = "\n".join(line for line in text.splitlines() if not line.startswith('"0502.503.253"')) + "\n"
    (s2 / "enterprise.csv").write_text(text, encoding="utf-8")
    (s2 / "meta.csv").write_text('"Variable","Value"\n"SnapshotDate","07-11-2025"\n', encoding="utf-8")
    log = []
    h = kbo.history_from_snapshots([s2, s1], log=log)           # order of arguments does not matter
    got = set(zip(h["enterprise_number"], h["juridical_situation"], h["start_date"]))
    assert got == {
        ("0456.789.123", "050", pd.Timestamp("2025-10-10")),  # non-000 in the first snapshot
        ("0504.707.232", "012", pd.Timestamp("2025-10-10")),
        ("0717.947.577", "012", pd.Timestamp("2025-11-07")),  # changed in the second
    }
    assert log[0].remaining == 1                                # 0502.503.253 vanished


def test_no_extract_in_folder(tmp_path):
    with pytest.raises(DataError, match="no enterprise.csv"):
        kbo.read_kbo(tmp_path)
