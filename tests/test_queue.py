"""The staff queue on SQLite and on the real PostgreSQL: lifecycle, refusals, deduplication,
race-free claiming, and an escalation that cannot be half-written."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text

from bot.escalation import EscalationReason, Found
from bot.messages import Requester
from bot.queue.errors import BadInput, IllegalMove, NotStaff, TicketNotFound
from bot.queue.models import OutboxItem, Ticket, TicketEvent
from bot.queue.service import RequestQueue
from bot.queue.staff import StaffDirectory
from bot.settings import StaffMember

STAFF = StaffDirectory.of([StaffMember(name="Ana", slack_id="U1"), StaffMember(name="Bo", telegram_id="42")])
ALICE = Requester("slack", "U-alice", "C-city", "Alice", "1700000000.000100")


def make_queue(sessions) -> RequestQueue:  # type: ignore[no-untyped-def]
    return RequestQueue(sessions, STAFF)


def open_ticket(queue: RequestQueue, question: str = "Who funds interpreters in Lisbon?", who: Requester = ALICE) -> int:
    return queue.escalate(who, question, "en", EscalationReason.LOW_CONFIDENCE,
                          [Found("language-access", 0.81), Found("health-access", 0.79)]).ticket


def test_lifecycle_and_event_log(sessions) -> None:  # type: ignore[no-untyped-def]
    queue = make_queue(sessions)
    tid = open_ticket(queue)
    t = queue.get(tid)
    assert t.status == "open" and t.found[0] == {"id": "language-access", "score": 0.81}
    assert t.requester == ALICE and t.reason == "low_confidence"

    assert queue.claim(tid, "ana").assignee == "Ana"          # staff names are case-insensitive
    assert queue.unclaim(tid, "Ana").status == "open"
    queue.claim(tid, "Ana")
    answered = queue.answer(tid, "Ana", "The city's social services budget pays for it.")
    assert answered.status == "answered" and answered.answered_by == "Ana" and answered.answered_at
    assert queue.close(tid, "Bo").status == "closed"
    assert queue.reopen(tid, "Bo").status == "open"

    actions = [e.action for e in queue.get(tid).events]
    assert actions == ["opened", "claimed", "unclaimed", "claimed", "answered", "closed", "reopened"]
    with sessions() as s:
        outbox = s.scalars(select(OutboxItem).where(OutboxItem.kind == "relay")).all()
        notices = s.scalars(select(OutboxItem.text).where(OutboxItem.kind == "staff_notice")
                            .order_by(OutboxItem.id)).all()
    assert notices == actions  # every change is owed to the staff boards, in the same transaction
    assert len(outbox) == 1 and outbox[0].status == "pending"
    assert "The city's social services budget pays for it." in outbox[0].text
    assert outbox[0].thread_id == ALICE.thread_id and outbox[0].chat_id == ALICE.chat_id


def test_illegal_moves_are_refused_and_change_nothing(sessions) -> None:  # type: ignore[no-untyped-def]
    queue = make_queue(sessions)
    tid = open_ticket(queue)
    queue.claim(tid, "Ana")
    with pytest.raises(IllegalMove, match="already claimed by Ana"):
        queue.claim(tid, "Bo")
    with pytest.raises(IllegalMove, match="claimed by Ana"):
        queue.answer(tid, "Bo", "my answer")
    with pytest.raises(IllegalMove, match="only they can unclaim"):
        queue.unclaim(tid, "Bo")
    queue.answer(tid, "Ana", "answer")
    queue.close(tid, "Ana")
    with pytest.raises(IllegalMove, match="closed; reopen it"):
        queue.answer(tid, "Ana", "another answer")
    with pytest.raises(IllegalMove, match="already closed"):
        queue.close(tid, "Ana")
    with pytest.raises(TicketNotFound, match="no ticket #9999"):
        queue.claim(9999, "Ana")
    with pytest.raises(NotStaff, match="'Mallory' is not a staff member"):
        queue.claim(tid, "Mallory")
    with pytest.raises(BadInput, match="empty"):
        queue.answer(open_ticket(queue, "other question"), "Ana", "   ")
    with pytest.raises(BadInput, match="limit is 20000"):
        queue.answer(open_ticket(queue, "third question"), "Ana", "x" * 20_001)
    t = queue.get(tid)
    assert t.status == "closed" and t.answer == "answer"
    assert [e.action for e in t.events] == ["opened", "claimed", "answered", "closed"]


def test_same_person_same_question_gets_the_open_ticket(sessions) -> None:  # type: ignore[no-untyped-def]
    queue = make_queue(sessions)
    first = queue.escalate(ALICE, "Who funds interpreters in Lisbon?", "en", EscalationReason.LOW_CONFIDENCE, [])
    again = queue.escalate(ALICE, "  who funds INTERPRETERS in lisbon ", "en", EscalationReason.ASKED_FOR_PERSON, [])
    assert again.ticket == first.ticket and again.duplicate
    other = queue.escalate(Requester("slack", "U-bob", "C-city"), "Who funds interpreters in Lisbon?", "en",
                           EscalationReason.LOW_CONFIDENCE, [])
    assert other.ticket != first.ticket
    queue.answer(first.ticket, "Ana", "answer")
    queue.close(first.ticket, "Ana")
    after_close = queue.escalate(ALICE, "Who funds interpreters in Lisbon?", "en", EscalationReason.LOW_CONFIDENCE, [])
    assert after_close.ticket not in (first.ticket, other.ticket) and not after_close.duplicate


def test_stats(sessions) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    clock = {"t": now - timedelta(hours=10)}
    queue = RequestQueue(sessions, STAFF, clock=lambda: clock["t"])
    a = open_ticket(queue, "q1")
    clock["t"] = now - timedelta(hours=8)
    b = open_ticket(queue, "q2")
    clock["t"] = now - timedelta(hours=6)
    queue.answer(a, "Ana", "answer a")   # 4 h after it was asked
    clock["t"] = now
    open_ticket(queue, "q3")
    stats = queue.stats(now=now)
    assert stats["open"] == 2 and stats["answered"] == 1
    assert stats["oldest_open_age_hours"] == 8.0
    assert stats["median_hours_to_first_answer"] == 4.0
    assert stats["answered_last_7_days"] == 1
    assert queue.get(b).status == "open"


def test_concurrent_claim_next_claims_every_ticket_exactly_once(sessions) -> None:  # type: ignore[no-untyped-def]
    queue = make_queue(sessions)
    with sessions() as s:
        s.add_all(Ticket(platform="slack", user_id=f"U{i}", chat_id="C", question=f"q{i}", question_key=f"k{i}",
                         language="en", found=[], reason="low_confidence") for i in range(500))
        s.commit()
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(name: str) -> None:
        mine: list[int] = []
        barrier.wait()
        try:
            while (ticket := queue.claim_next(name)) is not None:
                mine.append(ticket.id)
        except BaseException as exc:
            errors.append(exc)
        claimed[name] = mine

    names = ["Ana", "Bo"] * 4
    local = RequestQueue(sessions, StaffDirectory.of([StaffMember(name=f"w{i}") for i in range(8)]))
    queue = local
    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(len(names))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    ids = [tid for mine in claimed.values() for tid in mine]
    assert len(ids) == 500 and len(set(ids)) == 500
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == "open")) == 0
        events = s.scalar(select(func.count()).select_from(TicketEvent).where(TicketEvent.action == "claimed"))
    assert events == 500
    assert sum(1 for mine in claimed.values() if mine) >= 2  # the work really was shared


def test_escalation_is_all_or_nothing(sessions) -> None:  # type: ignore[no-untyped-def]
    """If the event row cannot be written, the ticket row must not remain either."""
    queue = make_queue(sessions)
    with sessions() as s:
        s.execute(text("DROP TABLE ticket_events"))
        s.commit()
    with pytest.raises(Exception):
        open_ticket(queue)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
