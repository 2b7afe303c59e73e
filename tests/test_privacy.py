"""Officials' questions are personal data: retention purge, export and forget, on SQLite and on the
real PostgreSQL, and the `mmc-bot privacy` commands as people run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.escalation import EscalationReason
from bot.learning import FaqWriter
from bot.messages import Requester
from bot.models import BotBase, Conversation, Feedback, InboundEvent, Interaction
from bot.privacy import ERASED, export, forget, pseudonym, purge
from bot.queue.models import OutboxItem, StaffPost, Ticket, TicketEvent
from bot.queue.service import RequestQueue
from bot.queue.staff import StaffDirectory
from bot.settings import PROJECT_ROOT, StaffMember
from knowledge.loaders import load_faq

STAFF = StaffDirectory.of([StaffMember(name="Ana")])
ALICE = Requester("slack", "U-alice", "D-alice", "Alice Martin", "1700000000.000100")
BOB = Requester("telegram", "4242", "4242", "Bob")
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=400)
RECENT = NOW - timedelta(days=10)
ANSWER = ("The council keeps four laptops for visiting city delegations in Geneva. "
          "Write to the team two weeks before your trip to book one.")

Sessions = sessionmaker[Session]


def queue_at(sessions: Sessions, when: datetime, knowledge: FaqWriter | None = None) -> RequestQueue:
    return RequestQueue(sessions, STAFF, knowledge=knowledge, clock=lambda: when)


def ticket(sessions: Sessions, who: Requester, question: str, when: datetime, answer: str | None = "Yes.",
           close: bool = True, faq: FaqWriter | None = None) -> int:
    """A ticket through the real queue, every step at ``when``."""
    queue = queue_at(sessions, when, faq)
    tid = queue.escalate(who, question, "en", EscalationReason.LOW_CONFIDENCE, []).ticket
    if answer is not None:
        queue.answer(tid, "Ana", answer, add_to_knowledge=faq is not None)
    if close:
        queue.close(tid, "Ana")
    return tid


def interaction(sessions: Sessions, who: Requester, question: str, when: datetime, helpful: bool | None = None) -> int:
    with sessions() as s, s.begin():
        row = Interaction(platform=who.platform, user_id=who.user_id, display_name=who.display_name,
                          chat_id=who.chat_id, thread_id=who.thread_id, question=question, language="en",
                          status="answered", confidence=0.9, found=[{"id": "x", "score": 0.9}], created_at=when)
        s.add(row)
        s.flush()
        if helpful is not None:
            s.add(Feedback(interaction_id=row.id, user_id=who.user_id, helpful=helpful, created_at=when))
        return row.id


def conversation(sessions: Sessions, who: Requester, question: str, when: datetime) -> None:
    with sessions() as s, s.begin():
        s.add(Conversation(platform=who.platform, chat_id=who.chat_id, thread_id=who.thread_id or "",
                           user_id=who.user_id, last_at=when, question=question, language="en"))


def mark_relays(sessions: Sessions, tid: int, status: str = "sent") -> None:
    with sessions() as s, s.begin():
        s.execute(update(OutboxItem).where(OutboxItem.ticket_id == tid, OutboxItem.kind == "relay")
                  .values(status=status, sent_at=NOW))


def question_of(sessions: Sessions, model: type[Ticket] | type[Interaction], rid: int) -> str:
    with sessions() as s:
        return s.get(model, rid).question


def everything(sessions: Sessions) -> str:
    """Every row of every bot table, as text: what a breach would reveal."""
    with sessions() as s:
        return "\n".join(repr(tuple(row)) for table in BotBase.metadata.sorted_tables
                         for row in s.execute(table.select()))


# ---- purge ---------------------------------------------------------------------------------


def test_purge_erases_only_what_is_past_retention_and_is_idempotent(sessions) -> None:  # type: ignore[no-untyped-def]
    old_closed = ticket(sessions, ALICE, "Old closed question about Lisbon interpreters?", OLD)
    mark_relays(sessions, old_closed, "failed")
    old_open = ticket(sessions, ALICE, "Old question nobody answered yet?", OLD, answer=None, close=False)
    old_answered = ticket(sessions, BOB, "Old question answered but not closed?", OLD, close=False)
    recent_closed = ticket(sessions, BOB, "Recent closed question?", RECENT)
    old_interaction = interaction(sessions, ALICE, "Old question to the bot?", OLD, helpful=True)
    recent_interaction = interaction(sessions, ALICE, "Recent question to the bot?", RECENT)
    conversation(sessions, ALICE, "Old question to the bot?", OLD)
    conversation(sessions, BOB, "Recent question to the bot?", RECENT)
    with sessions() as s, s.begin():
        s.add_all([InboundEvent(platform="slack", event_key="old", received_at=OLD),
                   InboundEvent(platform="slack", event_key="new", received_at=RECENT),
                   TicketEvent(ticket_id=old_closed, at=OLD, actor="outbox", action="delivery_failed",
                               detail={"error": "Forbidden: Old closed question about Lisbon", "attempts": 5}),
                   StaffPost(ticket_id=old_closed, board="slack", chat_id="C-staff", message_id="1.2")])

    report = purge(sessions, 365, now=NOW)

    assert (report.tickets, report.interactions, report.conversations, report.inbound_events) == (1, 1, 1, 1)
    assert (report.outbox, report.ticket_events, report.staff_board_updates) == (1, 1, 1)
    assert question_of(sessions, Ticket, old_closed) == ERASED
    assert question_of(sessions, Ticket, old_open) == "Old question nobody answered yet?"   # staff still need it
    assert question_of(sessions, Ticket, old_answered) == "Old question answered but not closed?"
    assert question_of(sessions, Ticket, recent_closed) == "Recent closed question?"
    assert question_of(sessions, Interaction, old_interaction) == ERASED
    assert question_of(sessions, Interaction, recent_interaction) == "Recent question to the bot?"
    with sessions() as s:
        assert s.scalars(select(InboundEvent.event_key)).all() == ["new"]
        assert s.scalars(select(Conversation.user_id)).all() == [BOB.user_id]
        assert s.scalar(select(func.count()).select_from(Feedback)) == 1   # no free text: kept
        relay = s.scalars(select(OutboxItem).where(OutboxItem.ticket_id == old_closed,
                                                   OutboxItem.kind == "relay")).one()
        assert relay.text == ERASED and relay.status == "failed"
        details = [e.detail for e in s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == old_closed))]
        notice = s.scalars(select(OutboxItem).where(OutboxItem.kind == "staff_notice")
                           .order_by(OutboxItem.id.desc())).first()
        assert s.scalar(select(func.count()).select_from(Ticket)) == 4   # statistics keep every ticket
    assert {"error": ERASED, "attempts": 5} in details and {"reason": "low_confidence"} in details
    assert notice.ticket_id == old_closed and notice.text == "erased" and notice.status == "pending"
    assert "Lisbon" not in everything(sessions)

    again = purge(sessions, 365, now=NOW)
    assert again.total == 0 and again.staff_board_updates == 0


def test_purge_refuses_a_retention_under_one_day(sessions) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(ValueError):
        purge(sessions, 0, now=NOW)


# ---- export --------------------------------------------------------------------------------


def test_export_returns_everything_about_one_person_and_nothing_about_another(sessions) -> None:  # type: ignore[no-untyped-def]
    asked = interaction(sessions, ALICE, "Alice asks about Geneva laptops?", RECENT, helpful=False)
    tid = ticket(sessions, ALICE, "Alice escalates about Geneva laptops?", RECENT, answer=ANSWER, close=False)
    conversation(sessions, ALICE, "Alice asks about Geneva laptops?", RECENT)
    interaction(sessions, BOB, "Bob asks about Vienna?", RECENT, helpful=True)
    ticket(sessions, BOB, "Bob escalates about Vienna?", RECENT)
    conversation(sessions, BOB, "Bob asks about Vienna?", RECENT)

    data = export(sessions, "slack", "U-alice")

    text = json.dumps(data)   # JSON-ready as it is
    assert "Vienna" not in text and "Bob" not in text
    assert [i["id"] for i in data["interactions"]] == [asked]
    assert data["interactions"][0]["feedback"][0]["helpful"] is False
    assert data["interactions"][0]["created_at"] == RECENT.isoformat()
    assert [f["interaction_id"] for f in data["feedback_given"]] == [asked]
    [t] = data["tickets"]
    assert t["id"] == tid and t["question"] == "Alice escalates about Geneva laptops?" and t["answer"] == ANSWER
    assert [e["action"] for e in t["events"]] == ["opened", "claimed", "answered"]
    assert len(t["outbox"]) == 1 and ANSWER in t["outbox"][0]["text"]    # the relay to her, not staff notices
    assert [c["question"] for c in data["conversations"]] == ["Alice asks about Geneva laptops?"]

    nobody = export(sessions, "slack", "U-nobody")
    assert nobody["interactions"] == nobody["tickets"] == nobody["feedback_given"] == nobody["conversations"] == []
    assert export(sessions, "telegram", "U-alice")["tickets"] == []   # the same id on another platform is someone else


# ---- forget --------------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def test_forget_anonymises_tickets_deletes_the_rest_and_keeps_only_the_faq_answer(
        sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    question = "Does the council lend laptops to Alice Martin's delegation in Geneva?"
    recorder = Recorder()
    faq = FaqWriter(tmp_path / "staff-answers", recorder)
    interaction(sessions, ALICE, question, RECENT, helpful=False)
    conversation(sessions, ALICE, question, RECENT)
    learned = ticket(sessions, ALICE, question, RECENT, answer=ANSWER, close=False, faq=faq)
    mark_relays(sessions, learned, "sent")
    pending = ticket(sessions, ALICE, "Second question from Alice about Lyon?", RECENT, close=False)
    gone = ticket(sessions, ALICE, "Third question from Alice about Porto?", RECENT, answer="Ask the regional office.", faq=faq)
    faq.path(gone).unlink()              # staff removed that FAQ: it is not brought back
    ticket(sessions, BOB, "Bob asks about Vienna?", RECENT)
    interaction(sessions, BOB, "Bob asks the bot about Vienna?", RECENT, helpful=True)
    with sessions() as s, s.begin():
        s.add(StaffPost(ticket_id=learned, board="slack", chat_id="C-staff", message_id="1.2"))
    before = queue_at(sessions, NOW).stats(now=NOW)
    recorder.calls = 0

    report = forget(sessions, "slack", "U-alice", faq, now=NOW)

    assert report.found and report.tickets == 3 and report.interactions == 1 and report.feedback == 1
    assert report.conversations == 1 and report.outbox_deleted == 2 and report.outbox_erased == 1
    assert report.faq_rewritten == [f"staff-answer-{learned}"]
    assert report.faq_not_rewritten == [f"staff-answer-{gone}"]
    assert report.staff_board_updates == 1 and recorder.calls == 1
    alias = pseudonym("slack", "U-alice")
    assert report.pseudonym == alias and alias.startswith("forgotten-") and len(alias) == len("forgotten-") + 12
    with sessions() as s:
        mine = s.scalars(select(Ticket).where(Ticket.id.in_([learned, pending, gone]))).all()
        assert {(t.user_id, t.chat_id, t.display_name, t.thread_id, t.question) for t in mine} == {
            (alias, alias, None, None, ERASED)}
        assert s.scalar(select(func.count()).select_from(Interaction)) == 1    # Bob's
        assert s.scalar(select(func.count()).select_from(Feedback)) == 1       # Bob's
        assert s.scalars(select(Conversation.user_id)).all() == []
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.user_id == alias)) == 3
    assert queue_at(sessions, NOW).stats(now=NOW) == before    # statistics still count her tickets
    dump = everything(sessions)
    for trace in ("U-alice", "D-alice", "Alice", "Lyon", "Porto", "Geneva?", "1700000000.000100"):
        assert trace not in dump, trace
    assert "Vienna" in dump and ANSWER in dump      # Bob's data and the staff answer stay

    text = faq.path(learned).read_text(encoding="utf-8")
    assert "Alice" not in text and "delegation in Geneva?" not in text
    [doc] = load_faq(faq.path(learned))           # still a valid FAQ for the loader
    assert doc.id == f"staff-answer-{learned}" and doc.sections[0].paragraphs == (ANSWER,)
    assert doc.title == "The council keeps four laptops for visiting city delegations in Geneva."
    assert yaml.safe_load(text)["entries"][0]["answered_by"] == "Ana"
    assert not faq.path(gone).exists()

    assert not forget(sessions, "slack", "U-alice", faq, now=NOW).found   # nothing left to find
    unknown = forget(sessions, "slack", "U-nobody", faq, now=NOW)
    assert not unknown.found and unknown.faq_rewritten == [] and recorder.calls == 1


# ---- the command line ----------------------------------------------------------------------


def mmc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "privacy", *args], env=env, capture_output=True,
                          text=True, timeout=120, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL)


def test_privacy_commands(sessions, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ticket(sessions, ALICE, "Alice's old closed question?", OLD)
    interaction(sessions, ALICE, "Alice's old question to the bot?", OLD)
    interaction(sessions, ALICE, "Alice's question of today?", datetime.now(timezone.utc))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MMC_")}
    env.update(MMC_DATA_DIR=str(tmp_path / "data"), MMC_DATABASE_URL=db_url,
               MMC_STAFF_ANSWERS_DIR=str(tmp_path / "staff"), MMC_LOG_LEVEL="WARNING")

    out = mmc(env, "export", "--platform", "slack", "--user", "U-alice")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["tickets"][0]["question"] == "Alice's old closed question?" and len(data["interactions"]) == 2

    out = mmc(env, "purge", "--days", "1", "--json")
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    assert (counts["tickets"], counts["interactions"]) == (1, 1)
    out = mmc(env, "purge", "--days", "1")
    assert out.returncode == 0 and "tickets: 0" in out.stdout and "total: 0" in out.stdout

    refused = mmc(env, "forget", "--platform", "slack", "--user", "U-alice")   # no terminal, no --yes
    assert refused.returncode != 0 and refused.stderr.startswith("error:") and "--yes" in refused.stderr
    out = mmc(env, "forget", "--platform", "slack", "--user", "U-alice", "--yes")
    assert out.returncode == 0, out.stderr
    assert pseudonym("slack", "U-alice") in out.stdout and "interactions: 2" in out.stdout
    out = mmc(env, "forget", "--platform", "nowhere", "--user", "U-alice", "--yes")
    assert out.returncode == 0 and "nothing was found" in out.stdout

    down = mmc({**env, "MMC_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/nothing"}, "purge")
    assert down.returncode != 0 and down.stderr.startswith("error: cannot open the database")
    assert "Traceback" not in down.stderr


def test_serve_purges_shortly_after_start_then_daily(sessions) -> None:  # type: ignore[no-untyped-def]
    from bot.privacy import purge_daily
    from tests.fakes.serving import wait_until

    now = datetime.now(timezone.utc)
    old = interaction(sessions, Requester("slack", "U1", "D1"), "An old question?", now - timedelta(days=3))
    recent = interaction(sessions, Requester("slack", "U1", "D1"), "A recent question?", now)
    stop = purge_daily(sessions, retention_days=1, first_delay=0.05, interval=3600)
    try:
        wait_until(lambda: question_of(sessions, Interaction, old) == ERASED, timeout=10, what="the purge")
    finally:
        stop.set()
    assert question_of(sessions, Interaction, recent) == "A recent question?"
