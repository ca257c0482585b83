"""Writers of the raw formats of ``/work/briefs/data_formats.md`` (KBO open data CSV, the
juridical-situation history, the NBB long rubric file as Parquet, ai_profile.csv).

KBO CSV conventions copied from the real extract: every field quoted except empty fields
(bare) and dates (bare dd-mm-yyyy); "\\n" line ends; no byte-order mark.

Juridical-situation codes written (one row per change; the reader maps them to exit types):
    bankruptcy          048 / 049 / 050 opening, 051 / 052 / 053 closure 1-2 years later
    liquidation         012 voluntary dissolution-liquidation, 014 closure of liquidation later
    dissolution         010 dissolution by law or 013 judicial dissolution
    merger_acquisition  021 merger by acquisition (80%) or 022 merger by creation (20%);
                        M&A known only from media: 021 with Source "media" (not in KBO)
    no exit             090 new statutes, 091 judicial reorganisation (noise rows)
Closures dated after 2024 are not written (history ends in 2024).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from econ_ai.data.synth import params as P
from econ_ai.data.synth.counts import kbo_code_rows, municipalities

RUBRICS = ("70", "60", "61", "9900", "62", "630", "9901", "10/15", "20/58", "17/49", "21",
           "22/27", "8169", "1003", "9087")
MODELS = ("VOL", "VKT", "MIC")
ACCOUNT_COLUMNS = ("EnterpriseNumber", "DepositKey", "FiscalYearEnd", "Model", "Rubric", "Period",
                   "Value")


def _q(x: str) -> str:
    return '"' + x.replace('"', '""') + '"' if x != "" else ""


def _qcol(values) -> list[str]:
    """Quote a column: '"x"' (inner quotes doubled), '' for an empty value (bare NULL)."""
    return ['"' + x.replace('"', '""') + '"' if x else "" for x in values]


def _write_cols(path: Path, header: tuple[str, ...], cols: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(f'"{h}"' for h in header) + "\n")
        if cols and len(cols[0]):
            fh.write("\n".join(map(",".join, zip(*cols))))
            fh.write("\n")


def _write_lines(path: Path, header: tuple[str, ...], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(f'"{h}"' for h in header) + "\n")
        fh.writelines(rows)


def _ddmmyyyy(d: np.ndarray) -> list[str]:
    s = np.datetime_as_string(d.astype("datetime64[D]"))
    return [f"{x[8:10]}-{x[5:7]}-{x[0:4]}" for x in s.tolist()]


_SYL = np.array(["ka", "lo", "ne", "ra", "vi", "to", "mi", "de", "sa", "lu", "ber", "tex", "dat",
                 "nova", "quan", "sen", "lyt", "ix", "or", "el", "an", "ko", "zen", "tri", "fle"])
_TAIL = np.array(["", "", " Solutions", " Group", " Tech", " Consult", " Services", " Labs",
                  " & Partners", " Invest", " Bouw", " Logistics", " Trading", " Design"])
_STREETS = ("Kerkstraat", "Stationsstraat", "Nieuwstraat", "Dorpsstraat", "Molenstraat",
            "Industrieweg", "Rue de la Station", "Rue de l'Eglise", "Avenue Louise",
            "Grote Markt", "Kouter", "Meir", "Bondgenotenlaan", "Rue du Commerce")


def firm_names(rng: np.random.Generator, n: int, forms: np.ndarray) -> list[str]:
    a, b, c = (rng.choice(_SYL, n) for _ in range(3))
    three = rng.random(n) < 0.4
    base = np.char.add(np.char.add(a, b), np.where(three, c, ""))
    base = np.char.capitalize(base)
    tail = rng.choice(_TAIL, n)
    suffix = np.select([forms == "014", np.isin(forms, ["706", "008"])], [" NV", " CV"], " BV")
    return np.char.add(np.char.add(base, tail), suffix).tolist()


def write_kbo(folder: Path, rng: np.random.Generator, firms: pd.DataFrame, situation: np.ndarray
              ) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    en = firms["enterprise_number"].tolist()
    start = _ddmmyyyy(firms["founding_date"].to_numpy())
    form = firms["juridical_form"].tolist()
    cac = firms["juridical_form_cac"].tolist()
    sit = situation.tolist()
    n = len(firms)
    _write_cols(folder / "enterprise.csv", ("EnterpriseNumber", "Status", "JuridicalSituation",
                "TypeOfEnterprise", "JuridicalForm", "JuridicalFormCAC", "StartDate"),
                [_qcol(en), ['"AC"'] * n, _qcol(sit), ['"2"'] * n, _qcol(form), _qcol(cac), start])
    # activities: VAT (001) MAIN for all; NSSO (006) MAIN for employers (10% another code of
    # the same division, so readers must choose by rule); 20% a secondary VAT activity.
    nace = firms["nace5"].to_numpy(object)
    emp = firms["employer"].to_numpy(bool)
    other = np.array([c[:2] + f"{(int(c[2:]) + 110) % 1000:03d}" for c in nace], dtype=object)
    alt = emp & (rng.random(n) < 0.10)
    seco = rng.random(n) < 0.20
    ent = np.asarray(en, dtype=object)
    blocks = [(np.arange(n), "001", nace, "MAIN"),
              (np.flatnonzero(emp), "006", np.where(alt, other, nace)[emp], "MAIN"),
              (np.flatnonzero(seco), "001", other[seco], "SECO")]
    idx = np.concatenate([b[0] for b in blocks])
    order = np.argsort(idx, kind="stable")  # rows of one entity together, VAT MAIN first
    grp = np.concatenate([np.full(len(b[0]), b[1], dtype=object) for b in blocks])[order]
    code = np.concatenate([np.asarray(b[2], dtype=object) for b in blocks])[order]
    cls = np.concatenate([np.full(len(b[0]), b[3], dtype=object) for b in blocks])[order]
    m = len(idx)
    _write_cols(folder / "activity.csv", ("EntityNumber", "ActivityGroup", "NaceVersion",
                                          "NaceCode", "Classification"),
                [_qcol(ent[idx[order]]), _qcol(grp), ['"2008"'] * m, _qcol(code), _qcol(cls)])
    names = {m[0]: (m[1], m[2]) for m in municipalities()}
    z = firms["zipcode"].tolist()
    street = rng.choice(np.array(_STREETS), n).tolist()
    house = rng.integers(1, 250, n).tolist()
    box = np.where(rng.random(n) < 0.15, rng.integers(1, 30, n).astype(str), "").tolist()
    _write_cols(folder / "address.csv", ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR",
                "Zipcode", "MunicipalityNL", "MunicipalityFR", "StreetNL", "StreetFR",
                "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"),
                [_qcol(en), ['"REGO"'] * n, [""] * n, [""] * n, _qcol(z),
                 _qcol([names[x][0] for x in z]), _qcol([names[x][1] for x in z]),
                 _qcol(street), _qcol(street), _qcol(map(str, house)),
                 ['"' + b + '"' for b in box], ['""'] * n, [""] * n])
    nm = firm_names(rng, n, firms["juridical_form"].to_numpy(str))
    lang = np.where(firms["zipcode"].str[:1].isin(["4", "5", "6", "7"]) | (firms["zipcode"] == "1348")
                    | (firms["zipcode"].str[:2] == "13"), "1", "2").tolist()
    _write_cols(folder / "denomination.csv", ("EntityNumber", "Language", "TypeOfDenomination",
                                              "Denomination"),
                [_qcol(en), _qcol(lang), ['"001"'] * n, _qcol(nm)])
    _write_lines(folder / "code.csv", ("Category", "Code", "Language", "Description"),
                 (",".join(_q(x) for x in r) + "\n" for r in kbo_code_rows()))
    _write_lines(folder / "meta.csv", ("Variable", "Value"), (
        f'"SnapshotDate","{P.SNAPSHOT_DATE}"\n', f'"ExtractTimestamp","{P.SNAPSHOT_DATE} 07:00:00"\n',
        '"ExtractType","full"\n', '"ExtractNumber","1"\n', '"Version","1.0.0"\n'))


def history_rows(rng: np.random.Generator, firms: pd.DataFrame, exit_date: np.ndarray
                 ) -> tuple[pd.DataFrame, np.ndarray]:
    """The juridical-situation history and the current situation code of every firm."""
    end = np.datetime64(f"{P.HISTORY_LAST_YEAR}-12-31")
    et = firms["exit_type"].to_numpy(object)
    media = firms["exit_media"].to_numpy(bool)
    n = len(firms)
    rec_e, rec_s, rec_d, rec_src = [], [], [], []
    en = firms["enterprise_number"].to_numpy(object)

    def add(idx, code, dates, src="KBO"):
        keep = dates <= end
        idx, dates = idx[keep], dates[keep]
        code = np.broadcast_to(np.asarray(code, dtype=object), keep.shape)[keep]
        rec_e.append(en[idx])
        rec_s.append(code)
        rec_d.append(dates)
        rec_src.append(np.full(len(idx), src, dtype=object))

    fd = firms["founding_date"].to_numpy("datetime64[D]")
    u = rng.random(n)
    noise = np.flatnonzero((u < 0.02) & (fd < end))
    if len(noise):
        stop = np.where(np.isnat(exit_date[noise]), end, np.minimum(exit_date[noise], end))
        span = (stop - fd[noise]).astype(np.int64).astype(float)  # days founding -> exit / end
        add(noise, "090", fd[noise] + (rng.random(len(noise)) * np.maximum(span - 1, 1)).astype(int))
    for kind in ("bankruptcy", "liquidation", "dissolution", "merger_acquisition"):
        idx = np.flatnonzero(et == kind)
        if not len(idx):
            continue
        d = exit_date[idx]
        if kind == "bankruptcy":
            pre = rng.random(len(idx)) < 0.15
            add(idx[pre], "091", np.maximum(d[pre] - rng.integers(60, 300, pre.sum()), fd[idx[pre]] + 1))
            add(idx, rng.choice(np.array(["050", "048", "049"]), len(idx), p=[0.6, 0.3, 0.1]), d)
            add(idx, rng.choice(np.array(["053", "051", "052"]), len(idx), p=[0.6, 0.3, 0.1]),
                d + rng.integers(300, 800, len(idx)))
        elif kind == "liquidation":
            add(idx, "012", d)
            add(idx, "014", d + rng.integers(120, 700, len(idx)))
        elif kind == "dissolution":
            add(idx, rng.choice(np.array(["010", "013"]), len(idx), p=[0.7, 0.3]), d)
        else:
            m = media[idx]
            add(idx[~m], rng.choice(np.array(["021", "022"]), (~m).sum(), p=[0.8, 0.2]), d[~m])
            add(idx[m], "021", d[m], src="media")
    hist = pd.DataFrame({
        "EntityNumber": np.concatenate(rec_e) if rec_e else np.array([], object),
        "JuridicalSituation": np.concatenate(rec_s) if rec_s else np.array([], object),
        "date": np.concatenate(rec_d) if rec_d else np.array([], "datetime64[D]"),
        "Source": np.concatenate(rec_src) if rec_src else np.array([], object),
    }).sort_values(["date", "EntityNumber"], kind="stable")
    # current situation = the latest KBO row (rows were added in date order per firm)
    last = hist[hist["Source"] == "KBO"].sort_values("date", kind="stable").drop_duplicates(
        "EntityNumber", keep="last")
    cur = pd.Series("000", index=en, dtype=object)
    cur.loc[last["EntityNumber"].to_numpy()] = last["JuridicalSituation"].to_numpy()
    return hist, cur.to_numpy(object)


def write_history(path: Path, hist: pd.DataFrame) -> None:
    dates = _ddmmyyyy(hist["date"].to_numpy())
    _write_lines(path, ("EntityNumber", "JuridicalSituation", "StartDate", "Source"),
                 (f'"{e}","{s}",{d},"{src}"\n' for e, s, d, src in zip(
                     hist["EntityNumber"].tolist(), hist["JuridicalSituation"].tolist(), dates,
                     hist["Source"].tolist())))


def write_ai_profile(path: Path, ai_list: pd.DataFrame, en_of_row: dict[int, str]) -> None:
    flags = [c for c in ai_list.columns if c.startswith(("tech_", "purpose_"))]
    cols = flags + ["n_client_sectors", "gov_nonprofit", "vc", "spinoff", "patent"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["EnterpriseNumber", *cols, "sources", "step"])
        for i, row in zip(ai_list.index, ai_list[cols + ["sources", "step"]].itertuples(index=False)):
            w.writerow([en_of_row.get(int(i), ""), *[int(x) for x in row[:-2]], row[-2], row[-1]])


def deposit_keys(dep_year: np.ndarray) -> pa.Array:
    """"YYYY-NNNNNNNN": deposit year and a running number (deposits are in time order)."""
    import pyarrow.compute as pc

    seq = pa.array(np.arange(1, len(dep_year) + 1, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(pa.array(dep_year.astype(np.int64)).cast(pa.string()),
                                       pc.utf8_lpad(seq, 8, "0"), "-")


def write_accounts(path: Path, en: np.ndarray, dep_firm: np.ndarray, dep_year: np.ndarray,
                   dep_fye: np.ndarray, fye_labels: list[str], dep_model: np.ndarray,
                   values: np.ndarray, n1_dep: np.ndarray, n1_values: np.ndarray,
                   *, chunk: int = 65_536) -> int:
    """Long NBB table, one row per deposit x rubric x period with a value. Returns the row count.

    Layout (what makes the file quick to read; the values are those of the deposits as given):
    rows are ordered by enterprise number, then deposit (time order), the deposit's N rows
    before its N-1 rows; each row group holds ``chunk`` deposits, and every string column is
    dictionary-encoded with only the values present in that row group (a full 307k-entry
    EnterpriseNumber dictionary in every row group made reading 3x slower). The Arrow schema
    is not stored, so readers get plain string columns.
    """
    keys = deposit_keys(dep_year)
    firm_dict = pa.array(en.tolist(), pa.string())
    fye_dict = pa.array(fye_labels, pa.string())
    model_dict = pa.array(list(MODELS), pa.string())
    rub_dict = pa.array(list(RUBRICS), pa.string())
    per_dict = pa.array(["N", "N-1"], pa.string())
    dic = pa.DictionaryArray.from_arrays
    schema = pa.schema([(c, pa.dictionary(pa.int32(), pa.string())) for c in ACCOUNT_COLUMNS[:-1]]
                       + [("Value", pa.float64())])
    ndep = len(values)
    en_rank = np.empty(len(en), dtype=np.int64)
    en_rank[np.argsort(np.asarray(en, dtype=str), kind="stable")] = np.arange(len(en))
    order = np.lexsort((np.arange(ndep), en_rank[dep_firm]))      # deposits by enterprise number
    pos = np.empty(ndep, dtype=np.int64)
    pos[order] = np.arange(ndep)
    n1_dep = np.asarray(n1_dep, dtype=np.int64)
    n1_order = np.argsort(pos[n1_dep], kind="stable")
    n1_pos = pos[n1_dep][n1_order]
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd", store_schema=False,
                          dictionary_pagesize_limit=4 << 20) as w:
        for a in range(0, ndep, chunk):
            deps = order[a:a + chunk]
            lo, hi = np.searchsorted(n1_pos, [a, a + len(deps)])
            n1_rows = n1_order[lo:hi]
            parts = []
            for local, mat, period in ((np.arange(len(deps)), values[deps], 0),
                                       (n1_pos[lo:hi] - a, n1_values[n1_rows], 1)):
                ok = ~np.isnan(mat)
                cnt = ok.sum(axis=1)
                parts.append((np.repeat(local, cnt), np.nonzero(ok)[1], mat[ok],
                              np.full(int(cnt.sum()), period, np.int32)))
            srt = np.argsort(np.concatenate([parts[0][0], parts[1][0]]), kind="stable")
            loc, rub, val, per = (np.concatenate(x)[srt] for x in zip(*parts))  # a deposit's rows together
            d = deps[loc]
            ufirm, finv = np.unique(dep_firm[deps], return_inverse=True)
            t = pa.table({
                "EnterpriseNumber": dic(pa.array(finv[loc].astype(np.int32)), firm_dict.take(pa.array(ufirm))),
                "DepositKey": dic(pa.array(loc.astype(np.int32)), keys.take(pa.array(deps))),
                "FiscalYearEnd": dic(pa.array(dep_fye[d].astype(np.int32)), fye_dict),
                "Model": dic(pa.array(dep_model[d].astype(np.int32)), model_dict),
                "Rubric": dic(pa.array(rub.astype(np.int32)), rub_dict),
                "Period": dic(pa.array(per), per_dict),
                "Value": pa.array(val, pa.float64()),
            }, schema=schema)
            w.write_table(t)
            rows += t.num_rows
    return rows
