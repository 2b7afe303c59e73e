"""Officials' questions are personal data: erase them after the retention period, show one person
everything held about them, and forget a person on request.

Erased texts are replaced by one marker, ``ERASED``, rather than NULL: the columns are NOT NULL, and a
row that says "[erased]" tells staff (and the next purge) that the text was removed on purpose.
Tickets are never deleted: the queue's statistics (how many, how fast) must stay countable.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, case, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.models import BotBase, Conversation, Feedback, InboundEvent, Interaction
from bot.queue.models import OutboxItem, OutboxKind, OutboxStatus, StaffPost, Ticket, TicketEvent, TicketStatus
from bot.queue.service import question_key
from knowledge.models import utcnow

log = logging.getLogger(__name__)

ERASED = "[erased]"
ERASED_KEY = question_key(ERASED)
SETTLED = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value)
UNSETTLED = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)
# Ticket-event detail keys that hold codes, ids and numbers, never what someone wrote. Every other
# text value (today: a delivery error, which may echo the message) is erased with the question.
STRUCTURED_DETAIL_KEYS = frozenset({"reason", "resource", "platform", "chars", "add_to_knowledge", "attempt",
                                    "attempts"})
BOARD_ACTION = "erased"  # the staff notice that makes every board re-render a ticket without its text


class FaqRewriter(Protocol):
    """What ``forget`` needs of :class:`bot.learning.FaqWriter`."""

    on_change: Callable[[], object]

    def rewrite_without_question(self, ticket_id: int, answer: str, language: str) -> bool: ...


@dataclass
class PurgeReport:
    """What one purge erased, per table (0 everywhere on a second run)."""

    cutoff: datetime
    tickets: int = 0          # closed tickets whose question was erased
    ticket_events: int = 0    # event details whose free text was erased
    outbox: int = 0           # settled relay messages whose text was erased
    interactions: int = 0     # questions erased
    conversations: int = 0    # rows deleted (each held the place's last question)
    inbound_events: int = 0   # rows deleted (platform event keys, kept only to drop redeliveries)
    staff_board_updates: int = 0  # notices queued so staff boards re-render the erased tickets

    @property
    def total(self) -> int:
        return (self.tickets + self.ticket_events + self.outbox + self.interactions + self.conversations
                + self.inbound_events)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "cutoff": self.cutoff.isoformat(), "total": self.total}


@dataclass
class ForgetReport:
    """What ``forget`` erased for one person. ``found`` is False when nothing was held about them."""

    platform: str
    pseudonym: str
    interactions: int = 0     # deleted
    feedback: int = 0         # deleted (on their interactions, or given by them)
    conversations: int = 0    # deleted
    outbox_deleted: int = 0   # messages to them not yet sent
    outbox_erased: int = 0    # messages to them already sent or given up: text erased
    tickets: int = 0          # kept for statistics, requester anonymised, question erased
    ticket_events: int = 0    # events whose actor or free text named or quoted them
    staff_board_updates: int = 0
    faq_rewritten: list[str] = field(default_factory=list)   # FAQ resources now holding only the answer
    faq_not_rewritten: list[str] = field(default_factory=list)  # no writer given, or the file is gone

    @property
    def found(self) -> bool:
        return any((self.interactions, self.feedback, self.conversations, self.outbox_deleted, self.outbox_erased,
                    self.tickets))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "found": self.found}


def pseudonym(platform: str, user_id: str) -> str:
    """A stable stand-in for a forgotten person: the same person always maps to the same value, so
    "tickets per requester" still counts, but the value does not contain their id. Unsalted, so anyone
    holding a list of candidate ids can test a guess; it hides the id, it does not make it unguessable."""
    return "forgotten-" + hashlib.sha256(f"{platform}:{user_id}".encode("utf-8")).hexdigest()[:12]


# ---- purge: the retention period ------------------------------------------------------------


def purge(sessions: sessionmaker[Session], retention_days: int, now: datetime | None = None) -> PurgeReport:
    """Erase message texts older than ``retention_days``, in one transaction.

    Only closed tickets lose their question: open, claimed and answered ones are still being worked on,
    whatever their age. Feedback rows are left alone: they hold no free text, only a verdict on an
    interaction (whose question is erased here). Idempotent: a second run erases nothing.
    """
    if retention_days < 1:
        raise ValueError("the retention must be at least 1 day")
    now = now or utcnow()
    report = PurgeReport(cutoff=now - timedelta(days=retention_days))
    expired = select(Ticket.id).where(Ticket.status == TicketStatus.CLOSED.value, Ticket.closed_at < report.cutoff)
    with sessions() as session, session.begin():
        report.staff_board_updates = _refresh_boards(  # before the erasure hides which tickets are new to it
            session, Ticket.id.in_(expired.where(Ticket.question != ERASED)), now)
        report.tickets = _erase_questions(session, Ticket.id.in_(expired))
        report.ticket_events = _scrub_events(session, TicketEvent.ticket_id.in_(expired))
        report.outbox = _erase_settled_relays(session, OutboxItem.ticket_id.in_(expired))
        report.interactions = _count(session.execute(
            update(Interaction).where(Interaction.created_at < report.cutoff, Interaction.question != ERASED)
            .values(question=ERASED)))
        report.conversations = _count(session.execute(
            delete(Conversation).where(Conversation.last_at < report.cutoff)))
        report.inbound_events = _count(session.execute(
            delete(InboundEvent).where(InboundEvent.received_at < report.cutoff)))
    return report


def _count(result: Any) -> int:
    return int(result.rowcount or 0)


def _erase_questions(session: Session, which: ColumnElement[bool]) -> int:
    """Tickets' questions, and their dedup hash (a hash of a short question can be confirmed by guessing)."""
    return _count(session.execute(update(Ticket).where(which, Ticket.question != ERASED)
                                  .values(question=ERASED, question_key=ERASED_KEY)))


def _scrubbed(detail: dict[str, Any]) -> dict[str, Any]:
    return {k: ERASED if k not in STRUCTURED_DETAIL_KEYS and isinstance(v, (str, list, dict)) else v
            for k, v in detail.items()}


def _scrub_events(session: Session, which: ColumnElement[bool]) -> int:
    """Free text in event details (the log is append-only, so this is its one edit)."""
    rows = session.execute(select(TicketEvent.id, TicketEvent.detail).where(which)).all()
    changed = [{"id": rid, "detail": _scrubbed(detail)} for rid, detail in rows
               if detail and _scrubbed(detail) != detail]
    if changed:
        session.execute(update(TicketEvent), changed)
    return len(changed)


def _erase_settled_relays(session: Session, which: ColumnElement[bool]) -> int:
    """Answers relayed to an official quote their question. Staff notices are left: their text is an
    action name ("opened"), and pending rows are left to be delivered."""
    return _count(session.execute(
        update(OutboxItem).where(which, OutboxItem.kind == OutboxKind.RELAY.value, OutboxItem.status.in_(SETTLED),
                                 OutboxItem.text != ERASED)
        .values(text=ERASED, last_error=case((OutboxItem.last_error.is_not(None), ERASED), else_=None))))


def _refresh_boards(session: Session, which: ColumnElement[bool], now: datetime) -> int:
    """Staff boards show each ticket's question in a message the bot edits on every notice: queue one
    notice per posted ticket so that message is re-rendered from the (erased) ticket."""
    tickets = session.scalars(select(Ticket).where(which, Ticket.id.in_(select(StaffPost.ticket_id)))
                              .order_by(Ticket.id)).all()
    for ticket in tickets:
        session.add(OutboxItem(kind=OutboxKind.STAFF_NOTICE.value, ticket_id=ticket.id, text=BOARD_ACTION,
                               **OutboxItem.columns_of(ticket.requester), status=OutboxStatus.PENDING.value,
                               next_attempt_at=now, created_at=now))
    return len(tickets)


# ---- export: everything held about one person -----------------------------------------------


def export(sessions: sessionmaker[Session], platform: str, user_id: str) -> dict[str, Any]:
    """Everything held about one person, JSON-ready (a subject-access request): their interactions with
    the feedback on them, feedback they gave, their tickets with events and the messages relayed to them,
    and the conversations where they asked last. An unknown person gets empty lists, not an error."""
    with sessions() as session:
        tickets = session.scalars(select(Ticket).where(_requester(Ticket, platform, user_id))
                                  .order_by(Ticket.id)).all()
        return {
            "platform": platform,
            "user_id": user_id,
            "exported_at": utcnow().isoformat(),
            "interactions": [_interaction(session, i) for i in session.scalars(
                select(Interaction).where(Interaction.platform == platform, Interaction.user_id == user_id)
                .order_by(Interaction.id))],
            "feedback_given": [_plain(f) for f in session.scalars(
                select(Feedback).where(_given_by(platform, user_id)).order_by(Feedback.id))],
            "tickets": [_ticket(session, t, platform, user_id) for t in tickets],
            "conversations": [_plain(c) for c in session.scalars(
                select(Conversation).where(Conversation.platform == platform, Conversation.user_id == user_id)
                .order_by(Conversation.id))],
        }


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _plain(row: BotBase) -> dict[str, Any]:
    """A row's columns, datetimes as ISO strings."""
    return {c.key: _json_value(getattr(row, c.key)) for c in row.__table__.columns}


def _interaction(session: Session, interaction: Interaction) -> dict[str, Any]:
    feedback = session.scalars(select(Feedback).where(Feedback.interaction_id == interaction.id)
                               .order_by(Feedback.id))
    return {**_plain(interaction), "feedback": [_plain(f) for f in feedback]}


def _ticket(session: Session, ticket: Ticket, platform: str, user_id: str) -> dict[str, Any]:
    relays = session.scalars(select(OutboxItem).where(
        OutboxItem.ticket_id == ticket.id, OutboxItem.kind == OutboxKind.RELAY.value,
        _requester(OutboxItem, platform, user_id)).order_by(OutboxItem.id))
    return {**_plain(ticket), "events": [_plain(e) for e in ticket.events], "outbox": [_plain(o) for o in relays]}


def _requester(model: type[Ticket] | type[OutboxItem], platform: str, user_id: str) -> ColumnElement[bool]:
    return (model.platform == platform) & (model.user_id == user_id)


def _given_by(platform: str, user_id: str) -> ColumnElement[bool]:
    """Feedback has no platform column: the interaction it is about says which platform it came from."""
    return (Feedback.user_id == user_id) & Feedback.interaction_id.in_(
        select(Interaction.id).where(Interaction.platform == platform))


# ---- forget: erase one person ---------------------------------------------------------------


def forget(sessions: sessionmaker[Session], platform: str, user_id: str, faq: FaqRewriter | None = None,
           now: datetime | None = None) -> ForgetReport:
    """Erase one person (a right-to-erasure request) in one transaction.

    Their interactions, the feedback on them or given by them, and their conversations are deleted;
    messages still owed to them are dropped and those already sent lose their text. Tickets stay, so
    the queue's figures do not change, but with the requester replaced by :func:`pseudonym` and the
    question erased. FAQ resources made from their questions keep only the staff answer; the files are
    rewritten inside the transaction (a failed write rolls it back) and the knowledge re-synced once
    after it. An unknown person gets a report with ``found`` False.
    """
    now = now or utcnow()
    report = ForgetReport(platform=platform, pseudonym=pseudonym(platform, user_id))
    with sessions() as session, session.begin():
        asked = (Interaction.platform == platform) & (Interaction.user_id == user_id)
        report.feedback = _count(session.execute(delete(Feedback).where(
            Feedback.interaction_id.in_(select(Interaction.id).where(asked)) | _given_by(platform, user_id))))
        report.interactions = _count(session.execute(delete(Interaction).where(asked)))
        report.conversations = _count(session.execute(delete(Conversation).where(
            Conversation.platform == platform, Conversation.user_id == user_id)))
        report.outbox_deleted, report.outbox_erased = _forget_outbox(session, platform, user_id, report.pseudonym)
        tickets = session.scalars(select(Ticket).where(_requester(Ticket, platform, user_id))
                                  .order_by(Ticket.id).with_for_update()).all()
        report.ticket_events = sum(_forget_events(t, report.pseudonym) for t in tickets)
        for ticket in tickets:
            _anonymise(ticket, report.pseudonym)
        report.tickets = len(tickets)
        session.flush()
        report.staff_board_updates = _refresh_boards(session, Ticket.id.in_([t.id for t in tickets]), now)
        _rewrite_faqs(tickets, faq, report)
    if report.faq_rewritten and faq is not None:
        faq.on_change()  # after the commit: a re-sync reads the database this transaction was writing
    return report


def _anonymise_columns(alias: str) -> dict[str, str | None]:
    return {"user_id": alias, "display_name": None, "chat_id": alias, "thread_id": None}


def _forget_outbox(session: Session, platform: str, user_id: str, alias: str) -> tuple[int, int]:
    """Messages to them not yet sent are dropped; sent or failed ones lose their text. Every remaining
    row (staff notices copy the requester too) is addressed to the pseudonym."""
    theirs = _requester(OutboxItem, platform, user_id)
    relay = OutboxItem.kind == OutboxKind.RELAY.value
    deleted = _count(session.execute(delete(OutboxItem).where(theirs, relay, OutboxItem.status.in_(UNSETTLED))))
    erased = _count(session.execute(update(OutboxItem).where(theirs, relay, OutboxItem.text != ERASED).values(
        text=ERASED, last_error=case((OutboxItem.last_error.is_not(None), ERASED), else_=None))))
    session.execute(update(OutboxItem).where(theirs).values(**_anonymise_columns(alias)))
    return deleted, erased


def _forget_events(ticket: Ticket, alias: str) -> int:
    """Events their own messages caused ("opened", "asked_again") name them as the actor; details may
    quote them. Called before the ticket itself is anonymised (it still knows their names)."""
    names = {ticket.user_id, ticket.display_name} - {None}
    changed = 0
    for event in ticket.events:
        detail = _scrubbed(dict(event.detail or {}))
        if event.actor in names or detail != (event.detail or {}):
            event.actor = alias if event.actor in names else event.actor
            event.detail = detail
            changed += 1
    return changed


def _anonymise(ticket: Ticket, alias: str) -> None:
    for column, value in _anonymise_columns(alias).items():
        setattr(ticket, column, value)
    ticket.question, ticket.question_key = ERASED, ERASED_KEY


def _rewrite_faqs(tickets: Iterable[Ticket], faq: FaqRewriter | None, report: ForgetReport) -> None:
    for ticket in tickets:
        if not ticket.knowledge_id:
            continue
        done = faq is not None and faq.rewrite_without_question(ticket.id, ticket.answer or "", ticket.language)
        (report.faq_rewritten if done else report.faq_not_rewritten).append(ticket.knowledge_id)


__all__ = ["ERASED", "FaqRewriter", "ForgetReport", "PurgeReport", "export", "forget", "pseudonym", "purge"]


def purge_daily(sessions: sessionmaker[Session], retention_days: int, first_delay: float = 60.0,
                interval: float = 24 * 3600.0) -> threading.Event:
    """What ``serve`` runs: a purge shortly after start, then once a day, until the event is set.

    Every replica may run it; it is idempotent, so the replicas need not agree on who does.
    """
    stop = threading.Event()

    def loop() -> None:
        wait = first_delay
        while not stop.wait(wait):
            wait = interval
            try:
                report = purge(sessions, retention_days)
            except Exception:  # the database may be away; tomorrow's run catches up
                log.exception("privacy purge failed")
                continue
            log.info("privacy purge: %d texts erased or rows deleted (older than %d days)", report.total,
                     retention_days)

    threading.Thread(target=loop, name="privacy-purge", daemon=True).start()
    return stop
