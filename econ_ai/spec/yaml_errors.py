"""PyYAML's parser errors in plain words, with the line to fix.

``expected <block end>, but found '<block mapping start>'`` becomes "this key is indented
deeper than the keys above it (the block started on line 3, column 3): line it up with them".
``plain_yaml_error(exc, text)`` returns (message, line, column), 1-based; the message keeps
PyYAML's own words in brackets at the end for anybody who searches for them.
"""

from __future__ import annotations

from typing import Any


def _line(text: str, i: int) -> str:
    lines = text.splitlines()
    return lines[i] if 0 <= i < len(lines) else ""


def plain_yaml_error(exc: Any, text: str) -> tuple[str, int | None, int | None]:
    mark = exc.problem_mark or exc.context_mark
    cm = exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = exc.problem or ""
    context = exc.context or ""
    started = f" (it started on line {cm.line + 1}, column {cm.column + 1})" if cm is not None else ""
    here = _line(text, mark.line) if mark else ""
    msg = None
    if problem.startswith("expected <block end>"):
        if "<block sequence start>" in problem:
            msg = (f"this list item is indented deeper than the list it belongs to{started}; "
                   "give every '- ' item of one list the same indentation")
        elif "<block mapping start>" in problem:
            msg = (f"this key is indented deeper than the keys above it{started}; "
                   "line up the keys of one mapping")
        else:
            msg = f"this line does not line up with the block it belongs to{started}; check its indentation"
    elif problem == "mapping values are not allowed here":
        before = here[: mark.column] if mark else ""
        key_part = before.strip().lstrip("-").strip()
        if ": " in key_part:
            msg = ("a value holds ': ' (a colon and a space), which YAML reads as a new key; "
                   "put the whole value in quotes")
        else:
            prev = mark.line - 1 if mark else -1
            while prev >= 0 and not _line(text, prev).strip():
                prev -= 1
            msg = ("this key is indented deeper than the line above it"
                   + (f" (line {prev + 1})" if prev >= 0 else "") + "; line up the keys of one mapping, "
                   "or quote the value if it holds ': '")
    elif problem == "could not find expected ':'":
        if cm is not None:
            line, col = cm.line + 1, cm.column + 1
        msg = ("this line is not a 'key: value' pair; write 'key: value', indent it under the key it "
               "belongs to, or make it a list item with '- '")
    elif "flow sequence" in context or "flow mapping" in context or "quoted scalar" in context:
        if cm is not None:  # point at where it was opened
            line, col = cm.line + 1, cm.column + 1
        if "flow sequence" in context:
            msg = "this list opened with '[' is not closed; close it with ']', or quote any item that holds ': '"
        elif "flow mapping" in context:
            msg = "this mapping opened with '{' is not closed; close it with '}'"
        else:
            msg = "this quote is never closed; add the closing quote"
    elif problem.startswith("found undefined alias"):
        msg = ("a value starting with '*' refers to a YAML anchor that does not exist; "
               "to write a '*', put the value in quotes")
    elif "cannot start any token" in problem:
        ch = problem.split("'")[1] if "'" in problem else "this character"
        msg = f"'{ch}' cannot start a value in YAML; put the value in quotes"
    if msg is None:
        return None, line, col
    raw = problem + (f" ({context})" if context else "")
    return f"{msg} [YAML: {raw}]", line, col
