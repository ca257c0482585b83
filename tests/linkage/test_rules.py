import pandas as pd

from econ_ai.linkage.rules import entity_reason, funnel_counts, funnel_steps


def test_entity_reason_order_and_forms():
    assert entity_reason({"nace5": "85420", "juridical_form": "017"}, ["Arteveldehogeschool"]) == "university"
    assert entity_reason({"juridical_form": "124"}, ["Universiteit Gent"]) == "university"
    for form in ("017", "125", "026", "029", "028"):
        assert entity_reason({"juridical_form": form}, ["X"]) == "nonprofit"
    assert entity_reason({"juridical_form": "030"}, ["X Ltd"]) == "foreign"
    assert entity_reason({"juridical_form": "610", "country": "Nederland"}, ["X"]) == "foreign"
    assert entity_reason({"type_of_enterprise": "1", "juridical_form": ""}, ["Pieter IT"]) == "natural_person"
    assert entity_reason({"type_of_enterprise": "2", "juridical_form": "610"}, ["Kalo BV"]) == "company"


def test_dedup_keeps_first_and_funnel():
    out = pd.DataFrame({"enterprise_number": ["a", "b", "a", "", "c"],
                        "reason": ["company", "company", "company", "no_match", "nonprofit"],
                        "founded": [2015, 2005, 2015, 0, 2012]})
    s = funnel_steps(out, {"a"})
    assert s["reason"].tolist() == ["company", "company", "duplicate", "no_match", "nonprofit"]
    assert s["step"].tolist() == ["verified", "kbo", "name", "name", "name"]
    assert funnel_counts(s["step"]) == {"name": 5, "kbo": 2, "starter": 1, "verified": 1}
