"""Database rows of the bot core: what was asked, what was answered, and what people thought of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from knowledge.models import UTCDateTime, utcnow


class BotBase(DeclarativeBase):
    """Declarative base for the core's and the queue's tables."""


class Interaction(BotBase):
    """One question and the bot's reply to it.

    Buttons carry this row's id (Telegram allows only 64 bytes of callback data), so "not helpful,
    ask the team" can escalate the original question long after it was asked.
    """

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    chat_id: Mapped[str] = mapped_column(String(200))
    thread_id: Mapped[str | None] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float | None] = mapped_column(Float)
    found: Mapped[list] = mapped_column(JSON, default=list)  # [{"id": ..., "score": ...}], best first
    ticket_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Feedback(BotBase):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(200))
    helpful: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InboundEvent(BotBase):
    """A platform event already taken (Slack ``event_id``, Telegram ``update_id``).

    Kept in the database, not in memory, so a retry, a redelivery after a restart or the same event
    reaching a second replica is recognised: the unique key makes the second insert fail.
    """

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("platform", "event_key", name="uq_inbound_events_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(40))
    event_key: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Conversation(BotBase):
    """A conversation (platform, chat, thread) the bot has replied in, and its last question.

    Slack follow-ups in a thread the bot already answered need no new mention, and "and for children?"
    is read against the question before it. It lives in the database so every replica, and the
    process after a restart, agrees.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "thread_id", name="uq_conversations_place"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(40))
    chat_id: Mapped[str] = mapped_column(String(200))
    thread_id: Mapped[str] = mapped_column(String(200))   # "" for a chat without threads
    user_id: Mapped[str | None] = mapped_column(String(200))
    last_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last question asked here and what answered it: a follow-up is read against them.
    question: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    resource_id: Mapped[str | None] = mapped_column(String(200))
    chunk_id: Mapped[int | None] = mapped_column(Integer)     # the last chunk of the extract shown
