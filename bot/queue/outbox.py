"""Relay queued messages to the platform they belong to, with retries, surviving restarts.

Rows are leased (status ``sending`` with a deadline) before delivery and marked ``sent`` after it.
A crash between the two leaves a lease that expires, and the row is sent again: at-least-once,
with duplicates only in that window. A row that keeps failing ends as ``failed`` and is shown to
staff in ``queue list`` and ``queue stats``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from bot.channel import Adapter, DeliveryError
from bot.messages import Requester
from bot.queue.models import OutboxItem, OutboxKind, OutboxStatus, TicketEvent
from knowledge.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    # A delivery takes a second or two; a replica killed mid-send holds its rows this long at most.
    lease_seconds: float = 30.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1)))


class NoticeHandler(Protocol):
    def deliver(self, ticket_id: int | None) -> None: ...


@dataclass(frozen=True)
class Leased:
    id: int
    kind: str
    platform: str
    requester: Requester
    text: str
    ticket_id: int | None


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], policy: RetryPolicy | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.sessions = sessions
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self._adapters: dict[str, Adapter] = {}
        self._notices: NoticeHandler | None = None
        self._held: set[int] = set()    # rows this process has leased and not yet settled
        self._held_lock = threading.Lock()
        self._stopping = threading.Event()

    def register(self, adapter: Adapter) -> None:
        self._adapters[adapter.platform] = adapter

    def handle_notices(self, handler: NoticeHandler) -> None:
        """Take staff notices too (a process that serves the staff boards)."""
        self._notices = handler

    @property
    def platforms(self) -> list[str]:
        return sorted(self._adapters)

    def run_once(self, limit: int = 20) -> int:
        """Deliver what is due for the registered platforms; returns how many were sent."""
        leased = self._lease(limit)
        give_back_at = self.clock() + timedelta(seconds=self.policy.lease_seconds / 2)
        sent = 0
        for index, item in enumerate(leased):
            # Shutting down, or the batch is slow (rate limits): give the rest back before the leases
            # run out, so no other replica takes a row this one is still going to send.
            if self._stopping.is_set() or self.clock() > give_back_at:
                self._release([i.id for i in leased[index:]])
                break
            try:
                if item.kind == OutboxKind.STAFF_NOTICE.value:
                    assert self._notices is not None
                    self._notices.deliver(item.ticket_id)
                else:
                    self._adapters[item.platform].deliver(item.requester, item.text)
            except Exception as exc:  # adapters raise DeliveryError; anything else is retried too
                retryable = exc.retryable if isinstance(exc, DeliveryError) else True
                self._failed(item.id, f"{exc.__class__.__name__}: {exc}", retryable)
            else:
                self._sent(item.id)
                sent += 1
        return sent

    def release(self) -> int:
        """Give back every lease this process holds, so another replica sends those rows at once."""
        self._stopping.set()
        with self._held_lock:
            held = list(self._held)
        return self._release(held)

    def _release(self, ids: list[int]) -> int:
        if not ids:
            return 0
        with self.sessions() as session, session.begin():
            result = session.execute(
                update(OutboxItem).where(OutboxItem.id.in_(ids), OutboxItem.status == OutboxStatus.SENDING.value)
                .values(status=OutboxStatus.PENDING.value, lease_until=None, next_attempt_at=self.clock()))
        with self._held_lock:
            self._held.difference_update(ids)
        return int(result.rowcount or 0)

    def run_forever(self, stop: threading.Event, interval: float = 1.0) -> None:
        while not stop.is_set():
            try:
                busy = self.run_once() > 0
            except Exception:  # the database may be down for a while; keep trying
                log.exception("outbox dispatch failed")
                busy = False
            if not busy:
                stop.wait(interval)

    def start_thread(self, interval: float = 1.0) -> tuple[threading.Thread, threading.Event]:
        stop = threading.Event()
        thread = threading.Thread(target=self.run_forever, args=(stop, interval), name="outbox", daemon=True)
        thread.start()
        return thread, stop

    def _lease(self, limit: int) -> list[Leased]:
        mine = []
        if self._adapters:
            mine.append((OutboxItem.kind == OutboxKind.RELAY.value) & OutboxItem.platform.in_(self.platforms))
        if self._notices is not None:
            # A ticket's notices go out in order, one at a time across all replicas: the first posts
            # the ticket's message, every later one edits it, so no replica posts a second message.
            earlier = aliased(OutboxItem)
            unsettled_before = exists().where(
                earlier.kind == OutboxKind.STAFF_NOTICE.value, earlier.ticket_id == OutboxItem.ticket_id,
                earlier.id < OutboxItem.id,
                earlier.status.in_((OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)))
            mine.append((OutboxItem.kind == OutboxKind.STAFF_NOTICE.value) & ~unsettled_before)
        if not mine:
            return []
        now = self.clock()
        with self.sessions() as session, session.begin():
            due = or_(
                (OutboxItem.status == OutboxStatus.PENDING.value) & (OutboxItem.next_attempt_at <= now),
                (OutboxItem.status == OutboxStatus.SENDING.value) & (OutboxItem.lease_until < now),  # crashed mid-send
            )
            items = session.scalars(
                select(OutboxItem).where(and_(due, or_(*mine)))
                .order_by(OutboxItem.id).limit(limit).with_for_update(skip_locked=True)
            ).all()
            out = []
            for item in items:
                item.status = OutboxStatus.SENDING.value
                item.lease_until = now + timedelta(seconds=self.policy.lease_seconds)
                out.append(Leased(item.id, item.kind, item.platform, item.requester, item.text, item.ticket_id))
        with self._held_lock:
            self._held.update(i.id for i in out)
        return out

    def _settled(self, item_id: int) -> None:
        with self._held_lock:
            self._held.discard(item_id)

    def _sent(self, item_id: int) -> None:
        self._settled(item_id)
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            if item is None:
                return
            item.status, item.sent_at, item.lease_until = OutboxStatus.SENT.value, self.clock(), None
            item.attempts += 1
            if item.ticket_id is not None and item.kind == OutboxKind.RELAY.value:
                session.add(TicketEvent(ticket_id=item.ticket_id, at=self.clock(), actor="outbox", action="delivered",
                                        detail={"platform": item.platform, "attempt": item.attempts}))

    def _failed(self, item_id: int, error: str, retryable: bool) -> None:
        log.warning("delivery of outbox row %s failed: %s", item_id, error)
        self._settled(item_id)
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            if item is None:
                return
            item.attempts += 1
            item.last_error = error[:2000]
            item.lease_until = None
            if not retryable or item.attempts >= self.policy.max_attempts:
                item.status = OutboxStatus.FAILED.value
                if item.ticket_id is not None and item.kind == OutboxKind.RELAY.value:
                    session.add(TicketEvent(ticket_id=item.ticket_id, at=self.clock(), actor="outbox",
                                            action="delivery_failed", detail={"error": item.last_error,
                                                                              "attempts": item.attempts}))
            else:
                item.status = OutboxStatus.PENDING.value
                item.next_attempt_at = self.clock() + self.policy.delay(item.attempts)
