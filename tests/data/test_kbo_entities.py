"""KBO completeness on the real update extract no. 147 (/work/shared/data copied in
fixtures/real_data/kbo): establishment fallback, NACE-BEL 2025 concordance, official ZIP files,
history from several dumps."""

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from econ_ai.data import kbo as K
from econ_ai.data.kbo_entities import concordance, history_from_dumps, read_kbo_sources

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures/real_data/kbo"


@pytest.fixture(scope="module")
def firms():
    return K.firms_table(read_kbo_sources(SAMPLE))


def test_fallbacks_on_the_real_sample(firms):
    assert len(firms) == 28
    own_nace = (firms["nace_source"] == "enterprise 2008").sum()
    own_seat = (firms["address_source"] == "enterprise REGO").sum()
    # before issue 10 (the enterprise's own NACE 2008 MAIN and REGO only): 1 and 10 of 28
    assert (own_nace, own_seat) == (1, 10)
    # after: establishments' activities (NACE 2025 through the concordance) and BAET addresses
    assert firms["nace3"].notna().sum() == 13 and firms["place"].notna().sum() == 24
    r = firms.set_index("enterprise_number").loc["1027.532.282"]
    assert (r["nace5"], r["nace_source"], r["zipcode"], r["address_source"]) == (
        "47711", "establishment 2025 (concordance)", "2811", "establishment BAET")
    assert set(firms["nace_source"].dropna()) <= {"enterprise 2008", "establishment 2008",
                                                  "enterprise 2025 (concordance)", "establishment 2025 (concordance)"}
    steps = [s.step for s in firms.attrs["sample_log"]]
    assert "firms whose NACE comes from: establishment 2025 (concordance): 12" in steps


def test_establishment_and_branch_tables_read():
    k = read_kbo_sources(SAMPLE)
    assert len(k.establishment) == 22 and list(k.establishment.columns) == ["EstablishmentNumber", "StartDate",
                                                                              "EnterpriseNumber"]
    assert k.branch is not None and len(k.branch) == 0


def test_concordance_maps_only_agreeing_labels():
    c = concordance()
    assert c["46211"] == "46211" and c["85510"] == "85510"
    assert "46190" not in c                     # same code, label changed in 2025: not mapped
    table = pd.read_csv(ROOT / "econ_ai/data/refdata/nace2025_to_2008.csv", dtype=str)
    mapped = table[table["nace2008"].notna()]
    assert (mapped[["similarity_nl", "similarity_fr"]].astype(float) >= 0.5).all().all()


def test_official_zip_files_read_directly(tmp_path, firms):
    z = tmp_path / "KboOpenData_0147_2025_10_12_Update.zip"
    with zipfile.ZipFile(z, "w") as f:
        for p in SAMPLE.glob("*.csv"):
            f.write(p, p.name)
    from_zip = K.firms_table(read_kbo_sources(tmp_path))
    pd.testing.assert_frame_equal(from_zip, firms)


def test_full_plus_update_zips_equal_apply_update(tmp_path):
    full, upd = ROOT / "fixtures/kbo/full", ROOT / "fixtures/kbo/update_147"
    for name, src in (("KboOpenData_0140_2025_10_Full.zip", full), ("KboOpenData_0147_2025_10_12_Update.zip", upd)):
        with zipfile.ZipFile(tmp_path / name, "w") as f:
            for p in src.glob("*.csv"):
                f.write(p, p.name)
    got = read_kbo_sources(tmp_path)
    want = K.apply_update(K.read_kbo(full), upd)
    pd.testing.assert_frame_equal(got.enterprise.reset_index(drop=True), want.enterprise.reset_index(drop=True))


def test_history_from_dumps_flags_vanished(tmp_path):
    full, upd = ROOT / "fixtures/kbo/full", ROOT / "fixtures/kbo/update_147"
    hist, vanished = history_from_dumps([full, upd])
    base = set(K.read_kbo(full).enterprise["EnterpriseNumber"])
    after = set(K.apply_update(K.read_kbo(full), upd).enterprise["EnterpriseNumber"])
    assert set(vanished["enterprise_number"]) == base - after and len(base - after) > 0
    assert (vanished["missing_from"] > vanished["last_seen"]).all()
    assert set(hist.columns) == {"enterprise_number", "juridical_situation", "start_date", "source"}


def test_several_full_dumps_in_kbo_folder(tmp_path):
    full, upd = ROOT / "fixtures/kbo/full", ROOT / "fixtures/kbo/update_147"
    state2 = K.apply_update(K.read_kbo(full), upd)
    d2 = tmp_path / "dump2"
    d2.mkdir()
    # a second full dump: the state after update 147, written as a full extract
    for name in ("enterprise", "activity", "address", "denomination"):
        src = getattr(state2, name).copy()
        for c in src.columns:
            if pd.api.types.is_datetime64_any_dtype(src[c]):
                src[c] = src[c].dt.strftime("%d-%m-%Y")
        src.to_csv(d2 / f"{name}.csv", index=False)
    (d2 / "meta.csv").write_text('"Variable","Value"\n"SnapshotDate","11-11-2025"\n"ExtractNumber","160"\n')
    for name, src in (("KboOpenData_0100_Full.zip", full), ("KboOpenData_0160_Full.zip", d2)):
        with zipfile.ZipFile(tmp_path / name, "w") as f:
            for p in src.glob("*.csv"):
                f.write(p, p.name)
    kdir = tmp_path / "kbo"
    kdir.mkdir()
    for z in tmp_path.glob("*.zip"):
        shutil.move(str(z), kdir / z.name)
    k = read_kbo_sources(kdir)
    f = K.firms_table(k)
    base = set(K.read_kbo(full).enterprise["EnterpriseNumber"])
    gone = base - set(state2.enterprise["EnterpriseNumber"])
    assert gone and set(f.loc[f["vanished"] == 1, "enterprise_number"]) == gone
    assert set(f["enterprise_number"]) == base | set(state2.enterprise["EnterpriseNumber"])
