import numpy as np
from sklearn.neighbors import NearestNeighbors

from econ_ai.linkage.candidates import build_index, candidate_pairs, knn
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
