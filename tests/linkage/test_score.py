import numpy as np

from econ_ai.linkage.score import _tok_match, osa_distance, place_score, token_idf


def test_osa_distance_and_token_match():
    assert osa_distance("kaloneva", "kaloneva") == 0
    assert osa_distance("kaloneva", "kalnoeva") == 1          # adjacent swap = one edit
    assert osa_distance("kaloneva", "kalonev") == 1
    assert osa_distance("abc", "xyz", cap=3) == 3
    assert _tok_match("novaqubi", "novaqubi") == 1.0
    assert _tok_match("novaqubi", "novaqbi") == 0.8
    assert _tok_match("novaqubi", "vinovaqubi") == 0.0          # two insertions, short token
    assert _tok_match("ai", "al") == 0.0                        # no fuzz on tokens under 4 letters


def test_place_score_names_postcodes_brussels():
    z = np.array(["9000", "1050", "2000", ""], dtype=object)
    nl = np.array(["gent", "elsene", "antwerpen", ""], dtype=object)
    fr = np.array(["gand", "ixelles", "anvers", ""], dtype=object)
    assert place_score("Ghent", "", z, nl, fr).tolist() == [1, -1, -1, 0]
    assert place_score("Bruxelles", "", z, nl, fr).tolist() == [-1, 1, -1, 0]
    assert place_score("", "2000", z, nl, fr).tolist() == [-1, -1, 1, 0]
    assert place_score("", "", z, nl, fr).tolist() == [0, 0, 0, 0]


def test_idf_weights_rare_words_more():
    idf = token_idf(["kalo solutions", "nova solutions", "lumi solutions"])
    assert idf["kalo"] > idf["solutions"]
