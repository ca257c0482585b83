"""Verified on-disk caches: atomic writes, a manifest of hashes, checks on every read.

Every cache econ_ai writes (the synthetic population, the canonical tables, the generated
variables) is an ENTRY: one folder holding its files and ``cache-manifest.json``::

    {"format": 1, "files": {"kbo/enterprise.csv": {"sha256": ..., "size": ..., "mtime_ns": ...}},
     "meta": {...}, "digest": sha256 of the canonical JSON of files + meta}

Rules (issue 15):

- Writes are atomic: an entry is built in ``<name>.tmp-<pid>-<random>`` next to its final
  place, hashed, then renamed. A failed rename because the target exists means another
  process finished first: its entry is verified in full and used (ours is discarded).
- Reads are verified: ``open_entry`` checks the manifest's own digest, that the set of files
  is exactly the recorded one, and each file's size and mtime (cheap, always). A file's
  full sha256 is checked the first time it is used in a process (``Entry.path`` /
  ``Entry.verify``); the result is memoised per (path, size, mtime_ns).
- A corrupt or partial entry raises ``CacheCorrupt`` naming the file and what is wrong;
  ``ensure`` then warns on stderr, removes the entry and builds it again.
- Temporary folders left by killed runs (owner process gone, or older than a day) are
  removed by the next ``ensure`` of the same cache.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from econ_ai.hashing import sha256_file

RECORD = "cache-manifest.json"
FORMAT = 1
STALE_SECONDS = 24 * 3600        # a temp folder whose owner pid still runs, but this old
LEGACY_STALE_SECONDS = 1800      # temp folders without a pid in their name (older code)

# full-hash results of this process: resolved path -> (size, mtime_ns, sha256)
_VERIFIED: dict[str, tuple[int, int, str]] = {}
# seconds spent hashing in this process (reported by benchmarks/bench_cache.py)
STATS = {"hash_seconds": 0.0, "hashed_bytes": 0, "cheap_checks": 0}


class CacheCorrupt(Exception):
    """A cache entry that does not match its manifest (``str`` says which file and how)."""

    def __init__(self, folder: Path, problem: str) -> None:
        self.folder = Path(folder)
        self.problem = problem
        super().__init__(f"{folder}: {problem}")


def warn(msg: str) -> None:
    print(f"[econ_ai cache] warning: {msg}", file=sys.stderr, flush=True)


def _digest(files: dict, meta: dict) -> str:
    blob = json.dumps({"files": files, "meta": meta}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _hash(path: Path) -> str:
    t0 = time.perf_counter()
    h = sha256_file(path)
    STATS["hash_seconds"] += time.perf_counter() - t0
    STATS["hashed_bytes"] += path.stat().st_size
    return h


def file_sha256(path: str | Path) -> str:
    """sha256 of a file, memoised in-process per (path, size, mtime_ns)."""
    p = Path(path)
    st = p.stat()
    key = str(p.resolve())
    hit = _VERIFIED.get(key)
    if hit is not None and hit[:2] == (st.st_size, st.st_mtime_ns):
        return hit[2]
    h = _hash(p)
    _VERIFIED[key] = (st.st_size, st.st_mtime_ns, h)
    return h


# -- atomic single files ------------------------------------------------------------------
def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``path`` through a temporary file in the same folder and ``os.replace``."""
    p = Path(path)
    tmp = p.with_name(f"{p.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# -- manifests ----------------------------------------------------------------------------
def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != RECORD)


def write_record(folder: str | Path, meta: dict | None = None) -> dict:
    """Hash every file of ``folder`` and write its ``cache-manifest.json`` (atomically)."""
    folder = Path(folder)
    files = {}
    for rel in _listing(folder):
        p = folder / rel
        st = p.stat()
        h = _hash(p)
        files[rel] = {"sha256": h, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        _VERIFIED[str(p.resolve())] = (st.st_size, st.st_mtime_ns, h)
    meta = dict(meta or {})
    record = {"format": FORMAT, "files": files, "meta": meta, "digest": _digest(files, meta)}
    atomic_write_text(folder / RECORD, json.dumps(record, indent=1, sort_keys=True))
    return record


@dataclass
class Entry:
    """An opened (cheaply checked) cache entry."""

    folder: Path
    files: dict[str, dict]
    meta: dict

    def sha256(self, rel: str) -> str:
        """The recorded sha256 of one file (checked against size + mtime when opened)."""
        return self.files[rel]["sha256"]

    def path(self, rel: str) -> Path:
        """The path of one file, its full hash verified on first use in this process."""
        if rel not in self.files:
            raise CacheCorrupt(self.folder, f"{rel}: not in the cache manifest")
        p = self.folder / rel
        rec = self.files[rel]
        try:
            st = p.stat()
        except OSError as exc:
            raise CacheCorrupt(self.folder, f"{rel}: cannot be read ({exc.strerror})") from None
        if st.st_size != rec["size"]:
            raise CacheCorrupt(self.folder, f"{rel}: size {st.st_size:,} bytes, the manifest "
                                            f"says {rec['size']:,} (truncated or edited)")
        key = str(p.resolve())
        hit = _VERIFIED.get(key)
        if hit is None or hit != (st.st_size, st.st_mtime_ns, rec["sha256"]):
            h = _hash(p)
            if h != rec["sha256"]:
                _VERIFIED.pop(key, None)
                raise CacheCorrupt(self.folder, f"{rel}: sha256 {h[:12]}... does not match the "
                                                f"manifest's {rec['sha256'][:12]}... (bytes changed)")
            _VERIFIED[key] = (st.st_size, st.st_mtime_ns, h)
        return p

    def verify(self) -> Entry:
        """Full-hash every file (memoised per process)."""
        for rel in self.files:
            self.path(rel)
        return self


def open_entry(folder: str | Path, *, full: bool = False, extras: tuple[str, ...] = ()) -> Entry | None:
    """The entry at ``folder`` after the cheap checks (all files with ``full=True``);
    None if there is no entry; ``CacheCorrupt`` if it does not match its manifest. Files
    under the ``extras`` prefixes may be added after the entry was written (not verified)."""
    folder = Path(folder)
    if not folder.exists():
        return None
    if not folder.is_dir():
        raise CacheCorrupt(folder, "is not a folder")
    rp = folder / RECORD
    try:
        record = json.loads(rp.read_text(encoding="utf-8"))
        files, meta = record["files"], record.get("meta", {})
        ok = (record.get("format") == FORMAT and isinstance(files, dict)
              and record.get("digest") == _digest(files, meta))
    except FileNotFoundError:
        raise CacheCorrupt(folder, f"no {RECORD} (a partial or pre-verification cache)") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise CacheCorrupt(folder, f"{RECORD} is unreadable or not a cache manifest") from None
    if not ok:
        raise CacheCorrupt(folder, f"{RECORD} was edited (its digest does not match its content)")
    present = set(_listing(folder))
    missing, extra = sorted(set(files) - present), sorted(present - set(files))
    extra = [e for e in extra if not e.startswith(extras)] if extras else extra
    if missing:
        raise CacheCorrupt(folder, f"missing file(s): {', '.join(missing[:5])}")
    if extra:
        raise CacheCorrupt(folder, f"file(s) not in the manifest: {', '.join(extra[:5])}")
    STATS["cheap_checks"] += 1
    for rel, rec in files.items():
        st = (folder / rel).stat()
        if st.st_size != rec.get("size"):
            raise CacheCorrupt(folder, f"{rel}: size {st.st_size:,} bytes, the manifest says "
                                       f"{rec.get('size'):,} (truncated or edited)")
        if st.st_mtime_ns != rec.get("mtime_ns"):
            # touched since written: the content decides (hash now, not only on first use)
            Entry(folder, {rel: rec}, meta).path(rel)
    entry = Entry(folder, files, meta)
    return entry.verify() if full else entry


# -- building -----------------------------------------------------------------------------
def _tmp_name(target: Path) -> Path:
    return target.parent / f"{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _newest_mtime(p: Path) -> float:
    try:
        ts = [p.stat().st_mtime] + [c.stat().st_mtime for c in p.iterdir()]
    except OSError:
        return time.time()
    return max(ts)


def clean_stale(target: Path, *, quiet: bool = False) -> list[Path]:
    """Remove ``<target>.tmp-*`` folders / files whose owner process is gone (or too old)."""
    removed = []
    if not target.parent.is_dir():
        return removed
    for p in target.parent.glob(f"{target.name}.tmp-*"):
        rest = p.name[len(target.name) + len(".tmp-"):]
        pid_txt = rest.split("-", 1)[0]
        age = time.time() - _newest_mtime(p)
        if pid_txt.isdigit() and "-" in rest:
            stale = not _pid_alive(int(pid_txt)) or age > STALE_SECONDS
            if int(pid_txt) == os.getpid() and age <= STALE_SECONDS:
                stale = False
        else:  # written by older code (tempfile.mkdtemp names): only when clearly abandoned
            stale = age > LEGACY_STALE_SECONDS
        if stale:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            removed.append(p)
    if removed and not quiet:
        warn(f"removed {len(removed)} stale temporary cache folder(s) next to {target.name}")
    return removed


def discard(target: Path, problem: str, *, quiet: bool = False) -> None:
    """Move a corrupt entry out of the way (rename, then delete) with a warning."""
    warn(f"cache {target} is corrupt: {problem}; rebuilding it")
    if not target.exists():
        return
    aside = target.parent / f"{target.name}.tmp-{os.getpid()}-corrupt{secrets.token_hex(2)}"
    try:
        os.rename(target, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True) if aside.is_dir() else aside.unlink(missing_ok=True)


def ensure(target: str | Path, build: Callable[[Path], dict | None], *, quiet: bool = False,
           adopt: Callable[[Path], dict | None] | None = None, full: bool = False,
           extras: tuple[str, ...] = ()) -> Entry:
    """The verified entry at ``target``, built by ``build(tmp_folder) -> meta`` if absent or
    corrupt. ``adopt(target)`` may vouch for an entry written before manifests existed
    (returning its meta after checking it), which is then recorded instead of rebuilt."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target, quiet=quiet)
    try:
        entry = open_entry(target, full=full, extras=extras)
        if entry is not None:
            return entry
    except CacheCorrupt as exc:
        meta = None
        if adopt is not None and not (target / RECORD).exists():
            try:
                meta = adopt(target)
            except Exception:  # noqa: BLE001 - whatever is wrong, rebuild
                meta = None
        if meta is not None:
            write_record(target, meta)
            return open_entry(target, full=full, extras=extras)  # type: ignore[return-value]
        discard(target, exc.problem, quiet=quiet)
    tmp = _tmp_name(target)
    tmp.mkdir()
    try:
        meta = build(tmp) or {}
        write_record(tmp, meta)
        os.chmod(tmp, 0o755)
        for _ in range(3):
            try:
                os.rename(tmp, target)
                break
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR):
                    raise
                try:  # another run finished first: use its result if it verifies
                    other = open_entry(target, full=True, extras=extras)
                    if other is not None:
                        shutil.rmtree(tmp, ignore_errors=True)
                        return other
                except CacheCorrupt as bad:
                    discard(target, bad.problem, quiet=quiet)
        else:
            raise OSError(f"cannot move the new cache entry into place at {target}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return open_entry(target, full=False, extras=extras)  # type: ignore[return-value]


def _package_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and (
        p.suffix == ".py" or (p.suffix in (".json", ".csv") and not p.name.startswith("calibration-"))))


def code_digest(*packages: str) -> str:
    """sha256 of the source files of modules / packages and of the data files they ship
    (``*.json`` / ``*.csv``: the linkage classifier ``model.json``, code lists), part of a cache
    key: a cache made by other code or another fitted model is another entry. Stored
    calibration runs (``calibration-*``) are reports of results, not inputs, and are left out."""
    import importlib.util

    h = hashlib.sha256()
    for name in packages:
        try:
            spec = importlib.util.find_spec(name)
        except ImportError:  # a parent package that does not exist
            spec = None
        if spec is None or spec.origin is None:
            h.update(f"{name}:missing".encode())
            continue
        origin = Path(spec.origin)
        files = _package_files(origin.parent) if origin.name == "__init__.py" else [origin]
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def key_of(*parts: Any) -> str:
    """A short cache key from JSON-able parts."""
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]
