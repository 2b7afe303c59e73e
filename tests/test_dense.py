"""The approximate index must agree with exact search on clustered data like a real corpus."""

from __future__ import annotations

import numpy as np

from bot.benchmark import synthetic_vectors
from index.dense import DenseIndex


def test_exact_below_threshold_and_ivf_above_with_high_recall() -> None:
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(300, 64)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = synthetic_vectors(centres, 30_000, noise=0.05)
    queries = synthetic_vectors(centres, 50, seed=7, noise=0.05)

    exact = DenseIndex.build(vectors, exact_max=100_000)
    approx = DenseIndex.build(vectors, exact_max=10_000)
    assert exact.kind == "flat" and approx.kind == "ivf"

    _, e = exact.search(queries, 10)
    _, a = approx.search(queries, 10)
    recall = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a.tolist(), e.tolist())])
    assert recall >= 0.9


def test_empty_index_searches_to_nothing() -> None:
    index = DenseIndex.build(np.zeros((0, 8), dtype=np.float32))
    scores, positions = index.search(np.ones(8, dtype=np.float32), 5)
    assert positions.tolist() == [[-1]]


def test_save_and_load_roundtrip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    vectors = np.eye(4, dtype=np.float32)
    index = DenseIndex.build(vectors)
    index.save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss")
    _, pos = loaded.search(vectors[2], 1)
    assert pos[0][0] == 2
