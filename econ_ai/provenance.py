"""Provenance: what data a result came from and which rows each sample restriction removed.

Ground types (no econ_ai imports): the data layer records them, the pipeline attaches them to
results, the report layer prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SampleStep:
    """One sample restriction, in the order applied: what it was and how many rows it removed."""

    step: str
    removed: int
    remaining: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"step": self.step, "removed": int(self.removed)}
        if self.remaining is not None:
            d["remaining"] = int(self.remaining)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SampleStep:
        return cls(str(d["step"]), int(d["removed"]), d.get("remaining"))

class SampleLog:
    """Mutable builder of the sample log used while preparing a design.

    ``log.record(step, before, after)`` appends a step; ``log.steps`` is the frozen tuple.
    """

    def __init__(self, start_rows: int | None = None, source: str | None = None) -> None:
        self._steps: list[SampleStep] = []
        if start_rows is not None:
            self._steps.append(SampleStep(f"start: {source or 'data'}", 0, int(start_rows)))

    def record(self, step: str, before: int, after: int) -> None:
        self._steps.append(SampleStep(step, int(before) - int(after), int(after)))

    def extend(self, steps: tuple[SampleStep, ...] | list[SampleStep]) -> None:
        self._steps.extend(steps)

    @property
    def steps(self) -> tuple[SampleStep, ...]:
        return tuple(self._steps)

@dataclass(frozen=True)
class DataInfo:
    """Provenance of the data a spec ran on. ``synthetic`` is True for the embedded default."""

    name: str
    rows: int
    sha256: str
    synthetic: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows": int(self.rows), "sha256": self.sha256, "synthetic": self.synthetic}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DataInfo:
        return cls(str(d.get("name", "")), int(d.get("rows") or 0), str(d.get("sha256", "")), bool(d.get("synthetic", False)))
