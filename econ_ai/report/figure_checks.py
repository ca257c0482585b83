"""Layout checks of a finished figure, from matplotlib's own extents (not pixel goldens).

``layout_problems(fig)`` draws the figure once at its fixed size and returns plain-text
problems: text cut off by the figure edge ("publishec"), two labels on top of each other
(a bar's label on a whisker's label), and a legend drawn over the data. Tests assert the list
is empty; ``finish`` uses ``clipped_texts`` to re-wrap a note that would be cut off.
"""

from __future__ import annotations

from collections.abc import Iterable

TOL = 1.0  # pixels of slack for anti-aliasing
EDGE = 0.005  # a text this close to the right or top edge (share of the figure) counts as cut off


SAVE_DPI = 200  # the style's savefig.dpi: glyph widths at 100 dpi are several per cent narrower


def _renderer(fig):
    fig.set_dpi(SAVE_DPI)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _hidden_ticklabels(fig) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (ticks outside the view limits)."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            drawn = {id(t.label1) for t in axis._update_ticks()} | {id(t.label2) for t in axis._update_ticks()}
            for t in axis.get_major_ticks() + axis.get_minor_ticks():
                for lab in (t.label1, t.label2):
                    if id(lab) not in drawn or not lab.get_visible():
                        hidden.add(id(lab))
    return hidden


def _texts(fig) -> list:
    hidden = _hidden_ticklabels(fig)
    out = []
    for t in fig.findobj(lambda a: hasattr(a, "get_window_extent") and a.__class__.__name__ in ("Text", "Annotation")):
        if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0 and id(t) not in hidden:
            out.append(t)
    return out


def _name(t) -> str:
    s = t.get_text().replace("\n", " ")
    return repr(s if len(s) <= 40 else s[:37] + "...")


def clipped_texts(fig, renderer=None) -> list:
    """Texts whose extent leaves the figure."""
    r = renderer or _renderer(fig)
    W, H = fig.bbox.width, fig.bbox.height
    mx, my = EDGE * W, EDGE * H  # text widths change a little with the resolution of the saved file
    out = []
    for t in _texts(fig):
        b = t.get_window_extent(r)
        if b.x0 < -TOL or b.y0 < -TOL or b.x1 > W - mx or b.y1 > H - my:
            out.append(t)
    return out


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > TOL and h > TOL else 0.0


def _data_boxes(ax, r) -> list:
    """Extents of what an axes plots: markers and lines (point by point), bars, error bars."""
    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    boxes = []
    for line in ax.get_lines():  # data lines point by point; reference lines (zero) as segments
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if line.get_linestyle() not in ("None", "none", "") and len(xy) >= 2:
            for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:]):
                n = max(2, int(max(abs(x1 - x0), abs(y1 - y0)) // 4))
                for x, y in zip(np.linspace(x0, x1, n), np.linspace(y0, y1, n)):
                    boxes.append(Bbox([[x - 1.5, y - 1.5], [x + 1.5, y + 1.5]]))
        else:
            for x, y in xy:
                boxes.append(Bbox([[x - 3, y - 3], [x + 3, y + 3]]))
    for p in ax.patches:
        if isinstance(p, Rectangle) and p.get_visible() and p.get_height() and p.get_width():
            boxes.append(p.get_window_extent(r))
    for c in ax.collections:
        if isinstance(c, (LineCollection, PolyCollection)) and c.get_visible():
            for path in c.get_paths():
                v = c.get_transform().transform(path.vertices)
                if len(v):
                    boxes.append(Bbox([v.min(axis=0) - 1, v.max(axis=0) + 1]))
    return boxes


def overlapping_texts(fig, renderer=None, ignore: Iterable[str] = ()) -> list[tuple]:
    """Pairs of texts that overlap (tick labels of one axis are not compared with each other)."""
    r = renderer or _renderer(fig)
    texts = [t for t in _texts(fig) if t.get_text() not in ignore]
    boxes = [t.get_window_extent(r) for t in texts]
    out = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _overlap(boxes[i], boxes[j]) > 0:
                out.append((texts[i], texts[j]))
    return out


def layout_problems(fig) -> list[str]:
    """Problems of the figure drawn at the resolution it is saved with (its size in inches is fixed)."""
    r = _renderer(fig)
    problems = [f"text cut off by the figure edge: {_name(t)}" for t in clipped_texts(fig, r)]
    problems += [f"labels overlap: {_name(a)} and {_name(b)}" for a, b in overlapping_texts(fig, r)]
    for ax in fig.axes:
        ticks = set(map(id, ax.get_xticklabels() + ax.get_yticklabels()))
        data = _data_boxes(ax, r)
        for t in _texts(fig):  # an annotation or value label drawn on a bar, whisker or line
            if t.axes is ax and id(t) not in ticks and t not in (ax.title, ax.xaxis.label, ax.yaxis.label) \
                    and (ax.get_legend() is None or t not in ax.get_legend().get_texts()) \
                    and any(_overlap(t.get_window_extent(r), b) > 2 for b in data):
                problems.append(f"label {_name(t)} drawn over the data")
        leg = ax.get_legend()
        if leg is None or not leg.get_visible():
            continue
        lb = leg.get_window_extent(r)
        if any(_overlap(lb, b) > 0 for b in data):
            problems.append(f"legend drawn over the data of axes {ax.get_title() or ax.get_ylabel()!r}")
        for t in _texts(fig):  # a legend over an annotation or a value label
            if t.axes is ax and t not in leg.get_texts() and t is not leg.get_title() \
                    and t not in ax.get_xticklabels() + ax.get_yticklabels() \
                    and _overlap(lb, t.get_window_extent(r)) > 0:
                problems.append(f"legend covers the label {_name(t)}")
    return problems
