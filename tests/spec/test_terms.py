"""Term parser: trees, normalised names, errors with positions (econ_ai.spec.terms)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econ_ai.spec.terms import (Call, Interaction, TermSyntaxError, Var, normalize, parse_term,
                                tokenize)


@pytest.mark.parametrize("text, norm", [
    ("ai", "ai"),
    ("log(employees)", "log(employees)"),
    (" log ( employees ) ", "log(employees)"),
    ("growth(turnover)", "growth(turnover)"),
    ("ratio(value_added,employees)", "ratio(value_added, employees)"),
    ("growth(ratio(value_added , employees))", "growth(ratio(value_added, employees))"),
    ("log(lag(turnover))", "log(lag(turnover))"),
    ("lag(turnover, 1)", "lag(turnover)"),
    ("lag(turnover,2)", "lag(turnover, 2)"),
    ("lead(x, 3)", "lead(x, 3)"),
    ("a : b", "a:b"),
    ("C(nace2):ai", "C(nace2):ai"),
    ("log1p(x):square(y):z", "log1p(x):square(y):z"),
])
def test_normalised_text(text, norm):
    assert normalize(text) == norm
    assert normalize(norm) == norm  # idempotent


def test_tree_shape():
    t = parse_term("growth(ratio(value_added, employees)):ai")
    assert t == Interaction((Call("growth", (Call("ratio", (Var("value_added"),
                                                                Var("employees"))),)), Var("ai")))
    assert t.variables() == ("value_added", "employees", "ai")
    assert t.needs_panel and not t.is_categorical
    assert parse_term("C(x)").is_categorical and not parse_term("log(x)").needs_panel
    assert parse_term("lag(x, 4)").k == 4


@pytest.mark.parametrize("text, message, pos", [
    ("lgo(turnover)", "unknown transform 'lgo' (did you mean 'log'?); allowed: log, log1p, "
     "square, growth, diff, lag, lead, ratio, C", 0),
    ("ratio(a)", "ratio() takes two arguments, got 1", 0),
    ("log(a, b)", "log() takes one argument, got 2", 0),
    ("log()", "log() needs one argument", 4),
    ("lag(x, 0)", "lag(x, k): k must be a positive integer, got '0'", 7),
    ("lag(x, 1.5)", "lag(x, k): k must be a positive integer, got '1.5'", 7),
    ("C(log(x))", "C() takes a column name, got 'log(x)'", 0),
    ("log(C(x))", "C() cannot stand inside log()", 0),
    ("log(a:b)", "an interaction ':' cannot stand inside log()", 5),
    ("log(x", "expected ')' to close log(, found end of text", 5),
    ("x y", "unexpected 'y' after term 'x'", 2),
    ("", "empty term", 0),
    ("a:", "expected a variable or transform, found end of text", 2),
    ("x + y", "unexpected character '+'", 2),
    ("eval('1')", "unknown transform 'eval'", 0),
])
def test_errors(text, message, pos):
    with pytest.raises(TermSyntaxError) as info:
        parse_term(text)
    assert info.value.message.startswith(message)
    assert info.value.pos == pos


def test_tokenizer_rejects_unknown_operators():
    with pytest.raises(TermSyntaxError, match=r"unknown operator '=' \(did you mean '=='\?\)"):
        tokenize("a = 1")


_names = st.sampled_from(["ai", "turnover", "employees", "x1", "nace2"])


def _terms(depth=2):
    base = _names.map(Var)
    if depth == 0:
        return base
    sub = _terms(depth - 1)
    return st.one_of(
        base,
        st.builds(lambda f, a: Call(f, (a,)), st.sampled_from(["log", "log1p", "square",
                                                                 "growth", "diff"]), sub),
        st.builds(lambda f, a, k: Call(f, (a,), k), st.sampled_from(["lag", "lead"]), sub,
                  st.integers(1, 5)),
        st.builds(lambda a, b: Call("ratio", (a, b)), sub, sub),
    )


_parts = st.one_of(_terms(), _names.map(lambda n: Call("C", (Var(n),))))


@settings(max_examples=200, deadline=None)
@given(st.lists(_parts, min_size=1, max_size=3))
def test_round_trip(parts):
    term = parts[0] if len(parts) == 1 else Interaction(tuple(parts))
    assert parse_term(term.text) == term
