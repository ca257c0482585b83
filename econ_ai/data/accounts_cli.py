"""``econ-ai data accounts`` and ``econ-ai data template``: the user's own NBB filings to the
canonical accounts table, and empty templates of the files a user supplies.

    econ-ai data accounts SOURCE... [-o FILE.csv|FILE.parquet] [-q]
        SOURCE: files, folders or ZIP files holding consult CSV exports, webservice JSON,
        XBRL instances, or econ_ai's long rubric table, in any mix. Writes one row per
        enterprise x year with the columns of ``econ_ai.data.schema.ACCOUNTS`` (enterprise
        numbers dotted) and prints what was read, replaced and excluded, and why.
    econ-ai data template ai_profile [-o ai_profile.csv] [--force]
        An empty ai_profile.csv with its documented columns (econ_ai.data.ai_profile).

Only the subparsers are registered in :mod:`econ_ai.cli` (:func:`register`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from econ_ai.errors import DataError

TEMPLATES = ("ai_profile",)


def write_table(df, out: str) -> None:
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise DataError("output must end in .csv or .parquet", file=out)
    p.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        df.to_csv(p, index=False)
    else:
        df.to_parquet(p, index=False)


def cmd_data_accounts(args) -> int:
    from econ_ai.data.nbb_formats.combine import read_sources
    from econ_ai.data.schema import columns

    df, report = read_sources(args.sources, quiet=args.quiet)
    df = df[columns("accounts")].copy()
    df.attrs = {}
    if args.output:
        write_table(df, args.output)
    print("\n".join(report.lines()))
    print(f"{len(df):,} enterprise-years of {df['enterprise_number'].nunique():,} enterprises"
          + (f" written to {args.output}" if args.output else " (no -o given: nothing written)"))
    return 0


def template_frame(name: str):
    import pandas as pd

    if name == "ai_profile":
        from econ_ai.data.ai_profile import COLUMNS

        return pd.DataFrame(columns=COLUMNS)
    raise DataError(f"unknown template '{name}' (available: {', '.join(TEMPLATES)})")


def cmd_data_template(args) -> int:
    out = Path(args.output or f"{args.name}.csv")
    if out.exists() and not args.force:
        raise DataError("exists already (use --force to overwrite)", file=str(out))
    df = template_frame(args.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, quoting=1)
    print(f"empty {args.name} template written to {out} ({len(df.columns)} columns: "
          f"see econ_ai/data/{args.name}.py and README 'Real data')", file=sys.stderr if args.quiet else sys.stdout)
    return 0


def register(dsub) -> None:
    """Add the ``accounts`` and ``template`` subcommands to ``econ-ai data``."""
    d = dsub.add_parser("accounts", help="read NBB filings (consult CSV, webservice JSON, XBRL, ZIPs, folders) "
                                         "into the canonical accounts table")
    d.add_argument("sources", nargs="+", help="files, folders or ZIP files")
    d.add_argument("-o", "--output", default=None, help="FILE.csv or FILE.parquet")
    d.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    d.set_defaults(func=cmd_data_accounts)
    d = dsub.add_parser("template", help="write an empty input file with its documented columns")
    d.add_argument("name", choices=TEMPLATES, help="which file: ai_profile (the AI list)")
    d.add_argument("-o", "--output", default=None, help="default: ./<name>.csv")
    d.add_argument("--force", action="store_true", help="overwrite an existing file")
    d.add_argument("-q", "--quiet", action="store_true", help="print the confirmation on stderr")
    d.set_defaults(func=cmd_data_template)
