"""When the database is unreachable the official is told plainly to try again; nothing half-written remains."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot.core import Assistant
from bot.messages import Message, ReplyStatus
from bot.queue.models import Ticket
from bot.queue.service import RequestQueue
from bot.queue.staff import StaffDirectory
from bot.storage.db import make_engine, session_factory

OUT_OF_SCOPE = "How many asylum applications did Norway register in March 2021?"


def ask(assistant: Assistant, text: str = OUT_OF_SCOPE):  # type: ignore[no-untyped-def]
    return assistant.handle(Message(platform="console", user_id="U-1", chat_id="C", text=text))


def test_dead_database_url(bundled_runtime, caplog) -> None:  # type: ignore[no-untyped-def]
    dead = session_factory(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assistant = Assistant(bundled_runtime.library, dead, RequestQueue(dead, StaffDirectory.of([])))
    reply = ask(assistant)
    assert reply.status == ReplyStatus.FAILED
    assert "could not record your request" in reply.text and "try again" in reply.text
    assert "Traceback" not in reply.text
    assert any("could not record an escalation" in r.message for r in caplog.records)


@pytest.mark.postgres
def test_database_stops_mid_way(bundled_runtime, pg_url) -> None:  # type: ignore[no-untyped-def]
    db_url = pg_url
    engine = make_engine(db_url)
    from bot.storage.migrate import upgrade

    upgrade(engine)
    sessions = session_factory(engine)
    assistant = Assistant(bundled_runtime.library, sessions, RequestQueue(sessions, StaffDirectory.of([])))
    assert ask(assistant, "What is the capital of Peru?").status == ReplyStatus.ESCALATED  # works while up

    name = make_url(db_url).database
    admin = create_engine(make_url(db_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    try:
        reply = ask(assistant)
        assert reply.status == ReplyStatus.FAILED and "try again" in reply.text
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    engine.dispose()
    with session_factory(make_engine(db_url))() as s:
        questions = s.scalars(select(Ticket.question)).all()
        assert questions == ["What is the capital of Peru?"]
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
