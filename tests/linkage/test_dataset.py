"""Figure 1 by linkage on a small synthetic population (scale 0.05, generated here): the
linked_candidates dataset, the simulated review loop, and names the linkage has not seen."""

import pandas as pd
import pytest

from econ_ai.data.schema import columns
from econ_ai.data.synth import DEFAULT_SEED, generate
from econ_ai.data.synth.candidates import relist
from econ_ai.linkage.dataset import build_linked_candidates
from econ_ai.linkage.evaluate import evaluate
from econ_ai.linkage.link import link
from econ_ai.linkage.register import load_register
from econ_ai.linkage.rules import funnel_counts
from econ_ai.linkage.score import load_model


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth_link")
    generate(out, scale=0.05, quiet=True)
    return out


def test_model_not_fitted_on_the_evaluation_seeds():
    m = load_model()
    seeds = set(m["trained_on"]["seeds"])
    assert seeds and DEFAULT_SEED not in seeds
    assert not seeds & set(range(1, 21))          # the seeds of the stored calibration run
    assert len(m["coef"]) == len(m["features"]) and 0 < m["accept"] < 1


def test_linked_candidates_funnel_close_to_truth(folder):
    df = build_linked_candidates(folder)
    assert list(df.columns) == columns("linked_candidates")
    truth = funnel_counts(df["truth_step"])
    got = funnel_counts(df["step"])
    assert got["name"] == truth["name"]                     # exact by construction
    for k in ("kbo", "starter", "verified"):
        assert abs(got[k] - truth[k]) <= 0.03 * truth[k] + 1, (k, got, truth)
    linked = df[df["linked"] == 1]
    assert linked["match_correct"].mean() >= 0.97           # precision after review
    assert df.loc[df["truth_linkable"] == 1, "match_correct"].mean() >= 0.95
    # clerical decisions only for rows in the review band
    assert set(df.loc[df["decided_by"] == "clerical", "review"]) <= {1}


def test_names_not_seen_heldout_noise(folder):
    reg = load_register(folder / "kbo")
    prof = pd.read_csv(folder / "ai_profile.csv", dtype=str, keep_default_na=False)
    ver = set(prof.loc[prof["step"] == "verified", "EnterpriseNumber"])
    for seed, profile in ((7, "default"), (11, "heldout")):
        lists, truth = relist(folder, seed, profile)
        out = link(read_lists_frame(lists), reg, verified=ver)
        ev = evaluate(out, truth.assign(reason=truth["reason"].replace({"app": "no_match", "wrong_entry": "no_match"})))
        assert ev["precision"] >= 0.95 and ev["recall"] >= 0.85, (profile, ev["precision"], ev["recall"])


def read_lists_frame(lists):
    return lists.fillna("")
