"""The fake Telegram Bot API (tests/fakes/telegram.py), driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.telegram import FakeBotAPI, parse_html, parse_markdown_v2

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


async def bot_for(fake: FakeBotAPI) -> Bot:
    bot = Bot(fake.token, base_url=fake.base_url)
    await bot.initialize()
    return bot


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("<b>hi</b> &amp; bye", parse_mode="HTML", reply_markup=KEYBOARD)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"pressed {query.data}")


@pytest.mark.parametrize("rate_limited", [False, True], ids=["plain", "aioratelimiter"])
async def test_polling_application_round_trip(fake: FakeBotAPI, rate_limited: bool) -> None:
    builder = ApplicationBuilder().token(fake.token).base_url(fake.base_url)
    app = (builder.rate_limiter(AIORateLimiter()) if rate_limited else builder).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        update_id = fake.push_update(fake.private_message(42, "hello there"))
        [call] = await fake.wait_for_async("sendMessage", timeout=5)
        assert call.ok and call.params["chat_id"] == 42
        assert call.params["text"] == "<b>hi</b> &amp; bye" and call.params["parse_mode"] == "HTML"
        assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]}
        # The returned Message is what Telegram makes of it: tags become entities.
        assert call.result["text"] == "hi & bye"
        assert call.result["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
        assert call.result["from"]["id"] == fake.bot_id and call.result["chat"]["type"] == "private"

        fake.push_update(fake.callback_query(42, "more:1", message=call.result))
        [edit] = await fake.wait_for_async("editMessageText", timeout=5)
        assert edit.ok and edit.params["message_id"] == call.result["message_id"]
        assert edit.result["text"] == "pressed more:1" and "reply_markup" not in edit.result
        assert [c.ok for c in fake.calls_to("answerCallbackQuery")] == [True]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    methods = [c.method for c in fake.calls]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    polls = fake.calls_to("getUpdates")
    assert polls[0].params["timeout"] == 1
    assert any(p.params.get("offset") == update_id + 1 for p in polls)
    assert all(p.ok for p in polls), [(p.status, p.error) for p in polls]
    assert fake.pending_updates == []  # everything was confirmed, also at shutdown


async def test_invalid_html_is_refused_like_telegram(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    with pytest.raises(BadRequest, match='(?i)unsupported start tag "" at byte offset 2'):
        await bot.send_message(42, "a < b", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(42, "<b>bold <i>both</b></i>", parse_mode="HTML")
    message = await bot.send_message(42, "a &lt; b &#8594; <a href='https://x.org/?a=1&amp;b=2'>c</a>",
                                     parse_mode="HTML")
    assert message.text == "a < b \u2192 c" and message.entities[0].url == "https://x.org/?a=1&b=2"
    assert [c.status for c in fake.calls_to("sendMessage")] == [400, 400, 200]
    await bot.shutdown()


@pytest.mark.parametrize("text", [
    "a < b", "a & b", "<p>x</p>", "<b>x", "x</b>", "<b>x</i>", "<span>x</span>", "<a>x</a>",
    "<b x", "&foo;", "&#0;",
])
def test_html_parser_refuses(text: str) -> None:
    with pytest.raises(Exception, match="can't parse entities"):
        parse_html(text)


def test_html_parser_entities() -> None:
    text, entities = parse_html('<B>é😀</B> <span class="tg-spoiler">s</span> '
                                '<pre><code class="language-py">x=1</code></pre><blockquote expandable>q</blockquote>')
    assert text == "é😀 s x=1q"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 3},  # UTF-16: the emoji counts twice
        {"type": "spoiler", "offset": 4, "length": 1},
        {"type": "pre", "offset": 6, "length": 3, "language": "py"},
        {"type": "expandable_blockquote", "offset": 9, "length": 1},
    ]


@pytest.mark.parametrize(("text", "ok"), [
    ("Hello.", False), ("Hello\\.", True), ("*bold* and _it_ and __u__", True), ("a-b", False),
    ("[link](https://x.org/a_(b\\))", True), ("*open", False), ("`x.y` ok", True), ("||s||", True),
])
def test_markdown_v2(text: str, ok: bool) -> None:
    if ok:
        parse_markdown_v2(text)
    else:
        with pytest.raises(Exception, match="can't parse entities"):
            parse_markdown_v2(text)


async def test_text_limits_buttons_and_blocked_chats(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    await bot.send_message(42, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # counted after parsing
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(42, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)reserved"):
        await bot.send_message(42, "Done!", parse_mode="MarkdownV2")

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    await bot.send_message(42, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(42, "too much", reply_markup=keyboard("é" * 32 + "x"))  # 65 bytes
    fake.blocked_chats.add(7)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(7, "hello?")
    assert [len(m["text"]) for m in fake.sent_messages(42)] == [4103, 2]
    await bot.shutdown()


async def test_webhook_conflicts_with_get_updates(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    with pytest.raises(BadRequest, match="(?i)https url must be provided"):
        await bot.set_webhook("http://example.org/hook")
    with pytest.raises(BadRequest):
        await bot.set_webhook("https://example.org/hook", secret_token="not allowed!")
    assert await bot.set_webhook("https://example.org/hook", secret_token="s3cret_-")
    assert (fake.webhook_url, fake.webhook_secret) == ("https://example.org/hook", "s3cret_-")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()
    await bot.shutdown()


async def test_flood_control_is_retried_by_aioratelimiter(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    fake.flood_once("sendMessage", retry_after=1)
    with pytest.raises(RetryAfter):  # a bare Bot does not retry
        await bot.send_message(42, "first")
    await bot.shutdown()

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).rate_limiter(
        AIORateLimiter(max_retries=1)).build()  # max_retries defaults to 0: no retry at all
    await app.initialize()
    fake.reset()
    fake.flood_once("sendMessage", retry_after=1)
    started = time.monotonic()
    message = await app.bot.send_message(42, "second")
    assert message.text == "second" and time.monotonic() - started >= 1.0
    calls = fake.calls_to("sendMessage")
    assert [(c.status, c.flooded) for c in calls] == [(429, True), (200, False)]
    await app.shutdown()


async def test_get_updates_offset_limit_and_long_polling(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    ids = [fake.push_update(fake.private_message(42, f"m{i}")) for i in range(3)]
    assert ids == [1, 2, 3]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [1, 2]
    assert [u.update_id for u in await bot.get_updates(offset=2)] == [2, 3]  # 1 is confirmed
    assert [u.update_id for u in await bot.get_updates(offset=4, timeout=0)] == []
    assert fake.pending_updates == []
    fake.redeliver(2)
    [again] = await bot.get_updates(offset=4)  # despite the offset
    assert again.update_id == 2 and again.message is not None and again.message.text == "m1"
    assert await bot.get_updates(offset=4) == ()

    started = time.monotonic()
    assert await bot.get_updates(offset=4, timeout=30) == ()  # long poll capped at ~1 s
    assert 0.9 <= time.monotonic() - started < 3

    poll = asyncio.create_task(bot.get_updates(offset=4, timeout=30))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    fake.push_update(fake.private_message(42, "wake up"))
    [woken] = await poll
    assert woken.update_id == 4 and time.monotonic() - started < 0.5
    await bot.shutdown()


async def test_updates_look_like_telegram(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    group = fake.group_message(-1001234, 42, "/ask@mmc_test_bot where is @city_hall?", update_id=1)
    update = Update.de_json(group, bot)
    assert update.message is not None and update.message.chat.type == "supergroup"
    assert [(e.type, update.message.parse_entity(e)) for e in update.message.entities] == [
        ("bot_command", "/ask@mmc_test_bot"), ("mention", "@city_hall")]
    first = fake.private_message(42, "hi")["message"]
    second = fake.private_message(42, "again")["message"]
    assert second["message_id"] == first["message_id"] + 1 and first["from"]["is_bot"] is False
    photo = Update.de_json(fake.photo_message(42, caption="see /help", update_id=2), bot)
    assert photo.message is not None and photo.message.photo[-1].width == 1280
    edited = Update.de_json(fake.edited_message(first, "hi!", update_id=3), bot)
    assert edited.edited_message is not None and edited.edited_message.text == "hi!"
    await bot.shutdown()


async def test_bad_token_unknown_method_and_wait_for_misuse(fake: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        await Bot("999:WRONG", base_url=fake.base_url).initialize()

    def post(url: str) -> tuple[int, dict[str, object]]:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=b"")) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    status, body = await asyncio.to_thread(post, f"{fake.base_url}{fake.token}/sendCarrierPigeon")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await asyncio.to_thread(post, f"{fake.base_url}999:WRONG/getMe")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    with pytest.raises(RuntimeError, match="wait_for_async"):
        fake.wait_for("sendMessage", timeout=0.1)
    with pytest.raises(AssertionError, match="recorded:"):
        await fake.wait_for_async("sendMessage", timeout=0.1)


def test_sync_wait_for_times_out_with_a_listing(fake: FakeBotAPI) -> None:
    with pytest.raises(AssertionError, match=r"waited 0.2s for 1 sendMessage call\(s\), got 0"):
        fake.wait_for("sendMessage", timeout=0.2)


async def test_groups_replies_edits_commands_and_actions(fake: FakeBotAPI) -> None:
    bot = await bot_for(fake)
    sent = await bot.send_message(-100777, "Welcome")
    assert sent.chat.type == "supergroup"
    question = fake.group_message(-100777, 42, "@mmc_test_bot how?", reply_to_bot=True)["message"]
    assert question["reply_to_message"]["message_id"] == sent.message_id
    assert question["entities"] == [{"type": "mention", "offset": 0, "length": 13}]
    fake.push_update(fake.group_message(-100777, 42, "@mmc_test_bot how?"))
    asked = fake.pending_updates[-1]["message"]["message_id"]
    answer = await bot.send_message(-100777, "Like so", reply_to_message_id=asked)
    assert answer.reply_to_message is not None and answer.reply_to_message.text == "@mmc_test_bot how?"
    with pytest.raises(BadRequest, match="(?i)message to be replied not found"):
        await bot.send_message(-100777, "?", reply_to_message_id=999)

    edited = await bot.edit_message_text("Welcome!", chat_id=-100777, message_id=sent.message_id)
    assert isinstance(edited, type(sent)) and edited.text == "Welcome!" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("Welcome!", chat_id=-100777, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=-100777, message_id=999)

    query = fake.callback_query(42, "yes", chat_id=-100777)["callback_query"]
    assert query["message"]["message_id"] == answer.message_id
    assert await bot.answer_callback_query(query["id"], text="ok")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query["id"])

    assert await bot.send_chat_action(-100777, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(-100777, "dancing")
    assert await bot.set_my_commands([("ask", "Ask a question"), ("help", "Help")], language_code="es")
    assert [c.command for c in await bot.get_my_commands(language_code="es")] == ["ask", "help"]
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([("Ask-Now", "no")])
    assert await bot.delete_my_commands(language_code="es")
    assert await bot.get_my_commands(language_code="es") == ()
    assert await bot.set_chat_menu_button()
    assert (await bot.get_webhook_info()).pending_update_count == 1
    [commands_call] = [c for c in fake.calls_to("setMyCommands") if c.ok]
    assert commands_call.params["commands"][0] == {"command": "ask", "description": "Ask a question"}
    await bot.shutdown()


def test_plain_http_clients_form_json_and_multipart(fake: FakeBotAPI) -> None:
    """Outside an event loop (or from a subprocess bot) wait_for blocks until the call arrives."""
    url = f"{fake.base_url}{fake.token}/sendMessage"
    form = "chat_id=5&text=hi&disable_notification=true&reply_markup=" + \
        urllib.parse.quote(json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "1"}]]}))
    boundary = "XyZ"
    multipart = (f'--{boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n6\r\n'
                 f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhé\r\n--{boundary}--\r\n')
    bodies = [
        (form.encode(), "application/x-www-form-urlencoded"),
        (json.dumps({"chat_id": 7, "text": "json"}).encode(), "application/json"),
        (multipart.encode(), f"multipart/form-data; boundary={boundary}"),
        (b"chat_id=8&text=x&reply_markup=%7Bnot+json", "application/x-www-form-urlencoded"),
    ]

    def send_all() -> None:
        for body, content_type in bodies:
            try:
                urllib.request.urlopen(urllib.request.Request(url, body, {"Content-Type": content_type})).read()
            except urllib.error.HTTPError as err:
                err.read()

    sender = threading.Thread(target=send_all)
    sender.start()
    calls = fake.wait_for("sendMessage", count=4, timeout=5)
    sender.join()
    assert calls[0].params == {"chat_id": 5, "text": "hi", "disable_notification": True,
                               "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "1"}]]}}
    assert [c.params["chat_id"] for c in calls] == [5, 7, 6, 8] and calls[2].params == {"chat_id": 6, "text": "hé"}
    assert calls[3].status == 400 and calls[3].error == "Bad Request: can't parse reply keyboard markup JSON object"
    assert calls[3].params["reply_markup"] == "{not json"  # kept as sent
