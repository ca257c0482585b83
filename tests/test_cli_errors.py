"""No traceback, ever (issue 15): every case of the issue through the command line gives an
``error:`` line naming the file (and line where there is one) and a non-zero exit; the
last-resort handler says "internal error" and is reached by genuine bugs only."""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import pytest

import econ_ai.cli as cli
from econ_ai.cli import main

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "fixtures" / "specs" / "valid"
PANEL = ROOT / "fixtures" / "specs" / "data" / "panel.csv"

BASE = """kind: fe_ols
data: {data}
panel: {{unit: firm, time: year}}
regressors: [ai]
controls: [log(employees)]
absorb: [nace3]
vcov: hc1
models:
  - {{name: Turnover, outcome: log(turnover)}}
"""


def _fails(capsys, argv, *needles, code=2):
    rc = main([str(a) for a in argv])
    cap = capsys.readouterr()
    err = cap.err
    assert rc == code, (rc, err[-2000:])
    assert "Traceback" not in err and "internal error" not in err, err
    for n in needles:
        assert n in err, (n, err[-2000:])
    return err


@pytest.fixture()
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(PANEL, tmp_path / "panel.csv")
    return tmp_path


def _spec(work, text, name="s.yaml"):
    p = work / name
    p.write_text(text, encoding="utf-8")
    return p


# -- spec files ---------------------------------------------------------------------------
def test_published_model_list_is_a_clean_error(work, capsys):
    p = _spec(work, BASE.format(data="panel.csv") + "published: [{model: [all], term: ai}]\n")
    _fails(capsys, ["validate", p], "s.yaml:", "published[0].model", "model is one model name")


def test_a_300_character_data_file_name(work, capsys):
    p = _spec(work, BASE.format(data="x" * 300 + ".csv"))
    _fails(capsys, ["validate", p], "s.yaml", "data")
    _fails(capsys, ["run", p, "-q"], "s.yaml", "data")


@pytest.mark.parametrize("tagged", ["!!int abc", "!!bool maybe", "!!timestamp 2020-13-45",
                                    "!!float x1"])
def test_bad_yaml_tags(work, capsys, tagged):
    p = _spec(work, BASE.format(data="panel.csv") + f"title: {tagged}\n")
    _fails(capsys, ["validate", p], "s.yaml:10:", "cannot read")


def test_a_folder_as_spec(work, capsys):
    (work / "d.yaml").mkdir()
    _fails(capsys, ["validate", work / "d.yaml"], "d.yaml", "folder")
    _fails(capsys, ["run", work / "d.yaml"], "d.yaml", "folder")


def test_a_spec_over_one_megabyte(work, capsys):
    p = _spec(work, BASE.format(data="panel.csv") + "title: '" + "x" * 1_100_000 + "'\n")
    _fails(capsys, ["validate", p], "s.yaml", "limited to 1,000,000 bytes")


@pytest.mark.parametrize("snippet,needle", [
    ("regressors: &r [*r]\n", "recursive alias"),
    ("x: " + "[" * 500 + "]" * 500 + "\n", "nest more than"),
    ("controls: ['" + "log(" * 400 + "employees" + ")" * 400 + "']\n", "nest more than"),
    ("sample: ['" + "(" * 340 + "year > 1" + ")" * 340 + "']\n", "nest more than"),
    ("sample: ['" + " and ".join(["year > 1"] * 1000) + "']\n", "at most 64"),
    ("sample: ['" + "not " * 1000 + "year > 1']\n", "nest more than"),
    ("sample: ['year > 1e999']\n", "out of range"),
    ("sample: ['year > " + "9" * 5000 + "']\n", "more than 40 characters"),
])
def test_unbounded_input_is_refused_with_the_line(work, capsys, snippet, needle):
    text = BASE.format(data="panel.csv").replace("regressors: [ai]\n", "").replace(
        "controls: [log(employees)]\n", "")
    if not snippet.startswith(("regressors", "controls")):
        text += "regressors: [ai]\n"
    p = _spec(work, text + snippet)
    err = _fails(capsys, ["validate", p], needle)
    assert "s.yaml:" in err and err.split("s.yaml:")[1][:1].isdigit()  # a line number


def test_alias_bombs_are_refused_before_expansion(work, capsys):
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n"
    for i, prev in zip("bcdefghij", "abcdefghi"):
        bomb += f"{i}: &{i} [{', '.join(['*' + prev] * 9)}]\n"
    p = _spec(work, BASE.format(data="panel.csv") + "report:\n  labels: {}\n" + bomb)
    err = _fails(capsys, ["validate", p], "aliases expand to more than")
    assert "s.yaml:" in err


# -- data files -----------------------------------------------------------------------------
@pytest.mark.parametrize("content,needle", [
    (b"", "empty file"),
    (b"  \n\n \t\n", "empty file"),
    ("firm,year,x\n1,2,3\n".encode("utf-16"), "UTF-16"),
    ("firm,ann\xe9e,x\n1,2,3\n".encode("latin-1"), "not UTF-8"),
    (b"firm,year,x,x\n1,2,3,4\n", "duplicate column name(s) 'x'"),
])
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_csv_files(work, capsys, content, needle, command):
    (work / "bad.csv").write_bytes(content)
    p = _spec(work, BASE.format(data="bad.csv"))
    err = _fails(capsys, [command, p, "-q"], "bad.csv", needle)
    if needle != "UTF-16":
        assert "bad.csv:1" in err or "empty" in err


def test_duplicate_columns_in_parquet(work, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table([[1], [2], [3]], names=["firm", "x", "x"]), work / "d.parquet")
    p = _spec(work, BASE.format(data="d.parquet"))
    _fails(capsys, ["validate", p], "d.parquet", "duplicate column")


def test_compressed_csv_is_read(work, capsys):
    raw = PANEL.read_bytes()
    (work / "p.csv.gz").write_bytes(gzip.compress(raw))
    with zipfile.ZipFile(work / "p.csv.zip", "w") as zf:
        zf.writestr("panel.csv", raw)
    for name in ("p.csv.gz", "p.csv.zip"):
        p = _spec(work, BASE.format(data=name), name=f"{name}.yaml")
        assert main(["validate", str(p)]) == 0
        assert main(["run", str(p), "-q", "--format", "json", "-o", str(work / "o.json")]) == 0
        assert json.loads((work / "o.json").read_text())["models"][0]["nobs"] > 0
    (work / "p.csv.7z").write_bytes(raw)
    p = _spec(work, BASE.format(data="p.csv.7z"))
    _fails(capsys, ["validate", p], "s.yaml", "unsupported data file")


def test_empty_sample_names_the_filter_and_the_near_miss(work, capsys):
    p = _spec(work, BASE.format(data="panel.csv") + "sample: [\"region == 'Flandres'\"]\n")
    _fails(capsys, ["run", p, "-q"], "s.yaml", "Turnover", "panel.csv",
           "the sample filter 'region == 'Flandres'' removed the last",
           "did you mean 'Flanders'?")


def test_filter_values_round_trip_through_their_display_form():
    from hypothesis import given, settings, strategies as st

    from econ_ai.spec.filters import parse_filter

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**30, 10**30),
                     st.text(alphabet=st.characters(blacklist_characters="'\"\x00",
                                                    blacklist_categories=("Cs",)), max_size=20)),
           st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
    def check(value, op):
        from econ_ai.spec.filters import render_literal

        tree = parse_filter(f"year {op} {render_literal(value)}")
        assert parse_filter(tree.text) == tree

    check()


# -- options and other commands --------------------------------------------------------------
@pytest.mark.parametrize("scale", ["0", "2", "-1", "1.5", "nan", "inf", "abc"])
@pytest.mark.parametrize("command", [["run", "SPEC"], ["validate", "SPEC"], ["data", "synth"],
                                     ["data", "calibration"], ["reproduce"]])
def test_bad_scale(work, capsys, scale, command):
    argv = [str(VALID / "02_growth_fe_ols.yaml") if a == "SPEC" else a for a in command]
    with pytest.raises(SystemExit) as ex:
        main([*argv, f"--scale={scale}"])
    assert ex.value.code == 2
    err = capsys.readouterr().err
    assert "--scale" in err and "Traceback" not in err


@pytest.mark.parametrize("content,needle", [
    (None, "results file not found"), ("", "empty results file"), ("{", "r.json:1:2: invalid JSON"),
    ("[1, 2]", "expected a JSON object"), ('"x"', "expected a JSON object"),
    ('{"a": 1}', "not an econ_ai results file"), ('{"models": [{"x": 1}]}', "r.json"),
    ('{"models": 3}', "r.json"),
])
def test_table_on_bad_results_files(work, capsys, content, needle):
    if content is not None:
        (work / "r.json").write_text(content)
    _fails(capsys, ["table", work / "r.json", "--format", "markdown"], needle)


def test_unwritable_output_is_a_clean_error(work, capsys):
    (work / "out").write_text("a file, not a folder")
    _fails(capsys, ["run", VALID / "02_growth_fe_ols.yaml", "-q", "-o", work / "out" / "x.txt"],
           "out/x.txt", "cannot write")


def test_csv_output_neutralises_formulas_and_keeps_numbers(work, capsys):
    p = _spec(work, BASE.format(data="panel.csv").replace("Turnover", "=HYPERLINK(\"x\")")
              + "report: {labels: {ai: '@SUM(A1)', log(employees): '-2+3'}}\n")
    p.write_text(p.read_text().replace('name: =HYPERLINK("x")', "name: '=HYPERLINK(\"x\")'"))
    assert main(["run", str(p), "-q", "--format", "csv", "-o", str(work / "t.csv")]) == 0
    import csv

    rows = list(csv.reader((work / "t.csv").open()))
    cells = [c for r in rows for c in r]
    assert "'=HYPERLINK(\"x\")" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    negatives = [c for c in cells if c.startswith("-")]
    assert negatives and all(float(c) < 0 for c in negatives)  # numbers untouched


def test_figure_labels_are_plain_text_unless_math_is_asked_for(tmp_path):
    from econ_ai.report.style import figure_style, new_figure

    for math, label in ((False, r"$\frac{$"), (False, "Cost in $ and $"), (True, r"$\alpha$")):
        with figure_style(math=math):
            fig, ax = new_figure()
            ax.set_title(label)
            fig.savefig(tmp_path / "f.png")  # a bad mathtext label would raise here
            assert ax.title._get_wrap_line_width() > 0 or True
            assert fig.texts is not None
    import matplotlib

    with figure_style():
        assert matplotlib.rcParams["text.parse_math"] is False
    with figure_style(math=True):
        assert matplotlib.rcParams["text.parse_math"] is True
        fig, ax = new_figure()
        ax.set_title(r"$\frac{$")
        with pytest.raises(ValueError):
            fig.savefig(tmp_path / "g.png")


def test_the_last_resort_handler_reports_an_internal_error(monkeypatch, capsys):
    def boom(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli, "cmd_validate", boom)
    monkeypatch.delenv("ECON_AI_DEBUG", raising=False)
    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with(parser(), boom))
    assert main(["validate", "x.yaml"]) == 70
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: a bug" in err and "open an issue" in err


def _with(parser, fn):
    parser.set_defaults(func=fn)
    for action in parser._subparsers._group_actions:
        for sub in action.choices.values():
            sub.set_defaults(func=fn)
    return parser


@pytest.mark.parametrize("seed", ["-1", "x", "1.5", str(2**64)])
def test_bad_seed(capsys, seed):
    with pytest.raises(SystemExit) as ex:
        main(["data", "synth", "--scale", "0.01", f"--seed={seed}"])
    assert ex.value.code == 2 and "--seed" in capsys.readouterr().err


def test_reproduce_without_specs_and_unwritable_outputs(work, capsys):
    _fails(capsys, ["reproduce", "--specs", work / "none", "-q"], "none", "no such file or folder")
    (work / "empty").mkdir()
    _fails(capsys, ["reproduce", "--specs", work / "empty", "-q"], "empty", "holds no spec files")
    (work / "f").write_text("x")
    _fails(capsys, ["data", "synth", "--scale", "0.01", "-o", work / "f", "-q"], "f", "exists")
    specs = work / "specs"
    specs.mkdir()
    shutil.copy(VALID / "06_describe.yaml", specs / "a.yaml")
    _fails(capsys, ["reproduce", "--specs", specs, "-o", work / "f" / "out", "-q"], "f/out")


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.glob("*.yaml")))
def test_an_emptied_sample_in_every_kind_is_a_clean_error(tmp_path, capsys, name):
    import yaml

    (tmp_path / "valid").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(PANEL, tmp_path / "data" / "panel.csv")
    d = yaml.safe_load((VALID / name).read_text())
    d["sample"] = ["year > 3000"]
    for m in d.get("models", []):
        m.pop("sample", None)
    p = tmp_path / "valid" / name
    p.write_text(yaml.safe_dump(d, sort_keys=False))
    rc = main(["run", str(p), "-q"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    if d["kind"] == "describe":  # a descriptive table of an empty sample is a table
        assert rc == 0
    else:
        assert rc == 2 and name in err and "panel.csv" in err
        if d["kind"] != "top_quantile":
            assert "the sample filter 'year > 3000' removed the last" in err
