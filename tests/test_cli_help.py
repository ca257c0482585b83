"""CLI help and messages (issue 16): --version, help for every option without RST markup,
a command list with one line each and examples, near-miss formats, honest cache messages."""

from __future__ import annotations

import argparse

import pytest

from econ_ai.cli import build_parser, main


def _subparsers(parser):
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, p in a.choices.items():
                yield name, p
                yield from ((f"{name} {n}", q) for n, q in _subparsers(p))


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.startswith("econ-ai 0.")


def test_every_option_has_help_without_rst_markup():
    parser = build_parser()
    for name, p in [("", parser), *_subparsers(parser)]:
        text = p.format_help()
        assert "``" not in text and ":func:" not in text, name
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                continue
            assert a.help, f"econ-ai {name}: {a.option_strings or a.dest} has no help text"


def test_top_help_lists_commands_one_line_each_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for cmd in ("validate", "run", "table", "reproduce", "data"):
        (line,) = [ln for ln in out.splitlines() if ln.strip().startswith(cmd + " ")]
        assert len(line.split(None, 1)[1]) > 10  # its one-line description on the same line
    assert "examples:" in out and "econ-ai run specs/08_growth.yaml" in out


def test_bad_format_names_the_near_miss(capsys):
    with pytest.raises(SystemExit):
        main(["run", "x.yaml", "--format", "latx"])
    assert "did you mean 'latex'?" in capsys.readouterr().err


def test_data_synth_says_when_it_reused_the_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ECON_AI_CACHE", str(tmp_path))
    assert main(["data", "synth", "--scale", "0.01", "--seed", "3", "-q"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("synthetic population generated and cached at ")
    assert main(["data", "synth", "--scale", "0.01", "--seed", "3", "-q"]) == 0
    assert capsys.readouterr().out.startswith("reused the cached synthetic population at ")
