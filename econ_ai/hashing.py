"""sha256 digests of data files (provenance in DataInfo and the synthetic cache manifest)."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def _update(h, path: Path) -> None:
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of one file's bytes."""
    h = hashlib.sha256()
    _update(h, Path(path))
    return h.hexdigest()


def sha256_files(folder: str | Path, files: list[Path]) -> str:
    """One digest over several files: each file's path relative to ``folder``, then its bytes."""
    h = hashlib.sha256()
    for p in files:
        h.update(Path(p).relative_to(folder).as_posix().encode())
        _update(h, Path(p))
    return h.hexdigest()
