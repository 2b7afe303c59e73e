"""Where the bot has replied: (platform, chat, thread) places, kept in the database.

A Slack thread the bot answered in takes follow-ups without a new mention; every replica and the
process after a restart must agree on which threads those are.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Conversation
from knowledge.models import utcnow


class Conversations:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def touch(self, platform: str, chat_id: str, thread_id: str | None, user_id: str | None = None) -> None:
        """Remember that the bot replied here (now)."""
        place = (platform, chat_id, thread_id or "")
        for _ in range(2):  # a concurrent first insert of the same place makes ours fail once
            try:
                with self.sessions() as session, session.begin():
                    row = self._find(session, *place)
                    if row is None:
                        session.add(Conversation(platform=platform, chat_id=chat_id, thread_id=place[2],
                                                 user_id=user_id))
                    else:
                        row.last_at = utcnow()
                return
            except IntegrityError:
                continue

    def known(self, platform: str, chat_id: str, thread_id: str | None) -> bool:
        with self.sessions() as session:
            return self._find(session, platform, chat_id, thread_id or "") is not None

    @staticmethod
    def _find(session: Session, platform: str, chat_id: str, thread_id: str) -> Conversation | None:
        return session.scalars(select(Conversation).where(
            Conversation.platform == platform, Conversation.chat_id == chat_id,
            Conversation.thread_id == thread_id)).first()
