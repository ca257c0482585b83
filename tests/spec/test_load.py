"""YAML loading with line numbers (econ_ai.spec.load)."""

import pytest

from econ_ai.errors import SpecError
from econ_ai.spec.load import load_file, load_text
from econ_ai.spec.model import Location

TEXT = """\
kind: fe_ols
data: starters
vcov: {cluster: [firm, year]}
models:
  - name: A
    outcome: growth(turnover)
    controls:
      - log(employees)
      - log(tangible_assets)
  - {name: B, outcome: y}
"""


def test_data_and_locations():
    raw = load_text(TEXT, "s.yaml")
    assert raw.data["models"][0]["controls"] == ["log(employees)", "log(tangible_assets)"]
    assert raw.data["vcov"] == {"cluster": ["firm", "year"]}
    assert raw.locations["kind"] == Location("s.yaml", 1, 7)
    assert raw.locations["vcov.cluster[1]"] == Location("s.yaml", 3, 24)
    assert raw.locations["models[0].controls[1]"] == Location("s.yaml", 9, 9)
    assert raw.locations["models[1].outcome"] == Location("s.yaml", 10, 24)
    assert raw.locations["models[1]"] == Location("s.yaml", 10, 5)
    assert raw.key_locations["models[0].outcome"] == Location("s.yaml", 6, 5)
    # nearest located parent
    assert raw.loc("models[1].regressors[0]") == Location("s.yaml", 10, 5)


def test_scalars_are_safe_and_typed():
    raw = load_text("a: 1\nb: 0.5\nc: true\nd: null\ne: '1'\nf: !!python/name:os.system\n"
                    .split("f:")[0])
    assert raw.data == {"a": 1, "b": 0.5, "c": True, "d": None, "e": "1"}
    assert "e" in raw.quoted and "a" not in raw.quoted
    with pytest.raises(SpecError) as info:
        load_text("f: !!python/object/apply:os.system ['true']\n", "x.yaml")
    assert str(info.value) == ("x.yaml:1:4: f: unsupported YAML tag "
                               "'tag:yaml.org,2002:python/object/apply:os.system'; specs hold "
                               "plain data only")


@pytest.mark.parametrize("text, expected", [
    ("a: 1\na: 2\n", "x.yaml:2:1: duplicate key 'a' (first given on line 1)"),
    ("m:\n  b: 1\n  b: 2\n", "x.yaml:3:3: m: duplicate key 'b' (first given on line 2)"),
    ("a: [1, 2\nb: 3\n", "x.yaml:1:4: this list opened with '[' is not closed; close it with ']', or "
     "quote any item that holds ': ' [YAML: expected ',' or ']', but got ':' (while parsing a flow sequence)]"),
    ('a: "x\n', "x.yaml:1:4: this quote is never closed; add the closing quote [YAML: found unexpected end "
     "of stream (while scanning a quoted scalar)]"),
    # plain words for indentation (issue 16)
    ("models:\n  - {name: a}\n   - {name: b}\n", "x.yaml:3:4: this list item is indented deeper than the list "
     "it belongs to (it started on line 2, column 3); give every '- ' item of one list the same indentation "
     "[YAML: expected <block end>, but found '<block sequence start>' (while parsing a block collection)]"),
    ("models:\n  - name: a\n     outcome: b\n", "x.yaml:3:13: this key is indented deeper than the line above "
     "it (line 2); line up the keys of one mapping, or quote the value if it holds ': ' [YAML: mapping values "
     "are not allowed here]"),
    ("title: a: b\n", "x.yaml:1:9: a value holds ': ' (a colon and a space), which YAML reads as a new key; "
     "put the whole value in quotes [YAML: mapping values are not allowed here]"),
    ("a: b\nc\nd: e\n", "x.yaml:2:1: this line is not a 'key: value' pair; write 'key: value', indent it under "
     "the key it belongs to, or make it a list item with '- ' [YAML: could not find expected ':' (while "
     "scanning a simple key)]"),
    ("a:\n  b: 1\n   c: 2\n", None),
    ("a:\n\t- 1\n", "x.yaml:2:1: tab character in indentation; YAML indents with spaces only"),
    ("", "x.yaml:1:1: empty spec file; expected a mapping with at least 'kind', 'data' and "
     "'models'"),
    ("# only a comment\n", "x.yaml:1:1: empty spec file; expected a mapping with at least "
     "'kind', 'data' and 'models'"),
    ("- a\n- b\n", "x.yaml:1:1: the top level of a spec must be a mapping (key: value lines), "
     "found a list"),
    ("just text\n", "x.yaml:1:1: the top level of a spec must be a mapping (key: value lines), "
     "found a single value"),
    ("a: &x 1\n<<: *x\n", "x.yaml:2:1: YAML merge keys '<<' are not supported in specs"),
    ("a: 1\n---\nb: 2\n", "x.yaml:2:1: a spec file holds one YAML document; found a second "
     "one ('---')"),
])
def test_errors(text, expected):
    with pytest.raises(SpecError) as info:
        load_text(text, "x.yaml")
    if expected is None:  # no raw PyYAML jargon left, and a line to look at
        assert "<block" not in str(info.value).split("[YAML:")[0] and info.value.line is not None
        return
    assert str(info.value) == expected


def test_keys_are_text():
    raw = load_text("null: nominal\non: 1\n2019: x\nlabels: {yes: Y}\n")
    assert raw.data == {"null": "nominal", "on": 1, "2019": "x", "labels": {"yes": "Y"}}


def test_file_errors(tmp_path):
    with pytest.raises(SpecError, match="spec file not found"):
        load_file(tmp_path / "nope.yaml")
    p = tmp_path / "latin1.yaml"
    p.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SpecError, match="not UTF-8"):
        load_file(p)
    p.write_text("\ufeffkind: fe_ols\n", encoding="utf-8")
    assert load_file(p).data == {"kind": "fe_ols"}
