"""The request queue: escalation in, staff work, answers out through the outbox.

Every state change is one transaction that also appends to the ticket's event log; moves that the
lifecycle does not allow are refused with a message a person can act on, and change nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.escalation import Escalated, EscalationReason, Found
from bot import phrases as P
from bot.i18n import gettext_for, supported
from bot.messages import Requester
from bot.queue.models import OutboxItem, OutboxKind, OutboxStatus, Ticket, TicketEvent, TicketStatus
from bot.queue.errors import BadInput, IllegalMove, NotStaff, QueueError, TicketNotFound
from bot.queue.staff import StaffDirectory
from knowledge.models import utcnow

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 20_000
ACTIVE = (TicketStatus.OPEN.value, TicketStatus.CLAIMED.value)
# Changes a staff board shows (a question asked again changes nothing there).
BOARD_ACTIONS = frozenset({"opened", "claimed", "unclaimed", "answered", "closed", "reopened", "added_to_knowledge",
                           "removed_from_knowledge"})


def _check_status(status: str | None) -> None:
    if status is not None and status not in {s.value for s in TicketStatus}:
        raise BadInput(f"unknown status {status!r}; use one of {', '.join(s.value for s in TicketStatus)}")


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    detail: dict


@dataclass(frozen=True)
class TicketView:
    """A ticket as read, detached from the session."""

    id: int
    status: str
    requester: Requester
    question: str
    language: str
    reason: str
    found: list[dict]
    assignee: str | None
    answer: str | None
    answered_by: str | None
    knowledge_id: str | None
    created_at: datetime
    claimed_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    delivery: str | None = None  # status of the newest outbox row for this ticket
    events: list[EventView] = field(default_factory=list)


class Notifier(Protocol):
    """Told about each new ticket (a Slack staff channel, a Telegram staff group, a log line)."""

    def notify_new_ticket(self, ticket: TicketView) -> None: ...


class KnowledgeSink(Protocol):
    """Turns a staff answer into a repository resource and indexes it; returns the resource id."""

    def add(self, ticket: TicketView) -> str: ...
    def remove(self, ticket_id: int) -> bool: ...


def knowledge_resource_id(ticket_id: int) -> str:
    """The id of the FAQ resource made from a ticket's answer."""
    return f"staff-answer-{ticket_id}"


def question_key(text: str) -> str:
    """Same question, modulo case, accents-as-typed, spacing and punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[\W_]+", " ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _view(ticket: Ticket, delivery: str | None = None, events: bool = False) -> TicketView:
    return TicketView(
        id=ticket.id, status=ticket.status,
        requester=ticket.requester,
        question=ticket.question, language=ticket.language, reason=ticket.reason, found=list(ticket.found or []),
        assignee=ticket.assignee, answer=ticket.answer, answered_by=ticket.answered_by,
        knowledge_id=ticket.knowledge_id, created_at=ticket.created_at, claimed_at=ticket.claimed_at,
        answered_at=ticket.answered_at, closed_at=ticket.closed_at, delivery=delivery,
        events=[EventView(e.at, e.actor, e.action, dict(e.detail or {})) for e in ticket.events] if events else [],
    )


def relay_text(ticket: Ticket, answer: str) -> str:
    _ = gettext_for(ticket.language if supported(ticket.language) else "en")
    return "\n\n".join([_(P.STAFF_ANSWER_HEADER, ticket=ticket.id), answer,
                        _(P.YOU_ASKED, question=ticket.question)])


class RequestQueue:
    def __init__(self, sessions: sessionmaker[Session], staff: StaffDirectory,
                 notifiers: list[Notifier] | None = None, knowledge: KnowledgeSink | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.sessions = sessions
        self.staff = staff
        self.notifiers = list(notifiers or [])
        self.knowledge = knowledge
        self.clock = clock

    # ---- escalation (the bot core calls this) ----------------------------------------------

    def escalate(self, requester: Requester, question: str, language: str, reason: EscalationReason,
                 found: list[Found]) -> Escalated:
        key = question_key(question)
        with self.sessions() as session, session.begin():
            existing = session.scalars(
                select(Ticket).where(Ticket.platform == requester.platform, Ticket.user_id == requester.user_id,
                                     Ticket.question_key == key, Ticket.status.in_(ACTIVE))
                .order_by(Ticket.id).limit(1)
            ).first()
            if existing is not None:
                self._event(session, existing, requester.display_name or requester.user_id, "asked_again",
                            {"reason": reason.value})
                return Escalated(existing.id, duplicate=True)
            now = self.clock()
            ticket = Ticket(**Ticket.columns_of(requester), question=question, question_key=key, language=language,
                            found=[{"id": f.resource_id, "score": f.score} for f in found], reason=reason.value,
                            status=TicketStatus.OPEN.value, created_at=now, updated_at=now)
            session.add(ticket)
            session.flush()
            self._event(session, ticket, requester.display_name or requester.user_id, "opened",
                        {"reason": reason.value})
            view = _view(ticket)
        for notifier in self.notifiers:
            try:
                notifier.notify_new_ticket(view)
            except Exception:  # a notifier that is down must not lose the ticket
                log.exception("notifier %s failed for ticket %s", type(notifier).__name__, view.id)
        return Escalated(view.id)

    # ---- reading ----------------------------------------------------------------------------

    def list(self, status: str | None = None, limit: int | None = 100) -> list[TicketView]:
        """Oldest first; ``limit=None`` lists them all (``count`` tells a caller whether the list was cut)."""
        _check_status(status)
        with self.sessions() as session:
            query = select(Ticket).order_by(Ticket.created_at, Ticket.id).limit(limit)
            if status:
                query = query.where(Ticket.status == status)
            tickets = session.scalars(query).all()
            deliveries = self._deliveries(session, [t.id for t in tickets])
            return [_view(t, deliveries.get(t.id)) for t in tickets]

    def count(self, status: str | None = None) -> int:
        _check_status(status)
        with self.sessions() as session:
            query = select(func.count()).select_from(Ticket)
            if status:
                query = query.where(Ticket.status == status)
            return int(session.scalar(query) or 0)

    def get(self, ticket_id: int) -> TicketView:
        with self.sessions() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise TicketNotFound(f"there is no ticket #{ticket_id}")
            return _view(ticket, self._deliveries(session, [ticket_id]).get(ticket_id), events=True)

    def stats(self, now: datetime | None = None) -> dict:
        now = now or self.clock()
        with self.sessions() as session:
            counts = dict(session.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
            oldest = session.scalar(select(func.min(Ticket.created_at)).where(Ticket.status.in_(ACTIVE)))
            answered = session.execute(select(Ticket.created_at, Ticket.answered_at)
                                       .where(Ticket.answered_at.is_not(None))).all()
            failed = session.scalar(select(func.count()).select_from(OutboxItem)
                                    .where(OutboxItem.status == OutboxStatus.FAILED.value,
                                           OutboxItem.kind == OutboxKind.RELAY.value))
        waits = [(a - c).total_seconds() for c, a in answered if a and c]
        recent = sum(1 for _, a in answered if a and a >= now - timedelta(days=7))
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=now.tzinfo)
        return {
            "open": counts.get(TicketStatus.OPEN.value, 0),
            "claimed": counts.get(TicketStatus.CLAIMED.value, 0),
            "answered": counts.get(TicketStatus.ANSWERED.value, 0),
            "closed": counts.get(TicketStatus.CLOSED.value, 0),
            "oldest_open_at": oldest.isoformat() if oldest else None,
            "oldest_open_age_hours": round((now - oldest).total_seconds() / 3600, 2) if oldest else None,
            "median_hours_to_first_answer": round(statistics.median(waits) / 3600, 2) if waits else None,
            "answered_last_7_days": recent,
            "failed_deliveries": failed or 0,
        }

    # ---- staff work -------------------------------------------------------------------------

    def claim(self, ticket_id: int, actor: str) -> TicketView:
        member = self.staff.by_name(actor)
        with self.sessions() as session, session.begin():
            now = self.clock()
            # One conditional update: of two staff claiming at once, exactly one matches a row.
            result = session.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.status == TicketStatus.OPEN.value)
                .values(status=TicketStatus.CLAIMED.value, assignee=member.name, claimed_at=now, updated_at=now)
            )
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise TicketNotFound(f"there is no ticket #{ticket_id}")
            if result.rowcount != 1:
                raise IllegalMove(self._why_not_claimable(ticket, member.name))
            session.refresh(ticket)
            self._event(session, ticket, member.name, "claimed")
            return _view(ticket)

    def claim_next(self, actor: str) -> TicketView | None:
        """The oldest open ticket, claimed. On PostgreSQL concurrent claimers skip each other's rows
        (FOR UPDATE SKIP LOCKED); on SQLite the transaction holds the write lock from its start."""
        member = self.staff.by_name(actor)
        with self.sessions() as session, session.begin():
            ticket = session.scalars(
                select(Ticket).where(Ticket.status == TicketStatus.OPEN.value)
                .order_by(Ticket.created_at, Ticket.id).limit(1).with_for_update(skip_locked=True)
            ).first()
            if ticket is None:
                return None
            now = self.clock()
            ticket.status, ticket.assignee, ticket.claimed_at, ticket.updated_at = (
                TicketStatus.CLAIMED.value, member.name, now, now)
            self._event(session, ticket, member.name, "claimed")
            session.flush()
            return _view(ticket)

    def unclaim(self, ticket_id: int, actor: str) -> TicketView:
        member = self.staff.by_name(actor)
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, ticket_id)
            if ticket.status != TicketStatus.CLAIMED.value:
                raise IllegalMove(f"ticket #{ticket_id} is {ticket.status}, not claimed")
            if ticket.assignee != member.name:
                raise IllegalMove(f"ticket #{ticket_id} is claimed by {ticket.assignee}; only they can unclaim it")
            ticket.status, ticket.assignee, ticket.updated_at = TicketStatus.OPEN.value, None, self.clock()
            self._event(session, ticket, member.name, "unclaimed")
            return _view(ticket)

    def answer(self, ticket_id: int, actor: str, text: str, add_to_knowledge: bool = False) -> TicketView:
        """Record the answer and its outbox row in one transaction; then, if asked, add it to knowledge."""
        member = self.staff.by_name(actor)
        text = (text or "").strip()
        if not text:
            raise BadInput("the answer is empty")
        if len(text) > MAX_ANSWER_CHARS:
            raise BadInput(f"the answer is {len(text)} characters; the limit is {MAX_ANSWER_CHARS}")
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, ticket_id)
            if ticket.status in (TicketStatus.ANSWERED.value, TicketStatus.CLOSED.value):
                raise IllegalMove(f"ticket #{ticket_id} is {ticket.status}; reopen it to answer again")
            if ticket.status == TicketStatus.CLAIMED.value and ticket.assignee != member.name:
                raise IllegalMove(f"ticket #{ticket_id} is claimed by {ticket.assignee}")
            now = self.clock()
            if ticket.status == TicketStatus.OPEN.value:
                ticket.assignee, ticket.claimed_at = member.name, now
                self._event(session, ticket, member.name, "claimed")
            ticket.status, ticket.answer, ticket.answered_by = TicketStatus.ANSWERED.value, text, member.name
            ticket.answered_at = ticket.answered_at or now
            ticket.updated_at = now
            session.add(OutboxItem(ticket_id=ticket.id, **OutboxItem.columns_of(ticket.requester),
                                   text=relay_text(ticket, text),
                                   status=OutboxStatus.PENDING.value, next_attempt_at=now, created_at=now))
            self._event(session, ticket, member.name, "answered",
                        {"chars": len(text), "add_to_knowledge": add_to_knowledge})
            view = _view(ticket)
        if add_to_knowledge:
            view = self._add_to_knowledge(view, member.name)
        return view

    def close(self, ticket_id: int, actor: str) -> TicketView:
        member = self.staff.by_name(actor)
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, ticket_id)
            if ticket.status == TicketStatus.CLOSED.value:
                raise IllegalMove(f"ticket #{ticket_id} is already closed")
            if ticket.status == TicketStatus.CLAIMED.value and ticket.assignee != member.name:
                raise IllegalMove(f"ticket #{ticket_id} is claimed by {ticket.assignee}")
            now = self.clock()
            ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.CLOSED.value, now, now
            self._event(session, ticket, member.name, "closed")
            return _view(ticket)

    def reopen(self, ticket_id: int, actor: str) -> TicketView:
        member = self.staff.by_name(actor)
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, ticket_id)
            if ticket.status not in (TicketStatus.ANSWERED.value, TicketStatus.CLOSED.value):
                raise IllegalMove(f"ticket #{ticket_id} is {ticket.status}; only answered or closed tickets reopen")
            ticket.status, ticket.assignee, ticket.closed_at, ticket.updated_at = (
                TicketStatus.OPEN.value, None, None, self.clock())
            self._event(session, ticket, member.name, "reopened")
            return _view(ticket)

    def remove_from_knowledge(self, ticket_id: int, actor: str) -> TicketView:
        """Take a staff answer back out of the knowledge (it was wrong, or is outdated); the ticket stays."""
        member = self.staff.by_name(actor)
        if self.knowledge is None:
            raise QueueError("no knowledge folder is configured")
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, ticket_id)
            if ticket.knowledge_id is None:
                raise IllegalMove(f"ticket #{ticket_id}'s answer is not in the knowledge")
            resource = ticket.knowledge_id
            ticket.knowledge_id, ticket.updated_at = None, self.clock()
            self._event(session, ticket, member.name, "removed_from_knowledge", {"resource": resource})
            view = _view(ticket)
        self.knowledge.remove(ticket_id)
        return view

    def learned(self) -> list[TicketView]:
        """Tickets whose answer is in the knowledge: the database, not one replica's folder, says which."""
        with self.sessions() as session:
            tickets = session.scalars(select(Ticket).where(Ticket.knowledge_id.is_not(None)).order_by(Ticket.id)).all()
            return [_view(t) for t in tickets]

    def unlearned(self, ticket_ids: set[int]) -> set[int]:
        """Of these tickets, those that exist and whose answer is not in the knowledge."""
        if not ticket_ids:
            return set()
        with self.sessions() as session:
            return set(session.scalars(select(Ticket.id).where(Ticket.id.in_(ticket_ids),
                                                               Ticket.knowledge_id.is_(None))).all())

    # ---- helpers ----------------------------------------------------------------------------

    def _add_to_knowledge(self, view: TicketView, actor: str) -> TicketView:
        """The database says so first, then the file is written: a replica syncing in between writes the
        file itself rather than deleting it as an answer taken out of the knowledge."""
        if self.knowledge is None:
            raise QueueError("answered, but no knowledge folder is configured to add it to")
        with self.sessions() as session, session.begin():
            ticket = self._locked(session, view.id)
            ticket.knowledge_id = knowledge_resource_id(view.id)
            self._event(session, ticket, actor, "added_to_knowledge", {"resource": ticket.knowledge_id})
            learned = _view(ticket)
        try:
            self.knowledge.add(learned)
        except Exception:
            with self.sessions() as session, session.begin():
                self._locked(session, view.id).knowledge_id = None
            raise
        return learned

    def _locked(self, session: Session, ticket_id: int) -> Ticket:
        ticket = session.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).first()
        if ticket is None:
            raise TicketNotFound(f"there is no ticket #{ticket_id}")
        return ticket

    def _event(self, session: Session, ticket: Ticket, actor: str, action: str, detail: dict | None = None) -> None:
        """Log the change and, in the same transaction, owe the staff boards a new look at the ticket."""
        now = self.clock()
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action=action, detail=detail or {}))
        if action in BOARD_ACTIONS:
            session.add(OutboxItem(kind=OutboxKind.STAFF_NOTICE.value, ticket_id=ticket.id,
                                   **OutboxItem.columns_of(ticket.requester), text=action,
                                   status=OutboxStatus.PENDING.value, next_attempt_at=now, created_at=now))

    @staticmethod
    def _why_not_claimable(ticket: Ticket, name: str) -> str:
        if ticket.status == TicketStatus.CLAIMED.value:
            if ticket.assignee == name:
                return f"you have already claimed ticket #{ticket.id}"
            return f"ticket #{ticket.id} is already claimed by {ticket.assignee}"
        return f"ticket #{ticket.id} is {ticket.status}; only open tickets can be claimed"

    @staticmethod
    def _deliveries(session: Session, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = session.execute(select(OutboxItem.ticket_id, OutboxItem.status)
                               .where(OutboxItem.ticket_id.in_(ids), OutboxItem.kind == OutboxKind.RELAY.value)
                               .order_by(OutboxItem.id)).all()
        return {tid: status for tid, status in rows}


__all__ = ["BadInput", "IllegalMove", "KnowledgeSink", "NotStaff", "Notifier", "QueueError", "RequestQueue",
           "TicketNotFound", "TicketView", "question_key"]
