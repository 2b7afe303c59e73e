"""Tickets, their append-only event log, and the outbox that relays answers back."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.messages import Requester
from bot.models import BotBase
from knowledge.models import UTCDateTime, utcnow


class TicketStatus(str, Enum):
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"


class OutboxStatus(str, Enum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"      # gave up after the last retry: shown to staff


class OutboxKind(str, Enum):
    RELAY = "relay"               # a message to the requester (a staff answer)
    STAFF_NOTICE = "staff_notice"  # a ticket changed: post or update its message on every staff board


class RequesterColumns:
    """Where an answer must go back to: the same columns on tickets and on outbox rows."""

    platform: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))
    chat_id: Mapped[str] = mapped_column(String(200))
    thread_id: Mapped[str | None] = mapped_column(String(200))

    @property
    def requester(self) -> Requester:
        return Requester(self.platform, self.user_id, self.chat_id, self.display_name, self.thread_id)

    @staticmethod
    def columns_of(requester: Requester) -> dict[str, str | None]:
        return {"platform": requester.platform, "user_id": requester.user_id, "chat_id": requester.chat_id,
                "display_name": requester.display_name, "thread_id": requester.thread_id}


class Ticket(RequesterColumns, BotBase):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_created", "status", "created_at"),
        Index("ix_tickets_requester_question", "platform", "user_id", "question_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    question_key: Mapped[str] = mapped_column(String(64))  # normalised question hash, for deduplication
    language: Mapped[str] = mapped_column(String(8))
    found: Mapped[list] = mapped_column(JSON, default=list)  # [{"id", "score"}] at escalation time
    reason: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=TicketStatus.OPEN.value)
    assignee: Mapped[str | None] = mapped_column(String(200))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(200))
    knowledge_id: Mapped[str | None] = mapped_column(String(200))  # FAQ resource made from the answer
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    events: Mapped[list[TicketEvent]] = relationship(order_by="TicketEvent.id", cascade="all, delete-orphan",
                                                     back_populates="ticket")


class TicketEvent(BotBase):
    """Who did what to a ticket, when. Rows are only ever added."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class OutboxItem(RequesterColumns, BotBase):
    """A message owed to someone, written in the same transaction as the answer it carries."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), default=OutboxKind.RELAY.value, server_default=OutboxKind.RELAY.value)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffPost(BotBase):
    """Where a ticket's message sits on one staff board (Slack channel, Telegram group).

    The first notice posts it and records its reference; every later notice edits that message, so
    each ticket has exactly one top-level post per board however many replicas deliver notices.
    """

    __tablename__ = "staff_posts"
    __table_args__ = (UniqueConstraint("ticket_id", "board", name="uq_staff_posts_ticket_board"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    board: Mapped[str] = mapped_column(String(40))
    chat_id: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[str] = mapped_column(String(200))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
