"""The synthetic population: exact AI-list counts, determinism, raw-format conformity, DGP.

The AI list (exact by construction) is tested at full scale (it is small); the population and
its raw files at scale 0.05 (cached once per session under pytest's base temp folder).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from econ_ai.data.synth import generate, params as P
from econ_ai.data.synth.accounts import YEARS, simulate_employers
from econ_ai.data.synth.ai_list import PURPOSE, TECH, make_ai_list, weighted_sample
from econ_ai.data.synth.counts import (
    enterprise_numbers, largest_remainder, municipalities, scaled, scaled_partition,
    valid_enterprise_number,
)
from econ_ai.data.synth.population import make_firms

SCALE = 0.05


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.getbasetemp() / "synth_test_s005"
    if not (out / "manifest.json").exists():
        generate(out, scale=SCALE, quiet=True)
    return out


@pytest.fixture(scope="module")
def ai_full() -> pd.DataFrame:
    return make_ai_list(np.random.default_rng(P.DEFAULT_SEED), 1.0)


# ----------------------------------------------------------------------------- helpers
def test_largest_remainder_sums_and_is_exact_at_scale_one():
    assert largest_remainder([1, 1, 1], 2) == [1, 1, 0]
    assert sum(largest_remainder([3.3, 2.2, 9.9], 7)) == 7
    assert scaled_partition(P.FUNNEL_PARTITION, 1.0) == P.FUNNEL_PARTITION
    half = scaled_partition(P.FUNNEL_PARTITION, 0.05)
    assert sum(half.values()) == round(0.05 * P.N_NAMES)
    assert scaled(744, 0.05) == 37 and scaled(9, 0.05) == 0


def test_enterprise_numbers_are_valid_and_distinct():
    en = enterprise_numbers(np.random.default_rng(3), 5000)
    assert len(set(en)) == 5000
    assert all(re.fullmatch(r"[01]\d{3}\.\d{3}\.\d{3}", e) and valid_enterprise_number(e) for e in en)
    assert not valid_enterprise_number("0123.456.780")


def test_weighted_sample_without_replacement_follows_weights():
    rng = np.random.default_rng(0)
    w = np.array([0.0, 1.0, 1.0, 8.0])
    hits = np.zeros(4)
    for _ in range(2000):
        s = weighted_sample(rng, w, 2)
        assert len(set(s)) == 2 and 0 not in s
        hits[s] += 1
    # successive draws: item 3 is missed only if items 1 and 2 come first: (2/10) * (1/9)
    assert abs(hits[3] / 2000 - (1 - 2 / 90)) < 0.015
    assert abs(hits[1] - hits[2]) < 150


# ----------------------------------------------------------------------------- AI list, scale 1
def test_funnel_and_sources_exact(ai_full):
    steps = ai_full["step"].value_counts().to_dict()
    assert steps == P.FUNNEL_PARTITION
    assert ai_full["sources"].value_counts().to_dict() == P.SOURCES
    linked = ai_full[ai_full["step"] != "name"]
    assert (linked.loc[linked["sources"] == "ai4belgium", "founded"] <= 2021).all()


def test_tables_1_and_2_exact_with_at_least_one_label(ai_full):
    v = ai_full[ai_full["step"] == "verified"]
    assert v[list(TECH)].sum().to_dict() == P.TECH_COUNTS
    assert v[list(PURPOSE)].sum().to_dict() == P.PURPOSE_COUNTS
    assert (v[list(TECH)].sum(axis=1) >= 1).all() and (v[list(PURPOSE)].sum(axis=1) >= 1).all()
    assert round(v[list(TECH)].sum(axis=1).mean(), 1) == 2.1
    assert round(v[list(PURPOSE)].sum(axis=1).mean(), 1) == 1.6
    assert (int(v["vc"].sum()), int(v["spinoff"].sum()), int(v["patent"].sum())) == (156, 38, 56)


def test_places_exact_and_no_other_place_reaches_ten(ai_full):
    v = ai_full[ai_full["step"] == "verified"]
    counts = v["place"].value_counts()
    for place, (n, zips) in P.PLACES.items():
        assert counts[place] == n
        assert set(v.loc[v["place"] == place, "zipcode"]) <= set(zips)
    others = counts.drop(list(P.PLACES))
    assert others.max() <= 9
    known = {m[0] for m in municipalities()}
    assert set(ai_full.loc[ai_full["step"] != "name", "zipcode"]) <= known


def test_founding_years_figure_2(ai_full):
    linked = ai_full[ai_full["step"] != "name"]
    by = linked["founded"].value_counts()
    assert by.idxmax() == 2019 and by.max() == 86
    assert (linked["founded"] < 2010).sum() == 176
    assert linked["founded"].min() == 1986
    ver = linked[linked["step"] == "verified"]
    assert ver["founded"].between(2010, 2023).all()
    assert by[range(2021, 2025)].is_monotonic_decreasing


def test_exits_exact_from_2018(ai_full):
    v = ai_full[ai_full["step"] == "verified"]
    failed = v["exit_type"].isin(["bankruptcy", "liquidation", "dissolution"])
    assert failed.sum() == 74 and (v["exit_type"] == "merger_acquisition").sum() == 26
    ex = v[v["exit_type"] != ""]
    assert ex["exit_year"].between(2018, 2024).all()
    assert (ex["exit_year"] > ex["founded"]).all()


# ----------------------------------------------------------------------------- population
def test_population_sizes_scale(ai_full):
    firms = make_firms(np.random.default_rng(1), make_ai_list(np.random.default_rng(2), 0.1), 0.1)
    roles = firms["role"].value_counts()
    unv = ((firms["role"] == "ai_unverified") & (firms["founded"] <= 2023)).sum()
    assert roles["reference"] + unv == scaled(P.N_REFERENCE, 0.1)
    assert roles["no_employee"] == scaled(P.N_NO_EMPLOYEE, 0.1)
    assert roles["ai"] == scaled_partition(P.FUNNEL_PARTITION, 0.1)["verified"]
    assert firms["enterprise_number"].is_unique


def test_production_function_holds_with_documented_elasticities():
    """va = b0 + omega + 0.6 l + 0.3 k + eps with k = log tangible assets at the start of t."""
    rng = np.random.default_rng(5)
    firms = make_firms(rng, make_ai_list(rng, 0.02), 0.02)
    firms = firms[firms["employer"] & (firms["founded"] <= 2023)].reset_index(drop=True)
    g, _ = simulate_employers(rng, firms)
    k_start = np.full_like(g["tangible_assets"], np.nan)
    k_start[:, 1:] = g["tangible_assets"][:, :-1]
    d = P.DGP
    resid = (np.log(g["value_added"]) - d.b0 - g["omega"] - d.b_l * np.log(g["employees"])
             - d.b_k * np.log(k_start))
    r = resid[np.isfinite(resid)]
    assert len(r) > 1000
    assert abs(r.mean()) < 0.01 and abs(r.std() - d.sigma_eps) < 0.01
    # intermediate inputs: m = b0 + omega + (b_l + b_k) k + shift + logit(share): strictly
    # increasing in omega given k and free of labour (LP / Wooldridge / ACF proxy)
    m = np.log(g["m60"] + g["m61"]) - g["omega"] - (d.b_l + d.b_k) * np.log(k_start)
    ok = np.isfinite(m)
    assert abs(np.corrcoef(m[ok], g["omega"][ok])[0, 1]) < 0.1
    assert abs(np.corrcoef(m[ok], np.log(g["employees"])[ok])[0, 1]) < 0.1
    # labour reacts to LAST year's productivity shock (ACF timing): growth of FTE in t moves
    # with the change of omega in t-1
    dl = np.diff(np.log(g["employees"]), axis=1)[:, 1:]
    dw = np.diff(g["omega"], axis=1)[:, :-1]
    ok = np.isfinite(dl) & np.isfinite(dw)
    assert np.corrcoef(dl[ok], dw[ok])[0, 1] > 0.1
    assert g["omega"].shape[1] == len(YEARS)


def _small_employers(seed: int = 11):
    rng = np.random.default_rng(seed)
    firms = make_firms(rng, make_ai_list(rng, 0.2), 0.02)
    return firms[firms["employer"] & (firms["founded"] <= 2023)].reset_index(drop=True)


def test_ai_wave_moves_ai_productivity_and_staff_in_calendar_time_only():
    """The AI demand wave (v3) adds ai_wave * clip((year - start) / years, 0, 1) to the TFP of
    AI firms and ai_wave_l to their log staff, and nothing to non-AI firms (same random stream)."""
    import dataclasses

    firms = _small_employers()
    on, _ = simulate_employers(np.random.default_rng(4), firms, P.DGP)
    off, _ = simulate_employers(np.random.default_rng(4), firms, dataclasses.replace(
        P.DGP, ai_wave=(0.0, 0.0, 0.0), ai_wave_l=(0.0, 0.0, 0.0)))
    d = P.DGP
    grp = firms["group"].to_numpy()
    step = np.clip((YEARS - d.ai_wave_start) / d.ai_wave_years, 0.0, 1.0)
    diff = on["omega"] - off["omega"]
    for g in (0, 1, 2):
        rows = diff[grp == g]
        ok = np.isfinite(rows)
        want = np.broadcast_to(d.ai_wave[g] * step, rows.shape)
        np.testing.assert_allclose(rows[ok], want[ok], atol=1e-12)
    assert (grp == 1).sum() > 20 and d.ai_wave[1] > 0
    # staff: non-AI identical; AI larger from the wave years on (rounded to 0.1 FTE)
    L_on, L_off = on["employees"], off["employees"]
    ok = np.isfinite(L_on)
    assert np.array_equal(L_on[(grp == 0)[:, None] & ok], L_off[(grp == 0)[:, None] & ok])
    late = ok & (grp == 1)[:, None] & (YEARS >= d.ai_wave_start + d.ai_wave_years)[None, :]
    ratio = np.median(L_on[late] / L_off[late])
    assert abs(np.log(ratio) - d.ai_wave_l[1]) < 0.1


def test_scale_ups_grow_staff_faster_with_lower_tfp():
    """Two types of AI starters (v3): scale-ups (scaler_share) add scaler_growth to their yearly
    log staff growth and start with TFP lower by |scaler_omega|. v6 draws an EXACT number of
    scale-ups, so the random streams after that draw differ between the two simulations: the
    founding-year TFP (drawn before it) differs exactly, the growth gap on average."""
    import dataclasses

    firms = _small_employers(12)
    d = dataclasses.replace(P.DGP, scaler_share=(0.0, 1.0, 0.0))
    d0 = dataclasses.replace(P.DGP, scaler_share=(0.0, 0.0, 0.0))
    a, _ = simulate_employers(np.random.default_rng(9), firms, d)
    b, _ = simulate_employers(np.random.default_rng(9), firms, d0)
    grp = firms["group"].to_numpy()
    w = grp == 1
    first = np.argmax(np.isfinite(a["omega"]), axis=1)
    rows = np.arange(len(first))
    dom = (a["omega"][rows, first] - b["omega"][rows, first])[w]
    np.testing.assert_allclose(dom[np.isfinite(dom)], d.scaler_omega, atol=1e-12)
    d_other = (a["omega"][rows, first] - b["omega"][rows, first])[~w]
    assert np.allclose(d_other[np.isfinite(d_other)], 0.0)
    # mean yearly log staff growth over 5 years: higher by scaler_growth (above the 1-FTE floor)
    la, lb = np.log(a["employees"][w]), np.log(b["employees"][w])
    ga, gb = (la[:, -1] - la[:, -6]) / 5, (lb[:, -1] - lb[:, -6]) / 5
    oka = np.isfinite(ga) & (la[:, -6] > np.log(3))
    okb = np.isfinite(gb) & (lb[:, -6] > np.log(3))
    assert oka.sum() >= 5 and okb.sum() >= 5
    assert abs(ga[oka].mean() - gb[okb].mean() - d.scaler_growth) < 0.04


# ----------------------------------------------------------------------------- written files
def test_generation_is_deterministic(tmp_path):
    m = [json.loads((generate(tmp_path / name, scale=0.01, seed=seed, quiet=True)
                     / "manifest.json").read_text())["files"]
         for name, seed in (("a", P.DEFAULT_SEED), ("b", P.DEFAULT_SEED), ("c", 7))]
    assert m[0] == m[1]
    assert m[2]["kbo/enterprise.csv"] != m[0]["kbo/enterprise.csv"]
    assert m[2]["accounts.parquet"] != m[0]["accounts.parquet"]


KBO_HEADERS = {
    "enterprise.csv": "EnterpriseNumber,Status,JuridicalSituation,TypeOfEnterprise,JuridicalForm,JuridicalFormCAC,StartDate",
    "activity.csv": "EntityNumber,ActivityGroup,NaceVersion,NaceCode,Classification",
    "address.csv": "EntityNumber,TypeOfAddress,CountryNL,CountryFR,Zipcode,MunicipalityNL,MunicipalityFR,StreetNL,StreetFR,HouseNumber,Box,ExtraAddressInfo,DateStrikingOff",
    "denomination.csv": "EntityNumber,Language,TypeOfDenomination,Denomination",
    "code.csv": "Category,Code,Language,Description",
    "meta.csv": "Variable,Value",
}


def test_kbo_files_headers_quoting_and_dates(synth_dir):
    for name, header in KBO_HEADERS.items():
        first = (synth_dir / "kbo" / name).read_bytes().split(b"\n", 1)[0].decode("utf-8")
        assert first == ",".join(f'"{h}"' for h in header.split(","))
    line = re.compile(r'^"[01]\d{3}\.\d{3}\.\d{3}","AC","\d{3}","2","\d{3}",("\d{3}")?,\d{2}-\d{2}-\d{4}$')
    # v6: natural persons (type 1, no juridical form) and other entities for record linkage
    other = re.compile(r'^"[01]\d{3}\.\d{3}\.\d{3}","AC","000","[12]",("\d{3}")?,,\d{2}-\d{2}-\d{4}$')
    lines = (synth_dir / "kbo" / "enterprise.csv").read_text("utf-8").splitlines()[1:]
    assert lines and all(line.match(x) or other.match(x) for x in lines)
    assert sum(bool(line.match(x)) for x in lines) > 0.9 * len(lines)
    with open(synth_dir / "kbo" / "enterprise.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(valid_enterprise_number(r["EnterpriseNumber"]) for r in rows)
    rows = [r for r in rows if r["JuridicalForm"] in ("610", "014", "706", "015", "010", "008")]  # companies
    dates = pd.to_datetime([r["StartDate"] for r in rows], format="%d-%m-%Y")
    assert dates.year.min() >= 1986 and dates.year.max() <= 2024
    addr = (synth_dir / "kbo" / "address.csv").read_text("utf-8").splitlines()[1]
    assert re.match(r'^"[^"]+","REGO",,,"\d{4}",', addr) and addr.endswith('"",')
    meta = (synth_dir / "kbo" / "meta.csv").read_text("utf-8")
    assert f'"SnapshotDate","{P.SNAPSHOT_DATE}"' in meta


def test_history_file_format(synth_dir):
    text = (synth_dir / "juridical_situation_history.csv").read_text("utf-8").splitlines()
    assert text[0] == '"EntityNumber","JuridicalSituation","StartDate","Source"'
    pat = re.compile(r'^"\d{4}\.\d{3}\.\d{3}","\d{3}",\d{2}-\d{2}-\d{4},"(KBO|media)"$')
    assert all(pat.match(x) for x in text[1:])
    years = [int(x.split(",")[2][6:10]) for x in text[1:]]
    assert max(years) <= P.HISTORY_LAST_YEAR


def test_ai_profile_file_format(synth_dir):
    with open(synth_dir / "ai_profile.csv", encoding="utf-8", newline="") as fh:
        raw = fh.readline().rstrip("\n")
        rows = list(csv.DictReader([raw] + fh.read().splitlines()))
    assert raw.startswith('"EnterpriseNumber","tech_automation"') and raw.endswith('"sources","step"')
    assert len(rows) == round(SCALE * P.N_NAMES)
    assert all((r["EnterpriseNumber"] == "") == (r["step"] == "name") for r in rows)


def test_accounts_parquet_conforms(synth_dir):
    t = pq.read_table(synth_dir / "accounts.parquet")
    assert t.column_names == ["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric",
                              "Period", "Value"]
    import pyarrow as pa
    import pyarrow.compute as pc

    assert all(t.schema.field(c).type == pa.string() for c in t.column_names[:-1])
    assert t.schema.field("Value").type == pa.float64()
    uniq = {c: set(pc.unique(t[c]).to_pylist()) for c in t.column_names[:-1]}
    assert uniq["Model"] == {"VOL", "VKT", "MIC"}
    assert uniq["Period"] == {"N", "N-1"}
    assert uniq["Rubric"] <= {"70", "60", "61", "9900", "62", "630", "9901", "10/15", "20/58",
                              "17/49", "21", "22/27", "8169", "1003", "9087"}
    fye = re.compile(r"20(1\d|2[0-3])-(03-31|06-30|09-30|12-31)")
    assert all(fye.fullmatch(x) for x in uniq["FiscalYearEnd"])
    key = re.compile(r"20\d\d-\d{8}")
    assert all(key.fullmatch(x) for x in uniq["DepositKey"])
    df = t.select(["EnterpriseNumber", "DepositKey", "Model", "Rubric", "Value"]).to_pandas()
    ent = set(pd.read_csv(synth_dir / "kbo" / "enterprise.csv", dtype=str)["EnterpriseNumber"])
    assert uniq["EnterpriseNumber"] <= ent
    # about 70% of the employer filings use the abbreviated or micro model
    dep = df.drop_duplicates("DepositKey")
    emp = df[(df["Rubric"].isin(["1003", "9087"])) & (df["Value"] > 0)]["DepositKey"]
    share_full = (dep[dep["DepositKey"].isin(emp)]["Model"] == "VOL").mean()
    assert 0.25 < share_full < 0.35
    # full model: value added = 70 - 60 - 61 is positive; micro has no 70 and no 8169
    mic = df[df["Model"] == "MIC"]
    assert not mic["Rubric"].isin(["70", "8169", "1003"]).any()
