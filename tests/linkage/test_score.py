import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.linkage.score import _lead, _prefix, _tok_match, osa_distance, place_score, token_idf


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


def test_lead_is_the_margin_over_the_other_names_of_the_same_query():
    q = np.array([0, 0, 0, 1, 2, 2])
    v = np.array([0.5, 0.9, 0.7, 0.3, 0.4, 0.4])
    # query 0: the best leads the runner-up by 0.2, the others trail the best;
    # a lone name leads by its value; a tie leads by nothing
    np.testing.assert_allclose(_lead(q, v), [-0.4, 0.2, -0.2, 0.3, 0.0, 0.0])


def test_prefix_flags_a_word_added_or_dropped_at_the_end():
    assert _prefix("ixsenifyinternational", "ixsenify") == 1.0
    assert _prefix("loorova", "loorovavision") == 1.0
    assert _prefix("lorova", "loorovavision") == 1.0          # and a typo within the stem
    assert _prefix("kaloneva", "kalonevb") == 0.0             # same length: not a prefix case
    assert _prefix("kalo", "kalonevasolutions") == 0.0        # under 5 letters
    assert _prefix("novaqubi", "zenmindhealth") == 0.0


def _osa_reference(a: str, b: str) -> int:
    """Optimal string alignment by its textbook recurrence (Damerau's restricted edit
    distance: no substring edited twice), uncapped: the reference for osa_distance."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcde", max_size=9), st.text(alphabet="abcde", max_size=9), st.integers(1, 4))
def test_osa_distance_matches_the_textbook_recurrence(a, b, cap):
    assert osa_distance(a, b, cap) == min(_osa_reference(a, b), cap)
    assert osa_distance("ca", "abc", 5) == 3            # OSA, not unrestricted Damerau (2)
