"""Where the study's specs are: found relative to the project, or named with ``--specs``.

``study_specs_dir()`` is the project's ``specs/`` folder (beside the ``econ_ai`` package in a
checkout or editable install); ``resolve_specs(paths)`` turns ``--specs`` arguments (files and
folders, any mix) into a sorted list of spec files. Both raise :class:`ReproduceError` (exit
status 2 in the CLI) instead of returning nothing: a reproduction that runs no spec has
checked nothing and must not pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from econ_ai.errors import EconAIError

SPEC_SUFFIXES = (".yaml", ".yml")


class ReproduceError(EconAIError):
    """The reproduction cannot check anything: no specs, a missing path, zero claims."""


def study_specs_dir() -> Path:
    """The study's specs folder: ``<project>/specs`` next to the installed ``econ_ai`` package."""
    import econ_ai

    here = Path(econ_ai.__file__).resolve().parent
    candidate = here.parent / "specs"
    if not candidate.is_dir():
        raise ReproduceError(
            f"the study's specs folder was not found (looked for {candidate}, beside the econ_ai "
            "package); pass --specs FOLDER_OR_FILE")
    return candidate


def resolve_specs(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """Spec files named by ``paths`` (files or folders); the study's specs when ``paths`` is empty."""
    items = [Path(p) for p in (paths or [])] or [study_specs_dir()]
    out: list[Path] = []
    for p in items:
        if not p.exists():
            raise ReproduceError(f"--specs: no such file or folder: {p}")
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in SPEC_SUFFIXES and f.is_file())
            if not found:
                raise ReproduceError(f"--specs: the folder {p} holds no spec files (*.yaml, *.yml)")
            out += found
        elif p.suffix.lower() in SPEC_SUFFIXES:
            out.append(p)
        else:
            raise ReproduceError(f"--specs: {p} is not a spec file (*.yaml, *.yml)")
    seen: set[Path] = set()
    unique = [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]
    return unique
