"""Where the bot has replied, and what was asked there last: (platform, chat, thread) places in the database.

A Slack thread the bot answered in takes follow-ups without a new mention, and a short follow-up ("and for
children?", "tell me more") is read against the question before it. Every replica and the process after a
restart must agree on both, so they are rows, not memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Conversation
from knowledge.models import utcnow

FOLLOW_UP_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True)
class Context:
    """The conversation's last question and what answered it (if anything did)."""

    question: str
    language: str | None
    resource_id: str | None
    chunk_id: int | None


class Conversations:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def touch(self, platform: str, chat_id: str, thread_id: str | None, user_id: str | None = None,
              context: Context | None = None) -> None:
        """Remember that the bot replied here (now), and, when given, the question it was asked."""
        place = (platform, chat_id, thread_id or "")
        for _ in range(2):  # a concurrent first insert of the same place makes ours fail once
            try:
                with self.sessions() as session, session.begin():
                    row = self._find(session, *place)
                    if row is None:
                        row = Conversation(platform=platform, chat_id=chat_id, thread_id=place[2], user_id=user_id)
                        session.add(row)
                    row.last_at = utcnow()
                    if context is not None:
                        row.user_id = user_id
                        row.question, row.language = context.question[:4000], context.language
                        row.resource_id, row.chunk_id = context.resource_id, context.chunk_id
                return
            except IntegrityError:
                continue

    def known(self, platform: str, chat_id: str, thread_id: str | None) -> bool:
        with self.sessions() as session:
            return self._find(session, platform, chat_id, thread_id or "") is not None

    def recent(self, platform: str, chat_id: str, thread_id: str | None, user_id: str) -> Context | None:
        """The last question this user asked here within the follow-up window, if any (in a group, one
        official's "and for children?" is not read against another's question)."""
        with self.sessions() as session:
            row = self._find(session, platform, chat_id, thread_id or "")
            if (row is None or row.question is None or row.user_id != user_id
                    or row.last_at < utcnow() - FOLLOW_UP_WINDOW):
                return None
            return Context(row.question, row.language, row.resource_id, row.chunk_id)

    @staticmethod
    def _find(session: Session, platform: str, chat_id: str, thread_id: str) -> Conversation | None:
        return session.scalars(select(Conversation).where(
            Conversation.platform == platform, Conversation.chat_id == chat_id,
            Conversation.thread_id == thread_id)).first()
