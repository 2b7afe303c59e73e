"""Prometheus metrics for ``GET /metrics``.

Two kinds of figure, kept apart on purpose:
- what this replica did (questions, decisions, latency, index reloads) are counters in this process,
  summed across replicas by Prometheus;
- the queue's state (open tickets, oldest open ticket, outbox, feedback) is read from the database at
  every scrape, so every replica reports the same truth: take ``max`` across replicas, not ``sum``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.library import Library
from bot.models import Feedback
from bot.queue.models import OutboxItem, OutboxStatus, Ticket, TicketStatus
from bot.telemetry import TurnRecord

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
ACTIVE = (TicketStatus.OPEN.value, TicketStatus.CLAIMED.value)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """One registry per server, so tests (and two servers in one process) never share counters."""

    def __init__(self, sessions: sessionmaker[Session], library: Library) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.questions = Counter("mmc_questions", "Messages handled, by platform, language and decision.",
                                 ["platform", "language", "decision"], registry=self.registry)
        self.latency = Histogram("mmc_ask_seconds", "Time from a message to the core's reply.", ["platform"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.registry.register(_DatabaseFigures(sessions))
        self.registry.register(_LibraryFigures(library))

    def observe(self, record: TurnRecord) -> None:
        self.questions.labels(record.platform, record.language, record.decision).inc()
        self.latency.labels(record.platform).observe(record.seconds)

    def exposition(self) -> bytes:
        """The text format; reads the database, so call it off the event loop."""
        return generate_latest(self.registry)


class _DatabaseFigures:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def describe(self) -> list[Metric]:
        return []   # figures come from the database at scrape time, not at registration

    def collect(self) -> Iterator[Metric]:
        now = datetime.now(timezone.utc)
        with self.sessions() as session:
            by_status = dict(session.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
            oldest = session.scalar(select(func.min(Ticket.created_at)).where(Ticket.status.in_(ACTIVE)))
            outbox = session.execute(
                select(OutboxItem.platform, OutboxItem.kind, OutboxItem.status, func.count())
                .where(OutboxItem.status != OutboxStatus.SENT.value)
                .group_by(OutboxItem.platform, OutboxItem.kind, OutboxItem.status)).all()
            feedback = dict(session.execute(select(Feedback.helpful, func.count()).group_by(Feedback.helpful)).all())
        yield _gauge("mmc_tickets_open", "Tickets waiting for staff (open or claimed).",
                     sum(by_status.get(s, 0) for s in ACTIVE))
        tickets = GaugeMetricFamily("mmc_tickets", "Tickets by status.", labels=["status"])
        for status in TicketStatus:
            tickets.add_metric([status.value], by_status.get(status.value, 0))
        yield tickets
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=timezone.utc)
        yield _gauge("mmc_oldest_open_ticket_age_seconds", "Age of the oldest ticket still waiting (0 when none).",
                     (now - oldest).total_seconds() if oldest else 0.0)
        yield from _outbox(outbox)
        helpful = CounterMetricFamily("mmc_feedback", "Feedback buttons pressed.", labels=["helpful"])
        helpful.add_metric(["true"], feedback.get(True, 0))
        helpful.add_metric(["false"], feedback.get(False, 0))
        yield helpful


def _outbox(rows: list) -> Iterator[Metric]:  # type: ignore[type-arg]
    pending = GaugeMetricFamily("mmc_outbox_pending", "Messages waiting to be delivered (pending or being sent).",
                                labels=["platform", "kind"])
    failed = GaugeMetricFamily("mmc_outbox_failed", "Deliveries that gave up after their retries.",
                               labels=["platform", "kind"])
    totals: dict[tuple[str, str, bool], int] = {}
    for platform, kind, status, count in rows:
        key = (platform, kind, status == OutboxStatus.FAILED.value)
        totals[key] = totals.get(key, 0) + count
    for (platform, kind, is_failed), count in sorted(totals.items()):
        (failed if is_failed else pending).add_metric([platform, kind], count)
    yield pending
    yield failed


class _LibraryFigures:
    """What this replica has loaded: replicas that disagree on the version are visible at a glance."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        library = self.library
        loaded = library.loaded_retriever
        yield _gauge("mmc_knowledge_chunks", "Chunks in the loaded index.", len(loaded.corpus) if loaded else 0)
        yield _gauge("mmc_knowledge_resources", "Resources in the loaded index.",
                     len(loaded.corpus.resources) if loaded else 0)
        info = InfoMetricFamily("mmc_knowledge", "The loaded knowledge version and embedder.")
        info.add_metric([], {"version": (library.knowledge_version() or "none")[:16], "embedder": library.embedder.name})
        yield info
        reloads = CounterMetricFamily("mmc_index_reloads", "Times this replica loaded a new index.")
        reloads.add_metric([], library.reloads)
        yield reloads


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)
