"""``econ-ai link CANDIDATES.csv... --kbo DIR [--decisions FILE] [--review-out FILE]
[--profile ai_profile.csv] [--truth truth.csv] -o OUT.csv``: link a researcher's candidate
lists to a KBO open-data extract (see :mod:`econ_ai.linkage.link`). Lists are deduplicated in
the order given. Writes one row per listed name to OUT.csv, the uncertain band to the review
CSV, and prints the funnel (and precision / recall when a truth file is given)."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("link", help="link candidate company names to the KBO register (Figure 1's first step)")
    p.add_argument("candidates", nargs="+", help="candidate list CSVs (columns name, source; optional "
                                                 "candidate_id, website, city, postal_code)")
    p.add_argument("--kbo", required=True, help="folder of a full KBO open-data extract")
    p.add_argument("--decisions", default=None, help="clerical decisions CSV: candidate_id, decision "
                                                     "(enterprise number or 'reject')")
    p.add_argument("--review-out", default=None, help="write the uncertain pairs to this CSV for review")
    p.add_argument("--profile", default=None, help="ai_profile.csv: enterprises verified to produce AI")
    p.add_argument("--truth", default=None, help="truth CSV (candidate_id, enterprise_number, reason) to score against")
    p.add_argument("-o", "--output", required=True, help="output CSV, one row per listed name")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=cmd_link)


def cmd_link(args: argparse.Namespace) -> int:
    import pandas as pd

    from econ_ai.linkage.evaluate import evaluate
    from econ_ai.linkage.link import link
    from econ_ai.linkage.register import load_register
    from econ_ai.linkage.review import read_decisions, read_lists, write_review
    from econ_ai.linkage.rules import funnel_counts

    lists = read_lists(args.candidates)
    reg = load_register(args.kbo, quiet=args.quiet)
    decisions = (read_decisions(args.decisions, lists["candidate_id"], set(reg.entities["enterprise_number"]))
                 if args.decisions else None)
    verified = None
    if args.profile:
        prof = pd.read_csv(args.profile, dtype=str, keep_default_na=False)
        verified = set(prof.loc[prof["step"] == "verified", "EnterpriseNumber"])
    out = link(lists, reg, decisions=decisions, verified=verified, quiet=args.quiet)
    out.to_csv(args.output, index=False)
    print(f"{len(out)} names -> {args.output}; funnel {funnel_counts(out['step'])}")
    print("reasons: " + ", ".join(f"{k} {v}" for k, v in out["reason"].value_counts().items()))
    if args.review_out:
        n = write_review(out, reg, args.review_out)
        print(f"{n} names to review -> {args.review_out} (fill 'decision', pass it back with --decisions)")
    if args.truth:
        t = pd.read_csv(args.truth, dtype=str, keep_default_na=False)
        t["reason"] = t["reason"].replace({"app": "no_match", "wrong_entry": "no_match"})
        ev = evaluate(out, t)
        print(f"vs truth: precision {ev['precision']:.4f} recall {ev['recall']:.4f} "
              f"({ev['correct']} correct of {ev['linked']} linked, {ev['true_links']} true links)", file=sys.stdout)
    return 0
