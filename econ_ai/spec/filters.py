"""Sample filters (``founded >= 2010``, ``region in ['Flanders', 'Brussels']``) parsed into an
expression tree. Never evaluated as code: ``econ_ai.data.transforms.evaluate_filter`` walks
the tree with vectorised numpy/pandas operations.

Grammar (lowest precedence first)::

    expr      := and_expr ('or' and_expr)*
    and_expr  := not_expr ('and' not_expr)*
    not_expr  := 'not' not_expr | '(' expr ')' | predicate
    predicate := term OP literal                  OP in == != < <= > >=
               | term ['not'] 'in' '[' literal (',' literal)* ']'
               | term 'between' literal 'and' literal          (inclusive)
               | term 'is' ['not'] 'missing'
    literal   := ['-'] NUMBER | 'string' | "string" | true | false

``term`` is a column name or any term of ``econ_ai.spec.terms`` (``log(employees) > 0``).
"""

from __future__ import annotations

import functools

from dataclasses import dataclass
from typing import Union

from econ_ai.spec.terms import Stream, Term, TermSyntaxError, describe, read_term

Literal = Union[int, float, str, bool]
KEYWORDS = frozenset({"and", "or", "not", "in", "between", "is", "missing", "true", "false"})
MAX_OPERATORS = 64  # 'and' / 'or' / 'not' in one filter (nesting: econ_ai.spec.terms.MAX_DEPTH)


class Filter:
    """Base of the filter tree; ``text`` renders it back (parses to an equal tree)."""

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def terms(self) -> tuple[Term, ...]:
        return ()

    def variables(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.terms():
            for v in t.variables():
                seen.setdefault(v)
        return tuple(seen)

    def __str__(self) -> str:
        return self.text


def render_literal(v: Literal) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f"'{v}'" if "'" not in v else f'"{v}"'
    if isinstance(v, float):
        return repr(v)
    return str(v)


@dataclass(frozen=True)
class Compare(Filter):
    term: Term
    op: str
    value: Literal

    @property
    def text(self) -> str:
        return f"{self.term.text} {self.op} {render_literal(self.value)}"

    def terms(self):
        return (self.term,)


@dataclass(frozen=True)
class InList(Filter):
    term: Term
    values: tuple[Literal, ...]
    negate: bool = False

    @property
    def text(self) -> str:
        vals = ", ".join(render_literal(v) for v in self.values)
        return f"{self.term.text} {'not in' if self.negate else 'in'} [{vals}]"

    def terms(self):
        return (self.term,)


@dataclass(frozen=True)
class Between(Filter):
    term: Term
    low: Literal
    high: Literal

    @property
    def text(self) -> str:
        return f"{self.term.text} between {render_literal(self.low)} and {render_literal(self.high)}"

    def terms(self):
        return (self.term,)


@dataclass(frozen=True)
class IsMissing(Filter):
    term: Term
    negate: bool = False

    @property
    def text(self) -> str:
        return f"{self.term.text} is {'not ' if self.negate else ''}missing"

    def terms(self):
        return (self.term,)


def _wrap(f: Filter) -> str:
    return f"({f.text})" if isinstance(f, (And, Or, Not)) else f.text


@dataclass(frozen=True)
class And(Filter):
    left: Filter
    right: Filter

    @property
    def text(self) -> str:
        return f"{_wrap(self.left)} and {_wrap(self.right)}"

    def terms(self):
        return self.left.terms() + self.right.terms()


@dataclass(frozen=True)
class Or(Filter):
    left: Filter
    right: Filter

    @property
    def text(self) -> str:
        return f"{_wrap(self.left)} or {_wrap(self.right)}"

    def terms(self):
        return self.left.terms() + self.right.terms()


@dataclass(frozen=True)
class Not(Filter):
    operand: Filter

    @property
    def text(self) -> str:
        return f"not {_wrap(self.operand)}"

    def terms(self):
        return self.operand.terms()


# ----------------------------------------------------------------------------- parser
def parse_filter(text: str) -> Filter:
    """Parse (memoised per text: the trees are immutable); see ``_parse_filter``."""
    if isinstance(text, str):
        return _parse_filter_cached(text)
    return _parse_filter(text)


@functools.lru_cache(maxsize=8192)
def _parse_filter_cached(text: str):
    return _parse_filter(text)


def _parse_filter(text: str) -> Filter:
    """Parse one sample filter; raises TermSyntaxError with the character position."""
    s = Stream(text)
    if s.at("END"):
        raise TermSyntaxError("empty filter", 0)
    tree = _or(s)
    if not s.at("END"):
        tok = s.peek()
        raise TermSyntaxError(f"unexpected {describe(tok)}; expected 'and', 'or' or the end",
                              tok.pos)
    return tree


def _kw(s: Stream, word: str) -> bool:
    return s.at("NAME", word)


def _count_op(s: Stream) -> None:
    tok = s.next()
    s.ops = getattr(s, "ops", 0) + 1
    if s.ops > MAX_OPERATORS:
        raise TermSyntaxError(f"a filter holds at most {MAX_OPERATORS} 'and' / 'or' / 'not'; "
                              "split it into several sample entries", tok.pos)


def _nest(s: Stream, tok) -> None:
    from econ_ai.spec.terms import MAX_DEPTH

    s.depth = getattr(s, "depth", 0) + 1
    if s.depth > MAX_DEPTH:
        raise TermSyntaxError(f"parentheses and 'not' nest more than {MAX_DEPTH} levels deep",
                              tok.pos)


def _or(s: Stream) -> Filter:
    left = _and(s)
    while _kw(s, "or"):
        _count_op(s)
        left = Or(left, _and(s))
    return left


def _and(s: Stream) -> Filter:
    left = _not(s)
    while _kw(s, "and"):
        _count_op(s)
        left = And(left, _not(s))
    return left


def _not(s: Stream) -> Filter:
    if _kw(s, "not"):
        _nest(s, s.peek())
        _count_op(s)
        out = Not(_not(s))
        s.depth -= 1
        return out
    if s.at("PUNCT", "("):
        _nest(s, s.peek())
        s.next()
        inner = _or(s)
        s.expect("PUNCT", ")", "')'")
        s.depth -= 1
        return inner
    return _predicate(s)


def _predicate(s: Stream) -> Filter:
    tok = s.peek()
    if tok.kind != "NAME" or tok.value in KEYWORDS:
        raise TermSyntaxError(f"expected a column name, found {describe(tok)}", tok.pos)
    term = read_term(s)
    tok = s.peek()
    if tok.kind == "OP":
        s.next()
        return Compare(term, tok.value, _literal(s))
    if _kw(s, "in"):
        s.next()
        return InList(term, _list(s))
    if _kw(s, "not"):
        s.next()
        if not _kw(s, "in"):
            raise TermSyntaxError(f"expected 'in' after 'not', found {describe(s.peek())}",
                                  s.peek().pos)
        s.next()
        return InList(term, _list(s), negate=True)
    if _kw(s, "between"):
        s.next()
        low = _literal(s)
        if not _kw(s, "and"):
            raise TermSyntaxError(f"expected 'and' in 'between A and B', found "
                                  f"{describe(s.peek())}", s.peek().pos)
        s.next()
        return Between(term, low, _literal(s))
    if _kw(s, "is"):
        s.next()
        negate = False
        if _kw(s, "not"):
            s.next()
            negate = True
        s.expect("NAME", "missing", "'missing'")
        return IsMissing(term, negate)
    if tok.kind == "END":
        raise TermSyntaxError(f"'{term.text}' needs a condition (an operator such as >=, 'in', "
                              "'between' or 'is missing')", tok.pos)
    raise TermSyntaxError(f"expected an operator after '{term.text}', found {describe(tok)}; "
                          "allowed: == != < <= > >= in, not in, between, is missing", tok.pos)


def _literal(s: Stream) -> Literal:
    tok = s.peek()
    sign = ""
    if tok.kind == "PUNCT" and tok.value == "-":
        s.next()
        sign = "-"
        tok = s.peek()
        if tok.kind != "NUMBER":
            raise TermSyntaxError(f"expected a number after '-', found {describe(tok)}", tok.pos)
    if tok.kind == "NUMBER":
        s.next()
        txt = sign + tok.value
        if len(txt) > 40:
            raise TermSyntaxError(f"number '{txt[:20]}...' has more than 40 characters", tok.pos)
        if all(c.isdigit() or c == "-" for c in txt):
            n = int(txt)
            return n if -(2**63) <= n < 2**63 else float(n)  # beyond int64: compared as float
        val = float(txt)
        if val != val or val in (float("inf"), float("-inf")):  # 1e999: no finite value
            raise TermSyntaxError(f"number '{txt}' is out of range (not a finite number)", tok.pos)
        return val
    if tok.kind == "STRING":
        s.next()
        return tok.value[1:-1]
    if tok.kind == "NAME" and tok.value in ("true", "false"):
        s.next()
        return tok.value == "true"
    if tok.kind == "NAME":
        raise TermSyntaxError(f"expected a value, found '{tok.value}' (quote text values: "
                              f"'{tok.value}')", tok.pos)
    raise TermSyntaxError(f"expected a value, found {describe(tok)}", tok.pos)


def _list(s: Stream) -> tuple[Literal, ...]:
    s.expect("PUNCT", "[", "'['")
    vals = [_literal(s)]
    while s.at("PUNCT", ","):
        s.next()
        vals.append(_literal(s))
    s.expect("PUNCT", "]", "']'")
    return tuple(vals)
