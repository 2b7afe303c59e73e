"""Shared fixtures.

The expensive one is a runtime over the bundled resources with the real e5 embedder and FAISS. It
starts from a copy of ./data when `./dev.sh setup` has built it (embeddings are cached by passage
hash), so the suite does not embed the repository again; otherwise it builds everything itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.settings import PROJECT_ROOT, Settings
from index.embedders import E5Embedder

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def bundled_runtime(tmp_path_factory: pytest.TempPathFactory, e5: E5Embedder):  # type: ignore[no-untyped-def]
    from bot.runtime import build

    data = tmp_path_factory.mktemp("bundled-data")
    source = PROJECT_ROOT / "data"
    if (source / "mmc.db").exists():
        shutil.copy2(source / "mmc.db", data / "mmc.db")
        if (source / "index").exists():
            shutil.copytree(source / "index", data / "index")
    settings = Settings(data_dir=data, staff_answers_dir=tmp_path_factory.mktemp("staff-answers"))
    runtime = build(settings, embedder=e5)
    runtime.sync()
    runtime.ensure_rule()
    yield runtime
    runtime.engine.dispose()


class HashEmbedder:
    """A tiny deterministic embedder for tests about something else than embeddings.

    It counts what it is asked to embed, which is what the incremental-ingest tests check.
    """

    name = "test/hash"
    dim = 32

    def __init__(self) -> None:
        self.passages_embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little"))
        v = rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vec(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return self.encode_queries(texts)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Iterator[Settings]:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    yield Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
