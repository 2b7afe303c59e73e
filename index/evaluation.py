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
    kind: str | None = None                 # "smalltalk": must be handled as small talk
    context: tuple[str, ...] = ()           # earlier turns of the same conversation, asked first
    evidence: tuple[str, ...] = ()          # verbatim phrases from a resource that answer it

    @property
    def in_scope(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True)
class Outcome:
    question: EvalQuestion
    ranked: tuple[str, ...]   # resource ids, best first
    answered: bool
    source: str | None = None            # the resource the reply cites first (may differ from ranked[0])
    source_language: str | None = None
    extract: str | None = None
    smalltalk: bool = False
    related: tuple[str, ...] = ()        # the other resources the reply lists

    @property
    def shown(self) -> str | None:
        return self.source if self.source is not None else (self.ranked[0] if self.ranked else None)


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read JSONL; a bad line is an error naming the line, since a silently skipped line skews figures."""
    out: list[EvalQuestion] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            q, lang, expect = str(obj["q"]), str(obj.get("lang") or ""), obj.get("expect") or []
            context, evidence = obj.get("context") or [], obj.get("evidence") or []
            if isinstance(context, str):
                context = [context]
            if not all(isinstance(v, list) for v in (expect, context, evidence)):
                raise TypeError("'expect', 'context' and 'evidence' must be lists")
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: {exc}") from None
        # "EN" or "es-MX" would otherwise make figures of their own beside "en" and "es"
        lang = lang.strip().lower().replace("_", "-").split("-")[0]
        out.append(EvalQuestion(q=q, lang=lang, expect=tuple(str(e) for e in expect),
                                kind=str(obj["kind"]) if obj.get("kind") else None,
                                context=tuple(str(c) for c in context), evidence=tuple(str(e) for e in evidence)))
    return out


def right(o: Outcome) -> bool:
    """Answered from a resource that answers it, or sent to staff when nothing does; small talk is wrong here."""
    if o.smalltalk:
        return False
    if o.answered:
        return o.shown in o.question.expect
    return not o.question.in_scope


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


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
    correct = sum(1 for o in outcomes if right(o))
    escalated = [o for o in outcomes if not o.answered and not o.smalltalk]
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


def summarize(outcomes: list[Outcome], resource_language: dict[str, str] | None = None) -> dict:
    """The figures over ordinary questions (no ``kind``, no ``context``), then the conversation's own.

    ``resource_language`` (resource id -> language) groups questions by their expected resource's language."""
    plain = [o for o in outcomes if o.question.kind is None and not o.question.context]
    by_lang: dict[str, list[Outcome]] = defaultdict(list)
    for o in plain:
        by_lang[o.question.lang or "?"].append(o)
    result = _metrics(plain)
    result["by_language"] = {lang: _metrics(items) for lang, items in sorted(by_lang.items())}
    if resource_language is not None:
        by_resource: dict[str, list[Outcome]] = defaultdict(list)
        for o in plain:
            key = resource_language.get(o.question.expect[0], "?") if o.question.expect else "none"
            by_resource[key].append(o)
        result["by_resource_language"] = {lang: _metrics(items) for lang, items in sorted(by_resource.items())}
    result.update(conversation_metrics(outcomes, resource_language or {}))
    return result


def conversation_metrics(outcomes: list[Outcome], resource_language: dict[str, str]) -> dict:
    """Small talk, extracts, the asker's language first, and follow-ups (``mmc-bot eval --json`` fields)."""
    def ratio(a: float, b: int) -> float | None:
        return round(a / b, 4) if b else None
    talk = [o for o in outcomes if o.question.kind == "smalltalk"]
    others = [o for o in outcomes if o.question.kind != "smalltalk"]
    with_evidence = [o for o in others if o.answered and o.question.evidence and o.shown in o.question.expect]
    hits = sum(1 for o in with_evidence if any(_fold(e) in _fold(o.extract or "") for e in o.question.evidence))
    same = [o for o in others if o.answered and not o.question.context
            and any(resource_language.get(r) == o.question.lang for r in o.question.expect)]
    same_first = sum(1 for o in same if o.source_language == o.question.lang)
    followups = [o for o in others if o.question.context]
    answered = [o for o in others if o.answered and not o.question.context and o.shown in o.question.expect]
    related = [r in o.question.expect for o in answered for r in o.related]
    return {
        "smalltalk_n": len(talk),
        "smalltalk_accuracy": ratio(sum(o.smalltalk for o in talk), len(talk)),
        "smalltalk_false_positives": sum(o.smalltalk for o in others),
        "extract_n": len(with_evidence),
        "extract_hit_rate": ratio(hits, len(with_evidence)),
        "same_language_n": len(same),
        "same_language_first": ratio(same_first, len(same)),
        "followup_n": len(followups),
        "followup_decision_accuracy": ratio(sum(right(o) for o in followups), len(followups)),
        # Related resources on right answers: how many are listed, and the share that also answer the question.
        "related_per_answer": ratio(len(related), len(answered)),
        "related_precision": ratio(sum(related), len(related)),
    }
