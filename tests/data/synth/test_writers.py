"""Parquet layout of the synthetic NBB long file (writers.write_accounts): every value of the
deposits is written once, rows come sorted by enterprise number, and each row group's
dictionaries hold only its own values (so readers do not decode a 300k-entry dictionary per
row group)."""

import numpy as np
import pyarrow.parquet as pq

from econ_ai.data.synth import writers


def test_accounts_layout_and_values(tmp_path):
    rng = np.random.default_rng(5)
    n_firms, n_dep, nr = 40, 300, len(writers.RUBRICS)
    en = np.array([f"0{200 + i:03d}.{(37 * i) % 1000:03d}.{i:03d}" for i in rng.permutation(n_firms)], dtype=object)
    dep_firm = rng.integers(0, n_firms, n_dep)
    dep_year = rng.integers(2012, 2024, n_dep)
    fye = rng.integers(0, 3, n_dep)
    model = rng.integers(0, 3, n_dep)
    values = np.round(rng.normal(100, 10, (n_dep, nr)))
    values[rng.random((n_dep, nr)) < 0.3] = np.nan
    n1_dep = np.sort(rng.choice(n_dep, 25, replace=False))
    n1_values = np.round(rng.normal(50, 5, (25, nr)))
    n1_values[rng.random((25, nr)) < 0.5] = np.nan
    path = tmp_path / "accounts.parquet"
    labels = ["2019-12-31", "2020-12-31", "2021-06-30"]
    rows = writers.write_accounts(path, en, dep_firm, dep_year, fye, labels, model, values, n1_dep, n1_values,
                                  chunk=64)
    t = pq.read_table(path).to_pandas()
    assert rows == len(t) == int((~np.isnan(values)).sum() + (~np.isnan(n1_values)).sum())
    assert list(t.columns) == list(writers.ACCOUNT_COLUMNS)
    assert t["EnterpriseNumber"].tolist() == sorted(t["EnterpriseNumber"])   # sorted by enterprise
    keys = np.asarray(writers.deposit_keys(dep_year).to_pylist(), dtype=object)
    want = {}
    for period, dep_idx, mat in ((0, np.arange(n_dep), values), (1, n1_dep, n1_values)):
        for i, d in enumerate(dep_idx):
            for k in np.flatnonzero(~np.isnan(mat[i])):
                want[(keys[d], writers.RUBRICS[k], ("N", "N-1")[period])] = (
                    en[dep_firm[d]], labels[fye[d]], writers.MODELS[model[d]], mat[i, k])
    got = {(r.DepositKey, r.Rubric, r.Period): (r.EnterpriseNumber, r.FiscalYearEnd, r.Model, r.Value)
           for r in t.itertuples()}
    assert got == want
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == -(-n_dep // 64)
    pf = pq.ParquetFile(path, read_dictionary=["EnterpriseNumber"])
    for g in range(meta.num_row_groups):                     # per-group dictionary: own values only
        col = pf.read_row_group(g, columns=["EnterpriseNumber"]).column(0)
        assert len(col.chunk(0).dictionary) == len(set(col.to_pylist()))
