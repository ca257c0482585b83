"""The on-disk design cache: atomic writes, verified reads (a corrupt entry is a miss)."""

from __future__ import annotations

import numpy as np

from econ_ai.data.design_cache import DesignCache, key


def test_keys_are_content_hashes():
    assert key("a", (1, 2)) == key("a", (1, 2)) != key("a", (1, 3))


def test_cache_is_atomic_and_verified(tmp_path):
    c = DesignCache(tmp_path)
    c.put("ab" * 32, {"col": np.arange(5.0)}, {"method": "exact1"})
    arrays, meta = c.get("ab" * 32)
    assert np.array_equal(arrays["col"], np.arange(5.0)) and meta == {"method": "exact1"}
    path = next(tmp_path.rglob("*.npyc"))
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF  # a flipped byte in the payload
    path.write_bytes(bytes(blob))
    assert c.get("ab" * 32) is None and c.rejected == 1 and not path.exists()
    assert not list(tmp_path.rglob(".tmp-*"))
    assert DesignCache(tmp_path, enabled=False).get("ab" * 32) is None
