"""RawSpec -> CompiledSpec: validate with the kind's pydantic schema, merge spec-level
defaults into each model, parse every term and filter, and run the cross-field checks.
Every error is a SpecError naming the file, line, column and key path.

Public API: ``load_spec(path)``, ``compile_text(text, path="<string>")``,
``compile_raw(raw)``, ``validate_columns(spec, columns)``.

- ``CompiledSpec.data.path`` is ABSOLUTE (resolved against the spec file's folder) for a
  .csv/.parquet data file, None for a built-in dataset (``BUILTIN_DATASETS``).
- ``CompiledSpec.locations`` maps every key path to where its value starts, plus
  ``"<key path>@<variable>"`` entries: where each variable of a term or filter stands (used
  by ``validate_columns`` to point at the exact column of ``turnvoer``).
- Terms in ModelSpec are normalised (``log(employees)``); sample filters keep their text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from econ_ai.conventions import DEFAULT_CONVENTION
from econ_ai.errors import SpecError, did_you_mean
from econ_ai.kinds import registry
from econ_ai.spec import schema as S
from econ_ai.spec.filters import parse_filter
from econ_ai.spec.load import RawSpec, load_file, load_text
from econ_ai.spec.model import CompiledSpec, DataRef, Location, ModelSpec, PanelSpec, VcovSpec
from econ_ai.spec.schema import convert_validation_error
from econ_ai.spec.terms import Call, Interaction, Term, TermSyntaxError, Var, parse_term

BUILTIN_DATASETS = ("starters", "firms", "ai_profile", "accounts", "ai_companies", "linked_candidates")
DATA_SUFFIXES = (".csv", ".csv.gz", ".csv.bz2", ".csv.xz", ".csv.zip", ".parquet", ".pq")  # data.table_file
_LIST_KEYS = ("regressors", "controls", "absorb")


def load_spec(path: str | Path) -> CompiledSpec:
    """Load, validate and compile a spec file (messages name the path as given)."""
    return compile_raw(load_file(path))


def compile_text(text: str, path: str = "<string>") -> CompiledSpec:
    return compile_raw(load_text(text, path))


# ----------------------------------------------------------------------------- helpers
def term_error(raw: RawSpec, path: str, exc: TermSyntaxError, *, filt: bool = False) -> SpecError:
    loc = raw.loc(path)
    col = loc.column
    if exc.pos is not None and col is not None and path in raw.locations:
        col = col + exc.pos + (1 if path in raw.quoted else 0)
    msg = exc.message
    if "to close" in msg and "end of text" in msg and path.endswith("]"):
        msg += ("; note that YAML splits a [a, b] list at every comma: quote such a term, "
                "e.g. ['ratio(a, b)'], or write one '- item' per line")
    if filt and exc.pos is not None:
        msg += f" (at character {exc.pos + 1})"
    return SpecError(msg, file=raw.file, line=loc.line, column=col, key=path)


def _parse(raw: RawSpec, path: str, text: str) -> Term:
    try:
        term = parse_term(text)
    except TermSyntaxError as exc:
        raise term_error(raw, path, exc) from None
    _locate_variables(raw, path, text, term.variables())
    return term


def _locate_variables(raw: RawSpec, path: str, text: str, variables: Iterable[str]) -> None:
    """Record where each variable of a term/filter stands: locations['path@var']."""
    loc = raw.locations.get(path)
    if loc is None or loc.column is None:
        return
    for var in variables:
        start = _find_name(text, var)
        if start is not None:
            col = loc.column + start + (1 if path in raw.quoted else 0)
            raw.locations.setdefault(f"{path}@{var}", Location(raw.file, loc.line, col))


_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _find_name(text: str, name: str) -> int | None:
    """Where ``name`` stands as a whole word in ``text`` (no regex: names can be huge)."""
    i = text.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or text[i - 1] not in _WORD) and (j >= len(text) or text[j] not in _WORD):
            return i
        i = text.find(name, i + 1)
    return None


def _origin(fields_set: set[str], i: int, key: str) -> str:
    return f"models[{i}].{key}" if key in fields_set else key


def _given(model: Any, key: str) -> bool:
    return getattr(model, key, None) is not None


# ----------------------------------------------------------------------------- compile
def _check_claims(raw, claims, model_names: set[str], kind: str = "", show: str | None = None) -> None:
    """Published claims: only known keys (near-miss suggestions), existing model names, and a
    test that can fail (econ_ai.spec.claim_checks)."""
    from econ_ai.spec.claim_checks import check_claim
    from econ_ai.spec.schema import CLAIM_KEYS

    if not isinstance(claims, (list, tuple)):
        raise raw.error("published", "published is a list of claims ('- {model: ..., term: ...}')")
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            raise raw.error(f"published[{i}]", "a claim is a mapping such as "
                            "{model: Turnover, term: ai, between: [0.07, 0.13]}")
        for key in claim:
            if key not in CLAIM_KEYS:
                raise raw.error(f"published[{i}].{key}", f"unknown claim key '{key}'"
                                f"{did_you_mean(str(key), CLAIM_KEYS)}", of_key=True)
        for sel_key, sel in (("", claim), *((f".{k}", claim[k]) for k in ("greater_than", "less_than")
                                           if isinstance(claim.get(k), dict))):
            name = sel.get("model")
            if name is not None and not isinstance(name, str):
                raise raw.error(f"published[{i}]{sel_key}.model", "model is one model name (or "
                                f"'all'), not a {type(name).__name__}")
            if name not in (None, "all") and name not in model_names:
                raise raw.error(f"published[{i}]{sel_key}.model", f"no model named '{name}'"
                                f"{did_you_mean(str(name), model_names)}")
        check_claim(raw, i, claim, kind, show)


def compile_raw(raw: RawSpec, *, data_supplied: bool = False) -> CompiledSpec:
    """Validate and compile. ``data_supplied``: the caller brings the data (a DataFrame from
    Python), so the spec may omit its ``data:`` key. ``stepwise:``/``vary:`` are expanded
    into ordinary models first (``econ_ai.spec.expand``)."""
    from econ_ai.spec import expand

    if expand.needs_expansion(raw):
        ex = expand.expand(raw)
        try:
            spec = compile_raw(ex.raw, data_supplied=data_supplied)
        except SpecError as exc:
            raise expand.realias(exc, ex.aliases) from None
        models = tuple(replace(m, axes=ax) for m, ax in zip(spec.models, ex.axes))
        return replace(spec, models=models, aliases=dict(ex.aliases))
    data = raw.data
    kind = data.get("kind")
    if "kind" not in data:
        raise raw.error("", f"missing required key 'kind'; one of: {', '.join(registry.KINDS)}")
    if not isinstance(kind, str) or kind not in registry.KINDS:
        raise raw.error("kind", f"unknown kind '{kind}'{did_you_mean(str(kind), registry.KINDS)}; "
                        f"allowed: {', '.join(registry.KINDS)}")
    spec_cls = registry.get(kind).spec_schema
    try:
        top = spec_cls.model_validate(data)
    except ValidationError as exc:
        raise convert_validation_error(raw, exc, spec_cls) from None
    if not top.models:
        raise raw.error("models", "a spec needs at least one model")
    if top.data is None and not data_supplied:
        raise raw.error("", "missing required key 'data'")

    panel = PanelSpec(top.panel.unit, top.panel.time) if top.panel else None
    for key in ("panel.unit", "panel.time"):
        value = getattr(top.panel, key.split(".")[1]) if top.panel else None
        if value is not None and not isinstance(_parse(raw, key, value), Var):
            raise raw.error(key, f"panel {key.split('.')[1]} must be a column name")
    for j, text in enumerate(top.sample):
        _check_filter(raw, f"sample[{j}]", text, panel)

    models: list[ModelSpec] = []
    names: dict[str, int] = {}
    for i, m in enumerate(top.models):
        ms = _compile_model(raw, kind, top, m, i, panel)
        if ms.name in names:
            raise raw.error(f"models[{i}].name" if m.name else f"models[{i}]",
                            f"duplicate model name '{ms.name}' (first used by "
                            f"models[{names[ms.name]}]); model names must be unique")
        names[ms.name] = i
        models.append(ms)

    _check_claims(raw, top.published, {m.name for m in models}, kind,
                  top.report.show if top.report is not None else None)
    report = top.report.model_dump(exclude_unset=True) if top.report else {}
    from econ_ai.spec.report_checks import check_report_terms

    check_report_terms(raw, kind, models, report, S.STAT_NAMES + S.FIT_KEYS)
    return CompiledSpec(
        path=raw.file, kind=kind, title=top.title or "",
        data=_data_ref(raw, top.data) if top.data is not None else DataRef("", None),
        models=tuple(models), report=report, published=tuple(top.published),
        locations=dict(raw.locations),
    )


def _data_ref(raw: RawSpec, value: str) -> DataRef:
    low = value.lower()
    if any(low.endswith(s) for s in DATA_SUFFIXES):
        base = os.path.dirname(raw.file) if not raw.file.startswith("<") else ""
        return DataRef(Path(value).name, os.path.abspath(os.path.join(base, value)))
    if "." in os.path.basename(value) or "/" in value:
        raise raw.error("data", f"unsupported data file '{value}'; use a .csv or .parquet file "
                        f"or a built-in dataset ({', '.join(BUILTIN_DATASETS)})")
    if value not in BUILTIN_DATASETS:
        raise raw.error("data", f"unknown built-in dataset '{value}'"
                        f"{did_you_mean(value, BUILTIN_DATASETS)}; built-in: "
                        f"{', '.join(BUILTIN_DATASETS)} (or give a .csv/.parquet path)")
    return DataRef(value, None)


def _check_filter(raw: RawSpec, path: str, text: str, panel: PanelSpec | None) -> None:
    try:
        tree = parse_filter(text)
    except TermSyntaxError as exc:
        raise term_error(raw, path, exc, filt=True) from None
    _locate_variables(raw, path, text, tree.variables())
    for t in tree.terms():
        _need_panel(raw, path, t, panel)


def _need_panel(raw: RawSpec, path: str, term: Term, panel: PanelSpec | None) -> None:
    if panel is None and term.needs_panel:
        fn = next(n.fn for n in term.walk() if isinstance(n, Call) and n.fn in
                  ("growth", "lag", "lead", "diff"))
        raise raw.error(path, f"{fn}() in '{term.text}' needs panel data: add "
                        "'panel: {unit: firm, time: year}' at the top level")


def _compile_model(raw: RawSpec, kind: str, top: Any, m: Any, i: int,
                   panel: PanelSpec | None) -> ModelSpec:
    mkey = f"models[{i}]"
    fields_set = {k for k in m.model_fields_set if getattr(m, k) is not None}
    sample = list(top.sample) + list(m.sample)
    for j, text in enumerate(m.sample):
        _check_filter(raw, f"{mkey}.sample[{j}]", text, panel)
    sample_text = tuple(s.strip() for s in sample)
    name = m.name if m.name is not None else f"({i + 1})"

    plugin = registry.get(kind)
    outcome = None
    lists: dict[str, tuple[str, ...]] = {k: () for k in _LIST_KEYS}
    vcov = VcovSpec()
    options: dict[str, Any] = {}
    if plugin.regression:
        outcome, lists, vcov = _regression(raw, top, m, i, fields_set, panel)
    for key in plugin.option_keys:
        src = m if key in fields_set else top
        value = getattr(src, key, None)
        if value is None:
            continue
        path = _origin(fields_set, i, key)
        if key in plugin.term_options:
            if isinstance(value, list):
                value = tuple(_opt_term(raw, f"{path}[{j}]", v, panel) for j, v in enumerate(value))
            else:
                value = _opt_term(raw, path, value, panel)
        elif hasattr(value, "model_dump"):
            value = value.model_dump()
        options[key] = value
    if plugin.check is not None:
        plugin.check(raw, options, mkey, panel)
    loc = raw.loc(mkey)
    typed = plugin.options.build(options, where=mkey, file=raw.file, line=loc.line)
    return ModelSpec(
        name=name, kind=kind, outcome=outcome, regressors=lists["regressors"],
        controls=lists["controls"], absorb=lists["absorb"], sample=sample_text, vcov=vcov,
        panel=panel, options=typed, location=loc, key=mkey,
    )


def _opt_term(raw: RawSpec, path: str, text: str, panel: PanelSpec | None) -> str:
    t = _parse(raw, path, text)
    _need_panel(raw, path, t, panel)
    return t.text


def _regression(raw, top, m, i, fields_set, panel):
    mkey = f"models[{i}]"
    src = m if "outcome" in fields_set else top
    if src.outcome is None:
        raise raw.error(mkey, "missing required key 'outcome' (give it in the model or at the "
                        "top level)")
    opath = _origin(fields_set, i, "outcome")
    out_t = _parse(raw, opath, src.outcome)
    if out_t.is_categorical:
        raise raw.error(opath, f"the outcome cannot be categorical ('{out_t.text}')")
    _need_panel(raw, opath, out_t, panel)

    lists: dict[str, tuple[str, ...]] = {}
    parsed: dict[str, list[tuple[str, Term]]] = {}
    for key in _LIST_KEYS:
        src = m if key in fields_set else top
        base = _origin(fields_set, i, key)
        items = []
        for j, text in enumerate(getattr(src, key) or []):
            path = f"{base}[{j}]"
            t = _parse(raw, path, text)
            _need_panel(raw, path, t, panel)
            items.append((path, t))
        parsed[key] = items
        lists[key] = tuple(t.text for _, t in items)

    absorbed: dict[str, str] = {}
    for path, t in parsed["absorb"]:
        parts = t.parts if isinstance(t, Interaction) else (t,)
        if not all(isinstance(p, Var) for p in parts):
            raise raw.error(path, f"absorb takes column names (or a:b interactions of columns), "
                            f"got '{t.text}'")
        if t.text in absorbed:
            raise raw.error(path, f"'{t.text}' is absorbed twice")
        absorbed[t.text] = path
    seen: dict[str, str] = {}
    for path, t in parsed["regressors"] + parsed["controls"]:
        if t.text in seen:
            raise raw.error(path, f"term '{t.text}' appears twice (first at {seen[t.text]})")
        seen[t.text] = path
        if t.text == out_t.text:
            raise raw.error(path, f"the outcome '{t.text}' cannot also be a regressor")
        inner = t.args[0].text if isinstance(t, Call) and t.fn == "C" else t.text
        if inner in absorbed:
            raise raw.error(path, f"'{t.text}' is also absorbed ({absorbed[inner]}); a variable "
                            "cannot be both a regressor and a fixed effect")
    vcov = _vcov(raw, m if "vcov" in fields_set else top, _origin(fields_set, i, "vcov"))
    return out_t.text, lists, vcov


def _vcov(raw: RawSpec, src: Any, path: str) -> VcovSpec:
    v = src.vcov
    if v is None:
        return VcovSpec()
    cluster = tuple(v.cluster or ())
    if v.cluster is not None and not cluster:
        raise raw.error(f"{path}.cluster", "give one or two cluster variables (the list is empty)")
    vtype = v.type or ("cluster" if cluster else "iid")
    if vtype == "cluster" and not cluster:
        raise raw.error(path, "a cluster vcov needs 'cluster: [var]' (one or two variables)")
    if vtype != "cluster" and cluster:
        raise raw.error(path, f"vcov type '{vtype}' does not take 'cluster'; write "
                        "'{cluster: [var]}' for clustered errors")
    if len(cluster) > 2:
        raise raw.error(f"{path}.cluster", f"at most two cluster variables are supported, "
                        f"got {len(cluster)}")
    for j, c in enumerate(cluster):
        cpath = f"{path}.cluster[{j}]"
        if not isinstance(_parse(raw, cpath, c), Var):
            raise raw.error(cpath, f"a cluster variable must be a column name, got '{c}'")
    if len(set(cluster)) < len(cluster):
        raise raw.error(f"{path}.cluster", "the same cluster variable is given twice")
    return VcovSpec(vtype, cluster, v.convention or DEFAULT_CONVENTION)


# ----------------------------------------------------------------------------- columns
def _places(spec: CompiledSpec, i: int, m: ModelSpec):
    """(key path, term text or filter text, is_filter) for everything model i names."""
    own = lambda key: f"models[{i}].{key}" in spec.locations  # noqa: E731
    n_top = sum(1 for k in spec.locations if re.fullmatch(r"sample\[\d+\]", k))
    for j, text in enumerate(m.sample):
        yield (f"sample[{j}]" if j < n_top else f"models[{i}].sample[{j - n_top}]"), text, True
    if m.outcome is not None:
        yield ("models[%d].outcome" % i if own("outcome") else "outcome"), m.outcome, False
    for key in _LIST_KEYS:
        base = f"models[{i}].{key}" if own(key) else key
        for j, text in enumerate(getattr(m, key)):
            yield f"{base}[{j}]", text, False
    vbase = f"models[{i}].vcov" if own("vcov") else "vcov"
    for j, c in enumerate(m.vcov.cluster):
        yield f"{vbase}.cluster[{j}]", c, False
    for key in registry.get(m.kind).term_options:
        value = m.options.get(key)
        if value is None:
            continue
        base = f"models[{i}].{key}" if own(key) else key
        if isinstance(value, (tuple, list)):
            for j, v in enumerate(value):
                yield f"{base}[{j}]", v, False
        else:
            yield base, value, False


def spec_variables(spec: CompiledSpec) -> set[str]:
    """Every data column a spec names (terms, filters, absorb, clusters, options, panel)."""
    out: set[str] = set()
    if spec.models and spec.models[0].panel is not None:
        out |= {spec.models[0].panel.unit, spec.models[0].panel.time}
    for i, m in enumerate(spec.models):
        for _, text, is_filter in _places(spec, i, m):
            out |= set((parse_filter(text) if is_filter else parse_term(text)).variables())
    return out


def validate_columns(spec: CompiledSpec, columns: Iterable[str]) -> None:
    """Every variable named anywhere in the spec must be a column of the data; otherwise a
    SpecError at that place: ``unknown variable 'turnvoer' (did you mean 'turnover'?)``."""
    cols = [str(c) for c in columns]
    have = set(cols)

    def fail(path: str, var: str) -> None:
        loc = spec.locations.get(f"{path}@{var}") or spec.where(path)
        from econ_ai.spec.expand import alias

        hint = did_you_mean(var, cols)
        if not hint:  # no near miss: say what there is
            hint = f"; the data's columns: {', '.join(cols[:25])}" + (f" ... ({len(cols) - 25} more)" if len(cols) > 25 else "")
        raise SpecError(f"unknown variable '{var}'{hint}", file=spec.path,
                        line=loc.line, column=loc.column, key=alias(path, dict(spec.aliases)))

    if spec.models and spec.models[0].panel is not None:
        p = spec.models[0].panel
        for key, var in (("panel.unit", p.unit), ("panel.time", p.time)):
            if var not in have:
                fail(key, var)
    for i, m in enumerate(spec.models):
        for path, text, is_filter in _places(spec, i, m):
            tree = parse_filter(text) if is_filter else parse_term(text)
            for var in tree.variables():
                if var not in have:
                    fail(path, var)
