"""Staff answers become repository resources: one FAQ file per answered ticket, indexed at once."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.privacy import ERASED
from bot.queue.service import TicketView, knowledge_resource_id

TITLE = "Answers from the council's team"
NEUTRAL_QUESTION = "An answer from the council's team"
FILE_RE = re.compile(r"ticket-(\d+)\.faq\.yaml")
# What an entry keeps when its question is erased: nothing else an editor may have added (it could
# quote the question) survives.
KEPT_WITHOUT_QUESTION = ("language", "answered_by", "answered_at", "ticket", "topics", "url", "updated", "type")


def neutral_question(answer: str, limit: int = 120) -> str:
    """A title for an FAQ entry whose question was erased (the loader needs one, and it is what
    retrieval shows): the answer's opening, never the question. "Yes." alone says nothing, so
    sentences are taken until the title has some substance."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(answer.split())) if s]
    title = ""
    for sentence in sentences:
        title = f"{title} {sentence}".strip()
        if len(title) >= 40:
            break
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return title or NEUTRAL_QUESTION


class FaqWriter:
    """Writes ``ticket-<n>.faq.yaml`` into the staff-answers folder and re-syncs the library.

    One file per ticket keeps concurrent answers from editing the same file, and the file is written
    to a temporary name and renamed, so ingest never reads half of it.
    """

    def __init__(self, directory: Path, on_change: Callable[[], object]) -> None:
        self.directory = directory
        self.on_change = on_change

    resource_id = staticmethod(knowledge_resource_id)

    def add(self, ticket: TicketView) -> str:
        self._write(ticket.id, [self._entry(ticket)])
        self.on_change()
        return self.resource_id(ticket.id)

    def remove(self, ticket_id: int) -> bool:
        """Delete the ticket's FAQ file and re-sync; False when there was none."""
        try:
            self.path(ticket_id).unlink()
        except FileNotFoundError:
            return False
        self.on_change()
        return True

    def restore(self, learned: list[TicketView]) -> int:
        """Write the FAQ files this folder lacks for answers the database says are in the knowledge.

        Replicas each have their own folder, and one replica's sync would otherwise remove from the
        database a staff answer another replica wrote. Does not re-sync: the caller is syncing.
        """
        missing = [t for t in learned if t.answer and not self.path(t.id).exists()]
        for ticket in missing:
            self._write(ticket.id, [self._entry(ticket)])
        return len(missing)

    def tickets_on_disk(self) -> set[int]:
        if not self.directory.is_dir():
            return set()
        return {int(m.group(1)) for p in self.directory.iterdir() if (m := FILE_RE.fullmatch(p.name))}

    def drop(self, ticket_ids: set[int]) -> int:
        """Delete the files of answers taken out of the knowledge on another replica (no re-sync)."""
        for ticket_id in ticket_ids:
            self.path(ticket_id).unlink(missing_ok=True)
        return len(ticket_ids)

    def _entry(self, ticket: TicketView) -> dict[str, Any]:
        return {
            "id": self.resource_id(ticket.id),
            # A ticket whose requester was forgotten is answered again: its title comes from the answer.
            "question": neutral_question(ticket.answer or "") if ticket.question == ERASED else ticket.question,
            "answer": ticket.answer,
            "language": ticket.language,
            "answered_by": ticket.answered_by,
            "answered_at": ticket.answered_at.isoformat() if ticket.answered_at else None,
            "ticket": ticket.id,
            "topics": ["staff-answer"],
        }

    def path(self, ticket_id: int) -> Path:
        return self.directory / f"ticket-{ticket_id}.faq.yaml"

    def rewrite_without_question(self, ticket_id: int, answer: str, language: str) -> bool:
        """Rewrite a ticket's FAQ so nothing of the official's question is left (they asked to be
        forgotten): the question becomes a title drawn from the staff answer, other fields an editor may
        have added are dropped. The answer kept is the file's (what the knowledge holds), else ``answer``.

        Returns False when the file is gone (staff removed it: it is not brought back). Does not re-sync:
        the caller calls ``on_change`` once, after its own database transaction.
        """
        target = self.path(ticket_id)
        if not target.exists():
            return False
        old = self._entries(target) or [{}]
        self._write(ticket_id, [self._without_question(ticket_id, e, answer, language) for e in old])
        return True

    def _without_question(self, ticket_id: int, entry: dict[str, Any], answer: str, language: str) -> dict[str, Any]:
        text = str(entry.get("answer") or answer).strip()
        kept = {k: entry[k] for k in KEPT_WITHOUT_QUESTION if entry.get(k) is not None}
        return {"id": entry.get("id") or self.resource_id(ticket_id), "question": neutral_question(text),
                "answer": text, **{"language": language, **kept}}

    @staticmethod
    def _entries(path: Path) -> list[dict[str, Any]]:
        """The file's entries, or none if it cannot be read as an FAQ (it is then written afresh)."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return []
        entries = data.get("entries") if isinstance(data, dict) else data
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    def _write(self, ticket_id: int, entries: list[dict[str, Any]]) -> None:
        """Temporary file then rename: ingest never reads half a file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        content = yaml.safe_dump({"title": TITLE, "entries": entries}, allow_unicode=True, sort_keys=False,
                                 width=100)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".ticket-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, self.path(ticket_id))
