"""Build nace2025_to_2008.csv from the KBO code table (code.csv of the open data), run from the
repo root:
    .venv/bin/python econ_ai/data/refdata/make_nace2025_concordance.py /work/shared/data/kbo-open-data-sample/code.csv

A NACE-BEL 2025 class (5 digits) or group (3 digits) is mapped to the NACE-BEL 2008 code with the same code when
their Dutch and French labels agree: token overlap (Jaccard, lower case, words of 3+ letters)
>= 0.5 in both languages. Codes that are new in 2025, or whose label changed more than that
(reclassified content), are written with an empty nace2008 and counted as unmapped by the
reader. This is a concordance derived from labels, not Statbel's official correspondence
table (not available offline): see docs/kbo.md.
"""
import csv
import re
import sys

rows = {}
with open(sys.argv[1], encoding="utf-8-sig", newline="") as fh:
    for r in csv.DictReader(fh):
        if r["Category"] in ("Nace2008", "Nace2025") and r["Language"] in ("NL", "FR") and len(r["Code"]) in (3, 5):
            rows[(r["Category"], r["Code"], r["Language"])] = r["Description"]


def toks(s):
    return {w for w in re.findall(r"[a-zà-ÿ]{3,}", s.lower())}


def jac(a, b):
    a, b = toks(a), toks(b)
    return len(a & b) / len(a | b) if a | b else 0.0


codes = sorted({k[1] for k in rows if k[0] == "Nace2025"})
out = ["nace2025,nace2008,similarity_nl,similarity_fr,basis"]
for c in codes:
    n25, f25 = rows.get(("Nace2025", c, "NL"), ""), rows.get(("Nace2025", c, "FR"), "")
    if ("Nace2008", c, "NL") in rows:
        snl, sfr = jac(n25, rows[("Nace2008", c, "NL")]), jac(f25, rows.get(("Nace2008", c, "FR"), ""))
        ok = snl >= 0.5 and sfr >= 0.5
        out.append(f"{c},{c if ok else ''},{snl:.2f},{sfr:.2f},{'same code and agreeing labels' if ok else 'same code but the label changed'}")
    else:
        out.append(f"{c},,,,new code in 2025")
open("econ_ai/data/refdata/nace2025_to_2008.csv", "w", encoding="utf-8").write("\n".join(out) + "\n")
print(sum(1 for l in out[1:] if l.split(",")[1]), "of", len(codes), "classes mapped")
