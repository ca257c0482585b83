"""ai_profile.csv reader: canonical columns, validation, Figure 1 funnel counts."""

from pathlib import Path

import pytest

from econ_ai.data import ai_profile, schema
from econ_ai.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures/kbo/full/ai_profile.csv"


def test_read_fixture():
    ap = ai_profile.read_ai_profile(FIXTURE)
    assert list(ap.columns) == schema.columns("ai_profile") + ["step"]
    schema.validate("ai_profile", ap)
    r = ap.set_index("enterprise_number").loc["0456.789.123"]
    assert (r["tech_ml"], r["tech_autonomous"], r["vc"], r["patent"], r["n_client_sectors"]) == (1, 1, 1, 1, 3)
    assert r["sources"] == "ai4belgium;own"
    assert ap["enterprise_number"].isna().sum() == 1           # the 'name' row


def test_funnel_counts():
    ap = ai_profile.read_ai_profile(FIXTURE)
    assert ai_profile.funnel(ap) == {"name": 5, "kbo": 4, "starter": 3, "verified": 2}


def _write(tmp_path, lines):
    p = tmp_path / "ai.csv"
    hdr = ",".join(f'"{c}"' for c in ai_profile.COLUMNS)
    p.write_text("\n".join([hdr, *lines]) + "\n", encoding="utf-8")
    return p


def _row(en='"0200.065.765"', step="verified", ncs="2", src="own"):
    return ",".join([en] + ['"0"'] * 20 + [f'"{ncs}"', f'"{src}"', f'"{step}"'])


def test_enterprise_number_required_after_name_step(tmp_path):
    p = _write(tmp_path, [_row(en="", step="kbo")])
    with pytest.raises(DataError, match=r"ai.csv:2:1: column 'EnterpriseNumber': empty for a row at step 'kbo'"):
        ai_profile.read_ai_profile(p)


def test_duplicate_enterprise(tmp_path):
    p = _write(tmp_path, [_row(), _row(step="kbo")])
    with pytest.raises(DataError, match=r":3: duplicate key EnterpriseNumber='0200.065.765' \(first on line 2\)"):
        ai_profile.read_ai_profile(p)


def test_unknown_step_near_miss(tmp_path):
    p = _write(tmp_path, [_row(step="verifed")])
    with pytest.raises(DataError, match=r"unknown funnel step 'verifed' \(did you mean 'verified'\?\)"):
        ai_profile.read_ai_profile(p)


def test_bad_client_sectors(tmp_path):
    p = _write(tmp_path, [_row(ncs="-1")])
    with pytest.raises(DataError, match=r":2:22: column 'n_client_sectors': not a non-negative integer: '-1'"):
        ai_profile.read_ai_profile(p)
