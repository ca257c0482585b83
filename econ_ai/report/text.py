"""Plain-text summary of a ResultSet (``econ-ai run SPEC --format text``)."""

from __future__ import annotations

import math

from econ_ai.results import Estimate, Result, ResultSet


def _f(x: float, digits: int = 4) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "."
    return f"{x:.{digits}f}"


def _stars(p: float) -> str:
    if p is None or math.isnan(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def _block(title: str, rows: dict[str, Estimate]) -> list[str]:
    out = [f"  {title}:", f"    {'term':<32}{'estimate':>12}{'std.err':>12}{'stat':>10}{'p':>9}  95% CI"]
    for term, e in rows.items():
        out.append(
            f"    {term[:32]:<32}{_f(e.estimate):>12}{_f(e.std_error):>12}{_f(e.statistic, 2):>10}"
            f"{_f(e.p_value, 3):>9}  [{_f(e.ci_low)}, {_f(e.ci_high)}] {_stars(e.p_value)}"
        )
    return out


def summarize_result(r: Result) -> list[str]:
    lines = [f"Model: {r.name}  (kind {r.kind}, outcome {r.outcome or '-'}, N = {r.nobs:,})"]
    if r.coefficients:
        lines += _block("coefficients", dict(r.coefficients))
    if r.marginal_effects:
        lines += _block("average marginal effects (delta-method SEs)", dict(r.marginal_effects))
    if r.odds_ratios:
        lines.append("  odds ratios:")
        for term, o in r.odds_ratios.items():
            lines.append(f"    {term[:32]:<32}{_f(o.estimate):>12}  [{_f(o.ci_low)}, {_f(o.ci_high)}]")
    if r.fit:
        fit = ", ".join(f"{k}={_f(v) if isinstance(v, float) else v}" for k, v in r.fit.items())
        lines.append(f"  fit: {fit}")
    if r.vcov is not None:
        cl = ", ".join(f"{k}: G={g}" for k, g in r.vcov.clusters.items())
        lines.append(
            f"  vcov: {r.vcov.type} ({r.vcov.convention} convention)"
            + (f"; clusters {cl}" if cl else "")
            + (f"; df={r.vcov.df:g}" if r.vcov.df else "")
            + (f"; {r.vcov.details}" if r.vcov.details else "")
        )
    if r.absorbed:
        lines.append(f"  absorbed: {', '.join(r.absorbed)}")
    if r.dropped_terms:
        lines.append(f"  dropped terms: {', '.join(r.dropped_terms)}")
    for name, records in (r.tables or {}).items():
        lines.append(f"  table {name}: {len(records)} rows")
        for rec in records[:40]:
            lines.append("    " + ", ".join(f"{k}={_f(v) if isinstance(v, float) else v}" for k, v in rec.items()))
    if r.sample_log:
        lines.append("  sample:")
        for s in r.sample_log:
            rem = f" -> {s.remaining:,} rows" if s.remaining is not None else ""
            lines.append(f"    - {s.step}: removed {s.removed:,}{rem}")
    for n in r.notes:
        lines.append(f"  note: {n}")
    return lines


def summarize(rs: ResultSet) -> str:
    head = [f"{rs.title or rs.spec}", f"spec: {rs.spec}"]
    if rs.data is not None:
        synth = "  [SYNTHETIC data: calibrated to published aggregates, not the real microdata]" if rs.data.synthetic else ""
        head.append(f"data: {rs.data.name} ({rs.data.rows:,} rows, sha256 {rs.data.sha256[:12]}){synth}")
    out = head + [""]
    for r in rs.results:
        out += summarize_result(r) + [""]
    return "\n".join(out)
