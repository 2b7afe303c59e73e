"""Retrieval corrections: the same-language penalty in search and in the background baseline."""

from __future__ import annotations

import numpy as np
import pytest

import index.retrieval as retrieval
from index.background import Background
from index.dense import DenseIndex


def test_same_language_resources_carry_the_penalty_and_the_ranking_follows(bundled_runtime,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    retriever = bundled_runtime.library.retriever
    penalty = retrieval.SAME_LANGUAGE_PENALTY
    assert penalty > 0
    question = "¿Qué puede hacer el ayuntamiento para acompañar a personas en situación irregular a regularizarse?"
    penalised = retriever.search(question, "es")
    monkeypatch.setattr(retrieval, "SAME_LANGUAGE_PENALTY", 0.0)
    plain = {h.resource.id: h for h in retriever.search(question, "es").hits}

    compared = set()
    for hit in penalised.hits:
        if hit.resource.id in plain:
            expected = plain[hit.resource.id].score - (penalty if hit.resource.language == "es" else 0.0)
            assert hit.chunk == plain[hit.resource.id].chunk
            assert hit.score == pytest.approx(expected, abs=1e-6)
            compared.add(hit.resource.language == "es")
    assert compared == {True, False}, "the test needs hits in the question's language and in others"

    scores = [h.score for h in penalised.hits]
    assert scores == sorted(scores, reverse=True)  # ranked by the corrected score, not FAISS's
    assert [h.dense_rank for h in penalised.hits] == list(range(len(penalised.hits)))
    assert list(penalised.chunk_scores) == sorted(penalised.chunk_scores, reverse=True)
    assert penalised.hits[0].resource.id == "regularizacion-acompanamiento-es"  # still first where it belongs


def test_the_background_is_measured_on_the_corrected_scale() -> None:
    """A generic sentence's best match, as the decision will see it: after the same correction as search."""
    passages = np.eye(3, dtype=np.float32)
    dense = DenseIndex.build(passages)
    sentence = np.array([[0.8, 0.6, 0.0]], dtype=np.float32)  # closest to passage 0, then passage 1
    language = np.array(["es", "en", "fr"])

    def rescore(scores: np.ndarray, positions: np.ndarray, lang: str) -> np.ndarray:
        return scores - 0.5 * (language[positions] == lang)

    raw = Background.measure(dense, {"es": sentence}, rescore=lambda scores, positions, lang: scores)
    corrected = Background.measure(dense, {"es": sentence}, rescore=rescore, depth=3)
    assert raw is not None and corrected is not None
    assert raw.baseline("es")[0] == pytest.approx(0.8)
    assert corrected.baseline("es")[0] == pytest.approx(0.6)  # passage 0 drops to 0.3; passage 1 is now best
    assert corrected.baseline("de") == corrected.pooled  # a language without reference sentences
