"""What a match to nothing in particular scores in this corpus: the baseline a real answer must beat.

Cosine scale moves with the corpus (a small, focused library scores everything lower than a large,
general one) and with the question's language. Measured on the held-out folder, a rule fitted on raw
cosines escalated half of the answerable questions there. So at index build we search the corpus
with generic domain sentences (the parallel set, in every language) and keep, per language, the mean
and spread of their best scores; the decision looks at how far a question's best match stands above
that baseline, which carries over from one library to another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.dense import DenseIndex


@dataclass(frozen=True)
class Background:
    per_language: dict[str, tuple[float, float]]
    pooled: tuple[float, float]

    @classmethod
    def measure(cls, dense: DenseIndex, reference: dict[str, np.ndarray] | None,
                rescore: Callable[[np.ndarray, np.ndarray, str], np.ndarray], depth: int = 200) -> Background | None:
        """``rescore(scores, positions, language)``: the correction searches apply after FAISS (the
        same-language penalty), so the baseline is on the scale the decision compares it with; ``depth``
        should be the search's, so that the best corrected score is found as a search would find it.
        Questions in a language without reference sentences get the pooled baseline, the mix of the
        corrected per-language bests."""
        if not reference or dense.size == 0:
            return None
        per: dict[str, tuple[float, float]] = {}
        tops: list[np.ndarray] = []
        for lang, vectors in reference.items():
            scores, positions = dense.search(vectors, depth)
            found = positions >= 0  # FAISS pads with -1 when the corpus is smaller than the depth
            corrected = np.where(found, rescore(scores, np.where(found, positions, 0), lang), -np.inf)
            best = corrected.max(axis=1).astype(np.float64)
            per[lang] = (float(best.mean()), float(best.std()) or 1e-3)
            tops.append(best)
        every = np.concatenate(tops)
        return cls(per, (float(every.mean()), float(every.std()) or 1e-3))

    def baseline(self, language: str | None) -> tuple[float, float]:
        return self.per_language.get(language or "", self.pooled)
