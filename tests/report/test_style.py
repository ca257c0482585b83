"""The shared figure style and finish(): note text, saved files, Agg only."""

from __future__ import annotations

import matplotlib

from econ_ai.report.style import (
    GREYS, SYNTHETIC_FIGURE_NOTE, figure_style, finish, new_figure, rc_params, source_note,
)


def test_rc_params_greys_no_top_right_spines():
    rc = rc_params()
    assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
    colours = [c["color"] for c in rc["axes.prop_cycle"]]
    assert colours == list(GREYS)
    for c in colours:  # every colour of the cycle is a grey (r = g = b)
        assert c[1:3] == c[3:5] == c[5:7]


def test_finish_adds_note_and_saves(tmp_path):
    with figure_style():
        fig, ax = new_figure()
        ax.plot([0, 1, 2], [1, 3, 2])
        paths = finish(fig, ax, title="T", xlabel="Year", ylabel="EUR million", source="KBO, NBB",
                       synthetic=True, path=tmp_path / "fig")
    assert [p.name for p in paths] == ["fig.png", "fig.pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and paths[0].stat().st_size > 5000
    assert paths[1].read_bytes()[:5] == b"%PDF-"
    texts = [t.get_text() for t in fig.texts]
    assert any(SYNTHETIC_FIGURE_NOTE in t.replace("\n", " ") for t in texts)
    assert any(t.startswith("Source: KBO, NBB.") for t in texts)
    assert fig.canvas.get_default_filetype() == "png" and type(fig.canvas).__name__ == "FigureCanvasAgg"
    assert matplotlib.get_backend().lower() == "agg" or "matplotlib.pyplot" in __import__("sys").modules


def test_suffix_writes_one_file(tmp_path):
    with figure_style():
        fig, ax = new_figure()
        ax.bar(["a", "b"], [1, 2])
        paths = finish(fig, ax, source="x", path=tmp_path / "one.pdf")
    assert paths == [tmp_path / "one.pdf"] and not (tmp_path / "one.png").exists()


def test_source_note_text():
    assert source_note("KBO", False) == "Source: KBO."
    assert source_note(None, True) == SYNTHETIC_FIGURE_NOTE
