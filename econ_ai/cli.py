"""Command line: ``econ-ai validate | run | table | reproduce | data synth | calibration | accounts | template``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from econ_ai.errors import EconAIError

FORMATS = ("json", "text", "latex", "markdown", "html", "csv")


def _data_opts(args):
    from econ_ai.pipeline import DataOptions

    return DataOptions(
        scale=getattr(args, "scale", 1.0),
        seed=getattr(args, "seed", None),
        source=getattr(args, "data_source", None),
        quiet=getattr(args, "quiet", False),
    )


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _render(resultsets, fmt: str, *, standalone: bool = False, panels: bool | None = None) -> str:
    if fmt == "text":
        from econ_ai.report.text import summarize

        return "\n".join(summarize(rs) for rs in resultsets)
    if fmt == "json":
        import json

        if len(resultsets) == 1:
            return resultsets[0].to_json()
        return json.dumps([rs.to_dict() for rs in resultsets], indent=2, allow_nan=False)
    from econ_ai.report.render import render

    return render(list(resultsets), fmt, standalone=standalone, panels=panels)


def cmd_validate(args) -> int:
    from econ_ai.pipeline import validate

    opts = _data_opts(args)
    for path in args.specs:
        spec = validate(path, opts)
        print(f"{path}: ok ({spec.kind}, {len(spec.models)} model{'s' if len(spec.models) != 1 else ''})")
    return 0


def cmd_run(args) -> int:
    from econ_ai.pipeline import run_spec

    rs = run_spec(args.spec, _data_opts(args))
    _write(_render([rs], args.format, standalone=args.standalone), args.output)
    return 0


def cmd_table(args) -> int:
    from econ_ai.results import ResultSet

    resultsets = [ResultSet.from_json(p) for p in args.results]
    _write(_render(resultsets, args.format, standalone=args.standalone, panels=args.panels), args.output)
    return 0


def cmd_reproduce(args) -> int:
    from econ_ai.study.reproduce import reproduce

    report = reproduce(
        specs_dir=Path(args.specs),
        out_dir=Path(args.output),
        opts=_data_opts(args),
    )
    print(report.summary_line())
    for line in report.failure_lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1


def cmd_data_synth(args) -> int:
    from econ_ai.data import synth

    kwargs = {"scale": args.scale, "quiet": args.quiet}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    if args.output:
        out = synth.generate(Path(args.output), **kwargs)
    else:  # the on-disk cache the built-in datasets read
        out = synth.ensure(kwargs.pop("scale"), kwargs.pop("seed", synth.DEFAULT_SEED), **kwargs)
    print(f"synthetic population written to {out}")
    if getattr(args, "filings", None):
        from econ_ai.data.synth.nbb_filings_out import write_filings

        import pandas as pd

        n = write_filings(pd.read_parquet(out / "accounts.parquet"), out / "nbb" / args.filings, args.filings,
                          limit=args.filings_limit)
        print(f"{n:,} NBB filings ({args.filings}) written to {out / 'nbb' / args.filings}")
    return 0


def cmd_data_calibration(args) -> int:
    from econ_ai.study import calibration

    kwargs = {"scale": args.scale}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    rows = calibration.calibration_rows(**kwargs)
    _write(calibration.format_calibration(rows), args.output)
    return 0


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=float, default=1.0, help="fraction of the synthetic population (default 1.0)")
    p.add_argument("--seed", type=int, default=None, help="seed of the synthetic population")
    p.add_argument("--data-source", default=None, help="folder of real KBO/NBB files instead of the synthetic default")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="econ-ai", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check specs (and their variables against the data's columns) without estimating")
    p.add_argument("specs", nargs="+")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("run", help="estimate every model of a spec")
    p.add_argument("spec")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")
    p.add_argument("--standalone", action="store_true", help="LaTeX: a document that compiles on its own")
    _add_data_args(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("table", help="render saved results JSON without estimating again")
    p.add_argument("results", nargs="+")
    p.add_argument("--format", choices=FORMATS, default="latex")
    p.add_argument("-o", "--output", default=None)
    p.add_argument("--standalone", action="store_true")
    p.add_argument("--panels", action="store_true", default=None, help="stack the results files as panels")
    p.set_defaults(func=cmd_table)

    p = sub.add_parser("reproduce", help="run every spec and check every published claim")
    p.add_argument("-o", "--output", default="output")
    p.add_argument("--specs", default="specs")
    _add_data_args(p)
    p.set_defaults(func=cmd_reproduce)

    p = sub.add_parser("data", help="the embedded synthetic population")
    dsub = p.add_subparsers(dest="data_command", required=True)
    d = dsub.add_parser("synth", help="generate (or refresh the cache of) the synthetic population")
    d.add_argument("--scale", type=float, default=1.0)
    d.add_argument("--seed", type=int, default=None)
    d.add_argument("-o", "--output", default=None, help="folder to write the raw files to (default: the cache)")
    d.add_argument("-q", "--quiet", action="store_true")
    d.add_argument("--filings", choices=("consult_csv", "json"), default=None,
                   help="also write the accounts as NBB filings in this format (OUTPUT/nbb/FORMAT/)")
    d.add_argument("--filings-limit", type=int, default=None, help="at most this many filings")
    d.set_defaults(func=cmd_data_synth)
    d = dsub.add_parser("calibration", help="published aggregates next to the generated data's values")
    d.add_argument("--scale", type=float, default=1.0)
    d.add_argument("--seed", type=int, default=None)
    d.add_argument("-o", "--output", default=None)
    d.set_defaults(func=cmd_data_calibration)
    from econ_ai.data.accounts_cli import register as _register_accounts

    _register_accounts(dsub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EconAIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
