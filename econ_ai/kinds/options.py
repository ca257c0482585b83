"""The base of every kind's typed options: frozen, unknown keys refused, read like a mapping.

A kind's ``options.py`` subclasses :class:`KindOptions` with its fields and defaults. The spec
compiler builds one instance per model (``ModelSpec.options``); the estimator constructor
receives it as it is, so options are validated once, at compile time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError

from econ_ai.errors import SpecError, did_you_mean


def _field_annotation(cls: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, Any]:
    """(the model that holds the last part of ``loc``, that field's annotation)."""
    owner: Any = cls
    ann: Any = None
    for part in loc:
        if not (isinstance(owner, type) and issubclass(owner, BaseModel)) or part not in owner.model_fields:
            return (owner if isinstance(owner, type) and issubclass(owner, BaseModel) else None), None
        ann = owner.model_fields[part].annotation
        args = [a for a in get_args(ann) if a is not type(None)] or [ann]
        nxt = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nxt is None or part == loc[-1]:
            return owner, ann
        owner = nxt
    return owner, ann


def _literal_values(ann: Any) -> list[str]:
    if get_origin(ann) is Literal:
        return [str(a) for a in get_args(ann)]
    for a in get_args(ann):
        vals = _literal_values(a)
        if vals:
            return vals
    return []


def _message(cls: type[BaseModel], err: dict, key: str) -> str:
    loc = tuple(p for p in err["loc"] if isinstance(p, str))
    owner, ann = _field_annotation(cls, loc)
    value = err.get("input")
    if err["type"] == "extra_forbidden":
        fields = list(owner.model_fields) if owner is not None else []
        return f"unknown option '{key}'{did_you_mean(str(loc[-1]) if loc else key, fields)}"
    if err["type"] == "literal_error":
        allowed = _literal_values(ann)
        return (f"option '{key}': invalid value '{value}'{did_you_mean(str(value), allowed)}; "
                f"allowed: {', '.join(allowed)}")
    if err.get("ctx") is not None and err["type"] not in _STANDARD:  # our own messages say it all
        return f"option '{key}': {err['msg']}"
    return f"option '{key}': {err['msg'][0].lower()}{err['msg'][1:]}, got {value!r}"


_STANDARD = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal",
                       "too_short", "too_long", "string_too_short", "string_too_long"})


class KindOptions(BaseModel):
    """Typed, immutable options of one model. ``get``/``[]``/``in`` read it like a mapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None) if key in type(self).model_fields else None
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in type(self).model_fields and getattr(self, key) is not None

    def items(self) -> Iterator[tuple[str, Any]]:
        return ((k, getattr(self, k)) for k in type(self).model_fields if getattr(self, k) is not None)

    def as_dict(self) -> dict[str, Any]:
        """The options given explicitly (in the spec or by the caller), nested ones as dicts."""
        return {k: (v.as_dict() if isinstance(v, KindOptions) else v)
                for k in self.model_fields_set for v in (getattr(self, k),)}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping) and not isinstance(other, BaseModel):
            return self.as_dict() == dict(other)
        return super().__eq__(other)

    __hash__ = BaseModel.__hash__

    def set_keys(self) -> tuple[str, ...]:
        """The options given explicitly (in the spec or by the caller)."""
        return tuple(sorted(self.model_fields_set))

    @classmethod
    def build(cls, values: Mapping[str, Any] | KindOptions | None = None, *, where: str = "options",
              file: str | None = None, line: int | None = None) -> KindOptions:
        """Validate ``values`` into this options type; a bad key or value is a SpecError that
        names the key (with a near miss)."""
        if isinstance(values, cls):
            return values
        data = dict(values.items()) if isinstance(values, KindOptions) else dict(values or {})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            key = ".".join(str(p) for p in err["loc"]) or where
            raise SpecError(_message(cls, err, key), file=file, line=line,
                            key=f"{where}.{key}" if where else key) from None

    def replace(self, **changes: Any) -> KindOptions:
        """A copy with ``changes`` applied, validated again."""
        return type(self).build({**{k: getattr(self, k) for k in self.model_fields_set}, **changes})


class KindEstimator:
    """Base of every kind's estimator (scikit-learn style: the constructor only stores).

    ``Estimator(options=None, **overrides)``: ``options`` is the kind's typed options (the
    pipeline passes ``ModelSpec.options``, validated at compile time); without it the
    design's own ``spec.options`` are used. ``overrides`` (such as ``quiet=True``) replace
    single options; they are validated when ``fit`` resolves the options.
    """

    kind: str = ""
    Options: type[KindOptions] = KindOptions

    def __init__(self, options: KindOptions | Mapping[str, Any] | None = None, **overrides: Any) -> None:
        self.options = options
        self.overrides = overrides

    def resolve_options(self, design: Any) -> Any:
        """The options this fit uses; a bad option is an EstimationError naming the key."""
        from econ_ai.errors import EstimationError

        base = self.options if self.options is not None else design.spec.options
        try:
            opts = self.Options.build(base)
            if self.overrides:
                opts = opts.replace(**self.overrides)
        except SpecError as exc:
            raise EstimationError(exc.message, model=design.spec.name) from None
        return opts
