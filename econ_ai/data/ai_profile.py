"""Reader of ``ai_profile.csv``: the study's hand-collected list of (potential) AI firms.

Format (econ_ai's own, documented in the data-formats brief): quoted CSV with
``EnterpriseNumber``, the 0/1 flags ``tech_*`` (Table 1 order), ``purpose_*`` (Table 2 order),
``gov_nonprofit, vc, spinoff, patent``, ``n_client_sectors`` (integer), ``sources``
(";"-separated from ai4belgium, vaeremans, own) and ``step`` — the furthest step of Figure 1's
funnel the name reached: ``name`` (1256) -> ``kbo`` (1027) -> ``starter`` (851) ->
``verified`` (744). Rows at step ``name`` have no EnterpriseNumber; every other row must
have one, and no enterprise may appear twice.

Checks (DataError with file, line, column): missing column, flag not 0/1, non-integer or
negative n_client_sectors, unknown source or step (with the near miss), bad or duplicate
enterprise number.

Returned columns: the canonical ``ai_profile`` columns (schema.AI_PROFILE) plus ``step``.
Flags and n_client_sectors are int64 for rows with a value, Int64 if any are empty (a row at
step ``name`` or ``kbo`` may leave them empty).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data import csvio
from econ_ai.data.schema import PURPOSE_FLAGS, TECH_FLAGS, columns
from econ_ai.errors import did_you_mean

FLAGS = TECH_FLAGS + PURPOSE_FLAGS + ("gov_nonprofit", "vc", "spinoff", "patent")
SOURCES = ("ai4belgium", "vaeremans", "own")
STEPS = ("name", "kbo", "starter", "verified")
COLUMNS = ["EnterpriseNumber", *FLAGS, "n_client_sectors", "sources", "step"]


def read_ai_profile(path: str | Path) -> pd.DataFrame:
    """Read and validate ``ai_profile.csv`` (see module doc)."""
    t = csvio.read_text_table(path, required=COLUMNS)
    df = t.df
    csvio.require_values(t, ["step"])
    csvio.check_allowed(t, "step", STEPS, "funnel step")
    step = df["step"]
    en = df["EnterpriseNumber"]
    need = (step != "name").to_numpy() & en.isna().to_numpy()
    if need.any():
        i = int(np.flatnonzero(need)[0])
        raise t.error(f"column 'EnterpriseNumber': empty for a row at step '{step.iloc[i]}'", i, "EnterpriseNumber")
    ok = en.isna().to_numpy() | en.str.fullmatch(r"\d{4}\.\d{3}\.\d{3}").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise t.error(f"column 'EnterpriseNumber': bad enterprise number '{en.iloc[i]}' (expected 0123.456.789)",
                      i, "EnterpriseNumber")
    dup = en.notna().to_numpy() & en.duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        j = int(np.flatnonzero((en == en.iloc[i]).to_numpy())[0])
        raise t.error(f"duplicate key EnterpriseNumber='{en.iloc[i]}' (first on line {t.line_of(j)})", i)
    out = pd.DataFrame({"enterprise_number": en.to_numpy(dtype=object)})
    for c in FLAGS:
        s = df[c]
        ok = s.isna().to_numpy() | s.isin(["0", "1"]).to_numpy()
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise t.error(f"column '{c}': flag must be 0 or 1, found '{s.iloc[i]}'", i, c)
        out[c] = _int(s)
    s = df["n_client_sectors"]
    ok = s.isna().to_numpy() | s.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise t.error(f"column 'n_client_sectors': not a non-negative integer: '{s.iloc[i]}'", i, "n_client_sectors")
    out["n_client_sectors"] = _int(s)
    src = df["sources"]
    for i, v in enumerate(src.tolist()):
        if v is None:
            continue
        for part in v.split(";"):
            part = part.strip()
            if part not in SOURCES:
                raise t.error(f"column 'sources': unknown source '{part}'{did_you_mean(part, SOURCES)}", i, "sources")
    out["sources"] = src.to_numpy(dtype=object)
    out["step"] = step.to_numpy(dtype=object)
    return out[[*columns("ai_profile"), "step"]]


def _int(s: pd.Series) -> pd.Series:
    if s.isna().any():
        return pd.to_numeric(s).astype("Int64").array
    return s.astype(np.int64).to_numpy()


def funnel(ai_profile: pd.DataFrame) -> dict[str, int]:
    """Figure 1 counts: names reaching at least each step (name >= kbo >= starter >= verified)."""
    rank = ai_profile["step"].map({s: k for k, s in enumerate(STEPS)})
    return {s: int((rank >= k).sum()) for k, s in enumerate(STEPS)}
