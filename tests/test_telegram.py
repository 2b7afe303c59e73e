"""Telegram end to end: the real python-telegram-bot Application inside the real ``serve``, against a
fake Bot API on loopback (tests/fakes/telegram.py).

Updates reach the bot as Telegram sends them (long polling, or webhook POSTs with the secret header);
what the bot sends is read from the fake, which refuses what Telegram refuses (bad HTML, over 4,096
characters, callback data over 64 bytes). Nothing in python-telegram-bot is patched.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.models import Feedback, InboundEvent, Interaction
from bot.queue.models import OutboxItem, Ticket
from bot.settings import StaffMember
from tests.fakes import slack_events as ev
from tests.fakes.serving import ServerThread, wait_until
from tests.fakes.slack import FakeSlackWebAPI
from tests.fakes.telegram import Call, FakeBotAPI

KNOWN = "How can a city join the Mayors Migration Council, and whom do we write to?"
UNKNOWN = "Does the council's office lend laptops to city delegations visiting Geneva for UN meetings?"
UNKNOWN_2 = "Can the council's office in Geneva store our delegation's luggage over a weekend?"
OFFICIAL = 42           # a city official's Telegram user id (= their private chat's id)
STAFF_TG = 5001         # Ana's Telegram user id
STAFF_CHAT = -1005000   # the staff group
STAFF = [StaffMember(name="Ana", slack_id="U-ana", telegram_id=str(STAFF_TG)), StaffMember(name="console-staff")]
SECRET = "s3cret-Webhook_token"
WEBHOOK = "https://example.org/telegram/webhook"


@dataclass
class World:
    fake: FakeBotAPI
    server: ServerThread
    runtime: Any

    def sent(self, chat: int | str, after: int = 0) -> list[Call]:
        return [c for c in self.fake.calls_to("sendMessage") if c.ok and str(c.params["chat_id"]) == str(chat)][after:]

    def wait_sent(self, chat: int | str, count: int = 1, contains: str | None = None,
                  timeout: float = 30.0) -> list[Call]:
        def match(c: Call) -> bool:
            return c.ok and str(c.params["chat_id"]) == str(chat) and (contains is None or contains in shown(c))
        return self.fake.wait_for("sendMessage", count=count, timeout=timeout, predicate=match)

    def ticket(self) -> Ticket:
        with self.runtime.sessions() as session:
            return wait_until(lambda: session.scalars(select(Ticket).order_by(Ticket.id.desc())).first(),
                              what="a ticket")


def shown(call: Call) -> str:
    """What the user sees: the text after Telegram parsed the HTML."""
    return str((call.result or {}).get("text") or "")


def buttons(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


@pytest.fixture(scope="session")
def warmed(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    """Answer one message with the bundled runtime before any test copies its index: whatever the core
    prepares on first use (and keeps beside the index) is then ready, and the tests' time limits measure
    the bot rather than that preparation."""
    from bot.messages import Message

    bundled_runtime.assistant.handle(Message("console", "warm-up", "warm-up", "hello"))
    bundled_runtime.assistant.handle(Message("console", "warm-up", "warm-up", KNOWN))


@pytest.fixture
def runtime(warmed, fresh_runtime):  # type: ignore[no-untyped-def]
    """fresh_runtime's database and index with Ana also on Telegram: staff are read when a runtime is
    built, so this builds one more runtime over the same database."""
    from bot.runtime import build

    settings = fresh_runtime.settings.model_copy(update={"staff": STAFF})
    built = build(settings, embedder=fresh_runtime.library.embedder)
    built.sync()
    built.ensure_rule()
    yield built
    built.engine.dispose()


def telegram_settings(runtime, fake: FakeBotAPI, **extra):  # type: ignore[no-untyped-def]
    return runtime.settings.model_copy(update={
        "telegram_bot_token": SecretStr(fake.token), "telegram_api_url": fake.base_url,
        "telegram_staff_chat": str(STAFF_CHAT), "outbox_poll_seconds": 0.2, **extra})


@pytest.fixture
def world_of(runtime) -> Iterator[Callable[..., World]]:  # type: ignore[no-untyped-def]
    """Start serve with Telegram (and any settings given); stopped after the test."""
    with FakeBotAPI() as fake:
        servers: list[ServerThread] = []

        def start(**extra: Any) -> World:
            server = ServerThread(telegram_settings(runtime, fake, **extra), runtime=runtime).start()
            servers.append(server)
            return World(fake, server, runtime)

        try:
            yield start
        finally:
            for server in servers:
                server.stop()


@pytest.fixture
def world(world_of: Callable[..., World]) -> World:
    w = world_of()
    w.fake.wait_for("getUpdates", timeout=20)
    return w


def post_webhook(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(f"{url}/telegram/webhook", data=json.dumps(update).encode(), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def staff_reply(fake: FakeBotAPI, post: dict, user: int, text: str) -> dict:
    """A message in the staff group replying to the bot's ticket message ``post``."""
    update = fake.group_message(STAFF_CHAT, user, text, first_name="Ana")
    update["message"]["reply_to_message"] = post
    return update


def relay_row(runtime, ticket_id: int, status: str):  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        row = session.scalars(select(OutboxItem).where(OutboxItem.ticket_id == ticket_id,
                                                       OutboxItem.kind == "relay")).first()
        return row if row is not None and row.status == status else None


# ---- officials ----------------------------------------------------------------------------------

def test_a_known_question_is_answered_with_its_source_and_feedback_is_stored(world: World) -> None:
    fake, runtime = world.fake, world.runtime
    fake.push_update(fake.private_message(OFFICIAL, KNOWN))
    [answer] = world.wait_sent(OFFICIAL)
    assert answer.params["parse_mode"] == "HTML"
    assert fake.calls_to("sendChatAction")[0].params == {"chat_id": OFFICIAL, "action": "typing"}
    with runtime.sessions() as session:
        interaction = session.scalars(select(Interaction).order_by(Interaction.id.desc())).first()
    assert interaction is not None and interaction.status == "answered" and interaction.platform == "telegram"
    assert interaction.chat_id == str(OFFICIAL) and interaction.display_name == "Ada"
    source = runtime.library.retriever.corpus.resources[interaction.found[0]["id"]]
    assert source.title in shown(answer)
    if source.url:
        assert any(e["type"] == "text_link" and e["url"] == source.url for e in answer.result["entities"])
    assert buttons(answer) == [f"fb:h:{interaction.id}", f"fb:n:{interaction.id}"]

    fake.push_update(fake.callback_query(OFFICIAL, f"fb:h:{interaction.id}", message=answer.result))
    thanks = world.wait_sent(OFFICIAL, count=2)[-1]
    assert "Thank you" in shown(thanks)
    assert [c.ok for c in fake.calls_to("answerCallbackQuery")] == [True]
    with runtime.sessions() as session:
        assert session.scalars(select(Feedback)).one().helpful is True


def test_commands_menu_greeting_and_help_in_the_users_language(world: World) -> None:
    fake = world.fake
    registered = {c.params.get("language_code", "") for c in fake.calls_to("setMyCommands") if c.ok}
    assert {"", "es", "fr", "ar", "it", "pt", "de", "el"} <= registered
    es = [c for c in fake.calls_to("setMyCommands") if c.params.get("language_code") == "es"][0]
    assert [c["command"] for c in es.params["commands"]] == ["start", "ask", "human", "help"]
    assert es.params["commands"][1]["description"] != "Ask a question"

    fake.push_update(fake.private_message(77, "/start", language_code="es"))
    [greeting] = world.wait_sent(77)
    assert "Hola" in shown(greeting) and "/ask <" in shown(greeting)   # "<" escaped, so Telegram took it
    fake.push_update(fake.private_message(78, "/help"))
    [help_] = world.wait_sent(78)
    assert "/ask <question>" in shown(help_)


def test_a_photo_gets_the_text_only_reply(world: World) -> None:
    fake = world.fake
    fake.push_update(fake.photo_message(OFFICIAL, language_code="es"))
    [reply] = world.wait_sent(OFFICIAL)
    assert "solo puedo leer preguntas escritas" in shown(reply)
    with world.runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_groups_answer_only_when_the_bot_is_mentioned(world: World) -> None:
    fake, group = world.fake, -100700
    fake.push_update(fake.group_message(group, OFFICIAL, "Lunch at one?"))
    fake.push_update(fake.group_message(group, OFFICIAL, "How does a city join the council? Ask someone."))
    mention = fake.group_message(group, OFFICIAL, f"@{fake.username} {KNOWN}")
    fake.push_update(mention)
    [answer] = world.wait_sent(group)
    assert answer.params["reply_parameters"]["message_id"] == mention["message"]["message_id"]
    assert any(c.params["chat_id"] == group for c in fake.calls_to("sendChatAction"))
    with world.runtime.sessions() as session:
        [interaction] = session.scalars(select(Interaction)).all()
    assert interaction.question == KNOWN   # the mention is not part of the question
    time.sleep(1.0)
    assert len(world.sent(group)) == 1


def test_a_redelivered_update_and_an_edit_are_not_answered_again(world: World) -> None:
    fake = world.fake
    original = fake.private_message(OFFICIAL, KNOWN)
    update_id = fake.push_update(original)
    world.wait_sent(OFFICIAL)
    wait_until(lambda: not fake.pending_updates, what="the update confirmed")
    fake.redeliver(update_id)
    fake.wait_for("getUpdates", count=2,   # fetched when first sent, and again
                  predicate=lambda c: any(u["update_id"] == update_id for u in c.result or []))
    fake.push_update(fake.edited_message(original, KNOWN + " Thanks!"))
    wait_until(lambda: not fake.pending_updates, what="the edit fetched")
    time.sleep(1.5)
    assert len(world.sent(OFFICIAL)) == 1
    with world.runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1
        assert session.scalar(select(func.count()).select_from(InboundEvent)) == 1   # edits are not even fetched


def test_flood_control_is_waited_out_and_retried(world: World) -> None:
    fake = world.fake
    fake.flood_once("sendMessage", retry_after=1)
    fake.push_update(fake.private_message(OFFICIAL, KNOWN))
    calls = fake.wait_for("sendMessage", count=2, timeout=30)
    assert [(c.status, c.flooded) for c in calls] == [(429, True), (200, False)]
    assert calls[1].at - calls[0].at >= 1.0


# ---- the staff group ----------------------------------------------------------------------------

def test_escalation_claim_and_a_staff_reply_reach_the_official(world: World) -> None:
    fake, runtime = world.fake, world.runtime
    fake.push_update(fake.private_message(OFFICIAL, UNKNOWN))
    [reply] = world.wait_sent(OFFICIAL)
    ticket = world.ticket()
    assert f"#{ticket.id}" in shown(reply) and ticket.status == "open"

    [post] = world.wait_sent(STAFF_CHAT, contains=UNKNOWN)
    assert "Ada" in shown(post) and "telegram" in shown(post)
    assert buttons(post) == [f"claim:{ticket.id}"]

    # Someone who is not staff presses Claim: an alert, and nothing changes.
    fake.push_update(fake.callback_query(777, f"claim:{ticket.id}", message=post.result))
    [refusal] = fake.wait_for("answerCallbackQuery")
    assert refusal.ok and "staff" in refusal.params["text"] and refusal.params["show_alert"] is True
    time.sleep(0.5)
    assert runtime.queue.get(ticket.id).status == "open" and not fake.calls_to("editMessageText")

    fake.push_update(fake.callback_query(STAFF_TG, f"claim:{ticket.id}", message=post.result, first_name="Ana"))
    wait_until(lambda: runtime.queue.get(ticket.id).status == "claimed", what="claimed")
    [claimed] = fake.wait_for("editMessageText", predicate=lambda c: "Claimed by Ana" in shown(c))
    assert claimed.params["message_id"] == post.result["message_id"] and not buttons(claimed)
    assert fake.wait_for("answerCallbackQuery", count=2)[-1].params["text"].startswith("You claimed")

    answer = "Yes: the Geneva office keeps two laptops for visiting delegations. Write <two weeks> ahead & say when."
    fake.push_update(staff_reply(fake, claimed.result, STAFF_TG, answer))
    [relayed] = world.wait_sent(OFFICIAL, contains="two weeks", count=1)
    assert answer in shown(relayed) and f"#{ticket.id}" in shown(relayed)
    view = wait_until(lambda: (v := runtime.queue.get(ticket.id)).status == "answered" and v, what="answered")
    assert view.answered_by == "Ana" and view.answer == answer and view.knowledge_id is None
    fake.wait_for("editMessageText", predicate=lambda c: "Answered by Ana" in shown(c) and answer in shown(c))
    world.wait_sent(STAFF_CHAT, contains="recorded")
    assert len([c for c in world.sent(STAFF_CHAT) if UNKNOWN in shown(c)]) == 1   # one post, then edits


def test_a_long_staff_answer_arrives_whole_in_several_messages(world: World) -> None:
    fake, runtime = world.fake, world.runtime
    fake.push_update(fake.private_message(OFFICIAL, UNKNOWN))
    world.wait_sent(OFFICIAL)
    ticket = world.ticket()
    paragraphs = [f"Step {i}: <check> the form & the annex; " + "details " * 60 for i in range(10)]
    answer = "\n\n".join(p.strip() for p in paragraphs)
    assert len(answer) > 5000
    runtime.queue.answer(ticket.id, "Ana", answer)
    wait_until(lambda: relay_row(runtime, ticket.id, "sent"), timeout=30, what="the relay sent")
    parts = world.sent(OFFICIAL, after=1)
    assert len(parts) >= 2 and all(len(shown(p)) <= 4096 for p in parts)
    received = "\n\n".join(shown(p) for p in parts)
    assert all(p.strip() in received for p in paragraphs) and f"#{ticket.id}" in received


def test_a_user_who_blocked_the_bot_fails_the_delivery_at_once(world: World) -> None:
    fake, runtime = world.fake, world.runtime
    fake.push_update(fake.private_message(43, UNKNOWN))
    world.wait_sent(43)
    ticket = world.ticket()
    fake.blocked_chats.add(43)
    runtime.queue.answer(ticket.id, "Ana", "An answer the official will not get.")
    row = wait_until(lambda: relay_row(runtime, ticket.id, "failed"), timeout=30, what="a failed relay")
    assert row.attempts == 1 and "blocked" in (row.last_error or "")


# ---- webhook mode -------------------------------------------------------------------------------

def test_webhook_mode_refuses_a_missing_or_wrong_secret(world_of: Callable[..., World]) -> None:
    world = world_of(telegram_webhook_url=WEBHOOK, telegram_webhook_secret=SecretStr(SECRET))
    fake = world.fake
    [hook] = [c for c in fake.calls_to("setWebhook") if c.ok]
    assert hook.params["url"] == WEBHOOK and hook.params["secret_token"] == SECRET
    assert (fake.webhook_url, fake.webhook_secret) == (WEBHOOK, SECRET)

    update = fake.private_message(OFFICIAL, KNOWN, update_id=9001)
    assert post_webhook(world.server.url, update, None) == 403
    assert post_webhook(world.server.url, update, SECRET + "x") == 403
    assert post_webhook(world.server.url, update, "") == 403
    time.sleep(1.0)
    assert not world.sent(OFFICIAL)
    with world.runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(InboundEvent)) == 0

    assert post_webhook(world.server.url, update, SECRET) == 200
    assert post_webhook(world.server.url, update, SECRET) == 200   # Telegram's retry: answered once
    world.wait_sent(OFFICIAL)
    time.sleep(1.0)
    assert len(world.sent(OFFICIAL)) == 1
    assert not fake.calls_to("getUpdates")


# ---- both platforms in one serve ----------------------------------------------------------------

def test_telegram_and_slack_staff_answer_each_others_officials(runtime) -> None:  # type: ignore[no-untyped-def]
    with FakeBotAPI() as fake, FakeSlackWebAPI() as slack:
        slack.set_user("U-ana", name="ana", real_name="Ana Staff")
        slack.set_user("U1", name="ada", real_name="Ada Official")
        settings = telegram_settings(runtime, fake, slack_bot_token=SecretStr("xoxb-test-token"),
                                     slack_signing_secret=SecretStr(ev.SECRET), slack_staff_channel="CSTAFF",
                                     slack_api_url=slack.url)
        with ServerThread(settings, runtime=runtime) as server:
            world = World(fake, server, runtime)
            # Asked in Telegram, answered from the Slack staff channel (the modal).
            fake.push_update(fake.private_message(OFFICIAL, UNKNOWN))
            world.wait_sent(OFFICIAL)
            first = world.ticket()
            slack.wait_for("chat.postMessage", timeout=30,
                           predicate=lambda c: c.params.get("channel") == "CSTAFF" and UNKNOWN[:40] in str(c.params))
            answer = "The Geneva office lends two laptops; write to geneva@example.org two weeks ahead."
            response = ev.interactive(server.url, ev.view_submission("U-ana", first.id, answer, add_to_knowledge=False))
            assert response.status == 200
            [relayed] = world.wait_sent(OFFICIAL, contains="two laptops")
            assert answer in shown(relayed)

            # Asked in Slack, answered from the Telegram staff group (a reply to the ticket's message).
            ev.event(server.url, ev.dm("U1", UNKNOWN_2))
            slack.wait_for("chat.postMessage", timeout=30, predicate=lambda c: c.params.get("channel") == "D100")
            second = wait_until(lambda: (t := world.ticket()).id != first.id and t, what="the Slack ticket")
            assert second.requester.platform == "slack"
            [post] = world.wait_sent(STAFF_CHAT, contains=UNKNOWN_2)
            reply = "Yes, for up to three days: ask the front desk when you arrive."
            fake.push_update(staff_reply(fake, post.result, STAFF_TG, reply))
            [delivered] = slack.wait_for("chat.postMessage", timeout=30,
                                         predicate=lambda c: c.params.get("channel") == "D100" and "front desk" in str(c.params))
            assert f"#{second.id}" in delivered.params["text"]
            assert runtime.queue.get(second.id).answered_by == "Ana"


# ---- rendering (no server): what Telegram would refuse, checked with the fake's own parser ---------

def test_render_escapes_links_only_the_web_and_splits_without_cutting() -> None:
    from adapters.telegram import render
    from bot.messages import Action, ActionKind, AnswerView, Reply, ReplyStatus, Source
    from tests.fakes.telegram import parse_html

    best = Source("r1", "Guide <one> & more", "https://example.org/a?x=1&y=<2>", 0.9, "en")
    related = (Source("r2", "Local <file>", "file:///etc/passwd", 0.5), Source("r3", "Plain", None, 0.4))
    extract = "\n\n".join(f"Paragraph {i} 🙂 <b>not bold</b> & " + "word " * 150 for i in range(12))
    view = AnswerView(extract, best, "Source: {title}", "This source is in English.", "Related resources:", related)
    reply = Reply(ReplyStatus.ANSWERED, (extract,), answer=view, actions=(
        Action(ActionKind.HELPFUL, "Helpful", "123456789012"), Action(ActionKind.NOT_HELPFUL, "Not helpful", "123456789012")))
    messages = render.reply_messages(reply)
    plain = [parse_html(m.html) for m in messages]
    assert len(messages) >= 2 and all(render.visible(text) <= 4096 for text, _ in plain)
    shown_text = "\n\n".join(text for text, _ in plain)
    for i in range(12):
        assert f"Paragraph {i} 🙂 <b>not bold</b> & " + ("word " * 150).strip() in shown_text
    links = [e["url"] for _, entities in plain for e in entities if e["type"] == "text_link"]
    assert links == ["https://example.org/a?x=1&y=<2>"]   # file: is not linked
    assert "Guide <one> & more" in shown_text and "Local <file>" in shown_text
    assert messages[0].keyboard is None and messages[-1].keyboard is not None
    data = [b.callback_data for row in messages[-1].keyboard.inline_keyboard for b in row]
    assert data == ["fb:h:123456789012", "fb:n:123456789012"] and all(len(d.encode()) <= 64 for d in data)


def test_render_one_word_longer_than_a_message_and_a_huge_ticket_card() -> None:
    from datetime import datetime, timezone

    from adapters.telegram import render
    from bot.messages import Requester
    from bot.queue.board import FoundResource, TicketCard
    from bot.queue.service import TicketView
    from tests.fakes.telegram import parse_html

    word = "x" * 9000
    parts = render.plain_messages(word)
    assert "".join(parse_html(p.html)[0] for p in parts) == word and all(len(p.html) <= 4096 for p in parts)

    view = TicketView(id=7, status="answered", requester=Requester("slack", "U1", "D1", "Ada <b>"),
                      question="Why <this>? " * 400, language="en", reason="low_confidence", found=[],
                      assignee="Ana", answer="Because & so on. " * 1200, answered_by="Ana", knowledge_id=None,
                      created_at=datetime.now(timezone.utc), claimed_at=None, answered_at=None, closed_at=None)
    card = render.ticket_message(TicketCard(view, (FoundResource("r1", "Guide <x>", 0.41),)))
    text, _ = parse_html(card.html)
    assert render.visible(text) <= 4096 and "Ada <b>" in text and "Guide <x> (0.41)" in text
    assert "/ticket 7 shows it all" in text and card.keyboard is None
