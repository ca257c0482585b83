"""The ``--data-source`` folder: a user's real KBO and NBB files, laid out as

    FOLDER/
      kbo/                              KBO open-data files: a full extract or daily/monthly
                                        updates (CSV), or the official ZIP files
      nbb/                              NBB filings in any mix (consult CSV exports, webservice
                                        JSON, XBRL instances, ZIPs, subfolders), or ONE accounts
                                        table made by ``econ-ai data accounts -o nbb/accounts.parquet``,
                                        or econ_ai's long rubric table
      ai_profile.csv                    the AI list (``econ-ai data template ai_profile``)
      juridical_situation_history.csv   optional: exits with their dates (econ_ai.data.kbo)

The older layout with ``FOLDER/accounts.parquet`` or ``accounts.csv`` (the long rubric table)
in place of ``nbb/`` is still read. Missing parts raise a DataError naming the folder and
showing this layout.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from econ_ai.errors import DataError
from econ_ai.provenance import SampleStep

LAYOUT = ("expected a folder with kbo/ (KBO open-data CSV or ZIP files), nbb/ (NBB filings: consult CSV, "
          "webservice JSON, XBRL or ZIP files, or an accounts table) and ai_profile.csv "
          "(write an empty one with 'econ-ai data template ai_profile'); see README, section 'Real data'")
CANONICAL_KEYS = ("enterprise_number", "year", "schema")


def check(folder: Path) -> None:
    if not folder.is_dir():
        raise DataError(f"data folder not found; {LAYOUT}", file=str(folder))
    missing = []
    if not (folder / "kbo").is_dir():
        missing.append("kbo/")
    if not (folder / "nbb").is_dir() and not any((folder / n).is_file() for n in ("accounts.parquet", "accounts.csv")):
        missing.append("nbb/")
    if not (folder / "ai_profile.csv").is_file():
        missing.append("ai_profile.csv")
    if missing:
        raise DataError(f"data folder has no {', '.join(missing)}; {LAYOUT}", file=str(folder))


def files(folder: Path) -> list[Path]:
    """The raw files whose digests identify the data (for DataInfo.sha256)."""
    out = sorted(p for p in (folder / "kbo").rglob("*") if p.is_file())
    if (folder / "nbb").is_dir():
        out += sorted(p for p in (folder / "nbb").rglob("*") if p.is_file() and not p.name.startswith("."))
    out += [p for p in (folder / "accounts.parquet", folder / "accounts.csv", folder / "ai_profile.csv",
                        folder / "juridical_situation_history.csv") if p.is_file()]
    return out


def _canonical_table(nbb: Path) -> Path | None:
    cands = [p for p in nbb.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".parquet", ".pq")]
    hits = []
    for p in cands:
        if p.suffix.lower() == ".csv":
            head = p.open("r", encoding="utf-8-sig", errors="replace").readline()
            cols = [c.strip().strip('"') for c in head.split(",")]
        else:
            import pyarrow.parquet as pq

            cols = pq.read_schema(p).names
        if all(k in cols for k in CANONICAL_KEYS):
            hits.append(p)
    if hits and len(cands) > 1 or len(hits) > 1:
        raise DataError("nbb/ holds an accounts table next to other files: keep either the filings or ONE "
                        f"accounts table ({', '.join(str(h) for h in hits)})", file=str(nbb))
    return hits[0] if hits else None


def read_accounts(folder: Path, *, quiet: bool = True) -> tuple[pd.DataFrame, tuple[SampleStep, ...]]:
    """Canonical accounts of the folder and the steps behind them."""
    from econ_ai.data import schema

    nbb = folder / "nbb"
    if not nbb.is_dir():
        from econ_ai.data.nbb import read_accounts as read_long

        path = next(folder / n for n in ("accounts.parquet", "accounts.csv") if (folder / n).is_file())
        df, steps = read_long(path, quiet=quiet)
        return df, tuple(steps)
    table = _canonical_table(nbb)
    if table is not None:
        if table.suffix.lower() == ".csv":
            df = pd.read_csv(table, dtype={"enterprise_number": str, "schema": str})
        else:
            df = pd.read_parquet(table)
        schema.validate("accounts", df, source=str(table))
        df = df[schema.columns("accounts")].sort_values(["enterprise_number", "year"]).reset_index(drop=True)
        return df, (SampleStep(f"accounts table read from {table.name}", 0, len(df)),)
    from econ_ai.data.nbb_formats.combine import read_sources

    df, report = read_sources([nbb], quiet=quiet)
    return df, tuple(report.sample_steps())
