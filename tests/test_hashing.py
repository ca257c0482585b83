"""File digests used for data provenance."""

import hashlib

from econ_ai.hashing import sha256_file, sha256_files


def test_sha256_file_matches_hashlib(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"x" * (3 << 20) + b"tail")  # more than one read chunk
    assert sha256_file(p) == hashlib.sha256(p.read_bytes()).hexdigest()


def test_sha256_files_depends_on_names_and_bytes(tmp_path):
    (tmp_path / "a").write_text("1")
    (tmp_path / "b").write_text("1")
    d1 = sha256_files(tmp_path, [tmp_path / "a"])
    d2 = sha256_files(tmp_path, [tmp_path / "b"])
    assert d1 != d2 and len(d1) == 64
