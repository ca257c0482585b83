"""``stepwise:`` and ``vary:``: expand one spec into ordinary models before validation.

    stepwise:                      # fixest's semantics, added to the model's own list
      controls: {csw0: [a, b, [c, d]]}   # none; a; a+b; a+b+c+d  (a nested list is a group)
      absorb:   {sw: [year, region]}     # year; region
    vary:                          # alternatives along named axes (a list, or label: value)
      controls: {none: [], size: [lag(log(employees))]}
      sample:   {all: [], "3+ years": ["years_observed >= 3"]}
      absorb:   [[nace3], [nace3, year], ["nace3:year"]]
      vcov:     [{cluster: [firm]}, {cluster: [firm, nace3]}]
      outcome:  [growth(turnover), growth(employees)]
      only:     [{controls: size, absorb: 0}]   # optional: a listed subset (axes left out
                                                # range over all their alternatives)
    max_models: 500                # cap (default 1000): a clear error above it

Operators: ``csw`` cumulative (a; a+b; ...), ``csw0`` the same after an empty step, ``sw``
one at a time, ``sw0`` the same after an empty step. Each model of the spec (or one implicit
model when ``models:`` is left out) is crossed with every combination; the first axis varies
slowest, then stepwise absorb, then stepwise controls. A vary alternative REPLACES the key
(``sample`` alternatives are ADDED to the model's filters); a stepwise step is APPENDED.

The expanded data holds only ordinary keys, so each expanded model is exactly the model one
would write by hand (the property tests check this). Provenance: every model gets a readable
name (``Turnover | controls=size, absorb=nace3+year``) and records its axis values
(``ModelSpec.axes``, carried into ``Result.extra["axes"]``). Locations of the expanded keys
point at the axis entries, and ``aliases`` maps expanded key paths back to them, so a bad term
in an alternative is reported at its own line and key path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from econ_ai.errors import SpecError, did_you_mean
from econ_ai.spec.load import RawSpec

AXES = ("outcome", "sample", "absorb", "controls", "vcov")
STEP_KEYS = ("controls", "absorb")
STEP_OPS = ("csw", "csw0", "sw", "sw0")
SWEEP_KEYS = ("stepwise", "vary", "max_models")
DEFAULT_MAX_MODELS = 1000


@dataclass(frozen=True)
class Alt:
    """One alternative of an axis: its label, value (plain data) and where it stands."""

    axis: str
    label: str
    value: Any
    path: str
    items: tuple[tuple[Any, str], ...] = ()  # (item, key path) for list-valued alternatives


@dataclass(frozen=True)
class Expansion:
    raw: RawSpec
    axes: tuple[tuple[tuple[str, str], ...], ...]  # per expanded model: (axis, label)
    aliases: dict[str, str]  # expanded key path -> key path in the file


def needs_expansion(raw: RawSpec) -> bool:
    return any(k in raw.data for k in SWEEP_KEYS)


# ----------------------------------------------------------------------------- labels
def _list_label(items: list[Any], empty: str, sep: str = "+") -> str:
    return sep.join(_item_label(x) for x in items) if items else empty


def _item_label(x: Any) -> str:
    return "(" + "+".join(map(str, x)) + ")" if isinstance(x, list) else str(x)


def _vcov_label(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        cl = v.get("cluster")
        cl = [cl] if isinstance(cl, str) else cl
        base = f"cluster({', '.join(map(str, cl))})" if cl else str(v.get("type", "iid"))
        return base + (f" [{v['convention']}]" if v.get("convention") else "")
    return str(v)


def _label(axis: str, value: Any) -> str:
    if axis in ("controls", "absorb"):
        return _list_label(value, "none")
    if axis == "sample":
        return _list_label(value, "all", " & ")
    if axis == "vcov":
        return _vcov_label(value)
    return str(value)


# ----------------------------------------------------------------------------- parsing
def _as_items(raw: RawSpec, axis: str, value: Any, path: str) -> tuple[tuple[Any, str], ...]:
    if isinstance(value, str):
        return ((value, path),)
    if not isinstance(value, list):
        raise raw.error(path, f"an alternative of '{axis}' is a list of "
                        f"{'filters' if axis == 'sample' else 'terms'} (or one as text), "
                        f"got {type(value).__name__}")
    for j, x in enumerate(value):
        if not isinstance(x, str):
            raise raw.error(f"{path}[{j}]", f"expected a {'filter' if axis == 'sample' else 'term'}"
                            f" as text, got {type(x).__name__}")
    return tuple((x, f"{path}[{j}]") for j, x in enumerate(value))


def _alternative(raw: RawSpec, axis: str, value: Any, path: str, label: str | None) -> Alt:
    if axis in ("controls", "absorb", "sample"):
        items = _as_items(raw, axis, value, path)
        value = [x for x, _ in items]
        return Alt(axis, label or _label(axis, value), value, path, items)
    if axis == "outcome":
        if not isinstance(value, str):
            raise raw.error(path, f"an outcome alternative is one term as text, got "
                            f"{type(value).__name__}")
    elif axis == "vcov" and not isinstance(value, (str, dict)):
        raise raw.error(path, "a vcov alternative is a type (hc1) or a mapping "
                        "({cluster: [firm]})")
    return Alt(axis, label or _label(axis, value), value, path)


def _axis(raw: RawSpec, axis: str, spec: Any) -> list[Alt]:
    path = f"vary.{axis}"
    if isinstance(spec, dict):
        alts = [_alternative(raw, axis, v, f"{path}.{k}", str(k)) for k, v in spec.items()]
    elif isinstance(spec, list):
        alts = [_alternative(raw, axis, v, f"{path}[{j}]", None) for j, v in enumerate(spec)]
    else:
        raise raw.error(path, f"vary.{axis} lists alternatives (a list, or label: value "
                        f"lines), got {type(spec).__name__}")
    if not alts:
        raise raw.error(path, f"vary.{axis} has no alternatives")
    seen: dict[str, str] = {}
    for a in alts:
        if a.label in seen:
            raise raw.error(a.path, f"two alternatives of '{axis}' have the same label "
                            f"'{a.label}' (first at {seen[a.label]}); give them labels "
                            f"(label: value lines)")
        seen[a.label] = a.path
    return alts


def _steps(raw: RawSpec, key: str, spec: Any) -> list[Alt]:
    path = f"stepwise.{key}"
    if not isinstance(spec, dict) or len(spec) != 1:
        raise raw.error(path, f"stepwise.{key} takes one operator with a list, e.g. "
                        f"'{{csw0: [a, b]}}'; operators: {', '.join(STEP_OPS)}")
    op, items = next(iter(spec.items()))
    if op not in STEP_OPS:
        raise raw.error(f"{path}.{op}", f"unknown stepwise operator '{op}'"
                        f"{did_you_mean(str(op), STEP_OPS)}; operators: {', '.join(STEP_OPS)}",
                        of_key=True)
    ipath = f"{path}.{op}"
    if not isinstance(items, list) or not items:
        raise raw.error(ipath, f"{op} takes a non-empty list of terms (a nested list is a group)")
    groups: list[tuple[tuple[Any, str], ...]] = []
    for g, item in enumerate(items):
        groups.append(_as_items(raw, key, item, f"{ipath}[{g}]"))
    if op in ("csw", "csw0"):
        sets = [groups[: n + 1] for n in range(len(groups))]
    else:
        sets = [[grp] for grp in groups]
    if op.endswith("0"):
        sets = [[]] + sets
    out = []
    for s in sets:
        flat = tuple(it for grp in s for it in grp)
        label = "+".join(_item_label(items[groups.index(grp)]) for grp in s) if s else "none"
        out.append(Alt(f"stepwise {key}", label, [x for x, _ in flat], ipath, flat))
    return out


def _subset(raw: RawSpec, only: Any, axes: list[tuple[str, list[Alt]]]) -> list[tuple[Alt, ...]]:
    names = [a for a, _ in axes]
    if not isinstance(only, list) or not only:
        raise raw.error("vary.only", "vary.only lists combinations, e.g. "
                        "'- {controls: size, absorb: 0}'")
    combos: list[tuple[Alt, ...]] = []
    for i, entry in enumerate(only):
        epath = f"vary.only[{i}]"
        if not isinstance(entry, dict) or not entry:
            raise raw.error(epath, "a combination maps axes to alternatives "
                            "(a label or a 0-based position)")
        choice: dict[str, list[Alt]] = {}
        for axis, pick in entry.items():
            if axis not in names:
                raise raw.error(f"{epath}.{axis}", f"unknown axis '{axis}'"
                                f"{did_you_mean(str(axis), names)}; axes: {', '.join(names)}",
                                of_key=True)
            alts = dict(axes)[axis]
            labels = [a.label for a in alts]
            if isinstance(pick, int) and not isinstance(pick, bool):
                if not 0 <= pick < len(alts):
                    raise raw.error(f"{epath}.{axis}", f"position {pick} is out of range: "
                                    f"'{axis}' has {len(alts)} alternatives (0-{len(alts) - 1})")
                choice[axis] = [alts[pick]]
            elif str(pick) in labels:
                choice[axis] = [alts[labels.index(str(pick))]]
            else:
                raise raw.error(f"{epath}.{axis}", f"'{axis}' has no alternative '{pick}'"
                                f"{did_you_mean(str(pick), labels)}; alternatives: "
                                f"{', '.join(labels)}")
        combos.extend(itertools.product(*(choice.get(a, alts) for a, alts in axes)))
    seen: set[tuple[str, ...]] = set()
    unique = []
    for c in combos:
        if tuple(a.path for a in c) not in seen:
            seen.add(tuple(a.path for a in c))
            unique.append(c)
    return unique


# ----------------------------------------------------------------------------- expansion
class _Out:
    def __init__(self, raw: RawSpec) -> None:
        self.raw = raw
        self.loc = {k: v for k, v in raw.locations.items() if not k.startswith("models")}
        self.kloc = {k: v for k, v in raw.key_locations.items() if not k.startswith("models")}
        self.quoted = {k for k in raw.quoted if not k.startswith("models")}
        self.aliases: dict[str, str] = {}

    def graft(self, dst: str, src: str) -> None:
        """Everything located at/under ``src`` is located at/under ``dst`` as well."""
        def under(k: str) -> bool:
            return k == src or k.startswith(src + ".") or k.startswith(src + "[")
        for table, out in ((self.raw.locations, self.loc), (self.raw.key_locations, self.kloc)):
            for k, v in table.items():
                if under(k):
                    out[dst + k[len(src):]] = v
        self.quoted |= {dst + k[len(src):] for k in self.raw.quoted if under(k)}
        self.aliases[dst] = src


def _base_list(data: dict, m: dict, i: int, key: str, has_models: bool) -> list[tuple[Any, str]]:
    if key in m and m[key] is not None:
        return [(x, f"models[{i}].{key}[{j}]") for j, x in enumerate(m[key])]
    return [(x, f"{key}[{j}]") for j, x in enumerate(data.get(key) or [])]


def expand(raw: RawSpec) -> Expansion:
    """The spec with ``stepwise``/``vary`` expanded into models (see the module docstring)."""
    data = dict(raw.data)
    vary = data.pop("vary", None) or {}
    stepwise = data.pop("stepwise", None) or {}
    cap = data.pop("max_models", DEFAULT_MAX_MODELS)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
        raise raw.error("max_models", "max_models is a whole number >= 1")
    if not isinstance(vary, dict):
        raise raw.error("vary", "vary maps axes to alternatives, e.g. 'controls: [[], [a]]'")
    if not isinstance(stepwise, dict):
        raise raw.error("stepwise", "stepwise maps controls/absorb to an operator, e.g. "
                        "'controls: {csw0: [a, b]}'")
    axes: list[tuple[str, list[Alt]]] = []
    only = None
    for axis, spec in vary.items():
        if axis == "only":
            only = spec
            continue
        if axis not in AXES:
            raise raw.error(f"vary.{axis}", f"unknown axis '{axis}'{did_you_mean(str(axis), AXES)};"
                            f" axes: {', '.join(AXES)} (and 'only' for a listed subset)", of_key=True)
        axes.append((axis, _axis(raw, axis, spec)))
    for key in ("absorb", "controls"):
        if key in stepwise:
            axes.append((f"stepwise {key}", _steps(raw, key, stepwise[key])))
    for key in stepwise:
        if key not in STEP_KEYS:
            raise raw.error(f"stepwise.{key}", f"stepwise takes controls or absorb, not '{key}'"
                            f"{did_you_mean(str(key), STEP_KEYS)}", of_key=True)
    combos = _subset(raw, only, axes) if only is not None else list(
        itertools.product(*(alts for _, alts in axes)))

    has_models = isinstance(data.get("models"), list)
    bases = data.get("models") if has_models else [{}]
    if not all(isinstance(m, dict) for m in bases):
        return Expansion(RawSpec(raw.file, data, dict(raw.locations), dict(raw.key_locations),
                                 raw.quoted, raw.has_lines), (), {})  # the schema reports it
    total = len(bases) * len(combos)
    if total > cap:
        sizes = " x ".join(f"{len(alts)} {a}" for a, alts in axes)
        where = "max_models" if "max_models" in raw.data else ("vary" if vary else "stepwise")
        raise raw.error(where, f"the spec expands to {total} models ({len(bases)} model"
                        f"{'s' if len(bases) != 1 else ''} x {sizes}), more than max_models="
                        f"{cap}; raise max_models or list a subset under vary.only")
    varying = {a for a, alts in axes if len({alt.label for alt in alts}) > 1 or len(combos) == 1}
    out = _Out(raw)
    models: list[dict] = []
    axes_out: list[tuple[tuple[str, str], ...]] = []
    for i, base in enumerate(bases):
        for combo in combos:
            k = len(models)
            mk = f"models[{k}]"
            out.graft(mk, f"models[{i}]" if has_models else ("vary" if vary else "stepwise"))
            m = dict(base)
            for alt in combo:
                _apply(out, data, m, i, k, alt, has_models)
            for key in [key for key in m if key.startswith("__")]:
                del m[key]
            tags = tuple((alt.axis, alt.label) for alt in combo)
            shown = ", ".join(f"{a.split()[-1]}={lab}" for a, lab in tags if a in varying)
            head = str(base["name"]) if base.get("name") is not None else (
                f"({i + 1})" if len(bases) > 1 else "")
            m["name"] = f"{head} | {shown}" if head and shown else (head or shown or f"({k + 1})")
            models.append(m)
            axes_out.append(tags)
    data["models"] = models
    new = RawSpec(raw.file, data, out.loc, out.kloc, frozenset(out.quoted), raw.has_lines)
    return Expansion(new, tuple(axes_out), out.aliases)


def _apply(out: _Out, data: dict, m: dict, i: int, k: int, alt: Alt, has_models: bool) -> None:
    mk = f"models[{k}]"
    if alt.axis in ("controls", "absorb", "stepwise controls", "stepwise absorb"):
        key = alt.axis.split()[-1]
        if alt.axis.startswith("stepwise"):
            items = m[f"__{key}"] if f"__{key}" in m else _base_list(data, m, i, key, has_models)
            items = list(items) + list(alt.items)
        else:
            items = list(alt.items)
        m[f"__{key}"] = items
        m[key] = [x for x, _ in items]
        out.graft(f"{mk}.{key}", alt.path)
        for j, (_, p) in enumerate(items):
            out.graft(f"{mk}.{key}[{j}]", p)
    elif alt.axis == "sample":
        own = list(m.get("sample") or [])
        m["sample"] = own + list(alt.value)
        for j, (_, p) in enumerate(alt.items):
            out.graft(f"{mk}.sample[{len(own) + j}]", p)
    else:  # outcome, vcov
        m[alt.axis] = alt.value
        out.graft(f"{mk}.{alt.axis}", alt.path)


def alias(key: str | None, aliases: dict[str, str]) -> str | None:
    """The key path in the file of an expanded key path (longest matching prefix)."""
    if not key or not aliases:
        return key
    best = ""
    for dst in aliases:
        if (key == dst or key.startswith(dst + ".") or key.startswith(dst + "[")) and len(dst) > len(best):
            best = dst
    return aliases[best] + key[len(best):] if best else key


def realias(exc: SpecError, aliases: dict[str, str]) -> SpecError:
    return SpecError(exc.message, file=exc.file, line=exc.line, column=exc.column,
                     key=alias(exc.key, aliases))
