"""One annual-account filing as read from any NBB format, and the value parsers they share.

A :class:`Filing` holds the references of a deposit (reference number, enterprise number,
period, model, deposit type, currency) and its figures as ``{(rubric code, period): value}``
with period ``"N"`` (the fiscal year) or ``"N-1"`` (the comparative column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from econ_ai.data.nbb_formats import models
from econ_ai.errors import DataError

_DIGITS = re.compile(r"\D")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(r"^(\d{2})[-/.](\d{2})[-/.](\d{4})$")
CORRECTION_WORDS = ("correct", "rectif", "verbeter", "wijzig")


@dataclass
class Filing:
    source: str                       # file label (path, or archive.zip!member)
    fmt: str                          # consult_csv | webservice_json | xbrl_cbso | xbrl_pfs
    reference: str                    # NBB reference number, e.g. 2023-00012345
    enterprise: str                   # 10 digits, no dots
    end: date                         # accounting period end date
    model: str | None                 # model code as filed, e.g. m02-f
    start: date | None = None
    deposit_type: str = "initial"     # initial | correction
    deposit_date: str | None = None
    currency: str = "EUR"
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    unmapped: int = 0                 # facts of the file that no table maps to a rubric

    @property
    def schema(self) -> str | None:
        return models.classify_any(self.model)[0]

    @property
    def kind(self) -> str:
        return models.classify_any(self.model)[1]

    @property
    def dotted(self) -> str:
        e = self.enterprise
        return f"{e[:4]}.{e[4:7]}.{e[7:]}"


def enterprise_number(raw, *, file: str, line: int | None = None, what: str = "Entity number") -> str:
    """10 digits from '0123456749', 'BE0123456749', '0123.456.749' or a 9-digit older number."""
    digits = _DIGITS.sub("", str(raw or ""))
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10:
        raise DataError(f"field '{what}': bad enterprise number '{raw}' (expected 10 digits)", file=file, line=line)
    return digits


def parse_date(raw, *, file: str, line: int | None = None, what: str = "date") -> date:
    s = str(raw or "").strip()
    m = _ISO.match(s)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DMY.match(s)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise DataError(f"field '{what}': bad date '{raw}' (expected yyyy-mm-dd or dd-mm-yyyy)", file=file, line=line)


def parse_number(raw, *, file: str, line: int | None = None, what: str = "value") -> float | None:
    """A figure: '1234.56', '-1234', '1 234,56' (comma decimal); empty -> None."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    s = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return None
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    elif "," in s and "." in s:                    # thousands separators: 1.234,56 or 1,234.56
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        raise DataError(f"field '{what}': not a number: '{raw}'", file=file, line=line) from None


def deposit_type(raw, correction_flag=None) -> str:
    """'correction' for a corrective deposit (Correction / Rectification / Verbetering, or a
    true correction flag), else 'initial'."""
    flag = str(correction_flag or "").strip().lower()
    if flag in ("true", "1", "yes", "y", "ja", "oui"):
        return "correction"
    s = str(raw or "").strip().lower()
    return "correction" if any(w in s for w in CORRECTION_WORDS) else "initial"


def currency_code(raw) -> str:
    """'EUR' from 'EUR', 'ccy:mEUR' (webservice enumerations) or 'iso4217:EUR'."""
    s = str(raw or "").strip()
    for prefix in ("ccy:m", "iso4217:"):
        if s.lower().startswith(prefix):
            s = s[len(prefix):]
    return s.upper() or "EUR"
