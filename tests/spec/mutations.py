"""Mutations of the valid spec fixtures for the spec fuzzer (issue 15).

Shared by ``tests/spec/test_fuzz.py`` (hypothesis, bounded) and ``benchmarks/fuzz_specs.py``
(long runs). ``mutate(rnd, base_text) -> (text, [mutation names])`` applies 1-3 mutations
drawn with ``rnd`` (a ``random.Random``, or hypothesis' ``st.randoms()``): key deletions and
renames, type swaps, deep nesting, huge strings, unicode, anchors and aliases (bombs,
recursive, undefined), YAML tags, duplicate keys, odd filter and term syntax, and raw text
damage (cuts, tabs, BOMs, document markers).

``check(path)`` runs ``econ_ai.pipeline.validate`` on one file and classifies the outcome:
``valid``, ``clean`` (an EconAIError naming the file), ``unnamed`` (an EconAIError that does
not name the file) or ``crash`` (any other exception), with the CPU seconds it took.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "fixtures" / "specs" / "valid"
DATA = ROOT / "fixtures" / "specs" / "data"
BASES = {p.name: p.read_text(encoding="utf-8") for p in sorted(VALID.glob("*.yaml"))}

WEIRD_STRINGS = [
    "", " ", "\u00e9t\u00e9", "\u202eevil", "e\u0301", "\U0001f600", "\u0000", "\ufeff", "a\nb",
    "'", '"', "${HOME}", "__import__('os')", "{{x}}", "%s%n", "..", "../../etc/passwd", "C:\\x",
    "null", "~", "yes", "0x1F", "1e999", "-0", "nan", ".inf", "[", "]", "{", "&a", "*a", "!!int",
    "=HYPERLINK(\"x\")", "x" * 300,
]
VALUES = [0, -1, 1, 2**70, -(2**70), 1.5, 1e308, -0.0, True, False, None, [], {}, [1, 2], {"a": 1},
          [[]], [{}], "str", ["a", "b"], {"": None}]
FILTER_TOKENS = ["year", "employees", "region", "ai", "founded", "log(employees)", "growth(turnover)",
                 ">", ">=", "<", "==", "!=", "=", "=>", "&&", "||", "!", "~", "and", "or", "not",
                 "in", "not in", "between", "is", "missing", "is not missing", "(", ")", "[", "]",
                 ",", "1", "-1", "2010", "1e999", "1e-999", "0.5", "'Flanders'", "'x", "\"y\"",
                 "true", "false", "''", "9" * 60, "lag(year, 0)", "lag(year, 99999999999)", ":"]
TERM_FUNCS = ["log", "log1p", "square", "growth", "lag", "lead", "diff", "ratio", "C", "exp", "eval",
              "__import__"]
TAGS = ["!!int", "!!float", "!!bool", "!!str", "!!null", "!!timestamp", "!!binary", "!!set",
        "!!omap", "!!pairs", "!!seq", "!!map", "!!python/object:os.system", "!custom",
        "!!python/name:os.system", "!<tag:yaml.org,2002:int>"]
TAG_VALUES = ["abc", "maybe", "2020-13-45", "12", "1.5", "", "[1]", "{a: 1}", "x" * 50, "2020-01-01",
              "0o777", "1_000", "=", "-.inf"]


def _paths(node, prefix=()):
    """Every (path, value) in a nested dict/list."""
    out = [(prefix, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _set(data, path, value):
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


class _Markers:
    """Placeholders replaced by raw YAML text after dumping (deep nesting, tags, aliases)."""

    def __init__(self):
        self.raw: dict[str, str] = {}

    def add(self, text: str) -> str:
        key = f"ZZMARK{len(self.raw)}ZZ"
        self.raw[key] = text
        return key

    def apply(self, dumped: str) -> str:
        for k, v in self.raw.items():
            dumped = dumped.replace(k, v)
        return dumped


def _filter_text(rnd) -> str:
    n = rnd.choice([1, 2, 3, 5, 8, 20, 70, 200])
    toks = [rnd.choice(FILTER_TOKENS) for _ in range(n)]
    if rnd.random() < 0.3:
        k = rnd.choice([10, 40, 100, 400])
        toks = ["("] * k + toks + [")"] * k
    if rnd.random() < 0.2:
        toks = ["not"] * rnd.choice([5, 30, 300, 1200]) + toks
    if rnd.random() < 0.3:
        toks = [" and ".join(["year > 1"] * rnd.choice([3, 63, 64, 65, 1000]))]
    return " ".join(toks)


def _term_text(rnd) -> str:
    depth = rnd.choice([1, 2, 3, 16, 17, 50, 400])
    fn = [rnd.choice(TERM_FUNCS) for _ in range(depth)]
    inner = rnd.choice(["employees", "turnover", "x", "", "1", "a:b", "C(region)", "employees, 2"])
    text = "".join(f + "(" for f in fn) + inner + ")" * rnd.choice([depth, depth - 1, depth + 1])
    return text


# -- structural mutations (on the parsed data) -----------------------------------------------
def m_delete_key(rnd, data, mk):
    paths = [p for p, v in _paths(data) if p and isinstance(_get(data, p[:-1]), dict)]
    if paths:
        p = rnd.choice(paths)
        del _get(data, p[:-1])[p[-1]]
    return data


def m_rename_key(rnd, data, mk):
    paths = [p for p, v in _paths(data) if p and isinstance(_get(data, p[:-1]), dict)]
    if paths:
        p = rnd.choice(paths)
        parent = _get(data, p[:-1])
        k = str(p[-1])
        how = rnd.randrange(5)
        if how == 0 and len(k) > 1:
            i = rnd.randrange(len(k) - 1)
            new = k[:i] + k[i + 1] + k[i] + k[i + 2:]
        elif how == 1:
            new = k[:-1]
        elif how == 2:
            new = k.upper()
        elif how == 3:
            new = rnd.choice(WEIRD_STRINGS) or "empty"
        else:
            new = k + rnd.choice(["s", "_", "\u00e9", "2"])
        parent[new] = parent.pop(p[-1])
    return data


def m_type_swap(rnd, data, mk):
    p, _ = rnd.choice(_paths(data))
    return _set(data, p, rnd.choice(VALUES + WEIRD_STRINGS))


def m_deep_nesting(rnd, data, mk):
    p, _ = rnd.choice(_paths(data))
    n = rnd.choice([5, 19, 20, 21, 60, 500, 3000])
    kind = rnd.randrange(3)
    if kind == 0:
        raw = "[" * n + "1" + "]" * n
    elif kind == 1:
        raw = "{a: " * n + "1" + "}" * n
    else:
        raw = "[" * n + "{x: " * 3 + "y" + "}" * 3 + "]" * (n - rnd.randrange(2))
    return _set(data, p, mk.add(raw))


def m_huge_string(rnd, data, mk):
    p, _ = rnd.choice(_paths(data))
    n = rnd.choice([1_000, 100_000, 900_000, 1_100_000])
    ch = rnd.choice(["x", "a ", "\u00e9", "(", "log(", "'"])
    return _set(data, p, (ch * (n // len(ch)))[:n])


def m_unicode(rnd, data, mk):
    paths = [(p, v) for p, v in _paths(data) if isinstance(v, str)]
    if paths:
        p, v = rnd.choice(paths)
        i = rnd.randrange(len(v) + 1)
        return _set(data, p, v[:i] + rnd.choice(WEIRD_STRINGS) + v[i:])
    return data


def m_alias(rnd, data, mk):
    p, _ = rnd.choice(_paths(data))
    kind = rnd.randrange(4)
    if kind == 0:  # a bomb of width w and depth d
        w, d = rnd.choice([2, 5, 9]), rnd.choice([2, 4, 8, 12])
        lines = ["&a0 [x, x]"] + [f"&a{i} [{', '.join([f'*a{i - 1}'] * w)}]" for i in range(1, d)]
        raw = "[" + ", ".join(lines) + "]"
    elif kind == 1:
        raw = "&r [*r]"
    elif kind == 2:
        raw = "*undefined"
    else:
        raw = "&v [ai, x]"
    return _set(data, p, mk.add(raw))


def m_tag(rnd, data, mk):
    p, _ = rnd.choice(_paths(data))
    return _set(data, p, mk.add(f"{rnd.choice(TAGS)} {rnd.choice(TAG_VALUES)}"))


def m_filter(rnd, data, mk):
    if not isinstance(data, dict):
        return data
    where = data
    if rnd.random() < 0.3 and isinstance(data.get("models"), list) and data["models"] and \
            isinstance(data["models"][0], dict):
        where = data["models"][0]
    where["sample"] = [_filter_text(rnd) for _ in range(rnd.choice([1, 2]))]
    return data


def m_term(rnd, data, mk):
    if not isinstance(data, dict):
        return data
    key = rnd.choice(["regressors", "controls", "absorb"])
    data[key] = [_term_text(rnd)]
    return data


STRUCTURAL = [m_delete_key, m_rename_key, m_type_swap, m_deep_nesting, m_huge_string, m_unicode,
              m_alias, m_tag, m_filter, m_term]


# -- text mutations (on the YAML text) -------------------------------------------------------
def t_duplicate_line(rnd, text):
    lines = text.splitlines(True)
    if lines:
        i = rnd.randrange(len(lines))
        lines.insert(i, lines[i])
    return "".join(lines)


def t_cut(rnd, text):
    return text[: rnd.randrange(len(text) + 1)]


def t_byte(rnd, text):
    i = rnd.randrange(len(text) + 1)
    return text[:i] + rnd.choice(["\t", ":", "-", "[", "{", "'", '"', "&", "*", "!", "%", "@", "`",
                                  "|", ">", "#", "\x00", "\r", "\u2028", " "]) + text[i:]


def t_wrapper(rnd, text):
    return rnd.choice(["\ufeff", "---\n", "%YAML 1.1\n---\n", "", "\n\n"]) + text + rnd.choice(
        ["", "\n...\n", "\n---\nkind: x\n", "\n" * 3])


def t_crlf(rnd, text):
    return text.replace("\n", "\r\n")


TEXTUAL = [t_duplicate_line, t_cut, t_byte, t_wrapper, t_crlf]


def mutate(rnd, base: str | None = None) -> tuple[str, list[str]]:
    name = base or rnd.choice(sorted(BASES))
    data = yaml.safe_load(BASES[name])
    mk = _Markers()
    done = [name]
    for _ in range(rnd.choice([1, 1, 2, 3])):
        if rnd.random() < 0.75:
            m = rnd.choice(STRUCTURAL)
            data = m(rnd, data, mk)
            done.append(m.__name__)
    text = mk.apply(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9))
    if rnd.random() < 0.35 or len(done) == 1:
        t = rnd.choice(TEXTUAL)
        text = t(rnd, text)
        done.append(t.__name__)
    return text, done


def setup_dir(folder: Path) -> Path:
    """A folder laid out like fixtures/specs (``valid/`` for the specs, ``data/panel.csv``)."""
    import shutil

    (folder / "valid").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    shutil.copy(DATA / "panel.csv", folder / "data" / "panel.csv")
    return folder / "valid"


def check(path: Path) -> tuple[str, float, str]:
    """(outcome, CPU seconds, detail) of ``validate`` on one spec file."""
    from econ_ai.errors import EconAIError
    from econ_ai.pipeline import DataOptions, validate

    t0 = time.thread_time()  # this thread only: threads left by other tests (dask, joblib) do not count
    try:
        validate(path, DataOptions(scale=0.02, quiet=True))
        outcome, detail = "valid", ""
    except EconAIError as exc:
        msg = str(exc)
        outcome, detail = ("clean" if path.name in msg else "unnamed"), msg[:300]
    except BaseException as exc:  # noqa: BLE001 - a crash is what we look for
        if isinstance(exc, KeyboardInterrupt):
            raise
        outcome, detail = "crash", "".join(traceback.format_exception(exc))[-3000:]
    return outcome, time.thread_time() - t0, detail
