"""The table model: plain frozen dataclasses that every renderer draws (no formatting logic)."""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- the table model
@dataclass(frozen=True)
class Cell:
    """One cell. ``nums`` are formatted numbers filled into ``template`` (``"({0})"``,
    ``"[{0}, {1}]"``); otherwise ``text`` is literal text, escaped by each renderer."""

    text: str = ""
    nums: tuple[str, ...] = ()
    template: str = "{0}"
    stars: str = ""
    role: str = "text"  # estimate | below | stat | text

    @property
    def empty(self) -> bool:
        return not self.text and not self.nums


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    role: str = "coef"  # coef | below | fe | vcov | stat | names | record
    term: str = ""


@dataclass(frozen=True)
class Section:
    """A block of rows; renderers draw a rule between sections (coef | fe | vcov | stats ...)."""

    name: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class HeaderCell:
    text: str
    span: int = 1
    rule: bool = False  # a \cmidrule under a column group


@dataclass(frozen=True)
class Panel:
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Layout:
    """How wide tables are drawn: ``siunitx`` decimal-aligned S columns (LaTeX), ``wide``
    (``auto``: shrunk to the line width only when wider | ``none`` | ``resizebox``: always the
    line width | ``landscape`` page), ``wrap`` characters
    per line before a header or row label wraps."""

    siunitx: bool = False
    wide: str = "auto"
    wrap: int = 24


@dataclass(frozen=True)
class TableModel:
    """``header`` rows cover the data columns only; ``stub`` heads the label column (last
    header row). Panels share the columns by position."""

    title: str
    header: tuple[tuple[HeaderCell, ...], ...]
    panels: tuple[Panel, ...]
    ncols: int
    stub: str = ""
    notes: tuple[str, ...] = ()
    label: str = ""
    threeparttable: bool = False
    kind: str = "regression"  # regression | records
    header_stubs: tuple[str, ...] = ()  # text in the label column of each header row ('' = none)
    layout: Layout = Layout()

    def header_stub(self, i: int) -> str:
        """The label-column text of header row ``i`` (the ``stub`` heads the last one)."""
        s = self.header_stubs[i] if i < len(self.header_stubs) else ""
        if i == len(self.header) - 1 and self.stub:
            return self.stub
        return s


# --------------------------------------------------------------------------- the tidy model
TIDY_COLUMNS = ("spec", "model", "quantity", "term", "label", "estimate", "std_error", "statistic", "p_value",
                "ci_low", "ci_high")

@dataclass(frozen=True)
class TidyRow:
    """One model x term (or statistic) at full precision: what the CSV lists."""

    spec: str
    model: str
    quantity: str  # coef | ame | or | stat
    term: str
    label: str
    values: tuple  # estimate, std_error, statistic, p_value, ci_low, ci_high (stats: value only)


@dataclass(frozen=True)
class TidyTable:
    columns: tuple[str, ...]
    rows: tuple[TidyRow, ...]
    record_keys: tuple[str, ...] = ()
    records: tuple[tuple[str, str, str, tuple], ...] = ()  # (spec, model, table, values by record_keys)


# --------------------------------------------------------------------------- the summary model
@dataclass(frozen=True)
class SummaryLine:
    """One coefficient line of a text summary (numbers already formatted)."""

    term: str
    estimate: str
    std_error: str
    statistic: str
    p_value: str
    stars: str


@dataclass(frozen=True)
class ModelSummary:
    """A fixest-like summary of one model: head lines, a coefficient block per quantity,
    fit lines, and the sample log (one line, or every step with ``verbose``)."""

    head: tuple[str, ...]
    blocks: tuple[tuple[str, str, tuple[SummaryLine, ...]], ...]  # (title, statistic name, lines)
    fit: tuple[str, ...]
    sample: tuple[str, ...]
    records: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    head: tuple[str, ...]
    models: tuple[ModelSummary, ...]
    footer: tuple[str, ...] = ()
