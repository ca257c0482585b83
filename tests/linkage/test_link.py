import pandas as pd

from econ_ai.linkage.evaluate import evaluate
from econ_ai.linkage.link import apply_decisions, link
from econ_ai.linkage.rules import funnel_counts


def test_link_rules_dedup_and_funnel(small_register, small_lists):
    out = link(small_lists, small_register, verified={"0200.000.001"})
    r = dict(zip(out["candidate_id"], out["reason"]))
    assert out.set_index("candidate_id").at["A1", "enterprise_number"] == "0200.000.001"
    assert r["A1"] == "company" and r["V1"] == "duplicate"         # same company on two lists
    assert r["V2"] == "nonprofit" and r["O1"] == "foreign"
    assert r["O2"] == "natural_person" and r["O3"] == "university"
    assert r["O4"] == "no_match"                                    # an app name without a company
    assert out.set_index("candidate_id").at["O5", "enterprise_number"] == "0200.000.007"  # the place decides
    steps = dict(zip(out["candidate_id"], out["step"]))
    assert steps["A1"] == "verified" and steps["A2"] == "kbo"       # founded 2005: not a starter
    assert funnel_counts(out["step"])["name"] == len(small_lists)


def test_review_loop_decisions_override_model(small_register, small_lists):
    out = link(small_lists, small_register)
    again = apply_decisions(out, small_register, {"A1": "reject", "O4": "0200.000.008"}, None)
    a = again.set_index("candidate_id")
    assert a.at["A1", "reason"] == "no_match" and a.at["A1", "decided_by"] == "clerical"
    assert a.at["V1", "reason"] == "company"                        # now the first row of the company
    assert a.at["O4", "enterprise_number"] == "0200.000.008" and a.at["O4", "reason"] == "company"
    # the same through link() (a decisions file on the next run)
    b = link(small_lists, small_register, decisions={"A1": "reject", "O4": "0200.000.008"}).set_index("candidate_id")
    assert (b["reason"] == a["reason"]).all()


def test_evaluate_against_truth(small_register, small_lists):
    out = link(small_lists, small_register)
    truth = pd.DataFrame({"candidate_id": small_lists["candidate_id"],
                          "enterprise_number": ["0200.000.001", "0200.000.002", "0200.000.001", "0200.000.003",
                                                "0200.000.004", "0200.000.005", "0200.000.006", "", "0200.000.008"],
                          "reason": ["company", "company", "duplicate", "nonprofit", "foreign", "natural_person",
                                     "university", "no_match", "company"],
                          "step": ["kbo"] * 9})
    ev = evaluate(out, truth)
    assert ev["true_links"] == 8 and ev["correct"] == 7               # O5's truth is the other twin
    assert abs(ev["precision"] - 7 / 8) < 1e-12 and abs(ev["recall"] - 7 / 8) < 1e-12
    assert ev["rules"]["university"]["accuracy"] == 1.0
