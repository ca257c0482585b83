"""One figure style for every figure econ_ai draws, and ``finish`` to label, note and save.

    with figure_style():
        fig, ax = new_figure()
        ax.plot(...)
        finish(fig, ax, title=..., xlabel=..., ylabel=..., source="KBO, NBB", synthetic=True,
               path="out/figure4")                # writes figure4.png and figure4.pdf

Readable font sizes, no top/right spines, a light grid, and a cycle of greys with distinct
markers and line styles (so lines stay apart when printed in black and white). Figures are
``matplotlib.figure.Figure`` objects on an Agg canvas: pyplot is never used, so no display
is ever needed and the user's own pyplot backend is left alone (``matplotlib.use("Agg")`` is
called only when pyplot has not been imported yet). PDFs carry no creation date, so the same
figure gives the same bytes.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SYNTHETIC_FIGURE_NOTE = "Synthetic data \u2014 calibrated to published aggregates, not the real microdata."
GREYS = ("#1a1a1a", "#737373", "#a8a8a8", "#4d4d4d", "#8f8f8f", "#c4c4c4")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
NOTE_SIZE = 7.5
FORMATS = ("png", "pdf")


def rc_params() -> dict[str, Any]:
    from cycler import cycler

    return {
        "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "xtick.labelsize": 9,
        "ytick.labelsize": 9, "legend.fontsize": 9, "legend.frameon": False,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.color": "#d9d9d9", "grid.linewidth": 0.6, "axes.axisbelow": True,
        "axes.prop_cycle": cycler(color=GREYS) + cycler(marker=MARKERS) + cycler(linestyle=LINESTYLES),
        "lines.linewidth": 1.5, "lines.markersize": 5, "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100, "savefig.dpi": 200, "pdf.fonttype": 42, "ps.fonttype": 42,
        "svg.hashsalt": "econ_ai",
    }


def _agg() -> None:
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")


@contextmanager
def figure_style() -> Iterator[None]:
    """rcParams of the econ_ai style for the duration of the block."""
    import matplotlib

    _agg()
    with matplotlib.rc_context(rc_params()):
        yield


def new_figure(figsize: tuple[float, float] | None = None, nrows: int = 1, ncols: int = 1):
    """(fig, ax) on an Agg canvas; call inside ``figure_style()``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _agg()
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    ax = fig.subplots(nrows, ncols)
    return fig, ax


def source_note(source: str | None, synthetic: bool) -> str:
    parts = []
    if source:
        parts.append(f"Source: {source.rstrip('.')}.")
    if synthetic:
        parts.append(SYNTHETIC_FIGURE_NOTE)
    return " ".join(parts)


def finish(
    fig,
    ax=None,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    path: str | Path | None = None,
    formats: Sequence[str] | None = None,
) -> list[Path]:
    """Label the axes, add the source note (and the synthetic-data warning) under the figure,
    lay it out and save. ``path`` with a suffix (``.png``/``.pdf``/``.svg``) writes that file;
    without one it writes every format of ``formats`` (default PNG and PDF). Returns the paths."""
    import matplotlib

    with matplotlib.rc_context(rc_params()):
        if ax is not None:
            if title:  # a figure-level title at the left edge, wrapped to the figure width
                chars = max(30, int(fig.get_figwidth() * 72 / (11 * 0.55)))
                fig.suptitle("\n".join(textwrap.wrap(title, chars)), x=0.01, ha="left", fontsize=11)
            if xlabel is not None:
                ax.set_xlabel(xlabel)
            if ylabel is not None:
                ax.set_ylabel(ylabel)
        note = source_note(source, synthetic)
        width_chars = max(40, int(fig.get_figwidth() * 72 / (NOTE_SIZE * 0.52)))
        lines = textwrap.wrap(note, width_chars) if note else []
        bottom = (len(lines) * NOTE_SIZE * 1.35 + 4) / 72 / fig.get_figheight() if lines else 0.0
        fig.tight_layout(rect=(0, bottom, 1, 1))
        if ax is not None and xlabel:  # wrap an x label wider than its axes, then lay out again
            width = ax.get_position().width * fig.get_figwidth() * 72
            chars = max(20, int(width / (10 * 0.55)))
            if len(xlabel) > chars:
                ax.set_xlabel("\n".join(textwrap.wrap(xlabel, chars)))
                fig.tight_layout(rect=(0, bottom, 1, 1))
        if lines:
            t = fig.text(0.01, 0.01, "\n".join(lines), fontsize=NOTE_SIZE, ha="left", va="bottom",
                         color="#333333", gid="econ_ai_source_note")
            # measured, not guessed, at the resolution files are saved with (glyph widths differ
            # by several per cent between 100 and 200 dpi): narrower lines until the note fits
            screen_dpi = fig.dpi
            fig.set_dpi(matplotlib.rcParams["savefig.dpi"] if matplotlib.rcParams["savefig.dpi"] != "figure" else screen_dpi)
            fig.canvas.draw()
            r = fig.canvas.get_renderer()
            while t.get_window_extent(r).x1 > 0.985 * fig.bbox.width and width_chars > 20:
                width_chars -= 4
                lines = textwrap.wrap(note, width_chars)
                t.set_text("\n".join(lines))
                bottom = (len(lines) * NOTE_SIZE * 1.35 + 4) / 72 / fig.get_figheight()
                fig.tight_layout(rect=(0, bottom, 1, 1))
                fig.canvas.draw()
            fig.set_dpi(screen_dpi)
    return save(fig, path, formats) if path is not None else []


def save(fig, path: str | Path, formats: Sequence[str] | None = None) -> list[Path]:
    """Save a finished figure: ``path`` with a suffix writes that file, without one every
    format of ``formats`` (default PNG and PDF). PDFs/SVGs carry no date (stable bytes)."""
    import matplotlib

    with matplotlib.rc_context(rc_params()):
        path = Path(path)
        if path.suffix.lower() in (".png", ".pdf", ".svg") and formats is None:
            targets = [path]
        else:
            stem = path.with_suffix("") if path.suffix.lower() in (".png", ".pdf", ".svg") else path
            targets = [stem.with_name(f"{stem.name}.{f}") for f in (formats or FORMATS)]
        written = []
        for t in targets:
            t.parent.mkdir(parents=True, exist_ok=True)
            meta = {"CreationDate": None} if t.suffix == ".pdf" else ({"Date": None} if t.suffix == ".svg" else {})
            fig.savefig(t, metadata=meta)
            written.append(t)
        return written
