"""The seam between the core and the staff request queue.

The core decides *that* a question goes to people; the queue decides how it is recorded, deduplicated
and relayed. The core only hands over the question, the requester, and what retrieval found (ids
and scores), so the queue never depends on retrieval objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.messages import Requester


class EscalationReason(str, Enum):
    LOW_CONFIDENCE = "low_confidence"   # the decision rule found no good answer
    ASKED_FOR_PERSON = "asked_for_person"
    NOT_HELPFUL = "not_helpful"          # the official marked the answer as not helpful


@dataclass(frozen=True)
class Found:
    resource_id: str
    score: float


@dataclass(frozen=True)
class Escalated:
    ticket: int
    duplicate: bool = False   # the same person already had this question open


class EscalationUnavailable(RuntimeError):
    """The request could not be recorded (database down): the official must be told to retry."""


class Escalations(Protocol):
    def escalate(self, requester: Requester, question: str, language: str, reason: EscalationReason,
                 found: list[Found]) -> Escalated: ...
