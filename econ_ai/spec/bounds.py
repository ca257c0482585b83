"""Limits that keep spec parsing bounded in time and memory (issue 15).

A spec is checked BEFORE its YAML is composed into nodes or expanded, from the parser's event
stream (libyaml's C parser where available: linear time, no recursion):

- file size at most ``MAX_BYTES`` (1 MB);
- nesting depth of mappings / lists at most ``MAX_DEPTH``;
- at most ``MAX_NODES`` values in the whole spec, counting every alias expansion;
- aliases may add at most ``MAX_ALIAS_NODES`` values in total (alias bombs are refused at the
  alias that crosses the budget, before anything is expanded); an alias to a node that is
  still open (``regressors: &r [*r]``) is a recursive alias, an error.

Terms and filters have their own limits (``econ_ai.spec.terms.MAX_DEPTH``,
``econ_ai.spec.filters.MAX_OPERATORS``). Every limit raises a SpecError with the line.
"""

from __future__ import annotations

import yaml

from econ_ai.errors import SpecError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 20_000
MAX_ALIAS_NODES = 2_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_size(n_bytes: int, file: str, text: str | None = None) -> None:
    if n_bytes <= MAX_BYTES:
        return
    line = text.count("\n", 0, MAX_BYTES) + 1 if text is not None else None
    raise SpecError(f"spec file is {n_bytes:,} bytes; specs are limited to {MAX_BYTES:,} bytes "
                    "(the limit is crossed on this line)", file=file, line=line, column=1 if line else None)


def _err(msg: str, file: str, mark) -> SpecError:
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return SpecError(msg, file=file, line=line, column=col)


def check_events(text: str, file: str, *, loader=None) -> bool:
    """Walk the YAML events of ``text``; raise SpecError when a limit is crossed. Returns
    False when the text is not valid YAML (the caller reports the syntax error). ``loader``:
    the parser (default libyaml's; PyYAML's own for texts libyaml refuses, e.g. past its
    1000-level nesting limit, which it reports before any event)."""
    # stack of [node count, anchor] of the open collections
    stack: list[list] = [[0, None]]
    size: dict[str, int] = {}
    open_anchors: set[str] = set()
    alias_extra = 0
    total = 0
    try:
        for ev in yaml.parse(text, Loader=loader or _Parser):
            if isinstance(ev, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                total += 1
                if total > MAX_NODES:
                    raise _err(f"spec holds more than {MAX_NODES:,} values; specs are limited "
                               f"to {MAX_NODES:,}", file, ev.start_mark)
            if isinstance(ev, yaml.ScalarEvent):
                stack[-1][0] += 1
                if ev.anchor:
                    size[ev.anchor] = 1
            elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) > MAX_DEPTH:
                    raise _err(f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                               file, ev.start_mark)
                stack.append([1, ev.anchor])
                if ev.anchor:
                    open_anchors.add(ev.anchor)
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                n, anchor = stack.pop()
                if anchor:
                    size[anchor] = n
                    open_anchors.discard(anchor)
                stack[-1][0] += n
            elif isinstance(ev, yaml.AliasEvent):
                if ev.anchor in open_anchors:
                    raise _err(f"recursive alias '*{ev.anchor}' (it refers to a value that "
                               "contains it)", file, ev.start_mark)
                if ev.anchor not in size:
                    raise _err(f"alias '*{ev.anchor}' refers to no anchor '&{ev.anchor}' "
                               "before it", file, ev.start_mark)
                n = size[ev.anchor]
                alias_extra += n
                total += n
                if alias_extra > MAX_ALIAS_NODES or total > MAX_NODES:
                    raise _err(f"aliases expand to more than {MAX_ALIAS_NODES:,} values "
                               f"('*{ev.anchor}' alone is {n:,}); write the values out instead",
                               file, ev.start_mark)
                stack[-1][0] += n
    except yaml.YAMLError:
        return False
    return True


def composer():
    """The YAML loader class to compose a spec that passed ``check_events``."""
    return _Parser
