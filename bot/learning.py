"""Staff answers become repository resources: one FAQ file per answered ticket, indexed at once."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.queue.service import TicketView


class FaqWriter:
    """Writes ``ticket-<n>.faq.yaml`` into the staff-answers folder and re-syncs the library.

    One file per ticket keeps concurrent answers from editing the same file, and the file is written
    to a temporary name and renamed, so ingest never reads half of it.
    """

    def __init__(self, directory: Path, on_change: Callable[[], object]) -> None:
        self.directory = directory
        self.on_change = on_change

    @staticmethod
    def resource_id(ticket_id: int) -> str:
        return f"staff-answer-{ticket_id}"

    def add(self, ticket: TicketView) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        rid = self.resource_id(ticket.id)
        entry = {
            "id": rid,
            "question": ticket.question,
            "answer": ticket.answer,
            "language": ticket.language,
            "answered_by": ticket.answered_by,
            "answered_at": ticket.answered_at.isoformat() if ticket.answered_at else None,
            "ticket": ticket.id,
            "topics": ["staff-answer"],
        }
        content = yaml.safe_dump({"title": "Answers from the council's team", "entries": [entry]},
                                 allow_unicode=True, sort_keys=False, width=100)
        target = self.directory / f"ticket-{ticket.id}.faq.yaml"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".ticket-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
        self.on_change()
        return rid
