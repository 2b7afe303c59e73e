"""Remove each language's own direction from the embeddings, so questions find answers across languages.

Multilingual e5 puts a question closer to passages in its own language than to a better passage in
another: measured on the project's questions, a Spanish question ranked Spanish resources first even
when the answer was in English. Every language adds a roughly constant offset to its embeddings. We
estimate it from a parallel text set (the same sentences in many languages, so that content cancels
and only language remains) and subtract it from passages (by their resource's language) and from the
question (by its detected language). Languages without parallel text are left as they are.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embedders import Embedder

PARALLEL = Path(__file__).resolve().parent / "langbias" / "parallel.jsonl"


def load_parallel(path: Path = PARALLEL) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{k: str(v) for k, v in row.items() if str(v).strip()} for row in rows]


# How many of the language offsets' principal directions are projected out. Measured on the project's
# questions with the 18-language parallel set: 0 → recall@1 0.77, 4 → 0.80, 7 → 0.81, 12 → 0.80, 17 → 0.77.
LANGUAGE_DIRECTIONS = 7
FORMAT = 4  # bump when what is stored changes, so stale files are refitted


def parallel_digest(path: Path = PARALLEL) -> str:
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}-v{FORMAT}"


def _unit(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (v / norms).astype(np.float32)


@dataclass
class LanguageOffsets:
    passage: dict[str, np.ndarray]
    query: dict[str, np.ndarray]
    source: str = ""
    # The parallel sentences as corrected query vectors, per language: generic questions and statements
    # of the domain that no particular resource answers, used as the "background" a real match must beat.
    reference: dict[str, np.ndarray] | None = None
    # Directions spanned by the language offsets, projected out of every vector after the offset is
    # removed: what is left of language identity varies along them, also for languages we have no
    # parallel text for.
    basis: np.ndarray | None = None

    @classmethod
    def fit(cls, embedder: Embedder, rows: list[dict[str, str]], source: str = "") -> LanguageOffsets:
        """Offsets from sentences present in every language used, so each language mean covers the same content."""
        languages = sorted({lang for row in rows for lang in row})
        complete = [row for row in rows if all(lang in row for lang in languages)]
        if len(complete) < 10:
            raise ValueError("the parallel set needs at least 10 sentences present in every language")
        p_means, q_means, q_vectors = {}, {}, {}
        for lang in languages:
            texts = [row[lang] for row in complete]
            p_means[lang] = embedder.encode_passages(texts).mean(axis=0)
            q_vectors[lang] = embedder.encode_queries(texts)
            q_means[lang] = q_vectors[lang].mean(axis=0)
        p_centre = np.mean(list(p_means.values()), axis=0)
        q_centre = np.mean(list(q_means.values()), axis=0)
        query = {k: (v - q_centre).astype(np.float32) for k, v in q_means.items()}
        passage = {k: (v - p_centre).astype(np.float32) for k, v in p_means.items()}
        stacked = np.stack([*passage.values(), *query.values()]).astype(np.float64)
        _, singular, vt = np.linalg.svd(stacked, full_matrices=False)
        rank = min(LANGUAGE_DIRECTIONS, len(languages) - 1, int((singular > 1e-6 * singular[0]).sum()))
        basis = vt[:rank].astype(np.float32)
        offsets = cls(passage, query, source, None, basis)
        offsets.reference = {k: offsets.query_vector(v, k) for k, v in q_vectors.items()}
        return offsets

    def _project(self, vectors: np.ndarray) -> np.ndarray:
        if self.basis is None or len(self.basis) == 0:
            return _unit(vectors)
        return _unit(vectors - (vectors @ self.basis.T) @ self.basis)

    def passages(self, vectors: np.ndarray, languages: list[str]) -> np.ndarray:
        if len(vectors) == 0:
            return vectors
        shift = np.stack([self.passage.get(lang, np.zeros(vectors.shape[1], np.float32)) for lang in languages])
        return self._project(vectors - shift)

    def query_vector(self, vector: np.ndarray, language: str | None) -> np.ndarray:
        """One vector or a (n, dim) batch, all in ``language``."""
        shift = self.query.get(language or "")
        return self._project(vector - shift if shift is not None else vector)

    def save(self, path: Path) -> None:
        arrays = {f"p_{k}": v for k, v in self.passage.items()} | {f"q_{k}": v for k, v in self.query.items()}
        arrays |= {f"r_{k}": v for k, v in (self.reference or {}).items()}
        if self.basis is not None:
            arrays["basis"] = self.basis
        np.savez(path, source=np.array(self.source), **arrays)

    @classmethod
    def load(cls, path: Path) -> LanguageOffsets:
        data = np.load(path)
        passage = {k[2:]: data[k] for k in data.files if k.startswith("p_")}
        query = {k[2:]: data[k] for k in data.files if k.startswith("q_")}
        reference = {k[2:]: data[k] for k in data.files if k.startswith("r_")}
        basis = data["basis"] if "basis" in data.files else None
        return cls(passage, query, str(data["source"]), reference or None, basis)
