"""The synthetic candidate lists: list sizes and the truth's funnel are exact by construction
(at scale 1 from the AI list alone; the written files at scale 0.05), and v6 keeps the v5 rows."""

import numpy as np
import pandas as pd
import pytest

from econ_ai.data.synth import generate
from econ_ai.data.synth import params as P
from econ_ai.data.synth.candidates import DROP_REASONS, LIST_ORDER
from econ_ai.data.synth.counts import scaled_partition
from econ_ai.linkage.rules import funnel_counts


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth_cand")
    generate(out, scale=0.05, quiet=True)
    return out


def test_lists_and_truth_funnel_exact(folder):
    truth = pd.read_csv(folder / "candidates/truth.csv", dtype=str, keep_default_na=False)
    part = scaled_partition(P.FUNNEL_PARTITION, 0.05)
    f = funnel_counts(truth["step"])
    assert f == {"name": sum(part.values()), "kbo": part["verified"] + part["starter"] + part["kbo"],
                 "starter": part["verified"] + part["starter"], "verified": part["verified"]}
    for s in LIST_ORDER:
        lst = pd.read_csv(folder / f"candidates/{s}.csv", dtype=str, keep_default_na=False)
        assert (lst["source"] == s).all() and len(lst) == int((truth["source"] == s).sum())
    kept = truth[truth["reason"] == "company"]
    assert kept["enterprise_number"].is_unique and (kept["enterprise_number"] != "").all()
    assert set(truth["reason"]) <= {"company", *DROP_REASONS}
    dup = truth[truth["reason"] == "duplicate"]
    assert dup["enterprise_number"].isin(kept["enterprise_number"]).all()


def test_register_entities_and_prefix_rows(folder):
    ent = pd.read_csv(folder / "kbo/enterprise.csv", dtype=str, keep_default_na=False)
    assert ent["EnterpriseNumber"].is_unique
    assert (ent["TypeOfEnterprise"] == "1").sum() >= 60 and (ent["JuridicalForm"] == "030").sum() >= 60
    truth = pd.read_csv(folder / "candidates/truth.csv", dtype=str, keep_default_na=False)
    prof = pd.read_csv(folder / "ai_profile.csv", dtype=str, keep_default_na=False)
    ver = set(prof.loc[prof["step"] == "verified", "EnterpriseNumber"])
    assert ver == set(truth.loc[truth["step"] == "verified", "enterprise_number"])


def test_truth_partition_at_full_scale_counts():
    assert sum(DROP_REASONS.values()) == P.N_NAMES - P.N_KBO
    assert np.sum(list(P.SOURCES.values())) == P.N_NAMES
