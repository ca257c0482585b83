"""Command line: econ-ai validate | run | table | reproduce | data synth | data calibration |
data accounts | data template | link."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from econ_ai.errors import DataError, EconAIError

ISSUE_HINT = ("this is a bug in econ_ai, not a problem with your input: please open an issue "
              "on the econ_ai repository with the command line and this message "
              "(ECON_AI_DEBUG=1 shows the traceback)")

FORMATS = ("json", "text", "latex", "markdown", "html", "csv")


def _data_opts(args):
    from econ_ai.pipeline import DataOptions

    return DataOptions(
        scale=getattr(args, "scale", 1.0),
        seed=getattr(args, "seed", None),
        source=getattr(args, "data_source", None),
        quiet=getattr(args, "quiet", False),
    )


def scale_arg(text: str) -> float:
    """--scale: a finite number in (0, 1] (argparse reports anything else cleanly)."""
    try:
        s = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got '{text}'") from None
    if not math.isfinite(s) or not 0.0 < s <= 1.0:
        raise argparse.ArgumentTypeError(f"the scale is a fraction of the population in (0, 1], "
                                         f"got '{text}'")
    return s


def seed_arg(text: str) -> int:
    """--seed: a non-negative integer."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got '{text}'") from None
    if seed < 0 or seed >= 2**63:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer below 2**63, got '{text}'")
    return seed


def _write(text: str, out: str | None) -> None:
    if out:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot write the output file: {exc.strerror or exc}", file=out) from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _render(resultsets, fmt: str, *, standalone: bool = False, panels: bool | None = None,
            verbose: bool = False) -> str:
    if fmt == "text":
        from econ_ai.report.text import summarize

        return "\n".join(summarize(rs, verbose=verbose) for rs in resultsets)
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
    _write(_render([rs], args.format, standalone=args.standalone, verbose=args.verbose), args.output)
    return 0


def cmd_table(args) -> int:
    from econ_ai.report.results_file import read_results

    resultsets = [read_results(p) for p in args.results]
    try:
        text = _render(resultsets, args.format, standalone=args.standalone, panels=args.panels,
                       verbose=getattr(args, "verbose", False))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise DataError(f"a results file holds values of the wrong type ({type(exc).__name__}: "
                        f"{exc})", file=", ".join(args.results)) from None
    _write(text, args.output)
    return 0


def cmd_reproduce(args) -> int:
    from econ_ai.study.reproduce import reproduce

    from econ_ai.study.power import stored_power

    opts = _data_opts(args)
    report = reproduce(
        specs=args.specs,
        out_dir=Path(args.output),
        opts=opts,
        power=stored_power() if opts.source is None else None,
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
    if getattr(args, "filings", None) and not args.output:
        from econ_ai.errors import DataError

        raise DataError("--filings writes into the population's folder: give it with -o DIR (the shared cache "
                        "is not modified)")
    if args.output:
        out = synth.generate(Path(args.output), **kwargs)
        print(f"synthetic population written to {out}")
    else:
        # the on-disk cache the built-in datasets read
        scale, seed = kwargs.pop("scale"), kwargs.pop("seed", synth.DEFAULT_SEED)
        cached = synth.is_cached(scale, seed)
        out = synth.ensure(scale, seed, **kwargs)
        print(f"reused the cached synthetic population at {out}" if cached
              else f"synthetic population generated and cached at {out}")
    if getattr(args, "filings", None):
        from econ_ai.data.synth.nbb_filings_out import write_filings

        import pandas as pd

        n = write_filings(pd.read_parquet(out / "accounts.parquet"), out / "nbb" / args.filings, args.filings,
                          limit=args.filings_limit)
        print(f"{n:,} NBB filings ({args.filings}) written to {out / 'nbb' / args.filings}")
    return 0


def cmd_data_calibration(args) -> int:
    if args.seeds:
        return _seed_calibration(args)
    from econ_ai.study import calibration

    kwargs = {"scale": args.scale}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    rows = calibration.calibration_rows(**kwargs)
    _write(calibration.format_calibration(rows), args.output)
    return 0


def _seed_calibration(args) -> int:
    from econ_ai.study import power

    seeds = power.parse_seeds(args.seeds)
    overrides = None
    if args.overrides:
        import json

        try:
            overrides = json.loads(Path(args.overrides).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EconAIError(f"--overrides {args.overrides}: {exc}") from None
    run = power.run_calibration(seeds, scale=args.scale, specs=args.specs, n_jobs=args.jobs,
                                keep_data=args.keep_data, quiet=args.quiet, overrides=overrides,
                                progress_file=(args.json + ".seeds.jsonl") if args.json else None)
    _write(power.format_power(run), args.output)
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(run, indent=1, allow_nan=True) + "\n", encoding="utf-8")
    if args.store:
        command = "econ-ai data calibration --seeds " + args.seeds + (f" --scale {args.scale:g}" if args.scale != 1 else "")
        if overrides:
            raise EconAIError("--store with --overrides: store only runs of the generator as released")
        print(f"stored in {power.store(run, command)}", file=sys.stderr)
    return 0


def _sweep_kw(args) -> dict:
    return {"n_jobs": args.n_jobs, "scheduler": args.scheduler, "cache": not args.no_cache}


def cmd_sweep(args) -> int:
    from econ_ai.report.sweep import stepwise_table
    from econ_ai.spec.compile import load_spec
    from econ_ai.sweep_engine import run_sweep

    rs = run_sweep(load_spec(args.spec), _data_opts(args), **_sweep_kw(args))
    if args.format == "json":
        text = rs.to_json()
    elif args.format == "curve":
        text = rs.spec_curve(args.term).table("markdown")
    else:
        text = stepwise_table(rs, args.format)
        if args.format in ("markdown", "text"):
            text += "\n" + rs.spec_curve(args.term).summary_text() + "\n"
    if args.figure:
        curve = rs.spec_curve(args.term)
        for path in curve.figure(args.figure, synthetic=bool(rs.data and rs.data.synthetic)):
            print(f"wrote {path}", file=sys.stderr)
    _write(text, args.output)
    return 0


def _spec_at(ref: str) -> tuple[str, str | None]:
    """``PATH`` or ``PATH@REV`` -> (path to read, temporary file to delete or None). A revision
    is read with ``git show REV:PATH`` into a temporary file beside PATH (so relative data
    paths resolve as in the original)."""
    import os
    import subprocess
    import tempfile

    path, sep, rev = ref.rpartition("@")
    if not sep or not rev or Path(ref).exists():
        return ref, None
    p = Path(path)
    try:
        top = subprocess.run(["git", "-C", str(p.parent or "."), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True).stdout.strip()
        rel = p.resolve().relative_to(Path(top).resolve())
        text = subprocess.run(["git", "-C", top, "show", f"{rev}:{rel.as_posix()}"], capture_output=True, text=True,
                              check=True).stdout
    except (subprocess.CalledProcessError, ValueError, OSError) as exc:
        err = getattr(exc, "stderr", "") or str(exc)
        raise EconAIError(f"{ref}: cannot read {path} at revision {rev!r} with git show: {err.strip()}") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{p.stem}@", suffix=p.suffix, dir=p.parent if str(p.parent) else ".")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return tmp, tmp


def cmd_diff(args) -> int:
    import os

    from econ_ai.report.diff import render_diff, result_changes, spec_changes
    from econ_ai.spec.compile import load_spec
    from econ_ai.spec.load import load_file
    from econ_ai.sweep_engine import run_sweep

    opts = _data_opts(args)
    loaded = []
    for ref in (args.old, args.new):
        path, tmp = _spec_at(ref)
        try:
            raw = load_file(path, display=ref)
            spec = load_spec(path)
            rs = run_sweep(spec, opts, **_sweep_kw(args))
        finally:
            if tmp:
                os.unlink(tmp)
        loaded.append((raw.data, rs))
    (old_data, old_rs), (new_data, new_rs) = loaded
    d = result_changes(old_rs, new_rs)
    _write(render_diff(spec_changes(old_data, new_data), d, args.format, tol=args.fail_if_moved or 0.0,
                       old_name=args.old, new_name=args.new,
                       synthetic=bool(new_rs.data is not None and new_rs.data.synthetic)), args.output)
    if args.fail_if_moved is not None and d.max_moved > args.fail_if_moved:
        print(f"a coefficient moved by {d.max_moved:.4g} > {args.fail_if_moved:g}", file=sys.stderr)
        return 1
    return 0


def _add_sweep_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n-jobs", type=int, default=1, metavar="N", help="parallel jobs on this machine (joblib; default 1)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the jobs on this Dask scheduler (tcp://host:8786; or $ECON_AI_SCHEDULER)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk design cache")


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=scale_arg, default=1.0, metavar="F",
                   help="fraction of the synthetic population to use, e.g. 0.25 (default 1.0)")
    p.add_argument("--seed", type=seed_arg, default=None, help="seed of the synthetic population (default 20250416)")
    p.add_argument("--data-source", default=None, metavar="DIR",
                   help="folder of real KBO/NBB files to read instead of the synthetic default")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output on stderr")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("econ_ai")
    except Exception:  # pragma: no cover - not installed
        return "unknown"


def _choice(allowed: tuple[str, ...]):
    """An argparse type that names the near miss: --format latx -> did you mean 'latex'?"""
    from econ_ai.errors import did_you_mean

    def check(v: str) -> str:
        if v not in allowed:
            raise argparse.ArgumentTypeError(f"{v!r} is not one of {', '.join(allowed)}{did_you_mean(v, allowed)}")
        return v

    check.__name__ = "format"
    return check


_FORMAT_HELP = "output format: {} (default {})"
EPILOG = """examples:
  econ-ai validate specs/*.yaml
  econ-ai run specs/08_growth.yaml --scale 0.25
  econ-ai run specs/08_growth.yaml --format latex -o growth.tex
  econ-ai reproduce --scale 0.25 -o out

Run 'econ-ai COMMAND --help' for the options of a command."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks; one line per command (argparse measures the command
    names two columns less indented than it draws them, and would wrap 'reproduce')."""

    def add_argument(self, action):
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            self._action_max_length += 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="econ-ai", epilog=EPILOG,
        formatter_class=_Formatter,
        description="Estimate the models of YAML specs and report them (the default data is synthetic).")
    parser.add_argument("--version", action="version", version=f"econ-ai {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")

    p = sub.add_parser("validate", help="check specs against the data, without estimating",
                       description="Check specs (keys, terms, filters, report options) and their variables against "
                                   "the data's columns and values, without estimating.")
    p.add_argument("specs", nargs="+", metavar="SPEC", help="spec files (YAML)")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("run", help="estimate the models of a spec; print or write them",
                       description="Estimate every model of a spec; print a text summary or write a table.")
    p.add_argument("spec", metavar="SPEC", help="a spec file (YAML)")
    p.add_argument("--format", type=_choice(FORMATS), default="text", metavar="FMT",
                   help=_FORMAT_HELP.format(", ".join(FORMATS), "text"))
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write to this file instead of stdout")
    p.add_argument("--standalone", action="store_true", help="latex/html: a whole document that compiles on its own")
    p.add_argument("-v", "--verbose", action="store_true", help="text: list every sample step (default: one line)")
    _add_data_args(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("table", help="render saved results JSON as a table",
                       description="Render results JSON files (from 'run --format json' or 'reproduce') as one table.")
    p.add_argument("results", nargs="+", metavar="RESULTS", help="results JSON files")
    p.add_argument("--format", type=_choice(FORMATS), default="latex", metavar="FMT",
                   help=_FORMAT_HELP.format(", ".join(FORMATS), "latex"))
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write to this file instead of stdout")
    p.add_argument("--standalone", action="store_true", help="latex/html: a whole document that compiles on its own")
    p.add_argument("--panels", action="store_true", default=None, help="stack the results files as panels A, B, ...")
    p.add_argument("-v", "--verbose", action="store_true", help="text: list every sample step (default: one line)")
    p.set_defaults(func=cmd_table)

    p = sub.add_parser("reproduce", help="run every spec and check the published claims",
                       description="Run every spec, write tables, figures and results, and check every "
                                   "published claim (REPRODUCTION.md); exit 1 if a claim fails, 2 if nothing "
                                   "was checked.")
    p.add_argument("-o", "--output", default="output", metavar="DIR", help="output folder (default output/)")
    p.add_argument("--specs", nargs="+", default=None, metavar="PATH",
                   help="spec files and/or folders (default: the project's specs/ folder)")
    _add_data_args(p)
    p.set_defaults(func=cmd_reproduce)

    p = sub.add_parser("sweep", help="estimate a stepwise / vary spec; stepwise table and specification curve",
                       description="Estimate every model of a spec with stepwise: / vary: (shared demeaning, design "
                                   "cache, joblib or Dask); print the stepwise table and the specification curve.")
    p.add_argument("spec", metavar="SPEC", help="a spec file (YAML)")
    p.add_argument("--format", type=_choice(("markdown", "latex", "html", "csv", "json", "curve")), default="markdown",
                   metavar="FMT", help="markdown, latex, html, csv (the stepwise table), json, curve (the curve's table)")
    p.add_argument("--term", default=None, help="the coefficient of the specification curve (default: first regressor)")
    p.add_argument("--figure", default=None, metavar="PATH", help="draw the specification curve (PNG and PDF)")
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write to this file instead of stdout")
    _add_sweep_args(p)
    _add_data_args(p)
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("diff", help="what changed between two specs and how every number moved",
                       description="Compare two specs: what changed in the spec, then how every coefficient, SE, N "
                                   "and fit statistic moved. OLD may be PATH@REV (a git revision).")
    p.add_argument("old", metavar="OLD", help="a spec file, or PATH@REV for the file at a git revision")
    p.add_argument("new", metavar="NEW", help="a spec file (or PATH@REV)")
    p.add_argument("--format", type=_choice(("text", "markdown")), default="text", metavar="FMT",
                   help="text or markdown (default text)")
    p.add_argument("--fail-if-moved", type=float, default=None, metavar="TOL",
                   help="exit 1 when a coefficient moved by more than TOL")
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write to this file instead of stdout")
    _add_sweep_args(p)
    _add_data_args(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("data", help="generate the synthetic data; compare it with the study",
                       description="The embedded synthetic population.")
    dsub = p.add_subparsers(dest="data_command", required=True, title="commands", metavar="COMMAND")
    d = dsub.add_parser("synth", help="generate the synthetic population (or reuse its cache)",
                        description="Generate the synthetic population in the raw KBO/NBB formats, or reuse the cache.")
    d.add_argument("--scale", type=scale_arg, default=1.0, metavar="F", help="fraction of the full population (default 1.0)")
    d.add_argument("--seed", type=seed_arg, default=None, help="random seed (default 20250416)")
    d.add_argument("-o", "--output", default=None, metavar="DIR", help="folder to write the raw files to (default: the cache)")
    d.add_argument("-q", "--quiet", action="store_true", help="no progress output on stderr")
    d.add_argument("--filings", choices=("consult_csv", "json"), default=None,
                   help="also write the accounts as NBB filings in this format (OUTPUT/nbb/FORMAT/)")
    d.add_argument("--filings-limit", type=int, default=None, help="at most this many filings")
    d.set_defaults(func=cmd_data_synth)
    d = dsub.add_parser("calibration", help="published aggregates next to the generated data's values; "
                        "with --seeds: claim power and parameter recovery over many seeds",
                        description="Published aggregates of the study next to the synthetic data's values; "
                                    "with --seeds, the whole reproduction over many seeds.")
    d.add_argument("--scale", type=scale_arg, default=1.0, metavar="F", help="fraction of the full population (default 1.0)")
    d.add_argument("--seed", type=seed_arg, default=None, help="random seed (default 20250416)")
    d.add_argument("-o", "--output", default=None, metavar="FILE", help="write to this file instead of stdout")
    d.add_argument("--seeds", default=None, metavar="LIST", help="run the whole reproduction on these seeds, e.g. 1-20")
    d.add_argument("--jobs", type=int, default=2, help="parallel seeds (joblib processes; default 2)")
    d.add_argument("--specs", nargs="+", default=None, metavar="PATH", help="with --seeds: only these specs")
    d.add_argument("--store", action="store_true",
                   help="with --seeds: store the run as econ_ai/data/refdata/calibration-v<generator>.json")
    d.add_argument("--keep-data", action="store_true", help="with --seeds: keep each seed's population")
    d.add_argument("--overrides", default=None, metavar="JSON_FILE",
                   help="with --seeds, for tuning: generate with these parameters ({\"dgp\": {field: value}, "
                        "\"FAIL_INDEX\": {...}}) into temporary folders")
    d.add_argument("--json", default=None, metavar="FILE", help="with --seeds: write every seed's values and the summary here")
    d.add_argument("-q", "--quiet", action="store_true", help="no progress output on stderr")
    d.set_defaults(func=cmd_data_calibration)
    from econ_ai.data.accounts_cli import register as _register_accounts

    _register_accounts(dsub)

    from econ_ai.linkage.cli import add_parser as add_link_parser

    add_link_parser(sub)  # econ-ai link: record linkage of candidate lists (econ_ai.linkage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EconAIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the file system said no (a path, permissions, a full disk)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last resort: a genuine bug, never bad input
        if os.environ.get("ECON_AI_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {str(exc)[:500]}\n{ISSUE_HINT}", file=sys.stderr)
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
