"""Retrieval over the bundled library with the real embedder and the real FAISS index."""

from __future__ import annotations

import pytest

import index.retrieval as retrieval


def test_same_language_resources_carry_the_penalty_and_others_do_not(bundled_runtime,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    retriever = bundled_runtime.library.retriever
    question = "¿Qué puede hacer el ayuntamiento para acompañar a personas en situación irregular a regularizarse?"
    penalised = retriever.search(question, "es")
    monkeypatch.setattr(retrieval, "SAME_LANGUAGE_PENALTY", 0.0)
    plain = {h.resource.id: h for h in retriever.search(question, "es").hits}

    languages = {h.resource.language for h in penalised.hits}
    assert "es" in languages and languages - {"es"}, "the test needs hits in the question's language and others"
    for hit in penalised.hits:
        if hit.resource.id not in plain:
            continue
        expected = plain[hit.resource.id].score - (0.01 if hit.resource.language == "es" else 0.0)
        assert hit.chunk == plain[hit.resource.id].chunk
        assert hit.score == pytest.approx(expected, abs=1e-6)
    assert penalised.hits[0].resource.id == "regularizacion-acompanamiento-es"  # still first where it belongs
