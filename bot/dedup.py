"""Take each platform event once: Slack retries and redeliveries, Telegram re-sent updates, replicas.

The key goes into a table with a unique constraint; the insert that fails is the duplicate. This holds
across restarts and replicas, which an in-memory set would not.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.models import InboundEvent
from knowledge.models import utcnow

KEEP = timedelta(days=7)   # Slack retries within minutes; Telegram keeps updates for 24 hours


class InboundUnavailable(Exception):
    """The log could not be written (the database is down or too slow to connect): the event was not
    taken, so the adapter must refuse it and let the platform deliver it again."""


class InboundLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def first_time(self, platform: str, key: str) -> bool:
        """Record ``key``; False when it was already recorded (the event must be ignored)."""
        try:
            with self.sessions() as session, session.begin():
                session.add(InboundEvent(platform=platform, event_key=str(key)[:200]))
        except IntegrityError:
            return False
        except SQLAlchemyError as exc:
            raise InboundUnavailable(exc.__class__.__name__) from exc
        return True

    def prune(self, older_than: timedelta = KEEP) -> int:
        with self.sessions() as session, session.begin():
            result = session.execute(delete(InboundEvent).where(InboundEvent.received_at < utcnow() - older_than))
        return int(result.rowcount or 0)
