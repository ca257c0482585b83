"""NBB model codes -> schema (or excluded)."""

import pytest

from econ_ai.data.nbb_formats import models


@pytest.mark.parametrize("code, schema, kind", [
    ("m02-f", "full", "company"), ("m82-f", "full", "company"), ("M02-F", "full", "company"),
    ("m01-f", "abbreviated", "company"), ("m81-f", "abbreviated", "company"),
    ("m07-f", "micro", "company"), ("m87-f", "micro", "company"), ("m87", "micro", "company"),
    ("VOL", "full", "company"), ("VKT-inb", "abbreviated", "company"), ("MIC", "micro", "company"),
    ("m04-f", None, "association"), ("m05-f", None, "association"), ("m08-f", None, "association"),
    ("npo", None, "association"), ("m90-f", None, "other"), ("xyz", None, "other"), (None, None, "other"),
])
def test_classify(code, schema, kind):
    assert models.classify_any(code) == (schema, kind)


@pytest.mark.parametrize("href, code", [
    ("http://www.nbb.be/be/fr/cbso/fws/23.0/mod/m87/m87-f.xsd", "m87-f"),
    ("http://www.nbb.be/be/fr/cbso/fws/26.0/mod/m01/m01-f.xsd", "m01-f"),
    ("http://www.nbb.be/be/fr/pfs/npo/full/pfs-npo-full-2017-04-01.xsd", "npo"),
    ("http://www.nbb.be/be/fr/pfs/ci/full/pfs-full-2017-04-01.xsd", "VOL"),
    ("http://www.nbb.be/be/fr/pfs/ci/abbr/pfs-abbr-2017-04-01.xsd", "VKT"),
    ("http://example.org/other.xsd", None),
])
def test_schema_ref(href, code):
    assert models.from_schema_ref(href) == code
