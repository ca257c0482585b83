import pytest

from econ_ai.errors import DataError
from econ_ai.linkage.link import link
from econ_ai.linkage.review import read_decisions, read_lists, write_review


def test_read_lists_and_errors(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("name,source\nKalo BV,own\n", encoding="utf-8")
    df = read_lists([a])
    assert df["candidate_id"].tolist() == ["a:1"]
    b = tmp_path / "b.csv"
    b.write_text("nam,source\nKalo,own\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column 'name'.*did you mean"):
        read_lists([b])


def test_decisions_file_checked(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("candidate_id,decision\nA1,reject\nA2,0200.000.002\nA3,\n", encoding="utf-8")
    assert read_decisions(p, ["A1", "A2", "A3"], {"0200.000.002"}) == {"A1": "reject", "A2": "0200.000.002"}
    p.write_text("candidate_id,decision\nA1,maybe\n", encoding="utf-8")
    with pytest.raises(DataError, match="neither an enterprise number"):
        read_decisions(p, ["A1"])
    p.write_text("candidate_id,decision\nA9,reject\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown candidate 'A9'"):
        read_decisions(p, ["A1"])
    p.write_text("candidate_id,decision\nA1,0999.999.999\n", encoding="utf-8")
    with pytest.raises(DataError, match="not in the register"):
        read_decisions(p, ["A1"], {"0200.000.002"})


def test_review_csv_round_trip(tmp_path, small_register, small_lists):
    out = link(small_lists, small_register)
    out.loc[0, "review"] = 1                                        # force one row into the band
    n = write_review(out, small_register, tmp_path / "rev.csv")
    assert n == int(((out["review"] == 1) & (out["decided_by"] == "model")).sum())
    text = (tmp_path / "rev.csv").read_text(encoding="utf-8").splitlines()
    assert text[0].endswith(",decision")
    filled = tmp_path / "filled.csv"
    filled.write_text(text[0] + "\n" + text[1] + "reject\n", encoding="utf-8")
    d = read_decisions(filled, out["candidate_id"], set(small_register.entities["enterprise_number"]))
    assert list(d.values()) == ["reject"]
