"""The answer-or-escalate rule: a logistic model over retrieval evidence, fitted on the
evaluation set and stored beside the index.

One cosine threshold cannot tell "the repository answers this" from "this is a migration question
the repository does not cover": both score high. What separates them is the shape of the result
list: how far the best resource stands above the rest and above the bulk of chunks, and whether
BM25 independently agrees. The rule learns how to weigh those, per embedder, and is refitted
whenever the embedder changes, so no constant is tied to one model's cosine scale.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.retrieval import SearchResult

# A question this close to a request for one specific fact (index.remit.SPECIFIC_FACTS) goes to staff
# whatever the rule says: the topic matches a resource, the fact is not in it. Set just above the closest of
# the answerable questions of the project's set and five libraries (0.865–0.881); at 0.885 none of them is
# lost and 2–13 near-domain requests per set that the rule answered are caught (docs/evaluation.md).
SPECIFIC_FACT_LINE = 0.885

FEATURES = (
    "above_background",   # best corrected score minus what generic domain sentences score in this corpus and language
    "z_top",              # best chunk against the mean/spread of the 100 best chunks
    "lexical_agree",      # 1/(1+BM25 rank) of the dense winner, 0 when BM25 missed it
    "lexical_top1",       # BM25's own winner is the dense winner
    "same_language",      # the best resource is in the question's language
    "out_of_remit",       # closeness to requests a library of guides does not hold (index.remit)
)


def features(result: SearchResult) -> np.ndarray:
    hits = result.hits
    if not hits:
        return np.zeros(len(FEATURES), dtype=np.float64)
    top = hits[0].score
    bulk = result.chunk_scores[:100]
    spread = float(np.std(bulk)) if len(bulk) > 1 else 0.0
    z_top = (top - float(np.mean(bulk))) / spread if spread > 1e-6 else 0.0
    winner = hits[0]
    lexical_rank = winner.lexical_rank
    return np.array([
        top - result.baseline[0],
        z_top,
        0.0 if lexical_rank is None else 1.0 / (1 + lexical_rank),
        1.0 if result.lexical_top[:1] == [winner.resource.id] else 0.0,
        1.0 if result.language and result.language == winner.resource.language else 0.0,
        result.out_of_remit,
    ], dtype=np.float64)


@dataclass
class DecisionRule:
    """Logistic model P(best resource answers the question) and the threshold to answer at."""

    embedder: str
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = 0.5
    fuse_languages: list[str] = field(default_factory=list)
    method: str = ""  # the retrieval method the features were measured under (bot.library.Library.method)
    feature_names: list[str] = field(default_factory=lambda: list(FEATURES))
    fitted_on: dict = field(default_factory=dict)
    cross_validation: dict = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> float:
        z = (np.asarray(x, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = float(np.dot(z, self.coef) + self.intercept)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))

    def should_answer(self, result: SearchResult) -> tuple[bool, float]:
        if not result.hits:
            return False, 0.0
        p = self.probability(features(result))
        if result.specific_fact >= SPECIFIC_FACT_LINE:   # one city's pledge, this year's deadline: staff know
            return False, p
        return p >= self.threshold, p

    def fuses(self, language: str | None) -> bool:
        return language is not None and language in self.fuse_languages

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> DecisionRule:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("feature_names") != list(FEATURES):
            raise ValueError(f"{path}: decision rule was fitted on other features; refit it")
        return cls(**data)


def fit_logistic(x: np.ndarray, y: np.ndarray, embedder: str, c: float = 1.0) -> DecisionRule:
    """Fit on standardised features; the threshold stays at 0.5 (answer when more likely right)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    if len(set(y.tolist())) < 2:
        coef = np.zeros(x.shape[1])
        intercept = 10.0 if y.all() else -10.0
    else:
        model = LogisticRegression(C=c, max_iter=1000)
        model.fit(z, y)
        coef, intercept = model.coef_[0], float(model.intercept_[0])
    return DecisionRule(embedder=embedder, mean=mean.tolist(), scale=scale.tolist(), coef=list(map(float, coef)),
                        intercept=float(intercept))
