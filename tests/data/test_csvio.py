"""Strict CSV reading: BOM, quotes, NULLs, dates, numbers, structure errors with line/column."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from econ_ai.data import csvio
from econ_ai.errors import DataError


def write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_bom_quotes_nulls(tmp_path):
    p = write(tmp_path, b'\xef\xbb\xbf"A","B","C"\n"1","x, ""y""",\n"2","",03-04-2020\n')
    t = csvio.read_text_table(p, required=["A", "B", "C"])
    assert list(t.df.columns) == ["A", "B", "C"]          # BOM not glued to the first name
    assert t.df["B"].tolist()[0] == 'x, "y"'                # quoted comma and escaped quote
    assert t.df["C"].isna().tolist() == [True, False]      # unquoted empty = NULL
    assert t.df["B"].isna().tolist() == [False, True]      # quoted empty = NULL too
    d = csvio.parse_dates(t, "C")
    assert pd.isna(d.iloc[0]) and d.iloc[1] == pd.Timestamp("2020-04-03")


def test_line_numbers_follow_quoted_line_breaks(tmp_path):
    p = write(tmp_path, b'"A","B"\n"1","two\nlines"\n"2","x"\n"3","bad"\n')
    t = csvio.read_text_table(p, required=["A", "B"])
    assert len(t.df) == 3
    assert t.line_of(0) == 2 and t.line_of(1) == 4 and t.line_of(2) == 5
    with pytest.raises(DataError) as e:
        csvio.check_allowed(t, "B", ["x", "two\nlines"])
    assert str(e.value) == f"{p}:5:2: column 'B': unknown value 'bad'"


def test_optional_columns_added(tmp_path):
    p = write(tmp_path, b'"A"\n"1"\n')
    t = csvio.read_text_table(p, required=["A"], optional=["Source"])
    assert t.df["Source"].isna().all()


def test_unknown_column_when_extras_not_allowed(tmp_path):
    p = write(tmp_path, b'"A","Bx"\n"1","2"\n')
    with pytest.raises(DataError, match=r":1:2: unknown column 'Bx'"):
        csvio.read_text_table(p, required=["A"], optional=["B"], allow_extra=False)


def test_too_many_fields(tmp_path):
    p = write(tmp_path, b'"A","B"\n"1","2"\n"3","4","5"\n')
    with pytest.raises(DataError) as e:
        csvio.read_text_table(p, required=["A", "B"])
    assert str(e.value) == f"{p}:3:3: too many fields: 3 (header has 2)"


def test_duplicate_header(tmp_path):
    p = write(tmp_path, b'"A","A"\n"1","2"\n')
    with pytest.raises(DataError, match="column 'A' appears twice"):
        csvio.read_text_table(p, required=["A"])


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        csvio.read_text_table(tmp_path / "nope.csv", required=["A"])


def test_header_only_is_empty_table(tmp_path):
    p = write(tmp_path, b'"A","B"\n')
    t = csvio.read_text_table(p, required=["A", "B"])
    assert len(t.df) == 0


def test_utf8_error_position(tmp_path):
    data = b'"A"\n"ok"\n"caf\xe9"\n'
    p = write(tmp_path, data)
    with pytest.raises(DataError) as e:
        csvio.read_text_table(p, required=["A"])
    pos = data.index(b"\xe9")
    assert str(e.value) == f"{p}:3:5: not UTF-8 at byte {pos} (line 3)"


def test_numbers(tmp_path):
    p = write(tmp_path, b'"V"\n"1.5"\n"-2e3"\n""\n')
    t = csvio.read_text_table(p, required=["V"])
    v = csvio.parse_numbers(t, "V")
    assert v[0] == 1.5 and v[1] == -2000.0 and np.isnan(v[2])


def test_unique_and_required(tmp_path):
    p = write(tmp_path, b'"K","V"\n"a","1"\n"b",\n"a","3"\n')
    t = csvio.read_text_table(p, required=["K", "V"])
    with pytest.raises(DataError) as e:
        csvio.check_unique(t, ["K"])
    assert str(e.value) == f"{p}:4: duplicate key K='a' (first on line 2)"
    with pytest.raises(DataError) as e:
        csvio.require_values(t, ["V"])
    assert str(e.value) == f"{p}:3:2: column 'V': empty value where one is required"


def test_blank_lines_do_not_shift_line_numbers(tmp_path):
    p = write(tmp_path, b'"A"\n"x"\n\n"bad"\n')
    t = csvio.read_text_table(p, required=["A"])
    assert len(t.df) == 2 and t.line_of(1) == 4


def test_positions_and_arrow_text():
    idx = pd.Series(["0200.065.765", "0456.789.123", "0999.999.999"])
    vals = pd.Series(["0456.789.123", "0111.111.111", None, "0200.065.765"], dtype=object)
    assert csvio.positions(vals, idx).tolist() == [1, -1, -1, 0]
    assert csvio.positions(vals.astype("str"), idx.astype(object)).tolist() == [1, -1, -1, 0]
    assert csvio.arrow_text(pd.Series(["a", np.nan, 3], dtype=object)).to_pylist() == ["a", None, None]


def test_dates_repeat_and_the_first_bad_row_is_named(tmp_path):
    rows = "".join(f'"{i}",{d}\n' for i, d in enumerate(["01-02-2020", "29-02-2020", "01-02-2020", "", "15-07-1999"]))
    t = csvio.read_text_table(write(tmp_path, b'"Id","D"\n' + rows.encode()), required=["Id", "D"])
    d = csvio.parse_dates(t, "D")
    assert d.dt.strftime("%Y-%m-%d").tolist()[:3] == ["2020-02-01", "2020-02-29", "2020-02-01"]
    assert d.isna().tolist() == [False, False, False, True, False]
    bad = rows + '"5",29-02-2021\n"6",01-02-2020\n"7",29-02-2021\n'
    t = csvio.read_text_table(write(tmp_path, b'"Id","D"\n' + bad.encode()), required=["Id", "D"])
    with pytest.raises(DataError, match=r"t.csv:7:2: column 'D': bad date '29-02-2021' \(expected dd-mm-yyyy\)"):
        csvio.parse_dates(t, "D")
