"""Slack end to end: the real Bolt app behind the real ``serve`` HTTP server, a fake Web API on loopback.

Requests are signed with the signing secret as Slack signs them; what the bot sends is read from the
fake Web API. Nothing in slack_bolt or slack_sdk is patched.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.models import InboundEvent, Interaction
from bot.queue.models import OutboxItem, StaffPost, Ticket
from tests.fakes import slack_events as ev
from tests.fakes.serving import ServerThread, wait_until
from tests.fakes.slack import Call, FakeSlackWebAPI

KNOWN = "How can a city join the Mayors Migration Council, and whom do we write to?"
UNKNOWN = "Does the council's office lend laptops to city delegations visiting Geneva for UN meetings?"
UNKNOWN_REWORDED = "Can our delegation borrow a laptop from the MMC office while we are in Geneva?"
STAFF_CHANNEL = "CSTAFF"


@dataclass
class SlackWorld:
    api: FakeSlackWebAPI
    server: ServerThread
    runtime: object

    @property
    def url(self) -> str:
        return self.server.url

    def posts(self, channel: str) -> list[Call]:
        return [c for c in self.api.calls_to("chat.postMessage") if c.params.get("channel") == channel]

    def wait_post(self, channel: str, count: int = 1, timeout: float = 30.0, contains: str | None = None) -> list[Call]:
        def match(c: Call) -> bool:
            return c.params.get("channel") == channel and (contains is None or contains in everything(c))
        return self.api.wait_for("chat.postMessage", count=count, timeout=timeout, predicate=match)

    def wait_post_once(self, channel: str) -> None:
        """One post to ``channel``, and still one a second later (nothing answered twice)."""
        self.wait_post(channel)
        time.sleep(1.0)
        assert len(self.posts(channel)) == 1


def everything(call: Call) -> str:
    """The text and blocks a call sent, as one string to search."""
    return json.dumps({k: call.params.get(k) for k in ("text", "blocks", "view")}, ensure_ascii=False)


def slack_settings(runtime, api: FakeSlackWebAPI, **extra):  # type: ignore[no-untyped-def]
    return runtime.settings.model_copy(update={
        "slack_bot_token": SecretStr("xoxb-test-token"), "slack_signing_secret": SecretStr(ev.SECRET),
        "slack_staff_channel": STAFF_CHANNEL, "slack_api_url": api.url, "outbox_poll_seconds": 0.2, **extra})


@pytest.fixture
def slack(fresh_runtime) -> Iterator[SlackWorld]:  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI() as api:
        api.set_user("U-ana", name="ana", real_name="Ana Staff")
        api.set_user("U1", name="ada", real_name="Ada Official")
        server = ServerThread(slack_settings(fresh_runtime, api), runtime=fresh_runtime).start()
        try:
            yield SlackWorld(api, server, fresh_runtime)
        finally:
            server.stop()


def test_healthz_and_a_dm_answered_with_its_source(slack: SlackWorld) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{slack.url}/healthz", timeout=10) as response:
        health = json.loads(response.read())
    assert response.status == 200 and health["status"] == "ok" and health["adapters"] == ["slack"]

    response = ev.event(slack.url, ev.dm("U1", KNOWN))
    assert response.status == 200 and response.seconds < 3
    [answer] = slack.wait_post("D100")
    assert answer.token == "xoxb-test-token"
    assert answer.params["text"]
    sent = everything(answer)
    with slack.runtime.sessions() as session:
        interaction = session.scalars(select(Interaction).order_by(Interaction.id.desc())).first()
    assert interaction is not None and interaction.status == "answered" and interaction.platform == "slack"
    source = slack.runtime.library.retriever.corpus.resources[interaction.found[0]["id"]]
    assert source.title in sent or (source.url and source.url in sent)
    actions = [b for b in answer.params["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == ["mmc_helpful", "mmc_not_helpful"]
    assert "thread_ts" not in answer.params or answer.params["thread_ts"] is None


def test_commands_slack_would_refuse_are_shown_with_an_exclamation_mark_and_work(slack: SlackWorld) -> None:
    """Slack's client refuses "/human" (only /ask is registered), so the bot must not tell officials to type it."""
    ev.event(slack.url, ev.dm("U1", "!help"))
    [help_post] = slack.wait_post("D100")
    assert "!human" in everything(help_post) and "/human" not in everything(help_post)
    assert "!human" in help_post.params["text"] and "/ask" in help_post.params["text"]

    ev.event(slack.url, ev.dm("U1", KNOWN))
    slack.wait_post("D100", count=2)
    ev.event(slack.url, ev.dm("U1", "!human"))   # alone: the question before it goes to the team
    [_, _, passed] = slack.wait_post("D100", count=3)
    with slack.runtime.sessions() as session:
        ticket = session.scalars(select(Ticket).order_by(Ticket.id.desc())).first()
    assert ticket is not None and ticket.question == KNOWN and ticket.reason == "asked_for_person"
    assert f"#{ticket.id}" in everything(passed)


@pytest.mark.parametrize(("text", "shown"), [
    ("write /human to ask the council's team.", "write !human to ask the council's team."),
    ("• /help: this message", "• !help: this message"),
    ("(/answer 12 text) or /ask <question>", "(!answer 12 text) or /ask <question>"),
    ("Where is the /asylum form? See https://city.example/help or /help/faq, path /etc, and/or",
     "Where is the /asylum form? See https://city.example/help or /help/faq, path /etc, and/or"),
    ("https://portal.example.org/#/apply x/human /humanity", "https://portal.example.org/#/apply x/human /humanity"),
])
def test_only_the_cores_commands_are_rewritten(text: str, shown: str) -> None:
    from adapters.slack.render import commands

    assert commands(text) == shown


def test_escalation_claim_answer_modal_and_the_new_faq(slack: SlackWorld) -> None:
    runtime = slack.runtime
    ev.event(slack.url, ev.dm("U1", UNKNOWN))
    [reply] = slack.wait_post("D100")
    with runtime.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
    assert f"#{ticket.id}" in reply.params["text"]

    [post] = slack.wait_post(STAFF_CHANNEL, contains=UNKNOWN[:40])
    assert "Ada" in everything(post)
    buttons = {e["action_id"]: e["value"] for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert buttons == {"mmc_claim": str(ticket.id), "mmc_answer": str(ticket.id)}
    board_ts = post.response["ts"]

    # Someone who is not staff presses Claim: an ephemeral refusal, and the ticket does not change.
    message = {"ts": board_ts, "text": post.params["text"]}
    ev.interactive(slack.url, ev.block_action("U-stranger", "mmc_claim", str(ticket.id), STAFF_CHANNEL, message))
    [refusal] = slack.api.wait_for("chat.postEphemeral", predicate=lambda c: c.params["user"] == "U-stranger")
    assert "staff" in refusal.params["text"]
    assert runtime.queue.get(ticket.id).status == "open"

    ev.interactive(slack.url, ev.block_action("U-ana", "mmc_claim", str(ticket.id), STAFF_CHANNEL, message))
    wait_until(lambda: runtime.queue.get(ticket.id).status == "claimed", what="claimed")
    [update] = slack.api.wait_for("chat.update", predicate=lambda c: "Claimed by" in everything(c))
    assert update.params["ts"] == board_ts and update.params["channel"] == STAFF_CHANNEL

    ev.interactive(slack.url, ev.block_action("U-ana", "mmc_answer", str(ticket.id), STAFF_CHANNEL, message))
    [modal] = slack.api.wait_for("views.open")
    assert modal.params["view"]["callback_id"] == "mmc_answer_modal"
    answer = "Yes. The council keeps a few laptops for visiting delegations in Geneva; write two weeks ahead."
    response = ev.interactive(slack.url, ev.view_submission("U-ana", ticket.id, answer, add_to_knowledge=True))
    assert response.status == 200 and response.seconds < 3

    relayed = slack.wait_post("D100", contains="two weeks ahead")
    assert f"#{ticket.id}" in relayed[0].params["text"]
    view = wait_until(lambda: (v := runtime.queue.get(ticket.id)).knowledge_id and v, what="added to knowledge")
    assert view.status == "answered" and view.answered_by == "Ana"
    # The database records the answer as learned before its file is written and indexed: wait for the index.
    wait_until(lambda: view.knowledge_id in runtime.library.retriever.corpus.resources, what="the FAQ indexed")
    slack.api.wait_for("chat.update", predicate=lambda c: "two weeks ahead" in everything(c))
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StaffPost)) == 1  # one post, then edits
    assert len([c for c in slack.posts(STAFF_CHANNEL)]) == 1

    # The same question in other words is now answered from the new FAQ, citing it.
    ev.event(slack.url, ev.dm("U1", UNKNOWN_REWORDED))
    latest = slack.wait_post("D100", count=3)[-1]
    assert "two weeks ahead" in everything(latest)
    with runtime.sessions() as session:
        last = session.scalars(select(Interaction).order_by(Interaction.id.desc())).first()
    assert last.status == "answered" and last.found[0]["id"].endswith(view.knowledge_id)


def test_mention_is_answered_in_its_thread_and_followups_need_no_mention(slack: SlackWorld) -> None:
    mention = ev.mention("U1", KNOWN, channel="C200", ts="1700000001.000200")
    ev.event(slack.url, mention)
    [answer] = slack.wait_post("C200")
    assert answer.params["thread_ts"] == "1700000001.000200"

    ev.event(slack.url, ev.channel_message("U1", "Who coordinates the Global Compact on Refugees?",
                                           thread_ts="1700000001.000200"))
    follow = slack.wait_post("C200", count=2)[-1]
    assert follow.params["thread_ts"] == "1700000001.000200"

    # Not in a thread the bot answered, and no mention: the bot stays out of it.
    ev.event(slack.url, ev.channel_message("U1", "Lunch at one?"))
    ev.event(slack.url, ev.channel_message("U1", "What about funding?", thread_ts="1700000999.000001"))
    time.sleep(1.0)
    assert len(slack.posts("C200")) == 2


def test_signatures_staleness_and_retries(slack: SlackWorld) -> None:
    body = ev.dm("U1", KNOWN)
    bad = ev.event(slack.url, body, signature="v0=" + "0" * 64)
    stale = ev.event(slack.url, body, timestamp=int(time.time()) - 6 * 60)
    missing = ev.event(slack.url, body, secret=None)
    assert (bad.status, stale.status, missing.status) == (401, 401, 401)
    with slack.runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(InboundEvent)) == 0
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0

    first = ev.event(slack.url, body, event_id="EvRETRY1")
    retry = ev.retry(slack.url, body, "EvRETRY1", 1, reason="http_timeout")
    assert first.status == retry.status == 200
    slack.wait_post_once("D100")
    assert not [c for c in slack.api.calls if c.method.startswith("chat.") and c.method != "chat.postMessage"]


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_runtime", ["postgresql"], indirect=True)
def test_an_event_the_database_cannot_record_is_refused_and_taken_when_sent_again(slack: SlackWorld,
                                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Answered unrecorded, the event would be answered twice if Slack sent it again; acknowledged and
    dropped, it would be lost. Refused, Slack sends it again and it is answered once."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(slack.runtime.settings.sqlalchemy_url)   # type: ignore[attr-defined]
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def connections(allowed: bool) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
            if not allowed:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                             {"n": url.database})

    body = ev.dm("U1", KNOWN)
    connections(False)
    try:
        with caplog.at_level(logging.WARNING, logger="adapters.slack.adapter"):
            refused = ev.event(slack.url, body, event_id="EvDBDOWN")
    finally:
        connections(True)
        admin.dispose()
    assert refused.status == 503 and "database" in refused.body
    [warning] = [r for r in caplog.records if r.name == "adapters.slack.adapter"]
    assert warning.levelno == logging.WARNING and "EvDBDOWN" in warning.getMessage() and warning.exc_info is None
    assert not slack.posts("D100")

    again, once_more = ev.retry(slack.url, body, "EvDBDOWN", 1), ev.retry(slack.url, body, "EvDBDOWN", 2)
    assert again.status == once_more.status == 200
    slack.wait_post_once("D100")


def test_slash_command_is_acknowledged_at_once_and_answered_by_response_url(slack: SlackWorld) -> None:
    response = ev.command(slack.url, KNOWN, user="U1", response_url=slack.api.response_url("ask-1"))
    assert response.status == 200 and response.seconds < 3
    [answer] = slack.api.wait_for("response_url", timeout=30)
    assert answer.params["name"] == "ask-1" and answer.params["text"] and answer.params["blocks"]


def test_own_and_other_bots_messages_and_edits_are_ignored(slack: SlackWorld) -> None:
    ev.event(slack.url, ev.dm("UBOT", KNOWN, bot_id="BBOT"))
    ev.event(slack.url, ev.dm("U9", KNOWN, bot_id="BOTHER"))
    ev.event(slack.url, {"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "D100",
                         "message": {"user": "U1", "text": KNOWN}, "ts": "1.2"})
    ev.event(slack.url, {"type": "message", "subtype": "message_deleted", "channel_type": "im", "channel": "D100",
                         "ts": "1.3"})
    time.sleep(1.5)
    assert slack.posts("D100") == []


@pytest.mark.parametrize("text, expected", [
    ("x" * 20_000, "too long"),
    ("\x00\x07 🚧🚧🚧", "words"),
    ("🙏🙏", "welcome"),
])
def test_bad_input_gets_a_short_reply_without_a_traceback(slack: SlackWorld, text: str, expected: str) -> None:
    ev.event(slack.url, ev.dm("U1", text))
    [reply] = slack.wait_post("D100")
    sent = everything(reply)
    assert expected in sent and "Traceback" not in sent and len(reply.params["text"]) < 500


def test_a_file_without_text_gets_the_text_only_reply(slack: SlackWorld) -> None:
    ev.event(slack.url, ev.dm("U1", "", subtype="file_share", files=[{"id": "F1", "name": "scan.pdf"}]))
    [reply] = slack.wait_post("D100")
    assert "only text questions" in reply.params["text"]


def test_rate_limited_web_api_is_retried(slack: SlackWorld) -> None:
    slack.api.rate_limit_once("chat.postMessage", retry_after=1)
    ev.event(slack.url, ev.dm("U1", KNOWN))
    calls = slack.api.wait_for("chat.postMessage", count=2, timeout=30)
    assert calls[0].rate_limited and not calls[1].rate_limited and calls[1].ok


def test_app_home_and_the_assistant_panel(slack: SlackWorld) -> None:
    slack.api.set_user("U-es", name="lucia", locale="es-ES")
    ev.event(slack.url, {"type": "app_home_opened", "user": "U-es", "channel": "D300", "tab": "home",
                         "event_ts": "1.1"})
    [home] = slack.api.wait_for("views.publish")
    assert home.params["user_id"] == "U-es" and "Hola" in everything(home)

    thread = {"user_id": "U1", "context": {}, "channel_id": "D400", "thread_ts": "1700000002.000100"}
    ev.event(slack.url, {"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": "1.2"})
    [prompts] = slack.api.wait_for("assistant.threads.setSuggestedPrompts")
    assert len(prompts.params["prompts"]) == 3
    slack.wait_post("D400")

    ev.event(slack.url, ev.dm("U1", KNOWN, channel="D400", thread_ts="1700000002.000100"))
    [status] = slack.api.wait_for("assistant.threads.setStatus")
    assert status.params["thread_ts"] == "1700000002.000100"
    answer = slack.wait_post("D400", count=2)[-1]
    assert answer.params["thread_ts"] == "1700000002.000100" and answer.params["blocks"]


def test_delivery_to_a_channel_that_is_gone_fails_at_once(slack: SlackWorld) -> None:
    runtime = slack.runtime
    slack.api.missing_channels.add("D-gone")
    ev.event(slack.url, ev.dm("U1", UNKNOWN, channel="D-gone"))
    ticket_id = wait_until(lambda: runtime.queue.list(), what="a ticket")[0].id
    runtime.queue.answer(ticket_id, "Ana", "An answer that cannot be delivered.")
    item = wait_until(lambda: _relay(runtime, ticket_id), what="a failed delivery")
    assert item.attempts == 1 and "channel_not_found" in (item.last_error or "")


def _relay(runtime, ticket_id: int):  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        row = session.scalars(select(OutboxItem).where(OutboxItem.ticket_id == ticket_id,
                                                       OutboxItem.kind == "relay")).first()
        return row if row is not None and row.status == "failed" else None


def test_socket_mode_receives_acknowledges_and_answers(fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    from tests.fakes.slack import FakeSocketModeServer

    with FakeSlackWebAPI() as api, FakeSocketModeServer() as socket:
        api.socket_mode_url = socket.ws_url
        settings = slack_settings(fresh_runtime, api, slack_signing_secret=None,
                                  slack_app_token=SecretStr("xapp-test-token"))
        with ServerThread(settings, runtime=fresh_runtime) as server:
            socket.wait_connected(timeout=20)
            [opened] = api.calls_to("apps.connections.open")
            assert opened.token == "xapp-test-token"
            envelope = {"type": "event_callback", "event_id": "EvSOCKET1", "team_id": "T1", "api_app_id": "A1",
                        "event": ev.dm("U1", KNOWN, channel="D500"), "event_time": int(time.time())}
            envelope_id = socket.push("events_api", envelope)
            assert socket.wait_ack(envelope_id, timeout=3)["envelope_id"] == envelope_id
            [answer] = api.wait_for("chat.postMessage", timeout=30,
                                    predicate=lambda c: c.params.get("channel") == "D500")
            assert answer.token == "xoxb-test-token" and answer.params["blocks"]
            # In Socket Mode without a signing secret there is no HTTP route to forge requests through.
            assert ev.event(server.url, ev.dm("U1", KNOWN)).status == 404


def test_the_app_manifest_subscribes_to_what_the_adapter_handles() -> None:
    import yaml

    from bot.settings import PROJECT_ROOT

    manifest = yaml.safe_load((PROJECT_ROOT / "slack" / "manifest.yaml").read_text())
    settings = manifest["settings"]
    assert {"app_mention", "message.im", "app_home_opened", "assistant_thread_started"} <= set(
        settings["event_subscriptions"]["bot_events"])
    urls = {settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            *(c["url"] for c in manifest["features"]["slash_commands"])}
    assert {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1] for u in urls} == {"slack/events"}
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/ask"]
    assert {"chat:write", "assistant:write", "app_mentions:read", "im:history", "users:read"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
