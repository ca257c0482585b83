"""Consult CSV export reader, on the rendering of a real micro filing (fixtures/nbb/real)."""

from datetime import date
from pathlib import Path

import pytest

from econ_ai.data.nbb_formats import consult_csv
from econ_ai.errors import DataError

REAL = Path(__file__).resolve().parents[3] / "fixtures/nbb/real"
CSV = REAL / "consult_2023-00123456.csv"


def test_real_rendering():
    f = consult_csv.parse(CSV.read_text(encoding="utf-8"), str(CSV))
    assert (f.reference, f.enterprise, f.dotted) == ("2023-00123456", "0925590628", "0925.590.628")
    assert (f.start, f.end, f.model, f.schema, f.currency, f.deposit_type) == (
        date(2022, 1, 1), date(2022, 12, 31), "m87-f", "micro", "EUR", "initial")
    assert f.values[("9900", "N")] == 48786.15 and f.values[("9901", "N-1")] == -103554.87   # 9901P
    assert ("Entity name", "N") not in f.values and ("Legal form", "N") not in f.values


def test_semicolons_comma_decimals_and_correction():
    text = ('"Reference number";"2024-00000007"\n"Entity number";"0200065765"\n'
            '"Accounting period end date";"31-12-2023"\n"Model code";"m81-f"\n"Deposit type";"Correction"\n'
            '"9900";"1 234,50"\n"1003P";"2,5"\n')
    f = consult_csv.parse(text, "x.csv")
    assert f.values == {("9900", "N"): 1234.5, ("1003", "N-1"): 2.5}
    assert f.deposit_type == "correction" and f.end == date(2023, 12, 31) and f.schema == "abbreviated"


@pytest.mark.parametrize("text, message", [
    ('"Reference number","R"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n"70","1"\n',
     r"x.csv: no 'Entity number' header row"),
    ('"Entity number","02000657"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n',
     r"x.csv:1: field 'Entity number': bad enterprise number '02000657'"),
    ('"Entity number","0200065765"\n"Model code","m02-f"\n"Accounting period end date","2023-31-12"\n',
     r"x.csv:3: field 'Accounting period end date': bad date"),
    ('"Entity number","0200065765"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n'
     '"70","12a"\n', r"x.csv:4: field 'value of 70': not a number: '12a'"),
    ('"Entity number","0200065765"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n'
     '"70","1"\n"70","2"\n', r"x.csv:5: rubric 70 given twice with different values \(first at line 4\)"),
    ('"Entity number","0200065765"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n',
     r"no 'Reference number' header row and none in the file name"),
])
def test_errors_name_file_line_field(text, message):
    with pytest.raises(DataError, match=message):
        consult_csv.parse(text, "x.csv")


def test_reference_from_file_name():
    text = '"Entity number","0200065765"\n"Model code","m02-f"\n"Accounting period end date","2023-12-31"\n"70","5"\n'
    assert consult_csv.parse(text, "dir/2024-00012345.csv").reference == "2024-00012345"


def test_fast_and_full_parser_agree():
    text = CSV.read_text(encoding="utf-8")
    fast = consult_csv.parse(text, "a.csv")
    # a quoted comma in a header value sends the file through the csv module
    slow = consult_csv.parse(text.replace('"CALYX WORKS"', '"CALYX, WORKS ""BV"""'), "a.csv")
    assert consult_csv._fast(text, "a.csv") is not None
    assert consult_csv._fast(text.replace('"CALYX WORKS"', '"CALYX ""W"""'), "a.csv") is None
    assert (fast.values, fast.reference, fast.end, fast.model) == (slow.values, slow.reference, slow.end, slow.model)


@pytest.mark.parametrize("raw, value", [("1.234,56", 1234.56), ("1,234.56", 1234.56), ("-12,5", -12.5),
                                        ("1 000", 1000.0), ("", None)])
def test_number_formats(raw, value):
    from econ_ai.data.nbb_formats.filing import parse_number

    assert parse_number(raw, file="x") == value
