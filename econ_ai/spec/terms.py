"""Terms of a spec (``ai``, ``log(employees)``, ``growth(turnover)``, ``C(nace2)``, ``a:b``):
tokenised and parsed into a small tree, never evaluated as code.

Grammar (recursive descent)::

    term        := factor (':' factor)*
    factor      := NAME | NAME '(' arguments ')'
    arguments   := term                       # log, log1p, square, growth, diff, C
                 | term [',' INT]             # lag, lead (k >= 1, default 1)
                 | term ',' term              # ratio

The normalised text of a tree (``Term.text``) is the name used everywhere else: in
``Design.terms``, in results and in report ``keep``/``labels``. Normalisation removes
spaces except after commas (``ratio(a, b)``, ``lag(x, 2)``); ``lag(x, 1)`` is ``lag(x)``.

The tokenizer is shared with ``econ_ai.spec.filters`` (sample filters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from econ_ai.errors import EconAIError, did_you_mean

# name -> (min args, max args, kind of the extra argument); "int" = optional shift k
FUNCTIONS: dict[str, str] = {
    "log": "x",
    "log1p": "x",
    "square": "x",
    "growth": "x",
    "diff": "x",
    "lag": "x,k",
    "lead": "x,k",
    "ratio": "a,b",
    "C": "col",
}
PANEL_FUNCTIONS = frozenset({"growth", "lag", "lead", "diff"})
ALLOWED = ", ".join(FUNCTIONS)


class TermSyntaxError(EconAIError, ValueError):
    """A term or filter that does not parse; ``pos`` is the 0-based character position."""

    def __init__(self, message: str, pos: int | None = None) -> None:
        self.message = message
        self.pos = pos
        super().__init__(message if pos is None else f"{message} at character {pos + 1}")


# ----------------------------------------------------------------------------- tokens
@dataclass(frozen=True)
class Token:
    kind: str  # NAME NUMBER STRING OP PUNCT END
    value: str
    pos: int


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<NUMBER>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
      | (?P<NAME>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<STRING>'[^']*'|"[^"]*")
      | (?P<OP>[=!<>&|~]+)
      | (?P<PUNCT>[()\[\],:\-])
    """,
    re.VERBOSE,
)
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_OP_HINTS = {"=": "==", "=>": ">=", "=<": "<=", "<>": "!=", "&": "and", "&&": "and",
             "|": "or", "||": "or", "~": "not", "!": "not"}


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise TermSyntaxError(f"expected text, got {type(text).__name__}")
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "'\"":
                raise TermSyntaxError("unterminated string", pos)
            raise TermSyntaxError(f"unexpected character '{ch}'", pos)
        kind = m.lastgroup
        if kind != "ws":
            val = m.group(kind)
            if kind == "OP" and val not in COMPARISONS:
                hint = _OP_HINTS.get(val)
                tip = f" (did you mean '{hint}'?)" if hint else ""
                raise TermSyntaxError(f"unknown operator '{val}'{tip}; allowed: "
                                      + ", ".join(COMPARISONS), pos)
            out.append(Token(kind, val, pos))
        pos = m.end()
    out.append(Token("END", "", len(text)))
    return out


class Stream:
    """A cursor over tokens (shared by the term and the filter parser)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, kind: str, value: str | None = None) -> bool:
        tok = self.peek()
        return tok.kind == kind and (value is None or tok.value == value)

    def expect(self, kind: str, value: str | None = None, what: str | None = None) -> Token:
        if not self.at(kind, value):
            raise TermSyntaxError(f"expected {what or repr(value) or kind}, found "
                                  f"{describe(self.peek())}", self.peek().pos)
        return self.next()


def describe(tok: Token) -> str:
    return "end of text" if tok.kind == "END" else f"'{tok.value}'"


# ----------------------------------------------------------------------------- trees
class Term:
    """Base of the term tree. ``text`` is the normalised name."""

    @property
    def text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def variables(self) -> tuple[str, ...]:
        """Column names used, in order of appearance, without repeats."""
        seen: dict[str, None] = {}
        for node in self.walk():
            if isinstance(node, Var):
                seen.setdefault(node.name)
        return tuple(seen)

    def walk(self):
        yield self

    @property
    def needs_panel(self) -> bool:
        return any(isinstance(n, Call) and n.fn in PANEL_FUNCTIONS for n in self.walk())

    @property
    def is_categorical(self) -> bool:
        return any(isinstance(n, Call) and n.fn == "C" for n in self.walk())

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, eq=True)
class Var(Term):
    name: str

    @property
    def text(self) -> str:
        return self.name


@dataclass(frozen=True, eq=True)
class Call(Term):
    fn: str
    args: tuple[Term, ...]
    k: int = 1  # lag/lead shift

    @property
    def text(self) -> str:
        inner = ", ".join(a.text for a in self.args)
        if self.fn in ("lag", "lead") and self.k != 1:
            inner += f", {self.k}"
        return f"{self.fn}({inner})"

    def walk(self):
        yield self
        for a in self.args:
            yield from a.walk()


@dataclass(frozen=True, eq=True)
class Interaction(Term):
    parts: tuple[Term, ...]

    @property
    def text(self) -> str:
        return ":".join(p.text for p in self.parts)

    def walk(self):
        yield self
        for p in self.parts:
            yield from p.walk()


# ----------------------------------------------------------------------------- parser
def parse_term(text: str) -> Term:
    """Parse one term; raises TermSyntaxError (with the character position)."""
    s = Stream(text)
    if s.at("END"):
        raise TermSyntaxError("empty term", 0)
    term = read_term(s)
    if not s.at("END"):
        tok = s.peek()
        raise TermSyntaxError(f"unexpected {describe(tok)} after term '{term.text}'", tok.pos)
    return term


def normalize(text: str) -> str:
    return parse_term(text).text


def read_term(s: Stream) -> Term:
    parts = [read_factor(s)]
    while s.at("PUNCT", ":"):
        s.next()
        parts.append(read_factor(s))
    return parts[0] if len(parts) == 1 else Interaction(tuple(parts))


def read_factor(s: Stream) -> Term:
    tok = s.peek()
    if tok.kind != "NAME":
        raise TermSyntaxError(f"expected a variable or transform, found {describe(tok)}", tok.pos)
    s.next()
    if not s.at("PUNCT", "("):
        return Var(tok.value)
    fn = tok.value
    if fn not in FUNCTIONS:
        raise TermSyntaxError(f"unknown transform '{fn}'{did_you_mean(fn, FUNCTIONS)}; "
                              f"allowed: {ALLOWED}", tok.pos)
    s.next()  # (
    args: list[Term] = []
    k = 1
    if s.at("PUNCT", ")"):
        raise TermSyntaxError(f"{fn}() needs {_arity_text(fn)}", s.peek().pos)
    args.append(read_factor(s))
    while s.at("PUNCT", ","):
        comma = s.next()
        if fn in ("lag", "lead") and len(args) == 1 and s.at("NUMBER"):
            num = s.next()
            if not re.fullmatch(r"\d+", num.value) or int(num.value) < 1:
                raise TermSyntaxError(f"{fn}(x, k): k must be a positive integer, got "
                                      f"'{num.value}'", num.pos)
            k = int(num.value)
            break
        if s.at("PUNCT", ")") or s.at("END"):
            raise TermSyntaxError("expected an argument after ','", comma.pos)
        args.append(read_factor(s))
    if not s.at("PUNCT", ")"):
        tok = s.peek()
        if tok.kind == "PUNCT" and tok.value == ":":
            raise TermSyntaxError(f"an interaction ':' cannot stand inside {fn}()", tok.pos)
        raise TermSyntaxError(f"expected ')' to close {fn}(, found {describe(tok)}", tok.pos)
    s.next()
    _check_arity(fn, args, tok)
    return Call(fn, tuple(args), k)


def _arity_text(fn: str) -> str:
    return {"x": "one argument", "x,k": "one argument and an optional shift k",
            "a,b": "two arguments", "col": "one column name"}[FUNCTIONS[fn]]


def _check_arity(fn: str, args: list[Term], tok: Token) -> None:
    form = FUNCTIONS[fn]
    want = 2 if form == "a,b" else 1
    if len(args) != want:
        raise TermSyntaxError(f"{fn}() takes {_arity_text(fn)}, got {len(args)}", tok.pos)
    if form == "col" and not isinstance(args[0], Var):
        raise TermSyntaxError(f"C() takes a column name, got '{args[0].text}'", tok.pos)
    for a in args:
        if form != "col" and a.is_categorical:
            raise TermSyntaxError(f"C() cannot stand inside {fn}()", tok.pos)
