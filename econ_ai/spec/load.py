"""YAML spec text -> plain Python data plus a map key path -> Location.

Only ``yaml.compose`` with the SafeLoader is used (no object construction beyond safe
scalars), so every node keeps its ``start_mark``. Key paths look like
``models[2].controls[1]``, ``vcov.cluster[0]``, ``report.labels``.

``RawSpec.locations`` holds where each VALUE starts; ``RawSpec.key_locations`` where each
mapping KEY stands (used for ``unknown key`` errors). Lines and columns are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from econ_ai.errors import SpecError
from econ_ai.spec.model import Location


@dataclass(frozen=True)
class RawSpec:
    """A loaded (not yet validated) spec."""

    file: str
    data: dict[str, Any]
    locations: dict[str, Location] = field(default_factory=dict)
    key_locations: dict[str, Location] = field(default_factory=dict)
    quoted: frozenset[str] = frozenset()  # key paths of quoted scalars (column offset + 1)
    has_lines: bool = True  # False for a spec given as Python data: errors name key paths only

    @classmethod
    def from_data(cls, data: dict[str, Any], file: str = "<dict>") -> RawSpec:
        """A spec given as Python data (no text, so no line numbers)."""
        if not isinstance(data, dict):
            raise SpecError(f"a spec must be a mapping of keys, got {type(data).__name__}", file=file)
        bad = [k for k in data if not isinstance(k, str)]
        if bad:
            raise SpecError(f"spec keys must be strings, got {bad[0]!r}", file=file)
        return cls(file=file, data=data, has_lines=False)

    def loc(self, key: str, *, of_key: bool = False) -> Location:
        """Location of a key path; of_key=True prefers the key itself over its value.
        Falls back to the nearest located parent."""
        k = key
        while k:
            if of_key and k in self.key_locations:
                return self.key_locations[k]
            if k in self.locations:
                return self.locations[k]
            cut = max(k.rfind("."), k.rfind("["))
            k = k[:cut] if cut > 0 else ""
        return Location(self.file, 1, 1) if self.has_lines else Location(self.file)

    def error(self, key: str, message: str, *, of_key: bool = False) -> SpecError:
        loc = self.loc(key, of_key=of_key)
        return SpecError(message, file=self.file, line=loc.line, column=loc.column,
                         key=key or None)


def join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _mark_loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def _check_tabs(text: str, file: str) -> None:
    for i, line in enumerate(text.splitlines()):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            raise SpecError("tab character in indentation; YAML indents with spaces only",
                            file=file, line=i + 1, column=col)


def load_text(text: str, file: str = "<string>") -> RawSpec:
    """Parse YAML text; raise SpecError for syntax errors, duplicate keys, tabs, an empty
    file or a top level that is not a mapping."""
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_tabs(text, file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        from econ_ai.spec.yaml_errors import plain_yaml_error

        plain, pline, pcol = plain_yaml_error(exc, text)
        if plain is not None:
            raise SpecError(plain, file=file, line=pline, column=pcol) from None
        mark = exc.problem_mark or exc.context_mark
        msg = "YAML syntax error: " + (exc.problem or "invalid YAML")
        if exc.problem == "but found another document":
            msg = "a spec file holds one YAML document; found a second one ('---')"
        elif exc.context:
            cm = exc.context_mark
            started = ""
            if cm is not None and mark is not None and (cm.line, cm.column) != (mark.line,
                                                                               mark.column):
                started = f" started on line {cm.line + 1}, column {cm.column + 1}"
            msg += f" ({exc.context}{started})"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise SpecError(msg, file=file, line=line, column=col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise SpecError(f"YAML error: {exc}", file=file) from None
    if node is None:
        raise SpecError("empty spec file; expected a mapping with at least 'kind', 'data' and "
                        "'models'", file=file, line=1, column=1)
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        loc = _mark_loc(file, node.start_mark)
        raise SpecError(f"the top level of a spec must be a mapping (key: value lines), "
                        f"found {what}", file=file, line=loc.line, column=loc.column)
    builder = _Builder(file)
    data = builder.build(node, "")
    return RawSpec(file, data, builder.locations, builder.key_locations,
                   frozenset(builder.quoted))


def load_file(path: str | Path, display: str | None = None) -> RawSpec:
    """Read and parse a spec file. ``display`` is the file name used in messages."""
    p = Path(path)
    shown = display if display is not None else str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError("spec file not found", file=shown) from None
    except UnicodeDecodeError as exc:
        raise SpecError(f"spec file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                        file=shown) from None
    return load_text(text, shown)


_TAGS = frozenset("tag:yaml.org,2002:" + t for t in
                  ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "merge"))


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.locations: dict[str, Location] = {}
        self.key_locations: dict[str, Location] = {}
        self.quoted: set[str] = set()
        self._loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: str) -> Any:
        self.locations.setdefault(path, _mark_loc(self.file, node.start_mark))
        if node.tag not in _TAGS:
            loc = _mark_loc(self.file, node.start_mark)
            raise SpecError(f"unsupported YAML tag '{node.tag}'; specs hold plain data only",
                            file=self.file, line=loc.line, column=loc.column, key=path or None)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    loc = _mark_loc(self.file, knode.start_mark)
                    raise SpecError("a mapping key must be a plain name", file=self.file,
                                    line=loc.line, column=loc.column, key=path or None)
                if knode.tag == "tag:yaml.org,2002:merge":
                    loc = _mark_loc(self.file, knode.start_mark)
                    raise SpecError("YAML merge keys '<<' are not supported in specs",
                                    file=self.file, line=loc.line, column=loc.column,
                                    key=path or None)
                # keys are names: keep their text (so `null:`, `on:`, `2019:` stay strings)
                key = str(knode.value)
                sub = join(path, key)
                if key in out:
                    loc = _mark_loc(self.file, knode.start_mark)
                    first = self.key_locations[sub]
                    raise SpecError(f"duplicate key '{key}' (first given on line {first.line})",
                                    file=self.file, line=loc.line, column=loc.column,
                                    key=path or None)
                self.key_locations[sub] = _mark_loc(self.file, knode.start_mark)
                out[key] = self.build(vnode, sub)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, join(path, i)) for i, item in enumerate(node.value)]
        if getattr(node, "style", None) in ("'", '"'):
            self.quoted.add(path)
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            loc = _mark_loc(self.file, node.start_mark)
            raise SpecError(f"unsupported YAML value: {exc.problem}", file=self.file,
                            line=loc.line, column=loc.column) from None
