"""What operators see: ``GET /metrics`` in Prometheus' format and one JSON log line per question, with no
secret and no message text unless asked for. Served by the real ``serve`` HTTP server with the Slack
adapter against the fake Web API."""

from __future__ import annotations

import io
import json
import logging
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.logs import REDACTED, TurnLog, setup_logging
from bot.metrics import Metrics
from bot.models import Feedback, Interaction
from tests.fakes import slack_events as ev
from tests.fakes.serving import ServerThread
from tests.fakes.slack import FakeSlackWebAPI
from tests.test_slack import KNOWN, UNKNOWN, slack_settings

TOKEN = "xoxb-test-token"


@pytest.fixture
def served(fresh_runtime) -> Iterator[tuple[ServerThread, FakeSlackWebAPI]]:  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI() as api:
        server = ServerThread(slack_settings(fresh_runtime, api), runtime=fresh_runtime).start()
        try:
            yield server, api
        finally:
            server.stop()


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        body = response.read().decode()
    return samples(body)


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def value(figures: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return figures[(name, tuple(sorted(labels.items())))]


def test_metrics_count_questions_decisions_latency_queue_and_knowledge(served, fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    server, api = served
    ev.event(server.url, ev.dm("U1", KNOWN))
    api.wait_for("chat.postMessage", predicate=lambda c: c.params.get("channel") == "D100")
    ev.event(server.url, ev.dm("U2", UNKNOWN, channel="D200"))
    api.wait_for("chat.postMessage", predicate=lambda c: c.params.get("channel") == "CSTAFF")
    ev.event(server.url, ev.dm("U3", "hello!", channel="D300"))
    api.wait_for("chat.postMessage", predicate=lambda c: c.params.get("channel") == "D300")
    with fresh_runtime.sessions() as session:
        answered = session.query(Interaction).filter_by(status="answered").first()
        session.add(Feedback(interaction_id=answered.id, user_id="U1", helpful=False))
        session.commit()

    figures = scrape(server.url)
    assert value(figures, "mmc_questions_total", platform="slack", language="en", decision="answered") == 1
    assert value(figures, "mmc_questions_total", platform="slack", language="en", decision="escalated") == 1
    assert value(figures, "mmc_questions_total", platform="slack", language="en", decision="smalltalk") == 1
    assert value(figures, "mmc_ask_seconds_count", platform="slack") == 3
    assert value(figures, "mmc_ask_seconds_bucket", platform="slack", le="+Inf") == 3
    assert value(figures, "mmc_tickets_open") == 1
    assert value(figures, "mmc_tickets", status="open") == 1
    assert 0 <= value(figures, "mmc_oldest_open_ticket_age_seconds") < 600
    assert value(figures, "mmc_feedback_total", helpful="false") == 1
    assert value(figures, "mmc_feedback_total", helpful="true") == 0
    corpus = fresh_runtime.library.retriever.corpus
    assert value(figures, "mmc_knowledge_chunks") == len(corpus)
    assert value(figures, "mmc_knowledge_resources") == len(corpus.resources)
    assert value(figures, "mmc_index_reloads_total") == fresh_runtime.library.reloads >= 1
    assert [k for k in figures if k[0] == "mmc_knowledge_info"]

    # The queue's figures come from the database: another replica (another Metrics on the same
    # database, with no questions of its own) reports the same tickets and no questions.
    other = samples(Metrics(fresh_runtime.sessions, fresh_runtime.library).exposition().decode())
    assert value(other, "mmc_tickets_open") == 1 and value(other, "mmc_feedback_total", helpful="false") == 1
    assert not [k for k in other if k[0] == "mmc_questions_total"]


def test_outbox_figures_by_platform(fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    from bot.messages import Requester
    from bot.queue.models import OutboxItem

    with fresh_runtime.sessions() as session:
        for platform, status in [("slack", "pending"), ("slack", "failed"), ("telegram", "pending"),
                                 ("telegram", "pending"), ("slack", "sent")]:
            session.add(OutboxItem(**OutboxItem.columns_of(Requester(platform, "U", "C")), text="x", status=status))
        session.commit()
    figures = samples(Metrics(fresh_runtime.sessions, fresh_runtime.library).exposition().decode())
    assert value(figures, "mmc_outbox_pending", platform="slack", kind="relay") == 1
    assert value(figures, "mmc_outbox_pending", platform="telegram", kind="relay") == 2
    assert value(figures, "mmc_outbox_failed", platform="slack", kind="relay") == 1
    assert ("mmc_outbox_failed", (("kind", "relay"), ("platform", "telegram"))) not in figures


@pytest.fixture
def captured_logs(fresh_runtime) -> Iterator[io.StringIO]:  # type: ignore[no-untyped-def]
    """The process's logging as ``serve`` sets it up (JSON), into a buffer; restored afterwards."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    stream = io.StringIO()
    settings = fresh_runtime.settings.model_copy(update={
        "slack_bot_token": SecretStr(TOKEN), "slack_signing_secret": SecretStr(ev.SECRET),
        "telegram_bot_token": SecretStr("123456:telegram-secret-token"), "log_level": "INFO"})
    setup_logging(settings, stream=stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in before[0]:
            root.addHandler(handler)
        root.setLevel(before[1])


def test_one_json_line_per_question_without_text_or_secrets(served, captured_logs: io.StringIO) -> None:  # type: ignore[no-untyped-def]
    server, api = served
    ev.event(server.url, ev.dm("U1", KNOWN))
    api.wait_for("chat.postMessage", predicate=lambda c: c.params.get("channel") == "D100")
    # A question that goes to staff: the new ticket's line names neither the question nor the official.
    ev.event(server.url, ev.dm("U2", UNKNOWN, channel="D200"))
    api.wait_for("chat.postMessage", predicate=lambda c: c.params.get("channel") == "D200")
    # Libraries may log a URL or a traceback that holds a token: the handler takes it out.
    logging.getLogger("some.library").warning("POST https://api.example/bot%s/send", "123456:telegram-secret-token")
    try:
        raise RuntimeError(f"bad auth with {TOKEN}")
    except RuntimeError:
        logging.getLogger("some.library").exception("call failed")

    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines() if line.strip()]
    questions = [line for line in lines if line.get("logger") == "mmc.questions"]
    assert [q["decision"] for q in questions] == ["answered", "escalated"]
    question, escalated = questions
    assert [line["platform"] for line in lines if line.get("ticket") == escalated["ticket"]
            and line["message"].startswith("new ticket")] == ["slack"]
    assert question["platform"] == "slack" and question["language"] == "en" and question["decision"] == "answered"
    assert len(question["request_id"]) == 16 and question["latency_ms"] > 0 and 0 < question["top_score"] <= 1
    assert {"time", "level", "message"} <= set(question)
    everything = captured_logs.getvalue()
    assert KNOWN not in everything and "Mayors Migration Council, and whom" not in everything
    assert UNKNOWN not in everything and "lend laptops" not in everything
    assert "User U2" not in everything   # the official's name (the fake's users.info gives it)
    for secret in (TOKEN, ev.SECRET, "telegram-secret-token"):
        assert secret not in everything, secret
    assert everything.count(REDACTED) >= 2
    failed = [line for line in lines if line.get("message") == "call failed"]
    assert failed and "RuntimeError" in failed[0]["exc_info"]


def test_database_errors_leave_the_statement_values_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An error's message would otherwise quote the official's question into the log."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from bot.storage.db import make_engine

    def error(hide: bool) -> str:
        engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", hide_parameters=hide)
        with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
            conn.execute(text("SELECT * FROM nowhere WHERE question = :q"), {"q": "¿Dónde está mi expediente?"})
        engine.dispose()
        return str(caught.value)

    assert "expediente" not in error(hide=True) and "expediente" in error(hide=False)


def test_message_text_is_logged_only_when_the_debug_setting_is_on(caplog: pytest.LogCaptureFixture) -> None:
    from bot.telemetry import TurnRecord

    record = TurnRecord("r1", "telegram", "es", "escalated", 0.41, 0.05, "¿Dónde está mi expediente?", ticket=7)
    with caplog.at_level(logging.INFO, logger="mmc.questions"):
        TurnLog().observe(record)
        TurnLog(with_text=True).observe(record)
    plain, debug = caplog.records
    assert not hasattr(plain, "text") and plain.ticket == 7 and plain.decision == "escalated"
    assert debug.text == "¿Dónde está mi expediente?"
