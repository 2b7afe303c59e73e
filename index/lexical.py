"""BM25 over chunk texts (bm25s), with one tokeniser for every language.

Lexical matching only helps when the question and the resource share a language, so its role is
decided by evaluation (see index.decision), not assumed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import bm25s
import bm25s.stopwords as sw
import numpy as np

TOKEN_RE = re.compile(r"\w\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("STOPWORDS_EN", "STOPWORDS_SPANISH", "STOPWORDS_FRENCH", "STOPWORDS_ITALIAN",
                 "STOPWORDS_PORTUGUESE", "STOPWORDS_GERMAN", "STOPWORDS_DUTCH", "STOPWORDS_RUSSIAN"):
        words.update(_fold(w) for w in getattr(sw, name, ()))
    return frozenset(words)


def _fold(word: str) -> str:
    """Lower-case and strip accents so 'migración' and 'migracion' meet."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    stop = _stopwords()
    return [t for t in (_fold(m) for m in TOKEN_RE.findall(text)) if t not in stop]


class LexicalIndex:
    def __init__(self, model: bm25s.BM25 | None, size: int) -> None:
        self._model = model
        self._size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        corpus = [tokenize(t) or ["_"] for t in texts]
        if not corpus:
            return cls(None, 0)
        model = bm25s.BM25()
        model.index(corpus, show_progress=False)
        return cls(model, len(corpus))

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, positions) of the best ``k`` chunks; empty when no query word is known."""
        tokens = tokenize(query)
        if self._model is None or not tokens:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        vocab = self._model.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores = self._model.get_scores(known)
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        keep = scores[top] > 0
        return scores[top][keep].astype(np.float32), top[keep].astype(np.int64)

    def save(self, path: Path) -> None:
        if self._model is not None:
            self._model.save(str(path))

    @classmethod
    def load(cls, path: Path, size: int) -> LexicalIndex:
        if not path.exists() or size == 0:
            return cls(None, 0)
        return cls(bm25s.BM25.load(str(path)), size)
