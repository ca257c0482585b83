"""From documents in any NBB format to the canonical accounts, with a report of every choice.

Steps, each counted in :class:`AccountsReport`:

1. every document is read by its format's reader (webservice JSON filings are completed from
   the references lists once all files are read);
2. excluded: models other than company models (associations and foundations, outside S11;
   other documents), and filings in a currency other than EUR (no conversion: a rate would be
   an assumption);
3. one filing per enterprise and accounting period end: a correction replaces the filing it
   corrects (the latest correction if several); among filings of the same type the latest
   deposit (deposit date, then reference number) wins; the same reference read twice (the
   same deposit in two formats) is kept once;
4. the figures become econ_ai's long rows and go through the same pivot as the long table
   (:func:`econ_ai.data.nbb.read_accounts_columns`): N figures first, the next filing's N-1
   column for years without a filing, the rubric definitions of :mod:`econ_ai.data.nbb_rubrics`.

Long tables in econ_ai's own format found among the sources are appended as they are.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from econ_ai.data.nbb_formats import archive, consult_csv, webservice_json, xbrl
from econ_ai.data.nbb_formats.filing import Filing
from econ_ai.errors import DataError
from econ_ai.provenance import SampleStep

_NBB_REF = re.compile(r"^\d{4}-\d{6,9}$")
LONG = ["EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric", "Period", "Value"]


@dataclass
class AccountsReport:
    documents: Counter = field(default_factory=Counter)      # kind -> files
    filings_read: Counter = field(default_factory=Counter)   # format -> filings
    excluded: Counter = field(default_factory=Counter)       # reason -> filings
    replaced_by_correction: int = 0
    older_deposits_dropped: int = 0
    same_filing_twice: int = 0
    unmapped_facts: int = 0
    kept: int = 0
    long_rows: int = 0
    steps: list = field(default_factory=list)               # SampleSteps of the pivot

    def lines(self) -> list[str]:
        out = ["read: " + (", ".join(f"{n} {k}" for k, n in sorted(self.documents.items())) or "nothing")]
        out.append("filings: " + (", ".join(f"{n} {k}" for k, n in sorted(self.filings_read.items())) or "none"))
        for why, n in sorted(self.excluded.items()):
            out.append(f"excluded: {n} {why}")
        out.append(f"replaced: {self.replaced_by_correction} filings by their correction; "
                   f"{self.older_deposits_dropped} older deposits for the same period dropped; "
                   f"{self.same_filing_twice} deposits read twice kept once")
        if self.unmapped_facts:
            out.append(f"XBRL facts without a rubric in the mapping tables (not used): {self.unmapped_facts}")
        out.append(f"kept: {self.kept} filings -> {self.long_rows} long rows")
        for st in self.steps:
            name = st.step if st.step.startswith("accounts") else f"accounts: {st.step}"
            if st.remaining is not None and not st.step[-1:].isdigit():
                name += f" (removed {st.removed:,}, {st.remaining:,} left)"
            out.append(name)
        return out

    def sample_steps(self) -> list[SampleStep]:
        read = sum(self.filings_read.values())
        out = [SampleStep(f"filings excluded: {why}", n, 0) for why, n in sorted(self.excluded.items())]
        out.append(SampleStep("filings replaced by a correction or a later deposit",
                              self.replaced_by_correction + self.older_deposits_dropped + self.same_filing_twice,
                              self.kept))
        return [SampleStep("filings read", 0, read)] + out + list(self.steps)


def _log(quiet, t0, msg):
    if not quiet:
        print(f"[accounts {time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def read_documents(sources, report: AccountsReport, *, quiet: bool = True, t0: float = 0.0):
    """Filings and long-table documents of the sources."""
    filings: list[Filing] = []
    json_raw: list[dict] = []
    refs: dict[str, dict] = {}
    long_docs: list = []
    n = 0
    for doc in archive.walk(sources):
        report.documents[doc.kind] += 1
        n += 1
        if not quiet and n % 20000 == 0:
            _log(quiet, t0, f"{n:,} documents read")
        if doc.kind == "consult_csv":
            try:
                text = doc.data.decode("utf-8")
            except UnicodeDecodeError:
                text = doc.data.decode("cp1252")
            filings.append(consult_csv.parse(text, doc.label))
        elif doc.kind == "xbrl":
            filings.append(xbrl.parse(doc.data, doc.label))
        elif doc.kind == "json":
            f, r = webservice_json.load(doc.data.decode("utf-8-sig"), doc.label)
            json_raw += f
            refs.update(r)
        elif doc.kind == "long_table":
            long_docs.append(doc)
    filings += [webservice_json.build(raw, refs) for raw in json_raw]
    for f in filings:
        report.filings_read[f.fmt] += 1
        report.unmapped_facts += f.unmapped
    return filings, long_docs


def choose(filings: list[Filing], report: AccountsReport) -> list[Filing]:
    """Exclusions, then one filing per enterprise and period end (see module doc)."""
    keep: dict[tuple[str, object], Filing] = {}
    seen_refs: dict[str, Filing] = {}
    for f in filings:
        kind = f.kind
        if kind == "association":
            report.excluded[f"association/foundation model {f.model} (outside S11)"] += 1
            continue
        if kind != "company":
            report.excluded[f"model {f.model or 'unknown'} (not a company's annual accounts)"] += 1
            continue
        if f.currency != "EUR":
            report.excluded[f"currency {f.currency} (not EUR; not converted)"] += 1
            continue
        if f.reference in seen_refs and _NBB_REF.match(f.reference):
            report.same_filing_twice += 1
            continue
        seen_refs[f.reference] = f
        k = (f.enterprise, f.end)
        old = keep.get(k)
        if old is None:
            keep[k] = f
            continue
        newer = _rank(f) > _rank(old)
        winner, loser = (f, old) if newer else (old, f)
        if winner.deposit_type == "correction" and loser.deposit_type != "correction":
            report.replaced_by_correction += 1
        else:
            report.older_deposits_dropped += 1
        keep[k] = winner
    report.kept = len(keep)
    return list(keep.values())


def _rank(f: Filing):
    return (f.deposit_type == "correction", str(f.deposit_date or ""), bool(_NBB_REF.match(f.reference)), f.reference)


class _FilingLocator:
    """Row of the long rows -> the filing (file) it came from, for DataErrors of the pivot."""

    table = None
    file = None

    def __init__(self, filings, offsets, rubrics):
        self.filings, self.offsets, self.rubrics = filings, offsets, rubrics

    def error(self, message: str, row: int, column: str | None = None) -> DataError:
        i = int(np.searchsorted(self.offsets, row, side="right") - 1)
        f = self.filings[i]
        return DataError(f"filing {f.reference} (rubric {self.rubrics[row]}): {message}", file=f.source)


def long_rows(filings: list[Filing]):
    """Columns for :func:`econ_ai.data.nbb.read_accounts_columns` and a locator."""
    import pyarrow as pa

    counts = np.fromiter((len(f.values) for f in filings), dtype=np.int64, count=len(filings))
    offsets = np.concatenate([[0], np.cumsum(counts)])[:-1]
    rub, per, val = [], [], []
    for f in filings:
        for (r, p), v in f.values.items():
            rub.append(r)
            per.append(p)
            val.append(v)
    fidx = np.repeat(np.arange(len(filings), dtype=np.int32), counts)
    keys = [f.reference if _NBB_REF.match(f.reference) else f"0000-{i:08d}~{f.reference}"
            for i, f in enumerate(filings)]
    per_filing = {
        "EnterpriseNumber": [f.dotted for f in filings],
        "DepositKey": keys,
        "FiscalYearEnd": [f.end.isoformat() for f in filings],
        "Model": [f.model for f in filings],
    }
    cols = {}
    for c, vals in per_filing.items():
        codes, uniq = pd.factorize(np.asarray(vals, dtype=object))
        cols[c] = (codes.astype(np.int32)[fidx], pa.array([str(u) for u in uniq], type=pa.string()))
    for c, vals in (("Rubric", rub), ("Period", per)):
        codes, uniq = pd.factorize(np.asarray(vals, dtype=object))
        cols[c] = (codes.astype(np.int32), pa.array([str(u) for u in uniq], type=pa.string()))
    return cols, np.asarray(val, dtype=np.float64), _FilingLocator(filings, offsets, rub), len(val)


def _long_table_frame(doc) -> pd.DataFrame:
    if doc.path is not None and doc.path.suffix.lower() in (".parquet", ".pq"):
        df = pd.read_parquet(doc.path, columns=LONG)
    elif doc.path is not None:
        from econ_ai.data import csvio

        df = csvio.read_text_table(doc.path, required=LONG, file_label=doc.label).df
    else:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "long.csv"
            p.write_bytes(doc.data)
            from econ_ai.data import csvio

            df = csvio.read_text_table(p, required=LONG, file_label=doc.label).df
    df = df[LONG].copy()
    for c in LONG[:-1]:
        df[c] = df[c].astype(str)
    df["FiscalYearEnd"] = df["FiscalYearEnd"].str.slice(0, 10)
    df["Value"] = pd.to_numeric(df["Value"], errors="raise")
    return df


def read_sources(sources, *, quiet: bool = True) -> tuple[pd.DataFrame, AccountsReport]:
    """The canonical accounts of any mix of NBB filings, folders, ZIPs and long tables."""
    from econ_ai.data import nbb

    t0 = time.perf_counter()
    report = AccountsReport()
    filings, long_docs = read_documents(sources, report, quiet=quiet, t0=t0)
    _log(quiet, t0, f"{sum(report.filings_read.values()):,} filings and {len(long_docs)} long tables read")
    kept = choose(filings, report)
    if not kept and not long_docs:
        raise DataError("no company filing to read (see the report: nothing read, or everything excluded)\n  "
                        + "\n  ".join(report.lines()), file=", ".join(str(s) for s in sources))
    if long_docs and not kept and len(long_docs) == 1 and long_docs[0].path is not None:
        df, steps = nbb.read_accounts(long_docs[0].path, quiet=quiet)
        report.steps = steps
        return df, report
    cols, val, loc, n = long_rows(kept)
    if long_docs:
        frames = [_long_table_frame(d) for d in long_docs]
        extra = pd.concat(frames, ignore_index=True)
        import pyarrow as pa

        base = {c: np.asarray(cols[c][1].to_pylist(), dtype=object)[cols[c][0]] for c in LONG[:-1]}
        allc = {c: np.concatenate([base[c], extra[c].to_numpy(dtype=object)]) for c in LONG[:-1]}
        for c, v in allc.items():
            codes, uniq = pd.factorize(v)
            cols[c] = (codes.astype(np.int32), pa.array([str(u) for u in uniq], type=pa.string()))
        val = np.concatenate([val, extra["Value"].to_numpy(dtype=np.float64)])
        n = len(val)
    report.long_rows = n
    df, steps = nbb.read_accounts_columns(cols, val, loc, n, quiet=quiet, t0=t0)
    report.steps = steps
    return df, report
