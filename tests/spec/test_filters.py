"""Filter parser: grammar, precedence, errors, and a round trip of random trees."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.spec.filters import (And, Between, Compare, InList, IsMissing, Not, Or,
                                  parse_filter)
from econ_ai.spec.terms import Call, TermSyntaxError, Var


def test_comparisons_and_literals():
    assert parse_filter("founded >= 2010") == Compare(Var("founded"), ">=", 2010)
    assert parse_filter("x < -1.5") == Compare(Var("x"), "<", -1.5)
    assert parse_filter("x != 1e3") == Compare(Var("x"), "!=", 1000.0)
    assert parse_filter("region == 'Flanders'") == Compare(Var("region"), "==", "Flanders")
    assert parse_filter('name == "it\'s"') == Compare(Var("name"), "==", "it's")
    assert parse_filter("ai == true") == Compare(Var("ai"), "==", True)
    assert parse_filter("log(employees) > 0") == Compare(Call("log", (Var("employees"),)), ">", 0)


def test_in_between_missing():
    assert parse_filter("nace2 in ['62', '63']") == InList(Var("nace2"), ("62", "63"))
    assert parse_filter("year not in [2020, 2021]") == InList(Var("year"), (2020, 2021), True)
    assert parse_filter("year between 2012 and 2020") == Between(Var("year"), 2012, 2020)
    assert parse_filter("exit_type is missing") == IsMissing(Var("exit_type"))
    assert parse_filter("exit_type is not missing") == IsMissing(Var("exit_type"), True)


def test_precedence():
    a, b, c = (Compare(Var(n), "==", 1) for n in "abc")
    assert parse_filter("a == 1 or b == 1 and c == 1") == Or(a, And(b, c))
    assert parse_filter("(a == 1 or b == 1) and c == 1") == And(Or(a, b), c)
    assert parse_filter("not a == 1 and b == 1") == And(Not(a), b)
    assert parse_filter("a == 1 and b == 1 and c == 1") == And(And(a, b), c)
    assert parse_filter("x between 1 and 2 and a == 1") == And(Between(Var("x"), 1, 2), a)


def test_variables():
    f = parse_filter("founded >= 2010 and (growth(turnover) > 0 or region in ['B'])")
    assert f.variables() == ("founded", "turnover", "region")


@pytest.mark.parametrize("text, message, pos", [
    ("founded >= ", "expected a value, found end of text", 11),
    ("founded => 2010", "unknown operator '=>' (did you mean '>='?)", 8),
    ("founded = 2010", "unknown operator '=' (did you mean '=='?)", 8),
    ("a == 1 && b == 2", "unknown operator '&&' (did you mean 'and'?)", 7),
    ("region == Flanders", "expected a value, found 'Flanders' (quote text values", 10),
    ("founded", "'founded' needs a condition", 7),
    ("founded 2010", "expected an operator after 'founded', found '2010'", 8),
    ("(a == 1", "expected ')', found end of text", 7),
    ("a == 1 b == 2", "unexpected 'b'; expected 'and', 'or' or the end", 7),
    ("x between 1 or 2", "expected 'and' in 'between A and B', found 'or'", 12),
    ("x in [1, 2", "expected ']', found end of text", 10),
    ("x in 1", "expected '[', found '1'", 5),
    ("x not 1", "expected 'in' after 'not', found '1'", 6),
    ("x is nothing", "expected 'missing', found 'nothing'", 5),
    ("and == 1", "expected a column name, found 'and'", 0),
    ("x == 'open", "unterminated string", 5),
    ("", "empty filter", 0),
    ("x == -a", "expected a number after '-', found 'a'", 6),
])
def test_errors(text, message, pos):
    with pytest.raises(TermSyntaxError) as info:
        parse_filter(text)
    assert info.value.message.startswith(message), info.value.message
    assert info.value.pos == pos


_cols = st.sampled_from(["ai", "founded", "region", "employees", "y2"]).map(Var)
_lits = st.one_of(
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.text(st.characters(blacklist_characters="'\"", blacklist_categories=("Cs",)), max_size=8),
)
_atoms = st.one_of(
    st.builds(Compare, _cols, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _lits),
    st.builds(InList, _cols, st.lists(_lits, min_size=1, max_size=4).map(tuple), st.booleans()),
    st.builds(Between, _cols, _lits, _lits),
    st.builds(IsMissing, _cols, st.booleans()),
)
trees = st.recursive(_atoms, lambda sub: st.one_of(st.builds(And, sub, sub),
                                                   st.builds(Or, sub, sub),
                                                   st.builds(Not, sub)), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_round_trip(tree):
    """Rendering a random tree and parsing the text gives the same tree back."""
    assert parse_filter(tree.text) == tree
