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

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.channel import Adapter, DeliveryError
from bot.messages import Requester
from bot.queue.models import OutboxItem, OutboxStatus, TicketEvent
from knowledge.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    lease_seconds: float = 120.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1)))


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], policy: RetryPolicy | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.sessions = sessions
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self._adapters: dict[str, Adapter] = {}

    def register(self, adapter: Adapter) -> None:
        self._adapters[adapter.platform] = adapter

    @property
    def platforms(self) -> list[str]:
        return sorted(self._adapters)

    def run_once(self, limit: int = 50) -> int:
        """Deliver what is due for the registered platforms; returns how many were sent."""
        leased = self._lease(limit)
        sent = 0
        for item_id, platform, requester, text in leased:
            try:
                self._adapters[platform].deliver(requester, text)
            except Exception as exc:  # adapters raise DeliveryError; anything else is retried too
                retryable = exc.retryable if isinstance(exc, DeliveryError) else True
                self._failed(item_id, f"{exc.__class__.__name__}: {exc}", retryable)
            else:
                self._sent(item_id)
                sent += 1
        return sent

    def run_forever(self, stop: threading.Event, interval: float = 1.0) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # the database may be down for a while; keep trying
                log.exception("outbox dispatch failed")
            stop.wait(interval)

    def start_thread(self, interval: float = 1.0) -> tuple[threading.Thread, threading.Event]:
        stop = threading.Event()
        thread = threading.Thread(target=self.run_forever, args=(stop, interval), name="outbox", daemon=True)
        thread.start()
        return thread, stop

    def _lease(self, limit: int) -> list[tuple[int, str, Requester, str]]:
        if not self._adapters:
            return []
        now = self.clock()
        with self.sessions() as session, session.begin():
            due = or_(
                (OutboxItem.status == OutboxStatus.PENDING.value) & (OutboxItem.next_attempt_at <= now),
                (OutboxItem.status == OutboxStatus.SENDING.value) & (OutboxItem.lease_until < now),  # crashed mid-send
            )
            items = session.scalars(
                select(OutboxItem).where(due, OutboxItem.platform.in_(self.platforms))
                .order_by(OutboxItem.id).limit(limit).with_for_update(skip_locked=True)
            ).all()
            out = []
            for item in items:
                item.status = OutboxStatus.SENDING.value
                item.lease_until = now + timedelta(seconds=self.policy.lease_seconds)
                out.append((item.id, item.platform, item.requester, item.text))
            return out

    def _sent(self, item_id: int) -> None:
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            if item is None:
                return
            item.status, item.sent_at, item.lease_until = OutboxStatus.SENT.value, self.clock(), None
            item.attempts += 1
            if item.ticket_id is not None:
                session.add(TicketEvent(ticket_id=item.ticket_id, at=self.clock(), actor="outbox", action="delivered",
                                        detail={"platform": item.platform, "attempt": item.attempts}))

    def _failed(self, item_id: int, error: str, retryable: bool) -> None:
        log.warning("delivery of outbox row %s failed: %s", item_id, error)
        with self.sessions() as session, session.begin():
            item = session.get(OutboxItem, item_id)
            if item is None:
                return
            item.attempts += 1
            item.last_error = error[:2000]
            item.lease_until = None
            if not retryable or item.attempts >= self.policy.max_attempts:
                item.status = OutboxStatus.FAILED.value
                if item.ticket_id is not None:
                    session.add(TicketEvent(ticket_id=item.ticket_id, at=self.clock(), actor="outbox",
                                            action="delivery_failed", detail={"error": item.last_error,
                                                                              "attempts": item.attempts}))
            else:
                item.status = OutboxStatus.PENDING.value
                item.next_attempt_at = self.clock() + self.policy.delay(item.attempts)
