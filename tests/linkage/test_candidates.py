import numpy as np
from sklearn.neighbors import NearestNeighbors

from econ_ai.linkage.candidates import build_index, candidate_pairs, fuzzy_tokens, knn
from econ_ai.linkage.normalise import normalise_name


def test_sparse_knn_equals_sklearn_brute_cosine(small_register):
    idx = build_index(small_register)
    qs = [normalise_name(x) for x in ("Kaloneva Solution", "Quantrix", "Twinova", "Universiteit Gnet")]
    xq = idx.vectorizer.transform(qs)
    sim, nb = knn(xq, idx.matrix, 3)
    dist, ref = NearestNeighbors(metric="cosine", algorithm="brute").fit(idx.matrix).kneighbors(xq, 3)
    for i in range(len(qs)):
        ok = nb[i] >= 0
        np.testing.assert_allclose(sim[i][ok], 1 - dist[i][ok], atol=1e-6)
        assert set(nb[i][ok][sim[i][ok] > 1e-9]) <= set(ref[i])


def test_exact_block_finds_compact_and_website(small_register):
    idx = build_index(small_register)
    pairs = candidate_pairs(["kalo neva solutions"], idx, k=2, extra=[["kalonevasolutions", "kaloneva"]])
    keys = {str(small_register.keys[k]) for k in pairs["key"]}
    assert "kaloneva solutions" in keys and "kaloneva" in keys


def test_fuzzy_token_block_finds_a_typo_in_the_distinctive_word(small_register):
    idx = build_index(small_register)
    # "kaolneva" (a swap) and "quantrx" (a deletion) share few trigrams with the register
    # names; the deletion index finds the word one edit away, the name's other words dropped
    pairs = candidate_pairs(["kaolneva", "quantrx"], idx, k=1)
    found = {(int(q), str(small_register.keys[k])) for q, k in zip(pairs["query"], pairs["key"])}
    assert (0, "kaloneva solutions") in found and (0, "kaloneva") in found
    assert (1, "quantrix analytics") in found
    assert fuzzy_tokens("quantrx", idx.deletions) == {"quantrix"}
    assert fuzzy_tokens("quantrix", idx.deletions) == set()          # itself excluded
    assert fuzzy_tokens("qtx", idx.deletions) == set()               # too short to fuzz
    assert "twinnova" not in fuzzy_tokens("twinovaab", idx.deletions)  # two edits on a short word


def test_candidate_pairs_do_not_depend_on_the_string_hash_seed(tmp_path):
    """The token blocks walk sets of words: in sorted order, so that two processes (another
    PYTHONHASHSEED) propose the same pairs in the same order and the MAX_PAIRS cap keeps the
    same ones."""
    import subprocess
    import sys
    from pathlib import Path

    conftest = Path(__file__).with_name("conftest.py")
    script = tmp_path / "pairs.py"
    script.write_text(
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('c', {str(conftest)!r})\n"
        "c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)\n"
        "from econ_ai.linkage.candidates import build_index, candidate_pairs\n"
        "reg = c.small_register.__wrapped__()\n"
        "p = candidate_pairs(['kaloneva quantrix twinnova', 'kaolneva quantrx twinova'], build_index(reg), k=2)\n"
        "print(p.to_csv(index=False))\n")
    outs = {subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": h}).stdout for h in ("1", "2", "3")}
    assert len(outs) == 1 and outs.pop().count("\n") > 4
