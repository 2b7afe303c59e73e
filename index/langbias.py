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


FORMAT = 2  # bump when what is stored changes, so stale files are refitted


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
        reference = {k: _unit(v - query[k]) for k, v in q_vectors.items()}
        return cls({k: (v - p_centre).astype(np.float32) for k, v in p_means.items()}, query, source, reference)

    def passages(self, vectors: np.ndarray, languages: list[str]) -> np.ndarray:
        if len(vectors) == 0:
            return vectors
        shift = np.stack([self.passage.get(lang, np.zeros(vectors.shape[1], np.float32)) for lang in languages])
        return _unit(vectors - shift)

    def query_vector(self, vector: np.ndarray, language: str | None) -> np.ndarray:
        if language is None or language not in self.query:
            return vector
        return _unit(vector - self.query[language])

    def save(self, path: Path) -> None:
        arrays = {f"p_{k}": v for k, v in self.passage.items()} | {f"q_{k}": v for k, v in self.query.items()}
        arrays |= {f"r_{k}": v for k, v in (self.reference or {}).items()}
        np.savez(path, source=np.array(self.source), **arrays)

    @classmethod
    def load(cls, path: Path) -> LanguageOffsets:
        data = np.load(path)
        passage = {k[2:]: data[k] for k in data.files if k.startswith("p_")}
        query = {k[2:]: data[k] for k in data.files if k.startswith("q_")}
        reference = {k[2:]: data[k] for k in data.files if k.startswith("r_")}
        return cls(passage, query, str(data["source"]), reference or None)
