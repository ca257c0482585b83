"""Reporting: ResultSets -> tables (LaTeX, Markdown, HTML, CSV, JSON) and figures.

Import what you need from the submodules (kept out of this file so that importing the package
stays light: matplotlib loads only with ``figures`` / ``style``)::

    from econ_ai.report.render import render, write      # the one entry point for tables
    from econ_ai.report.tables import build_tables, TableModel, ReportOptions
    from econ_ai.report.latex import escape_latex
    from econ_ai.report.style import figure_style, new_figure, finish
    from econ_ai.report.figures import coefplot
"""
