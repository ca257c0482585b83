"""Reading candidate lists and decisions; writing the clerical-review CSV.

Candidate list: a CSV with at least ``name`` and ``source``; optional ``candidate_id``
(default ``<file stem>:<row>``), ``website``, ``city``, ``postal_code``. Errors name the
file, line and column (econ_ai DataError).

Review CSV (``write_review``): the rows flagged ``review = 1``, best first by uncertainty::

    candidate_id, source, name, city, postal_code, website, p_match,
    best_enterprise_number, best_denomination, registered_place,
    second_enterprise_number, p_second, decision   (empty: for the reviewer)

Decisions file (``read_decisions``): ``candidate_id, decision`` where decision is an
enterprise number of the register (``0123.456.789``) or ``reject``; other columns are ignored,
so a filled-in review CSV is a decisions file. Rows with an empty decision are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from econ_ai.errors import DataError, did_you_mean

OPTIONAL = ("candidate_id", "website", "city", "postal_code")
EN_RE = re.compile(r"\d{4}\.\d{3}\.\d{3}")
REVIEW_COLUMNS = ("candidate_id", "source", "name", "city", "postal_code", "website", "p_match",
                  "best_enterprise_number", "best_denomination", "registered_place", "second_enterprise_number",
                  "p_second", "decision")


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError("file not found", file=str(path))
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV: {str(exc).splitlines()[0]}", file=str(path)) from None


def read_lists(paths) -> pd.DataFrame:
    """Concatenate candidate lists in the order given (the dedup keeps the first row)."""
    frames = []
    for p in map(Path, paths):
        df = _read(p)
        for need in ("name", "source"):
            if need not in df.columns:
                raise DataError(f"missing column '{need}'{did_you_mean(need, list(df.columns))}", file=str(p), line=1)
        empty = df["name"].str.strip() == ""
        if empty.any():
            i = int(empty.to_numpy().nonzero()[0][0])
            raise DataError("column 'name': empty name", file=str(p), line=i + 2)
        for c in OPTIONAL:
            if c not in df.columns:
                df[c] = ""
        ids = df["candidate_id"].where(df["candidate_id"] != "", [f"{p.stem}:{i + 1}" for i in range(len(df))])
        df["candidate_id"] = ids
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["name", "source", *OPTIONAL])
    dup = out["candidate_id"].duplicated()
    if dup.any():
        raise DataError(f"duplicate candidate_id '{out['candidate_id'][dup].iloc[0]}' across the lists")
    return out


def read_decisions(path: str | Path, known_ids=None, known_ens=None) -> dict[str, str]:
    """candidate_id -> enterprise number | "reject" (see module doc)."""
    p = Path(path)
    df = _read(p)
    for need in ("candidate_id", "decision"):
        if need not in df.columns:
            raise DataError(f"missing column '{need}'{did_you_mean(need, list(df.columns))}", file=str(p), line=1)
    ids = set(map(str, known_ids)) if known_ids is not None else None
    ens = set(known_ens) if known_ens is not None else None
    out: dict[str, str] = {}
    for i, (cid, d) in enumerate(zip(df["candidate_id"], df["decision"].str.strip())):
        line = i + 2
        if d == "":
            continue
        if ids is not None and cid not in ids:
            raise DataError(f"column 'candidate_id': unknown candidate '{cid}'{did_you_mean(cid, sorted(ids))}",
                            file=str(p), line=line)
        if d.lower() == "reject":
            out[cid] = "reject"
            continue
        if not EN_RE.fullmatch(d):
            raise DataError(f"column 'decision': '{d}' is neither an enterprise number (0123.456.789) nor 'reject'",
                            file=str(p), line=line)
        if ens is not None and d not in ens:
            raise DataError(f"column 'decision': enterprise number {d} is not in the register", file=str(p), line=line)
        out[cid] = d
    return out


def review_table(linked: pd.DataFrame, register) -> pd.DataFrame:
    """The rows to review (``review == 1`` and decided by the model), most uncertain first."""
    r = linked[(linked["review"] == 1) & (linked["decided_by"] == "model")].copy()
    ent = register.entities.set_index("enterprise_number")
    best = r["best_enterprise_number"]
    r["registered_place"] = [f"{ent.at[e, 'zipcode']} {ent.at[e, 'municipality_nl']}".strip() if e in ent.index
                             else "" for e in best]
    r["decision"] = ""
    r = r.assign(_u=(r["p_match"] - 0.5).abs()).sort_values("_u", kind="stable")
    return r[list(REVIEW_COLUMNS)]


def write_review(linked: pd.DataFrame, register, path: str | Path) -> int:
    t = review_table(linked, register)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    t.to_csv(path, index=False)
    return len(t)
