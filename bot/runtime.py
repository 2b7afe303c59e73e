"""Wire the parts together from settings: the one place that builds engine, library and assistant."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.conversations import Conversations
from bot.core import Assistant
from bot.learning import FaqWriter
from bot.library import Library, SyncReport
from bot.queue.outbox import Dispatcher
from bot.queue.service import Notifier, RequestQueue, TicketView
from bot.queue.staff import StaffDirectory
from bot.settings import Settings
from bot.storage.db import make_engine, session_factory
from bot.storage.locks import DatabaseLock
from bot.storage.migrate import upgrade
from index.calibration import cross_validate, fit, prepare
from index.decision import DecisionRule
from index.embedders import Embedder, make_embedder
from index.evaluation import load_questions
from knowledge.language import detect_language

log = logging.getLogger(__name__)
STAFF_PREFIX = "staff::"


class LogNotifier:
    """The notifier that is always there: a log line per new ticket (Slack and Telegram add theirs).

    The question and the official's name are personal data: like the per-question line, they reach
    the log only with ``MMC_LOG_MESSAGE_TEXT`` (staff read them on the board or with ``queue show``)."""

    def __init__(self, with_text: bool = False) -> None:
        self.with_text = with_text

    def notify_new_ticket(self, ticket: TicketView) -> None:
        if self.with_text:
            log.info("new ticket #%s from %s/%s: %s", ticket.id, ticket.requester.platform,
                     ticket.requester.display_name or ticket.requester.user_id, ticket.question[:200])
        else:
            log.info("new ticket #%s from %s", ticket.id, ticket.requester.platform,
                     extra={"ticket": ticket.id, "platform": ticket.requester.platform})


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    library: Library
    assistant: Assistant
    queue: RequestQueue
    dispatcher: Dispatcher
    faq: FaqWriter = field(init=False)

    def title_of(self, resource_id: str) -> str | None:
        resource = self.library.retriever.corpus.resources.get(resource_id)
        return resource.title if resource else None

    def knowledge_roots(self) -> list[tuple[Path, str]]:
        roots = [(self.settings.knowledge_dir, "")]
        staff = self.settings.staff_answers_path.resolve()
        if not staff.is_relative_to(self.settings.knowledge_dir.resolve()):
            staff.mkdir(parents=True, exist_ok=True)
            roots.append((staff, STAFF_PREFIX))
        return roots

    def sync(self) -> SyncReport:
        self.reconcile_staff_answers()
        report = self.library.sync(self.knowledge_roots())
        for error in report.errors:
            log.warning("resource skipped: %s", error)
        return report

    def reconcile_staff_answers(self) -> None:
        """Bring this replica's staff-answer folder in line with the database before ingesting it: answers
        added elsewhere are written here, answers taken out elsewhere are deleted here."""
        learned = self.queue.learned()
        restored = self.faq.restore(learned)
        stale = self.queue.unlearned(self.faq.tickets_on_disk() - {t.id for t in learned})
        dropped = self.faq.drop(stale)
        if restored or dropped:
            log.info("staff answers: %d written from the database, %d removed", restored, dropped)

    def ensure_rule(self, questions: Path | None = None, force: bool = False, with_cv: bool = False) -> DecisionRule:
        """Fit the decision rule on the project's question set when it is missing, stale or asked for."""
        library = self.library
        rule = library.rule
        if (rule is not None and rule.embedder == library.embedder.name and rule.method == library.method
                and not force and not with_cv):
            return rule
        path = questions or self.settings.questions_file
        qs = load_questions(path)
        prep = prepare(library.retriever, qs, detect_language)
        rule = fit(prep, list(range(len(qs))), library.embedder.name)
        rule.method = library.method
        rule.fitted_on = {"questions": str(path), "n": len(qs), "knowledge_version": library.knowledge_version()}
        if with_cv:
            rule.cross_validation = cross_validate(prep, library.embedder.name)
        library.directory.mkdir(parents=True, exist_ok=True)
        rule.save(library.rule_path)
        library.rule = rule
        return rule


def build(settings: Settings, embedder: Embedder | None = None, migrate: bool = True,
          notifiers: list[Notifier] | None = None) -> Runtime:
    engine = make_engine(settings.sqlalchemy_url, hide_parameters=not settings.log_message_text)
    if migrate:
        upgrade(engine)
    sessions = session_factory(engine)
    embedder = embedder or make_embedder(settings.embedder, settings.embedder_model)
    library = Library(sessions, embedder, settings.index_dir, settings.exact_index_max, settings.chunk_chars,
                      shared_lock=DatabaseLock(engine, "index-build").hold)
    queue = RequestQueue(sessions, StaffDirectory.of(settings.staff),
                         [LogNotifier(settings.log_message_text), *(notifiers or [])])
    assistant = Assistant(library, sessions, queue, settings.max_question_chars, settings.results,
                          staff=queue.staff, queue=queue, conversations=Conversations(sessions))
    runtime = Runtime(settings, engine, sessions, library, assistant, queue, Dispatcher(sessions))
    runtime.faq = FaqWriter(settings.staff_answers_path, runtime.sync)
    queue.knowledge = runtime.faq
    return runtime
