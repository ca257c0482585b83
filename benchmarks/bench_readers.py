"""Benchmark of the data-layer readers (prints timings and peak memory; no thresholds).

    .venv/bin/python benchmarks/bench_readers.py [--enterprises 160000] [--filings 1250000]

1. writes a synthetic KBO full extract (enterprises, ~2.5 activities each, one REGO address,
   one denomination) in the real quoted format to a temp folder and times ``read_kbo`` and
   ``firms_table``;
2. writes a long NBB rubric Parquet file (filings x 16 rubrics, N only, ~20M rows at the
   default; plain string columns, so each row group carries its own Parquet dictionary) in two
   row orders (``--layout``: shuffled, and sorted by enterprise number as the synthetic writer
   does) and times ``read_accounts`` on each;
3. reports the process's peak RSS (resource.getrusage) after each step.
Compare: pandas.pivot_table on the same long table (--pivot-table, slow; off by default).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def write_kbo(folder: Path, n: int, rng: np.random.Generator) -> None:
    nums = np.unique(rng.integers(200_000_000, 999_999_999, size=int(n * 1.01) + 10))[:n]
    nums = rng.permutation(nums)
    en = np.array([f"0{x // 1000000:03d}.{(x // 1000) % 1000:03d}.{x % 1000:03d}" for x in nums])
    start = pd.to_datetime("1990-01-01") + pd.to_timedelta(rng.integers(0, 12000, n), unit="D")
    sd = start.strftime("%d-%m-%Y")
    form = rng.choice(["610", "014", "612", "706", "017"], n)
    sit = rng.choice(["000", "000", "000", "012", "050"], n)
    with open(folder / "enterprise.csv", "w", encoding="utf-8") as fh:
        fh.write("\ufeff" + '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm",'
                 '"JuridicalFormCAC","StartDate"\n')
        fh.writelines(f'"{e}","AC","{s}","2","{f}",,{d}\n' for e, s, f, d in zip(en, sit, form, sd))
    k = rng.integers(1, 5, n)
    rep = np.repeat(en, k)
    codes = rng.integers(10000, 99999, len(rep))
    grp = rng.choice(["001", "003", "006"], len(rep))
    ver = rng.choice(["2008", "2025", "2003"], len(rep))
    cls = rng.choice(["MAIN", "SECO"], len(rep))
    with open(folder / "activity.csv", "w", encoding="utf-8") as fh:
        fh.write('"EntityNumber","ActivityGroup","NaceVersion","NaceCode","Classification"\n')
        fh.writelines(f'"{e}","{g}","{v}","{c}","{m}"\n' for e, g, v, c, m in zip(rep, grp, ver, codes, cls))
    zips = rng.choice(["9000", "2000", "1000", "3000", "1348", "4000", "8500", "9999"], n)
    with open(folder / "address.csv", "w", encoding="utf-8") as fh:
        fh.write('"EntityNumber","TypeOfAddress","CountryNL","CountryFR","Zipcode","MunicipalityNL","MunicipalityFR",'
                 '"StreetNL","StreetFR","HouseNumber","Box","ExtraAddressInfo","DateStrikingOff"\n')
        fh.writelines(f'"{e}","REGO",,,"{z}","Gemeente","Commune","Straat","Rue","1","","",\n' for e, z in zip(en, zips))
    with open(folder / "denomination.csv", "w", encoding="utf-8") as fh:
        fh.write('"EntityNumber","Language","TypeOfDenomination","Denomination"\n')
        fh.writelines(f'"{e}","2","001","Firma {i}, BV"\n' for i, e in enumerate(en))
    (folder / "meta.csv").write_text('"Variable","Value"\n"SnapshotDate","01-03-2025"\n', encoding="utf-8")


def write_accounts(path: Path, filings: int, n_ent: int, rng: np.random.Generator, sort: bool = False) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rubrics = ["70", "9900", "60", "61", "62", "630", "9901", "10/15", "20/58", "17/49", "21", "22/27",
               "8169", "9087", "1003", "1001"]
    ent_ids = rng.integers(0, n_ent, filings)
    ent_u = np.array([f"0{100 + i // 1000000:03d}.{(i // 1000) % 1000:03d}.{i % 1000:03d}" for i in range(n_ent)])
    year = rng.integers(2010, 2024, filings)
    nr = len(rubrics)
    rows = filings * nr
    dep_idx = np.repeat(np.arange(filings), nr)
    tbl = pa.table({
        "EnterpriseNumber": pa.DictionaryArray.from_arrays(pa.array(np.repeat(ent_ids, nr).astype(np.int32)),
                                                           pa.array(ent_u)),
        "DepositKey": pa.DictionaryArray.from_arrays(pa.array(dep_idx.astype(np.int32)),
                                                     pa.array([f"{i:010d}" for i in range(filings)])),
        "FiscalYearEnd": pa.DictionaryArray.from_arrays(pa.array(np.repeat(year - 2010, nr).astype(np.int32)),
                                                        pa.array([f"{y}-12-31" for y in range(2010, 2024)])),
        "Model": pa.DictionaryArray.from_arrays(pa.array(np.repeat(rng.integers(0, 3, filings), nr).astype(np.int32)),
                                                pa.array(["VOL", "VKT", "MIC"])),
        "Rubric": pa.DictionaryArray.from_arrays(pa.array(np.tile(np.arange(nr), filings).astype(np.int32)),
                                                 pa.array(rubrics)),
        "Period": pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), pa.array(["N", "N-1"])),
        "Value": pa.array(np.abs(rng.normal(1e5, 5e4, rows))),
    })
    # plain string columns: the Parquet writer dictionary-encodes each row group with the values
    # present in it (as any writer does); writing the Arrow dictionaries as-is would repeat the
    # full 1.25M-key dictionary in every row group.
    tbl = pa.table({c: (tbl.column(c).cast(pa.string()) if pa.types.is_dictionary(tbl.column(c).type)
                        else tbl.column(c)) for c in tbl.column_names})
    if sort:   # the synthetic writer's layout: rows by enterprise number, row-group dictionaries small
        tbl = tbl.take(np.lexsort((dep_idx, np.repeat(ent_ids, nr))))
    pq.write_table(tbl, path, compression="zstd", store_schema=False)
    return rows


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def timed(label: str, fn):
    """Wall and CPU time (no tracemalloc: it slows pandas/pyarrow code 5-10x), peak RSS so far.

    On a shared machine the wall time depends on the load (printed by main()); CPU time less."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label:<48s} {dt:8.2f} s wall {dc:8.2f} s cpu (all threads)   peak RSS so far {_rss():7.0f} MiB",
          flush=True)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=160_000)
    ap.add_argument("--filings", type=int, default=1_250_000)
    ap.add_argument("--pivot-table", action="store_true", help="also time pandas.pivot_table (slow)")
    ap.add_argument("--layout", nargs="+", choices=["shuffled", "sorted"], default=["shuffled", "sorted"],
                    help="accounts row order: shuffled (each row group sees every enterprise) or sorted "
                         "by enterprise number (the synthetic writer's layout)")
    a = ap.parse_args(argv)
    from econ_ai.data import kbo, nbb

    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        write_kbo(tmp, a.enterprises, rng)
        print(f"wrote synthetic KBO ({a.enterprises:,} enterprises) in {time.perf_counter() - t0:.1f} s")
        k = timed(f"read_kbo ({a.enterprises:,} ent., {sum(1 for _ in open(tmp / 'activity.csv')) - 1:,} act.)",
                  lambda: kbo.read_kbo(tmp))
        timed("firms_table", lambda: kbo.firms_table(k))
        del k
        pq_path = tmp / "accounts.parquet"
        for layout in a.layout:
            t0 = time.perf_counter()
            rows = write_accounts(pq_path, a.filings, a.enterprises, np.random.default_rng(2), sort=layout == "sorted")
            print(f"wrote accounts.parquet, {layout} layout ({rows:,} long rows) in {time.perf_counter() - t0:.1f} s")
            df, _ = timed(f"read_accounts ({layout} layout, parquet)", lambda: nbb.read_accounts(pq_path, quiet=True))
            print(f"  -> {len(df):,} enterprise-years")
            del df
        if a.pivot_table:
            import pyarrow.parquet as pq
            long = pq.read_table(pq_path).to_pandas()
            timed("pandas.pivot_table (reference)", lambda: long.pivot_table(
                index=["EnterpriseNumber", "DepositKey"], columns="Rubric", values="Value", aggfunc="first",
                observed=True))
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
