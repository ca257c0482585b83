"""Calibrated synthetic population of Belgian starters, written in the raw KBO / NBB formats.

``generate(out_dir, scale=1.0, seed=DEFAULT_SEED)`` writes::

    out_dir/kbo/{enterprise,activity,address,denomination,code,meta}.csv   KBO open data (full)
    out_dir/juridical_situation_history.csv                              situation changes
    out_dir/accounts.parquet                                             NBB long rubric file
    out_dir/ai_profile.csv                                               the study's AI list
    out_dir/candidates/{ai4belgium,vaeremans,own,truth}.csv               the lists to link (v6)
    out_dir/manifest.json           version, scale, seed, sha256 of every file, counts

``ensure(scale, seed)`` returns the cached folder ``$ECON_AI_CACHE`` (or ``~/.cache/econ_ai``)
``/synth-v{GENERATOR_VERSION}-scale{scale}-seed{seed}``, generating it first if needed (into a
temporary folder renamed at the end, so a half-written cache never exists).

Scale: AI-list counts scale by largest remainder inside their partitions (exact at scale 1;
see ``counts``); the reference group is round(156,576 * scale) employer starters, the starters
without employees round(150,000 * scale). Output is deterministic given (version, scale, seed):
every random stream is spawned from ``numpy.random.SeedSequence(seed)``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from econ_ai.data.synth import params as P
from econ_ai.data.synth.params import DEFAULT_SEED, GENERATOR_VERSION
from econ_ai.hashing import sha256_file

__all__ = ["DEFAULT_SEED", "GENERATOR_VERSION", "cache_root", "cache_dir", "ensure", "generate",
           "read_manifest"]

FILES = ("kbo/enterprise.csv", "kbo/activity.csv", "kbo/address.csv", "kbo/denomination.csv",
         "kbo/code.csv", "kbo/meta.csv", "juridical_situation_history.csv", "accounts.parquet",
         "ai_profile.csv", "candidates/ai4belgium.csv", "candidates/vaeremans.csv",
         "candidates/own.csv", "candidates/truth.csv")


def _log(quiet: bool, msg: str) -> None:
    if not quiet:
        print(f"[econ_ai synth] {msg}", file=sys.stderr, flush=True)


def _fmt_scale(scale: float) -> str:
    return f"{float(scale):g}"


def cache_root() -> Path:
    env = os.environ.get("ECON_AI_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "econ_ai"


def cache_dir(scale: float = 1.0, seed: int = DEFAULT_SEED) -> Path:
    return cache_root() / f"synth-v{GENERATOR_VERSION}-scale{_fmt_scale(scale)}-seed{int(seed)}"


def read_manifest(folder: Path) -> dict:
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def _check_scale(scale: float) -> float:
    s = float(scale)
    if not (0.0 < s <= 1.0):
        raise ValueError(f"scale must be in (0, 1], got {scale!r}")
    return s


def generate(out_dir: str | Path, *, scale: float = 1.0, seed: int = DEFAULT_SEED,
             quiet: bool = False, dgp: P.Dgp = P.DGP) -> Path:
    """Generate the population into ``out_dir`` (created; must be empty or absent)."""
    from econ_ai.data.synth.accounts import YEARS, simulate_employers, simulate_no_employee
    from econ_ai.data.synth.ai_list import make_ai_list
    from econ_ai.data.synth.filings import build_deposits
    from econ_ai.data.synth.population import exit_dates, make_firms
    from econ_ai.data.synth.writers import (
        history_rows, write_accounts, write_ai_profile, write_history, write_kbo,
    )

    scale = _check_scale(scale)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    r_ai, r_pop, r_acc, r_ne, r_exit, r_fil, r_kbo, r_hist, r_cand = (  # spawn(9)[:8] == spawn(8)
        np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(9))
    ai_list = make_ai_list(r_ai, scale)
    firms = make_firms(r_pop, ai_list, scale)
    _log(quiet, f"population: {len(firms):,} firms ({(firms['role'] == 'ai').sum()} AI starters) "
                f"[{time.perf_counter() - t0:.1f}s]")
    with_acc = firms["founded"].to_numpy() <= P.LAST_YEAR
    emp_idx = np.flatnonzero(with_acc & firms["employer"].to_numpy())
    ne_idx = np.flatnonzero(with_acc & ~firms["employer"].to_numpy())
    g_emp, ey_emp = simulate_employers(r_acc, firms.iloc[emp_idx], dgp)
    g_ne, ey_ne = simulate_no_employee(r_ne, firms.iloc[ne_idx], dgp)
    _log(quiet, f"accounts simulated: {len(emp_idx):,} employer and {len(ne_idx):,} other starters "
                f"x {len(YEARS)} years [{time.perf_counter() - t0:.1f}s]")
    # exits drawn with the accounts (non-AI) get a type
    ey = firms["exit_year"].to_numpy(int).copy()
    et = firms["exit_type"].to_numpy(object).copy()
    drawn = np.zeros(len(firms), bool)
    for idx, e in ((emp_idx, ey_emp), (ne_idx, ey_ne)):
        new = (e > 0) & (firms["role"].to_numpy()[idx] != "ai")
        ey[idx[new]] = e[new]
        drawn[idx[new]] = True
    kinds = list(dgp.exit_mix)
    pk = np.array(list(dgp.exit_mix.values()))
    et[drawn] = r_exit.choice(np.array(kinds, dtype=object), drawn.sum(), p=pk / pk.sum())
    firms["exit_year"] = ey
    firms["exit_type"] = et
    edate = exit_dates(r_exit, firms)
    hist, current = history_rows(r_hist, firms, edate)
    # deposits
    grids = {}
    for k in list(g_emp):  # concatenate field by field, freeing the parts (peak memory)
        a, b = g_emp.pop(k), g_ne.pop(k)
        if k != "omega":
            grids[k] = np.concatenate([a, b])
        del a, b
    owner = np.concatenate([emp_idx, ne_idx])
    dep = build_deposits(r_fil, grids, np.concatenate([np.ones(len(emp_idx), bool),
                                                       np.zeros(len(ne_idx), bool)]), dgp)
    del grids
    _log(quiet, f"deposits: {len(dep['firm']):,} ({dep['gaps']} gaps, {dep['refiled']} corrected) "
                f"[{time.perf_counter() - t0:.1f}s]")
    write_kbo(out / "kbo", r_kbo, firms, current)
    from econ_ai.data.synth.candidates import write_candidates
    from econ_ai.data.synth.entities import extend_register

    write_candidates(out, r_cand, ai_list, firms, extend_register(out / "kbo", r_cand, firms, scale))
    write_history(out / "juridical_situation_history.csv", hist)
    en = firms["enterprise_number"].to_numpy(object)
    rows = write_accounts(out / "accounts.parquet", en, owner[dep["firm"]], dep["dep_year"],
                          dep["fye"], dep["fye_labels"], dep["model"], dep["values"],
                          dep["n1_dep"], dep["n1_values"])
    en_of_row = dict(zip(firms.loc[firms["list_row"] >= 0, "list_row"].tolist(),
                         firms.loc[firms["list_row"] >= 0, "enterprise_number"].tolist()))
    write_ai_profile(out / "ai_profile.csv", ai_list, en_of_row)
    _log(quiet, f"written: {rows:,} account rows [{time.perf_counter() - t0:.1f}s]")
    roles = firms["role"].value_counts().to_dict()
    manifest = {
        "generator": "econ_ai.data.synth", "version": GENERATOR_VERSION,
        "scale": scale, "seed": int(seed),
        "files": {f: sha256_file(out / f) for f in FILES},
        "counts": {"firms": int(len(firms)), "roles": {k: int(v) for k, v in roles.items()},
                   "deposits": int(len(dep["firm"])), "account_rows": int(rows),
                   "history_rows": int(len(hist)), "gaps": dep["gaps"],
                   "gaps_with_n1": dep["gaps_n1"], "corrected_deposits": dep["refiled"]},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    _log(quiet, f"done in {time.perf_counter() - t0:.1f}s -> {out}")
    return out


def _valid(folder: Path) -> bool:
    try:
        man = read_manifest(folder)
    except (OSError, ValueError):
        return False
    return all((folder / f).is_file() for f in man.get("files", {})) and set(man["files"]) == set(FILES)


def ensure(scale: float = 1.0, seed: int = DEFAULT_SEED, *, quiet: bool = False) -> Path:
    """The cached synthetic folder for (scale, seed), generated on first use."""
    scale = _check_scale(scale)
    target = cache_dir(scale, seed)
    if _valid(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".tmp-", dir=target.parent))
    try:
        generate(tmp, scale=scale, seed=seed, quiet=quiet)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private
        if target.exists():  # a stale / partial folder (or another process won the race)
            if _valid(target):
                shutil.rmtree(tmp, ignore_errors=True)
                return target
            shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target

