"""Relay of staff answers: one delivery in the normal case, retries with backoff, delivery after a
crash and restart, and failures that end up visible to staff."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.channel import DeliveryError
from bot.escalation import EscalationReason
from bot.messages import Requester
from bot.queue.models import OutboxItem
from bot.queue.outbox import Dispatcher, RetryPolicy
from bot.queue.service import RequestQueue
from bot.queue.staff import StaffDirectory
from bot.settings import StaffMember

STAFF = StaffDirectory.of([StaffMember(name="Ana")])
ALICE = Requester("chatland", "U-alice", "C-1", "Alice", "T-9")


class RecordingAdapter:
    """An in-memory platform: what a real adapter would have sent, and a switch to make it fail."""

    platform = "chatland"

    def __init__(self, failures: int = 0, retryable: bool = True) -> None:
        self.sent: list[tuple[Requester, str]] = []
        self.failures = failures
        self.retryable = retryable

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def deliver(self, requester: Requester, text: str) -> None:
        if self.failures:
            self.failures -= 1
            raise DeliveryError("platform said 503", retryable=self.retryable)
        self.sent.append((requester, text))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def answered_ticket(sessions, clock: Clock, text: str = "Here is the answer.") -> int:  # type: ignore[no-untyped-def]
    queue = RequestQueue(sessions, STAFF, clock=clock)
    tid = queue.escalate(ALICE, "Where do we apply?", "es", EscalationReason.LOW_CONFIDENCE, []).ticket
    queue.answer(tid, "Ana", text)
    return tid


def test_delivered_once_into_the_same_conversation(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    tid = answered_ticket(sessions, clock)
    adapter = RecordingAdapter()
    dispatcher = Dispatcher(sessions, clock=clock)
    dispatcher.register(adapter)
    assert dispatcher.run_once() == 1
    assert dispatcher.run_once() == 0  # nothing is delivered twice
    [(requester, text)] = adapter.sent
    assert requester == ALICE  # platform, user, chat and thread of the original question
    assert "Here is the answer." in text and f"#{tid}" in text
    assert "Respuesta" in text  # relayed in the asker's language (Spanish catalogue)


def test_retries_with_backoff_then_delivers(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    answered_ticket(sessions, clock)
    adapter = RecordingAdapter(failures=2)
    dispatcher = Dispatcher(sessions, RetryPolicy(base_seconds=10), clock=clock)
    dispatcher.register(adapter)
    assert dispatcher.run_once() == 0
    assert dispatcher.run_once() == 0  # not due yet: waits 10 s
    clock.advance(10)
    assert dispatcher.run_once() == 0  # second failure: waits 20 s
    clock.advance(19)
    assert dispatcher.run_once() == 0
    clock.advance(1)
    assert dispatcher.run_once() == 1
    with sessions() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.kind == "relay")).one()
    assert item.status == "sent" and item.attempts == 3 and "503" in (item.last_error or "")


def test_keeps_failing_becomes_visible_to_staff(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    tid = answered_ticket(sessions, clock)
    dispatcher = Dispatcher(sessions, RetryPolicy(max_attempts=3, base_seconds=1), clock=clock)
    dispatcher.register(RecordingAdapter(failures=99))
    for _ in range(6):
        dispatcher.run_once()
        clock.advance(3600)
    queue = RequestQueue(sessions, STAFF, clock=clock)
    assert queue.get(tid).delivery == "failed"
    assert "delivery_failed" in [e.action for e in queue.get(tid).events]
    assert queue.stats()["failed_deliveries"] == 1


def test_permanent_failure_is_not_retried(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    answered_ticket(sessions, clock)
    adapter = RecordingAdapter(failures=1, retryable=False)
    dispatcher = Dispatcher(sessions, clock=clock)
    dispatcher.register(adapter)
    dispatcher.run_once()
    clock.advance(86_400)
    assert dispatcher.run_once() == 0 and adapter.sent == []


def test_pending_rows_survive_a_restart(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    answered_ticket(sessions, clock, "first")
    queue = RequestQueue(sessions, STAFF, clock=clock)
    t2 = queue.escalate(ALICE, "Second question?", "en", EscalationReason.LOW_CONFIDENCE, []).ticket
    queue.answer(t2, "Ana", "second")

    # A dispatcher leases the rows and dies before sending (no adapter call happens).
    crashed = Dispatcher(sessions, RetryPolicy(lease_seconds=60), clock=clock)
    crashed.register(RecordingAdapter())
    leased = crashed._lease(limit=10)
    assert len(leased) == 2

    restarted = Dispatcher(sessions, RetryPolicy(lease_seconds=60), clock=clock)
    adapter = RecordingAdapter()
    restarted.register(adapter)
    assert restarted.run_once() == 0  # the lease still holds
    clock.advance(61)
    assert restarted.run_once() == 2
    assert sorted(text.split("\n\n")[1] for _, text in adapter.sent) == ["first", "second"]


def test_rows_for_other_platforms_wait_for_their_adapter(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    answered_ticket(sessions, clock)

    class Elsewhere(RecordingAdapter):
        platform = "elsewhere"

    dispatcher = Dispatcher(sessions, clock=clock)
    other = Elsewhere()
    dispatcher.register(other)
    assert dispatcher.run_once() == 0 and other.sent == []
    with sessions() as s:
        assert s.scalars(select(OutboxItem.status).where(OutboxItem.kind == "relay")).one() == "pending"


class RecordingBoard:
    """A staff board in memory: posts get a new id, edits are recorded against the post they change."""

    name = "board"

    def __init__(self, failures: int = 0) -> None:
        self.posts: list[tuple[int, str]] = []
        self.edits: list[tuple[str, str]] = []
        self.failures = failures

    def publish(self, card, previous):  # type: ignore[no-untyped-def]
        from bot.queue.board import PostRef

        if self.failures:
            self.failures -= 1
            raise DeliveryError("board unreachable")
        if previous is None:
            self.posts.append((card.ticket.id, card.ticket.status))
            return PostRef("C-staff", f"m{len(self.posts)}")
        self.edits.append((previous.message_id, card.ticket.status))
        return previous


def test_staff_notices_post_once_then_edit_in_order_across_replicas(sessions) -> None:  # type: ignore[no-untyped-def]
    from bot.queue.board import StaffNotices

    clock = Clock()
    queue = RequestQueue(sessions, STAFF, clock=clock)
    board = RecordingBoard(failures=1)
    replicas = []
    for _ in range(2):  # two processes serving the same board, sharing the database
        dispatcher = Dispatcher(sessions, RetryPolicy(base_seconds=1), clock=clock)
        dispatcher.handle_notices(StaffNotices(sessions, queue, [board]))
        replicas.append(dispatcher)
    tid = queue.escalate(ALICE, "Where do we apply?", "es", EscalationReason.LOW_CONFIDENCE, []).ticket
    queue.claim(tid, "Ana")
    queue.answer(tid, "Ana", "Here.")
    # The first notice fails once: the later ones must wait for it, on either replica, or they would post.
    assert replicas[0].run_once() == 0 and replicas[1].run_once() == 0
    assert board.posts == [] and board.edits == []
    clock.advance(1)
    assert replicas[1].run_once() == 1     # the "opened" notice; the rest wait for it to be settled
    for _ in range(3):
        replicas[0].run_once()
        replicas[1].run_once()
    assert board.posts == [(tid, "answered")]           # one post, showing the ticket as it is now
    assert [status for _, status in board.edits] == ["answered"] * 2 and {m for m, _ in board.edits} == {"m1"}
    with sessions() as s:
        statuses = s.scalars(select(OutboxItem.status).where(OutboxItem.kind == "staff_notice")).all()
    assert statuses == ["sent"] * 3


def test_release_gives_leases_back_at_once(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    answered_ticket(sessions, clock)
    dispatcher = Dispatcher(sessions, clock=clock)
    dispatcher.register(RecordingAdapter())
    leased = dispatcher._lease(10)
    assert [item.kind for item in leased] == ["relay"]
    assert dispatcher.release() == 1
    other = Dispatcher(sessions, clock=clock)           # another replica, before the lease would have run out
    adapter = RecordingAdapter()
    other.register(adapter)
    assert other.run_once() == 1 and len(adapter.sent) == 1
