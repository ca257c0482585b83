"""The study's seven figures (Dumont & Rayp 2025), drawn from the Results of their specs.

Each ``figureN_*`` function takes what the matching spec produced (a ``Result``, a
``ResultSet``, a sequence of Results, or the bare records of ``Result.tables``), draws the
figure with the shared style (``econ_ai.report.style``: ``figure_style()`` and ``finish``),
writes ``<path>.png`` and ``<path>.pdf`` and returns both paths. The source note says
"Synthetic data" when ``synthetic`` is true (by default taken from ``ResultSet.data``).

Inputs (the ``describe`` / ``top_quantile`` records):

1. ``figure1_funnel``: ``counts`` by ``step`` of the AI list (name | kbo | starter |
   verified: the last step a name reached) -> cumulative funnel 1256 -> 1027 -> 851 -> 744;
   optional ``sources`` counts (ai4belgium / vaeremans / own) drawn above it. Records whose
   steps are not those four are drawn as an already cumulative funnel, in their order.
2. ``figure2_founding_year``: ``counts`` by founding year -> bars over 1986-2024.
3. ``figure3_location``: ``counts`` by municipality (and optionally region: the municipalities
   of the Brussels-Capital Region are merged into one bar) -> places with >= 10 starters.
4. ``figure4_ai_shares``: ``share_by_year`` (``__rows__``, turnover, value_added, employees,
   wage_bill) -> lines 2010-2023, the count share solid black.
5. ``figure5_profit_loss``: ``share_by_year`` of ebit and ebitda with part positive and
   negative (and ``__rows__``) -> AI share of profits and of losses by year.
6. ``figure6_exits``: ``crosstab`` (or ``counts``) of exit year x exit type -> stacked bars
   2010-2024.
7. ``figure7_top_quantile``: the top_quantile Results (one per criterion) -> grouped bars,
   groups x criteria, Wilson 95% intervals, a dashed line at 1 - q.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from econ_ai.results import Result, ResultSet

DEFAULT_SOURCE = ("Dumont & Rayp (2025) reproduced with econ_ai; KBO/BCE registry and NBB annual "
                  "accounts")
FUNNEL_STEPS = ("name", "kbo", "starter", "verified")
FUNNEL_LABELS = {
    "name": "Potential Belgian AI companies (names)",
    "kbo": "... linked to a KBO enterprise number",
    "starter": "... founded after 2009",
    "verified": "... verified to produce AI",
}
SOURCE_LABELS = {"ai4belgium": "AI4Belgium list (2021)", "vaeremans": "Vaeremans (2025)",
                 "own": "Own additions (web, searches)"}
SHARE_LABELS = {"__rows__": "Number of starters", "turnover": "Turnover", "value_added": "Value added",
                "employees": "Employees (FTE)", "wage_bill": "Wage bill", "ebit": "EBIT", "ebitda": "EBITDA"}
EXIT_ORDER = ("bankruptcy", "liquidation", "dissolution", "merger_acquisition")
EXIT_LABELS = {"bankruptcy": "Bankruptcy", "liquidation": "Liquidation", "dissolution": "Dissolution",
               "merger_acquisition": "Merger or acquisition"}
BRUSSELS = ("Brussels-Capital Region", "Brussels", "Bruxelles", "Brussel",
            "Région de Bruxelles-Capitale", "Brussels Hoofdstedelijk Gewest")
GREYS = ("0.15", "0.55", "0.8", "0.35", "0.7")
HATCHES = ("", "//", "..", "xx", "\\\\")
RESERVED = {"n", "share", "weighted", "count", "Total"}

Input = Result | ResultSet | Sequence[Result] | Sequence[Mapping[str, Any]]


# ---- inputs ------------------------------------------------------------------------------
def _results(obj: Any) -> list[Result]:
    if isinstance(obj, Result):
        return [obj]
    if isinstance(obj, ResultSet):
        return list(obj.results)
    if isinstance(obj, Sequence) and obj and all(isinstance(r, Result) for r in obj):
        return list(obj)
    return []


def records(obj: Any, table: str | Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Records of the first Result holding ``table`` (or of any table when None); a list of
    mappings is returned as it is."""
    names = [table] if isinstance(table, str) else list(table or [])
    res = _results(obj)
    if not res:
        if isinstance(obj, Sequence) and not isinstance(obj, (str, bytes)):
            return [dict(r) for r in obj]
        raise TypeError(f"expected a Result, ResultSet or list of records, got {type(obj).__name__}")
    for r in res:
        for name in names or list(r.tables):
            if name in r.tables:
                return [dict(x) for x in r.tables[name]]
    have = sorted({k for r in res for k in r.tables})
    raise ValueError(f"no table {names or ''} in the results (have {have})")


def _synthetic(obj: Any, synthetic: bool | None) -> bool:
    if synthetic is not None:
        return bool(synthetic)
    if isinstance(obj, ResultSet) and obj.data is not None:
        return bool(obj.data.synthetic)
    return False


def _key(recs: list[dict[str, Any]], prefer: Sequence[str] = ()) -> str:
    for k in prefer:
        if recs and k in recs[0]:
            return k
    for k in recs[0] if recs else ():
        if k not in RESERVED:
            return k
    if not recs:
        from econ_ai.errors import DataError

        raise DataError("no rows to draw (the table behind this figure is empty)")
    raise ValueError("records have no key column")


def _count(r: Mapping[str, Any]) -> float:
    for k in ("n", "count", "weighted"):
        if r.get(k) is not None:
            return float(r[k])
    raise ValueError(f"record without a count: {dict(r)}")


def _num_or_none(x: Any) -> float | None:
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


# ---- style -------------------------------------------------------------------------------
def _style():
    """(figure_style, finish) of the shared style (a seam the tests can wrap)."""
    from econ_ai.report.style import figure_style, finish

    return figure_style, finish


def _new_figure(figsize: tuple[float, float], ncols: int = 1):
    from econ_ai.report.style import new_figure

    return new_figure(figsize, ncols=ncols)


def _save(fig, ax, *, path: str | Path, title: str, xlabel: str, ylabel: str, source: str | None,
          synthetic: bool, finish) -> tuple[Path, Path]:
    p = Path(path)
    stem = p.with_suffix("") if p.suffix.lower() in (".png", ".pdf") else p
    png, pdf = stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".pdf")
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source or DEFAULT_SOURCE,
           synthetic=synthetic, path=stem)  # no suffix: PNG and PDF
    return png, pdf


# ---- Figure 1 ----------------------------------------------------------------------------
def funnel_counts(step_records: Sequence[Mapping[str, Any]]) -> list[tuple[str, float]]:
    """(label, count) of the funnel: cumulative over the known steps, else as given."""
    key = _key(list(step_records), ("step",))
    counts = {str(r[key]): _count(r) for r in step_records if r.get(key) not in (None, "Total")}
    if counts and set(counts) <= set(FUNNEL_STEPS):
        out, running = [], 0.0
        for s in reversed(FUNNEL_STEPS):
            running += counts.get(s, 0.0)
            out.append((FUNNEL_LABELS[s], running))
        return out[::-1]
    return [(k, v) for k, v in counts.items()]


def source_counts(source_records: Sequence[Mapping[str, Any]]) -> list[tuple[str, float]]:
    """(label, count) per list of origin; ``a;b`` (a name on several lists) counts for each."""
    key = _key(list(source_records), ("sources", "source"))
    tot: dict[str, float] = {}
    for r in source_records:
        if r.get(key) in (None, "Total"):
            continue
        for s in str(r[key]).split(";"):
            s = s.strip()
            if s:
                tot[s] = tot.get(s, 0.0) + _count(r)
    order = [s for s in SOURCE_LABELS if s in tot] + sorted(s for s in tot if s not in SOURCE_LABELS)
    return [(SOURCE_LABELS.get(s, s), tot[s]) for s in order]


def figure1_funnel(steps: Input, path: str | Path, *, sources: Input | None = None,
                   synthetic: bool | None = None, source: str | None = None,
                   title: str = "Figure 1. Identification of Belgian AI starters") -> tuple[Path, Path]:
    figure_style, finish = _style()
    rows = funnel_counts(records(steps, ("counts", "funnel")))
    src = source_counts(records(sources, ("counts",))) if sources is not None else []
    with figure_style():
        items = [(lab, v, "0.75") for lab, v in src] + [(lab, v, "0.3") for lab, v in rows]
        fig, ax = _new_figure((8, 0.5 * len(items) + 1.5))
        y = list(range(len(items)))[::-1]
        bars = ax.barh(y, [v for _, v, _ in items], color=[c for *_, c in items], edgecolor="black", linewidth=0.5)
        ax.set_yticks(y, [lab for lab, *_ in items])
        for b, (_, v, _) in zip(bars, items):
            ax.text(b.get_width(), b.get_y() + b.get_height() / 2, f" {v:,.0f}", va="center", fontsize=9)
        if src:
            ax.axhline(y[len(src) - 1] - 0.5, color="black", linewidth=0.6, linestyle=":")
        ax.set_xlim(0, max(v for _, v, _ in items) * 1.15)
        return _save(fig, ax, path=path, title=title, xlabel="Number of companies", ylabel="",
                     source=source, synthetic=_synthetic(steps, synthetic), finish=finish)


# ---- Figure 2 ----------------------------------------------------------------------------
def figure2_founding_year(counts: Input, path: str | Path, *, years: tuple[int, int] = (1986, 2024),
                          synthetic: bool | None = None, source: str | None = None,
                          title: str = "Figure 2. Potential AI companies by founding year") -> tuple[Path, Path]:
    figure_style, finish = _style()
    recs = records(counts, ("counts",))
    key = _key(recs, ("founded", "year", "founding_year"))
    by_year: dict[int, float] = {}
    for r in recs:
        yv = _num_or_none(r.get(key))
        if yv is not None:
            by_year[int(yv)] = by_year.get(int(yv), 0.0) + _count(r)
    xs = list(range(years[0], years[1] + 1))
    hs = [by_year.get(x, 0.0) for x in xs]
    with figure_style():
        fig, ax = _new_figure((9, 4.5))
        ax.bar(xs, hs, color="0.35", width=0.8)
        if any(hs):
            peak = max(range(len(xs)), key=lambda i: hs[i])
            ax.annotate(f"{hs[peak]:,.0f} in {xs[peak]}", (xs[peak], hs[peak]), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize=8)
        ax.set_xlim(years[0] - 1, years[1] + 1)
        return _save(fig, ax, path=path, title=title, xlabel="Founding year",
                     ylabel="Number of companies", source=source,
                     synthetic=_synthetic(counts, synthetic), finish=finish)


# ---- Figure 3 ----------------------------------------------------------------------------
def place_counts(recs: Sequence[Mapping[str, Any]], *, min_count: int = 10,
                 merge_regions: Sequence[str] = BRUSSELS) -> list[tuple[str, float]]:
    """(place, count) with count >= min_count, descending; municipalities of a region in
    ``merge_regions`` (records with a ``region`` key) are one place named by the region."""
    recs = list(recs)
    key = _key(recs, ("municipality", "place", "nis_code"))
    tot: dict[str, float] = {}
    for r in recs:
        place = r.get(key)
        region = r.get("region")
        if region is not None and str(region) in merge_regions:
            place = str(region)
        if place in (None, "Total"):
            continue
        tot[str(place)] = tot.get(str(place), 0.0) + _count(r)
    keep = [(p, v) for p, v in tot.items() if v >= min_count]
    return sorted(keep, key=lambda t: (-t[1], t[0]))


BRUSSELS_ROW = "Brussels-Capital Region (19 municipalities)"
FIGURE3_NOTE = ("Municipalities, except the 19 municipalities of the Brussels-Capital Region, counted as one row; "
                "Louvain-la-Neuve is counted within its municipality, Ottignies-Louvain-la-Neuve")


def municipality_counts(recs: Sequence[Mapping[str, Any]]) -> list[tuple[str, float]]:
    """(row, count), descending: one row per municipality, the Brussels-Capital Region as one
    row of its own (a region, not a municipality: said in the figure's note)."""
    tot: dict[str, float] = {}
    for r in recs:
        muni = r.get("municipality")
        if muni in (None, "Total"):
            continue
        region = str(r.get("region") or "")
        row = BRUSSELS_ROW if region in BRUSSELS or str(muni) in BRUSSELS else str(muni)
        tot[row] = tot.get(row, 0.0) + _count(r)
    return sorted(tot.items(), key=lambda t: (-t[1], t[0]))


def province_counts(recs: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, float]]:
    """(province, region, count) from a province x region crosstab, by region then count."""
    out = []
    for r in recs:
        prov = r.get("province")
        if prov in (None, "Total"):
            continue
        parts = {k: float(v) for k, v in r.items() if k not in ("province", "Total") and isinstance(v, (int, float))}
        region = max(parts, key=parts.get) if parts else ""
        out.append((str(prov), region, float(r.get("Total", sum(parts.values())))))
    order = {"Flemish": 0, "Brussels": 1, "Walloon": 2}
    return sorted(out, key=lambda t: (order.get(t[1], 3), -t[2], t[0]))


def figure3_location(counts: Input, path: str | Path, *, min_count: int = 10,
                     synthetic: bool | None = None, source: str | None = None,
                     title: str = "Figure 3. Location of AI starters") -> tuple[Path, Path]:
    """Left: municipalities with ``min_count`` or more starters, the Brussels-Capital Region as
    one row (the note says so); right: every province and the Brussels region, shaded by region
    (a bar chart in place of a map: no boundary file ships with econ_ai)."""
    figure_style, finish = _style()
    res = _results(counts)
    by_muni = next((r for r in res if any("municipality" in x for x in r.tables.get("counts", []))), None)
    if by_muni is not None:
        places = [(p, v) for p, v in municipality_counts(by_muni.tables["counts"]) if v >= min_count]
        note = FIGURE3_NOTE
    else:  # records of the study's own place names
        places, note = place_counts(records(counts, ("counts",)), min_count=min_count), ""
    cross = next((r.tables["crosstab"] for r in res if "crosstab" in r.tables), None)
    provinces = province_counts(cross) if cross else []
    with figure_style():
        rows = max(len(places), len(provinces), 1)
        if provinces:
            fig, (ax, ax2) = _new_figure((10, 0.36 * rows + 2.2), ncols=2)
        else:
            fig, ax = _new_figure((8, 0.4 * rows + 1.8))
        y = list(range(len(places)))[::-1]
        bars = ax.barh(y, [v for _, v in places], color=["0.15" if p == BRUSSELS_ROW else "0.5" for p, _ in places])
        ax.set_yticks(y, [p for p, _ in places])
        for bar, (_, v) in zip(bars, places):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v:,.0f}", va="center", fontsize=8)
        if places:
            ax.set_xlim(0, max(v for _, v in places) * 1.18)
        else:
            ax.text(0.5, 0.5, f"no place with {min_count} or more starters", transform=ax.transAxes, ha="center")
        ax.set_title(f"Municipalities ({min_count} or more starters)", fontsize=9, loc="left")
        ax.grid(axis="y", visible=False)
        if provinces:
            shade = {"Flemish": "0.35", "Brussels": "0.1", "Walloon": "0.7"}
            y2 = list(range(len(provinces)))[::-1]
            b2 = ax2.barh(y2, [v for *_, v in provinces], color=[shade.get(g, "0.5") for _, g, _ in provinces],
                          edgecolor="black", linewidth=0.4)
            ax2.set_yticks(y2, [p for p, _, _ in provinces])
            for bar, (*_, v) in zip(b2, provinces):
                ax2.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v:,.0f}", va="center", fontsize=8)
            ax2.set_xlim(0, max(v for *_, v in provinces) * 1.18)
            ax2.set_title("Provinces and the Brussels region", fontsize=9, loc="left")
            ax2.set_xlabel("Number of AI starters")
            ax2.grid(axis="y", visible=False)
            from matplotlib.patches import Patch

            ax2.legend(handles=[Patch(facecolor=shade[g], edgecolor="black", linewidth=0.4, label=f"{g} region")
                                for g in ("Flemish", "Brussels", "Walloon") if any(x[1] == g for x in provinces)],
                       loc="lower right", fontsize=8)
        src = "; ".join(x for x in (source or DEFAULT_SOURCE, note) if x)
        return _save(fig, ax, path=path, title=title, xlabel="Number of AI starters", ylabel="",
                     source=src, synthetic=_synthetic(counts, synthetic), finish=finish)


# ---- Figures 4 and 5 ---------------------------------------------------------------------
def share_series(recs: Sequence[Mapping[str, Any]], years: tuple[int, int] | None = None
                 ) -> dict[tuple[str, str], tuple[list[int], list[float]]]:
    """(variable, part) -> (years, shares in percent) from share_by_year records."""
    recs = list(recs)
    tkey = _key(recs, ("year", "time"))
    out: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
    for r in sorted(recs, key=lambda r: (_num_or_none(r.get(tkey)) or 0)):
        t, s = _num_or_none(r.get(tkey)), _num_or_none(r.get("share"))
        if t is None or s is None or (years and not years[0] <= t <= years[1]):
            continue
        xs, ys = out.setdefault((str(r.get("variable")), str(r.get("part", "all"))), ([], []))
        xs.append(int(t))
        ys.append(100.0 * s)
    return out


def figure4_ai_shares(shares: Input, path: str | Path, *, years: tuple[int, int] = (2010, 2023),
                      synthetic: bool | None = None, source: str | None = None,
                      title: str = "Figure 4. Share of AI starters among all starters") -> tuple[Path, Path]:
    figure_style, finish = _style()
    series = share_series(records(shares, ("share_by_year",)), years)
    # grey lines told apart by dash pattern AND marker (and by shade): solid black for the count
    styles = [(0, (6, 2)), (0, (1, 1.5)), (0, (4, 1.5, 1, 1.5)), (0, (8, 2, 1, 2, 1, 2))]
    markers = ["s", "^", "D", "v", "P"]
    shades = ["0.25", "0.45", "0.6", "0.35", "0.5"]
    with figure_style():
        fig, ax = _new_figure((8, 4.8))
        i = 0
        for (var, part), (xs, ys) in series.items():
            if part != "all":  # Figure 4 shows whole totals; profits/losses are Figure 5
                continue
            label = SHARE_LABELS.get(var, var)
            if var == "__rows__":
                ax.plot(xs, ys, color="black", linewidth=2.4, label=label, zorder=3)
            else:
                ax.plot(xs, ys, color=shades[i % len(shades)], linestyle=styles[i % len(styles)],
                        marker=markers[i % len(markers)], markersize=5, markerfacecolor="white",
                        markeredgewidth=1.1, linewidth=1.5, label=label)
                i += 1
        ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
        ax.set_ylim(bottom=0)
        ax.legend(frameon=False, fontsize=8)
        return _save(fig, ax, path=path, title=title, xlabel="Year",
                     ylabel="AI starters' share of all starters (%)", source=source,
                     synthetic=_synthetic(shares, synthetic), finish=finish)


def figure5_profit_loss(shares: Input, path: str | Path, *, years: tuple[int, int] = (2010, 2023),
                        synthetic: bool | None = None, source: str | None = None,
                        title: str = "Figure 5. AI starters' share of total profits and losses"
                        ) -> tuple[Path, Path]:
    figure_style, finish = _style()
    series = share_series(records(shares, ("share_by_year",)), years)
    look = {("positive", 0): ("0.45", "-", "o"), ("negative", 0): ("0.45", "--", "s"),
            ("positive", 1): ("0.7", "-", "^"), ("negative", 1): ("0.7", "--", "v")}
    variables = [v for v in dict.fromkeys(v for v, _ in series) if v != "__rows__"]
    with figure_style():
        fig, ax = _new_figure((8, 4.8))
        for (var, part), (xs, ys) in series.items():
            if var == "__rows__":
                ax.plot(xs, ys, color="black", linewidth=2.4, label="Number of starters", zorder=3)
                continue
            if part not in ("positive", "negative"):  # the net result is not a share of profits or losses
                continue
            j = variables.index(var) % 2
            colour, ls, mk = look[(part, j)]
            what = {"positive": "profits", "negative": "losses"}[part]
            ax.plot(xs, ys, color=colour, linestyle=ls, marker=mk, markersize=3.5, linewidth=1.4,
                    label=f"{SHARE_LABELS.get(var, var)}: {what}")
        ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
        ax.set_ylim(bottom=0)
        ax.legend(frameon=False, fontsize=8)
        return _save(fig, ax, path=path, title=title, xlabel="Year",
                     ylabel="AI starters' share of the total (%)", source=source,
                     synthetic=_synthetic(shares, synthetic), finish=finish)


# ---- Figure 6 ----------------------------------------------------------------------------
def exit_counts(recs: Sequence[Mapping[str, Any]], years: tuple[int, int]) -> dict[str, list[float]]:
    """exit type -> counts per year over ``years`` (inclusive), from crosstab or long counts."""
    recs = list(recs)
    xs = list(range(years[0], years[1] + 1))
    out: dict[str, list[float]] = {}
    if recs and ("n" in recs[0] or "count" in recs[0]):  # long: year, type, n
        ykey = _key(recs, ("exit_year", "year"))
        tkey = next((k for k in ("exit_type", "juridical_situation", "type") if k in recs[0]),
                    next(k for k in recs[0] if k not in RESERVED and k != ykey))
        for r in recs:
            yv, tv = _num_or_none(r.get(ykey)), r.get(tkey)
            if yv is None or tv is None or not years[0] <= yv <= years[1]:
                continue
            out.setdefault(str(tv), [0.0] * len(xs))[int(yv) - years[0]] += _count(r)
    else:  # wide crosstab: one record per year, a column per type
        ykey = _key(recs, ("exit_year", "year"))
        for r in recs:
            yv = _num_or_none(r.get(ykey))
            if yv is None or not years[0] <= yv <= years[1]:
                continue
            for k, v in r.items():
                if k in (ykey, "Total", "(missing)") or v is None:
                    continue
                out.setdefault(str(k), [0.0] * len(xs))[int(yv) - years[0]] += float(v)
    order = [t for t in EXIT_ORDER if t in out] + sorted(t for t in out if t not in EXIT_ORDER)
    return {t: out[t] for t in order}


def figure6_exits(exits: Input, path: str | Path, *, years: tuple[int, int] = (2010, 2024),
                  synthetic: bool | None = None, source: str | None = None,
                  title: str = "Figure 6. Exits of AI starters by legal situation") -> tuple[Path, Path]:
    figure_style, finish = _style()
    series = exit_counts(records(exits, ("crosstab", "counts")), years)
    xs = list(range(years[0], years[1] + 1))
    with figure_style():
        fig, ax = _new_figure((8, 4.8))
        bottom = [0.0] * len(xs)
        for i, (t, hs) in enumerate(series.items()):
            ax.bar(xs, hs, bottom=bottom, color=GREYS[i % len(GREYS)], hatch=HATCHES[i % len(HATCHES)],
                   edgecolor="black", linewidth=0.4, label=EXIT_LABELS.get(t, t))
            bottom = [b + h for b, h in zip(bottom, hs)]
        ax.set_xlim(years[0] - 0.7, years[1] + 0.7)
        ax.set_xticks(xs[::2] if len(xs) > 10 else xs)
        if series:
            ax.legend(frameon=False, fontsize=8, loc="upper left")
        return _save(fig, ax, path=path, title=title, xlabel="Year of exit",
                     ylabel="Number of AI starters", source=source,
                     synthetic=_synthetic(exits, synthetic), finish=finish)


# ---- Figure 7 ----------------------------------------------------------------------------
def top_shares(results: Input) -> tuple[list[str], list[str], dict[tuple[str, str], dict[str, Any]], float]:
    """criteria labels (model names), groups, (criterion, group) -> shares record, 1 - q."""
    res = _results(results)
    if res:
        pairs = [(r.name, rec) for r in res for rec in r.tables.get("shares", [])]
        q = next((float(r.fit["q"]) for r in res if "q" in r.fit), 0.8)
    else:
        recs = records(results)
        pairs = [(str(rec["criterion"]), dict(rec)) for rec in recs]
        single = [float(r["expected"]) for r in recs if r.get("expected") is not None and " & " not in str(r["criterion"])]
        q = 1.0 - (single[0] if single else 0.2)
    crits = list(dict.fromkeys(c for c, _ in pairs))
    groups = list(dict.fromkeys(str(rec["group"]) for _, rec in pairs))
    return crits, groups, {(c, str(rec["group"])): rec for c, rec in pairs}, round(1.0 - q, 12)


def figure7_top_quantile(results: Input, path: str | Path, *, synthetic: bool | None = None,
                         source: str | None = None,
                         title: str = "Figure 7. Share of each group among the top 20% of all starters"
                         ) -> tuple[Path, Path]:
    figure_style, finish = _style()
    crits, groups, cell, line = top_shares(results)
    with figure_style():
        fig, ax = _new_figure((9, 4.8))
        width = 0.8 / max(len(groups), 1)
        for j, g in enumerate(groups):
            xs, hs, lo, hi = [], [], [], []
            for i, c in enumerate(crits):
                rec = cell.get((c, g))
                if rec is None or rec.get("share") is None:
                    continue
                s = 100 * float(rec["share"])
                xs.append(i - 0.4 + width * (j + 0.5))
                hs.append(s)
                lo.append(max(s - 100 * float(rec.get("ci_low", rec["share"]) or 0), 0))
                hi.append(max(100 * float(rec.get("ci_high", rec["share"]) or 0) - s, 0))
            ax.bar(xs, hs, width=width, color=GREYS[j % len(GREYS)], hatch=HATCHES[j % len(HATCHES)],
                   edgecolor="black", linewidth=0.4, label=g, yerr=[lo, hi], capsize=2,
                   error_kw={"elinewidth": 0.7})
        ax.axhline(100 * line, color="black", linestyle="--", linewidth=1, label=f"{100 * line:g}% (no over- or under-representation)")
        for i, c in enumerate(crits):  # an intersection has its own expected share
            exp = [float(cell[(c, g)]["expected"]) for g in groups if cell.get((c, g), {}).get("expected") is not None]
            e = exp[0] if exp else line
            if abs(e - line) > 1e-9:  # named in the legend, not on the bars (no label on a whisker)
                ax.hlines(100 * e, i - 0.45, i + 0.45, color="black", linestyle=":", linewidth=1.2,
                          label=f"{c}: share of all starters ({100 * e:.0f}%)")
        import textwrap

        ax.set_xticks(range(len(crits)), ["\n".join(textwrap.wrap(c, 16)) for c in crits])
        top = max([100 * float(r.get("ci_high") or r.get("share") or 0) for r in cell.values()] + [100 * line])
        ax.set_ylim(0, top * 1.45)  # headroom: the legend sits above the bars
        ax.legend(frameon=False, fontsize=8, ncol=2, loc="upper left")
        return _save(fig, ax, path=path, title=title, xlabel="Criterion (2023)",
                     ylabel=f"Share of the group in the top {100 * line:g}% (%)", source=source,
                     synthetic=_synthetic(results, synthetic), finish=finish)


FIGURES = {
    "figure1": figure1_funnel, "figure2": figure2_founding_year, "figure3": figure3_location,
    "figure4": figure4_ai_shares, "figure5": figure5_profit_loss, "figure6": figure6_exits,
    "figure7": figure7_top_quantile,
}


def figure_number(rs: ResultSet, stem: str = "") -> int | None:
    """Which study figure a ResultSet draws: ``report.figure`` (``7`` or ``"figure7"``) if
    present, else a ``fig7`` / ``figure_7`` / ``figure7_...`` in the spec file's stem."""
    import re

    val = (rs.report or {}).get("figure")
    text = str(val) if val is not None else (stem or Path(rs.spec).stem)
    m = re.search(r"fig(?:ure)?[_\- ]?(\d)", text.lower()) or (re.fullmatch(r"\d", text) if val is not None else None)
    if not m:
        return None
    n = int(m.group(1) if m.groups() else m.group(0))
    return n if 1 <= n <= 7 else None


def draw_study_figure(rs: ResultSet, out_dir: str | Path, stem: str = "") -> list[Path]:
    """Draw the study figure a ResultSet belongs to (see ``figure_number``) as
    ``out_dir/<stem>.png|pdf``; [] when it is not one of the seven. Fits the
    ``figure_hook(rs, out_dir, stem)`` of ``econ_ai.study.reproduce``."""
    n = figure_number(rs, stem)
    if n is None:
        return []
    path = Path(out_dir) / (stem or Path(rs.spec).stem or f"figure{n}")
    if n == 1:
        def keyed(key: str) -> Result | None:
            return next((r for r in rs.results if any(key in rec for rec in r.tables.get("counts", []))), None)

        steps, sources = keyed("step"), keyed("sources") or keyed("source")  # the candidate lists
        out = figure1_funnel(steps or rs, path, sources=sources, synthetic=_synthetic(rs, None))
    else:
        out = FIGURES[f"figure{n}"](rs, path, synthetic=_synthetic(rs, None))
    return list(out)
