import pandas as pd

from econ_ai.cli import main


def test_econ_ai_link_round_trip(tmp_path, small_register, monkeypatch, small_lists, capsys):
    import econ_ai.linkage.register as R

    monkeypatch.setattr(R, "load_register", lambda *a, **k: small_register)
    lists = tmp_path / "lists.csv"
    small_lists.to_csv(lists, index=False)
    out, rev = tmp_path / "out.csv", tmp_path / "rev.csv"
    assert main(["link", str(lists), "--kbo", str(tmp_path), "--review-out", str(rev), "-o", str(out), "-q"]) == 0
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(df) == len(small_lists) and "step" in df.columns
    assert "funnel" in capsys.readouterr().out
    dec = tmp_path / "dec.csv"
    dec.write_text("candidate_id,decision\nA1,reject\n", encoding="utf-8")
    assert main(["link", str(lists), "--kbo", str(tmp_path), "--decisions", str(dec), "-o", str(out), "-q"]) == 0
    df = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("candidate_id")
    assert df.at["A1", "reason"] == "no_match" and df.at["A1", "decided_by"] == "clerical"


def test_bad_decision_is_a_clear_error(tmp_path, small_register, monkeypatch, small_lists, capsys):
    import econ_ai.linkage.register as R

    monkeypatch.setattr(R, "load_register", lambda *a, **k: small_register)
    lists = tmp_path / "lists.csv"
    small_lists.to_csv(lists, index=False)
    dec = tmp_path / "dec.csv"
    dec.write_text("candidate_id,decision\nA1,yes please\n", encoding="utf-8")
    assert main(["link", str(lists), "--kbo", str(tmp_path), "--decisions", str(dec), "-o",
                 str(tmp_path / "o.csv"), "-q"]) == 2
    assert "dec.csv:2" in capsys.readouterr().err
