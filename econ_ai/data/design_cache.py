"""A small on-disk cache of prepared design blocks (numpy arrays), atomic and verified.

Location: ``$ECON_AI_CACHE/designs`` (or ``~/.cache/econ_ai/designs``), the convention of
the synthetic-data cache. One entry is one file ``<key[:2]>/<key>.npyc``::

    b"ECONAIC1" | 8-byte little-endian header length | header JSON | payload

The header lists each array (name, dtype, shape, offset) and the sha256 of the payload.
Writes go to a temporary file in the same folder, are flushed and renamed over the target
(``os.replace``: readers see the old entry or the new one, never half of one). A read checks
the magic, the header and the payload digest; an entry that fails is deleted and reported as
a miss, so a corrupt file costs a recomputation, never a wrong number.

Keys are content hashes: ``key(*parts)`` hashes the ``repr`` of plain data (strings, numbers,
tuples), so the caller names everything that shapes the arrays (the data's digest, the spec
parts, the method and its tolerances).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"ECONAIC1"
VERSION = 1


def cache_root() -> Path:
    env = os.environ.get("ECON_AI_CACHE")
    return (Path(env).expanduser() if env else Path.home() / ".cache" / "econ_ai") / "designs"


def key(*parts: Any) -> str:
    """A content key for plain data (strings, numbers, tuples, lists, dicts with str keys)."""
    return hashlib.sha256(repr((VERSION, parts)).encode()).hexdigest()


class DesignCache:
    """``get(key) -> (arrays, meta) | None`` and ``put(key, arrays, meta)``; ``enabled=False``
    makes every get a miss and every put a no-op (``--no-cache``). Counts hits, misses, writes
    and rejected (corrupt) entries."""

    def __init__(self, root: str | Path | None = None, *, enabled: bool = True) -> None:
        self.root = Path(root) if root is not None else cache_root()
        self.enabled = enabled
        self.hits = self.misses = self.writes = self.rejected = 0

    def _path(self, k: str) -> Path:
        return self.root / k[:2] / f"{k}.npyc"

    def get(self, k: str) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
        if not self.enabled:
            return None
        path = self._path(k)
        try:
            blob = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        out = _decode(blob)
        if out is None:
            self.rejected += 1
            self.misses += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        return out

    def put(self, k: str, arrays: dict[str, np.ndarray], meta: dict[str, Any] | None = None) -> None:
        if not self.enabled:
            return
        path = self._path(k)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = _encode(arrays, meta or {})
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npyc")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self.writes += 1

    def stats(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "writes": self.writes, "rejected": self.rejected}


def _encode(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> bytes:
    parts, entries, offset = [], [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        b = a.tobytes()
        entries.append({"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "offset": offset,
                        "nbytes": len(b)})
        parts.append(b)
        offset += len(b)
    payload = b"".join(parts)
    header = json.dumps({"arrays": entries, "meta": meta, "sha256": hashlib.sha256(payload).hexdigest()},
                        sort_keys=True).encode()
    return MAGIC + len(header).to_bytes(8, "little") + header + payload


def _decode(blob: bytes) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    if len(blob) < 16 or blob[:8] != MAGIC:
        return None
    n = int.from_bytes(blob[8:16], "little")
    try:
        header = json.loads(blob[16:16 + n])
    except (ValueError, UnicodeDecodeError):
        return None
    payload = memoryview(blob)[16 + n:]
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        return None
    arrays = {}
    try:
        for e in header["arrays"]:
            a = np.frombuffer(payload, dtype=np.dtype(e["dtype"]), count=int(np.prod(e["shape"], dtype=np.int64)),
                              offset=e["offset"]).reshape(e["shape"])
            arrays[e["name"]] = a
    except (KeyError, ValueError, TypeError):
        return None
    return arrays, header.get("meta") or {}
