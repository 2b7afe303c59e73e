"""``mmc-bot bench``'s conversation figures: the whole chat path, follow-ups after their earlier question, and
nothing written where the bot lives."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.benchmark import conversation_latency
from bot.models import Conversation, Interaction


def rows(runtime) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Interaction)),
                s.scalar(select(func.count()).select_from(Conversation)))


def test_conversation_latency_times_questions_and_follow_ups(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    before = rows(bundled_runtime)
    figures = conversation_latency(bundled_runtime.library,
                                   ["How do other cities house newly arrived refugees?", "thanks!"],
                                   [("What is the Global Cities Fund for Migrants and Refugees?", "who runs it?")])
    assert figures["followups"] == 1
    assert 0 < figures["turn_p50_ms"] <= figures["turn_p99_ms"]
    assert 0 < figures["followup_p50_ms"] <= figures["followup_p99_ms"]
    assert rows(bundled_runtime) == before
