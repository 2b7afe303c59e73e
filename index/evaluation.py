"""Retrieval and decision metrics over a question set, overall and per language."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    lang: str
    expect: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True)
class Outcome:
    question: EvalQuestion
    ranked: tuple[str, ...]   # resource ids, best first
    answered: bool


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read JSONL; a bad line is an error naming the line, since a silently skipped line skews figures."""
    out: list[EvalQuestion] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            q, lang, expect = str(obj["q"]), str(obj.get("lang") or ""), obj.get("expect") or []
            if not isinstance(expect, list):
                raise TypeError("'expect' must be a list")
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: {exc}") from None
        # "EN" or "es-MX" would otherwise make figures of their own beside "en" and "es"
        lang = lang.strip().lower().replace("_", "-").split("-")[0]
        out.append(EvalQuestion(q=q, lang=lang, expect=tuple(str(e) for e in expect)))
    return out


def _metrics(outcomes: list[Outcome]) -> dict:
    n = len(outcomes)
    scoped = [o for o in outcomes if o.question.in_scope]
    def hit(o: Outcome, k: int) -> bool:
        return any(r in o.question.expect for r in o.ranked[:k])
    def rr(o: Outcome) -> float:
        for i, r in enumerate(o.ranked):
            if r in o.question.expect:
                return 1.0 / (i + 1)
        return 0.0
    correct = sum(1 for o in outcomes if (o.answered and hit(o, 1)) or (not o.answered and not o.question.in_scope))
    escalated = [o for o in outcomes if not o.answered]
    out_scope = [o for o in outcomes if not o.question.in_scope]
    right_escalations = sum(1 for o in escalated if not o.question.in_scope)
    def ratio(a: float, b: int) -> float | None:
        return round(a / b, 4) if b else None
    return {
        "n": n,
        "in_scope": len(scoped),
        "recall_at_1": ratio(sum(hit(o, 1) for o in scoped), len(scoped)),
        "recall_at_3": ratio(sum(hit(o, 3) for o in scoped), len(scoped)),
        "mrr": ratio(sum(rr(o) for o in scoped), len(scoped)),
        "decision_accuracy": ratio(correct, n),
        "escalation_precision": ratio(right_escalations, len(escalated)),
        "escalation_recall": ratio(right_escalations, len(out_scope)),
    }


def summarize(outcomes: list[Outcome]) -> dict:
    by_lang: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_lang[o.question.lang or "?"].append(o)
    result = _metrics(outcomes)
    result["by_language"] = {lang: _metrics(items) for lang, items in sorted(by_lang.items())}
    return result
