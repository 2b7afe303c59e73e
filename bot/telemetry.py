"""What the core tells operators about each message it handled: one record, many listeners.

The core does not know Prometheus or the log format; it builds a :class:`TurnRecord` after every
message and hands it to its observers (the metrics and the one log line per question).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnRecord:
    request_id: str
    platform: str
    language: str
    decision: str                 # answered, escalated, refused, smalltalk, info, failed
    top_score: float | None       # the best resource's score when a search ran
    seconds: float
    text: str                     # the official's message: only a debug log may show it
    ticket: int | None = None


class TurnObserver(Protocol):
    def observe(self, record: TurnRecord) -> None: ...


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def notify(observers: list[TurnObserver], record: TurnRecord) -> None:
    """A listener that fails must never cost the official their answer."""
    for observer in observers:
        try:
            observer.observe(record)
        except Exception:
            log.exception("turn observer %s failed", type(observer).__name__)
