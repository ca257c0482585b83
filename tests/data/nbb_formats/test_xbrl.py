"""XBRL reader on two real public instances (fixtures/nbb/real/SOURCE.md): the CBSO dimensional
taxonomy (micro m87-f) and the older pfs taxonomy (an association's full accounts).

The mapping tables are checked against the filings' own statutory identities, which the reader
does not use: a wrong datapoint row would break them."""

from datetime import date
from pathlib import Path

import pytest

from econ_ai.data.nbb_formats import xbrl
from econ_ai.errors import DataError

REAL = Path(__file__).resolve().parents[3] / "fixtures/nbb/real"
CBSO = REAL / "2023-00123456.xbrl"
PFS = REAL / "pfs-npo_2016_0410682657.xbrl"


@pytest.fixture(scope="module")
def micro():
    return xbrl.parse(CBSO.read_bytes(), str(CBSO))


def test_cbso_references(micro):
    assert (micro.fmt, micro.reference, micro.enterprise, micro.model, micro.schema) == (
        "xbrl_cbso", "2023-00123456", "0925590628", "m87-f", "micro")
    assert (micro.start, micro.end, micro.currency) == (date(2022, 1, 1), date(2022, 12, 31), "EUR")


def test_cbso_values_as_in_the_instance(micro):
    v = micro.values
    # read off the instance by hand (contexts with bas:m25/part:m1, bas:m118/ntr:m17/part:m4, ...)
    assert v[("20/58", "N")] == 554894.28 and v[("20/58", "N-1")] == 273907.17
    assert v[("9900", "N")] == 48786.15 and v[("8169", "N")] == 4500.00
    assert ("8169", "N-1") not in v                             # the movement table has no N-1 total


@pytest.mark.parametrize("period", ["N", "N-1"])
def test_cbso_statutory_identities(micro, period):
    v = {r: x for (r, p), x in micro.values.items() if p == period}
    assert v["9901"] == pytest.approx(v["9900"] - v["62"] - v["630"] - v["640/8"], abs=0.005)
    assert v["20/58"] == pytest.approx(v["10/15"] + v["17/49"], abs=0.005)     # no provisions here


def test_pfs_association(tmp_path):
    f = xbrl.parse(PFS.read_bytes(), str(PFS))
    assert (f.fmt, f.kind, f.enterprise, f.end, f.start) == (
        "xbrl_pfs", "association", "0410682657", date(2016, 12, 31), date(2016, 1, 1))
    v = f.values
    # full-scheme identity: 9901 = 70 + 74 - 61 - 62 - 630 - 640/8 (no 60 in this filing)
    assert v[("9901", "N")] == v[("70", "N")] + v[("74", "N")] - v[("61", "N")] - v[("62", "N")] \
        - v[("630", "N")] - v[("640/8", "N")]
    assert (v[("1001", "N")], v[("1002", "N")], v[("1003", "N")]) == (107.5, 16.4, 120.1)
    assert v[("1003", "N-1")] == 110.4 and (v[("8162", "N")], v[("8163", "N")]) == (39705, 31590)


def test_pfs_company_scheme_from_schema_ref(tmp_path):
    data = PFS.read_bytes().replace(b"pfs/npo/full/pfs-npo-full", b"pfs/ci/full/pfs-ci-full")
    f = xbrl.parse(data, "x.xbrl")
    assert (f.kind, f.schema, f.model) == ("company", "full", "VOL")


def test_non_eur_units_set_the_currency():
    data = CBSO.read_bytes().replace(b"iso4217:EUR", b"iso4217:USD")
    assert xbrl.parse(data, "x.xbrl").currency == "USD"


def test_typed_members_summed_for_fte():
    ctx = ('<context id="c{i}"><entity><identifier scheme="http://www.fgov.be">0200065765</identifier></entity>'
           '<period><instant>2023-12-31</instant></period><scenario>'
           '<xbrldi:explicitMember dimension="dim:bas">bas:m73</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:gdr">gdr:m1</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:part">part:m8</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:prd">prd:m1</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:typ">typ:m16</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:wkr">wkr:m1</xbrldi:explicitMember>'
           '<xbrldi:explicitMember dimension="dim:wrg">wrg:m3</xbrldi:explicitMember>'
           '<xbrldi:typedMember dimension="dim:open"><open:d>{i}</open:d></xbrldi:typedMember>'
           '</scenario></context>')
    doc = ('<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi" '
           'xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'xmlns:met="http://www.nbb.be/be/fr/cbso/dict/met" xmlns:open="o">'
           '<link:schemaRef xlink:type="simple" xlink:href="http://www.nbb.be/be/fr/cbso/fws/23.0/mod/m87/m87-f.xsd"/>'
           + ctx.format(i=1) + ctx.format(i=2) + '<unit id="pure"><measure>xbrli:pure</measure></unit>'
           '<met:dec1 contextRef="c1" unitRef="pure" decimals="INF">1.5</met:dec1>'
           '<met:dec1 contextRef="c2" unitRef="pure" decimals="INF">2.0</met:dec1></xbrl>')
    f = xbrl.parse(doc.encode(), "2024-00000001.xbrl")
    assert f.values == {("1003", "N"): 3.5} and f.reference == "2024-00000001"


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><xbrl/>', "DOCTYPE or ENTITY declaration refused"),
    (b"<xbrl><context>", r"x.xbrl:1:\d+: not well-formed XML"),
    (b'<xbrl xmlns="http://www.xbrl.org/2003/instance"></xbrl>', "XBRL instance without contexts"),
])
def test_bad_instances(data, message):
    with pytest.raises(DataError, match=message):
        xbrl.parse(data, "x.xbrl")


def test_pfs_schema_code_when_the_schema_ref_names_no_scheme():
    data = PFS.read_bytes().replace(b"pfs/npo/full/pfs-npo-full-2017-04-01.xsd", b"pfs/ci/2017-04-01/x.xsd")
    assert xbrl.parse(data, "x.xbrl").model is None               # schema code 401: unknown, excluded
    data = data.replace(b"XCode_SchemaCode_401 contextRef=\"CurrentDuration\">401",
                        b"XCode_SchemaCode_40 contextRef=\"CurrentDuration\">40")
    assert xbrl.parse(data.replace(b"XCode_SchemaCode_401>", b"XCode_SchemaCode_40>"), "x.xbrl").schema == "full"
