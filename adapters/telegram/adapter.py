"""The Telegram adapter: python-telegram-bot's Application inside ``serve``'s event loop.

Updates arrive by long polling, or, when ``MMC_TELEGRAM_WEBHOOK_URL`` is set, as POSTs to
``/telegram/webhook`` on the one HTTP server; either way they land on ``application.update_queue``
and go through the same handlers (:mod:`adapters.telegram.handlers`). Outbox deliveries (staff answers
to officials, the staff group's ticket messages) are called from the dispatcher's thread; they run on
this adapter's event loop, so one bot, one rate limiter and one connection pool serve everything.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dtm
import hmac
import json
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from aiohttp import web
from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from adapters.inflight import InFlight
from adapters.telegram import render
from adapters.telegram.handlers import Handlers
from adapters.telegram.updates import PLATFORM
from bot import phrases as P
from bot.channel import DeliveryError
from bot.conversations import Conversations
from bot.core import Assistant
from bot.dedup import InboundLog
from bot.i18n import available_languages, gettext_for
from bot.messages import Requester
from bot.queue.board import PostRef, TicketCard
from bot.settings import Settings

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT = 25            # seconds a getUpdates call may wait for news (long polling)
SEND_TIMEOUT = 90.0          # an outbox delivery, rate-limit pauses included
FLOOD_RETRIES = 3            # RetryAfter honoured this many times before the outbox takes over
OFFICIAL_COMMANDS = (("start", P.COMMAND_START), ("ask", P.COMMAND_ASK), ("human", P.COMMAND_HUMAN),
                     ("help", P.COMMAND_HELP))
STAFF_MENU = (("queue", "Open requests"), ("ticket", "One request: /ticket N"), ("claim", "Claim: /claim N"),
              ("answer", "Answer: /answer N text (+k adds it to the library)"), ("close", "Close: /close N"))
T = TypeVar("T")


class TelegramAdapter:
    """Telegram for officials (private chats, groups) and for staff (the staff group as a board)."""

    platform = PLATFORM
    name = PLATFORM   # as a staff board

    def __init__(self, settings: Settings, assistant: Assistant, inbound: InboundLog,
                 conversations: Conversations) -> None:
        assert settings.telegram_bot_token is not None
        self.settings = settings
        self.assistant = assistant
        self.conversations = conversations   # unused: Telegram replies carry their own context
        self.staff_chat = settings.telegram_staff_chat.strip() if settings.telegram_staff_chat else None
        # The staff chat as configured and as Telegram reports it ("@group" -> its numeric id).
        self._staff_chat_ids = {self.staff_chat} if self.staff_chat else set()
        self.webhook = bool(settings.telegram_webhook_url)
        secret = settings.telegram_webhook_secret
        self._secret = secret.get_secret_value().encode() if secret else None
        self.inflight = InFlight()
        self.handlers = Handlers(assistant, inbound, self.inflight, self.staff_chat)
        self.app: Application | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    # ---- lifecycle ------------------------------------------------------------------------------

    def routes(self) -> dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]]:
        return {WEBHOOK_PATH: self._webhook} if self.webhook else {}

    async def start(self) -> None:
        if self.webhook and not self._secret:
            raise RuntimeError("MMC_TELEGRAM_WEBHOOK_URL is set but MMC_TELEGRAM_WEBHOOK_SECRET is not: "
                               "anyone could post updates")
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        app = self._build()
        self.handlers.register(app)
        await app.initialize()      # getMe: a wrong token fails here, and serve says so
        await app.start()
        self.app = app
        await self._set_commands(app)
        if self.webhook:
            assert self.settings.telegram_webhook_url and self._secret
            await app.bot.set_webhook(self.settings.telegram_webhook_url, secret_token=self._secret.decode(),
                                      allowed_updates=ALLOWED_UPDATES)
            log.info("telegram: webhook set; updates on POST %s", WEBHOOK_PATH)
        else:
            assert app.updater is not None
            await app.updater.start_polling(timeout=dtm.timedelta(seconds=POLL_TIMEOUT),
                                            allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False,
                                            bootstrap_retries=3)
            log.info("telegram: long polling as @%s", app.bot.username)

    def _build(self) -> Application:
        assert self.settings.telegram_bot_token is not None
        builder = (ApplicationBuilder()
                   .token(self.settings.telegram_bot_token.get_secret_value())
                   .base_url(self.settings.telegram_api_url)
                   .request(HTTPXRequest(connection_pool_size=32, connect_timeout=10, read_timeout=20,
                                         write_timeout=20, pool_timeout=10))
                   .get_updates_request(HTTPXRequest(connection_pool_size=2, connect_timeout=10,
                                                     read_timeout=10, write_timeout=10, pool_timeout=10))
                   .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
                   .concurrent_updates(16))
        if self.webhook:
            builder = builder.updater(None)
        return builder.build()

    async def _set_commands(self, app: Application) -> None:
        """The command menu in every catalogue language (Telegram picks by the user's language)."""
        try:
            for lang in available_languages():
                _ = gettext_for(lang)
                commands = [BotCommand(name, _(text)[:256]) for name, text in OFFICIAL_COMMANDS]
                await app.bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
            if self.staff_chat:
                await app.bot.set_my_commands([BotCommand(n, d) for n, d in STAFF_MENU],
                                              scope=BotCommandScopeChat(self.staff_chat))
        except TelegramError as exc:   # the menu is a convenience; answering does not depend on it
            log.warning("telegram: setMyCommands failed: %s", exc)

    async def stop_receiving(self) -> None:
        self.inflight.closing = True
        app = self.app
        if app is not None and app.updater is not None and app.updater.running:
            await app.updater.stop()

    async def close(self) -> None:
        await self.stop_receiving()
        app, self.app = self.app, None
        if app is None:
            return
        try:
            if app.running:
                await app.stop()
            await app.shutdown()
        except Exception:   # shutting down with the Bot API unreachable
            log.warning("telegram: shutdown was not clean", exc_info=True)

    # ---- webhook ----------------------------------------------------------------------------------

    async def _webhook(self, request: web.Request) -> web.StreamResponse:
        """Telegram's POST: the secret header checked in constant time, then queued; 200 at once."""
        if self.inflight.closing or self.app is None:   # Telegram retries, and another replica takes it
            return web.json_response({"error": "shutting down"}, status=503)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if self._secret is None or not hmac.compare_digest(given, self._secret):
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except Exception:   # whatever a malformed body makes the parser raise
            update = None
        if update is None:
            return web.json_response({"error": "not an update"}, status=400)
        await self.app.update_queue.put(update)
        return web.json_response({"ok": True})

    # ---- outbox: relays to officials and the staff board (called from the dispatcher's thread) -------

    def deliver(self, requester: Requester, text: str) -> None:
        thread = int(requester.thread_id) if requester.thread_id and requester.thread_id.isdigit() else None

        async def send() -> None:
            bot = self._bot()
            for part in render.plain_messages(text):
                await bot.send_message(requester.chat_id, part.html, parse_mode=ParseMode.HTML,
                                       message_thread_id=thread,
                                       link_preview_options=LinkPreviewOptions(is_disabled=True))

        self._run(send())

    def publish(self, card: TicketCard, previous: PostRef | None) -> PostRef:
        if not self.staff_chat:
            raise DeliveryError("MMC_TELEGRAM_STAFF_CHAT is not set", retryable=False)
        staff_chat = self.staff_chat
        message = render.ticket_message(card)

        async def post() -> PostRef:
            bot = self._bot()
            if previous is not None and previous.chat_id in self._staff_chat_ids:
                try:
                    await bot.edit_message_text(message.html, chat_id=previous.chat_id, message_id=int(previous.message_id),
                                                parse_mode=ParseMode.HTML, reply_markup=message.keyboard)
                    return previous
                except BadRequest as exc:
                    if "not modified" in exc.message.lower():
                        return previous
                    if "not found" not in exc.message.lower() and "can't be edited" not in exc.message.lower():
                        raise
                    log.info("telegram: ticket #%s message gone (%s): posting it again", card.ticket.id, exc)
            sent = await bot.send_message(staff_chat, message.html, parse_mode=ParseMode.HTML,
                                          reply_markup=message.keyboard)
            self._staff_chat_ids.add(str(sent.chat_id))
            return PostRef(str(sent.chat_id), str(sent.message_id))

        return self._run(post())

    def _bot(self) -> Any:
        if self.app is None:
            raise DeliveryError("telegram: the adapter is not running")
        return self.app.bot

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a send on the adapter's loop and wait for it here; Telegram's errors as DeliveryError."""
        loop = self._loop
        if loop is None or loop.is_closed() or self.app is None:
            coro.close()
            raise DeliveryError("telegram: the adapter is not running")
        if threading.get_ident() == self._loop_thread:
            coro.close()
            raise RuntimeError("deliver/publish block: call them from a worker thread, not the event loop")
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result(SEND_TIMEOUT)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise DeliveryError(f"telegram: no answer within {SEND_TIMEOUT:.0f} s") from exc
        except TelegramError as exc:
            raise delivery_error(exc) from exc


def delivery_error(exc: TelegramError) -> DeliveryError:
    """Blocked by the user, chat gone, a message Telegram refuses: retrying cannot help. Flood limits
    (after the rate limiter's own retries), timeouts and network errors can pass: retry later."""
    permanent = isinstance(exc, (Forbidden, InvalidToken, BadRequest, ChatMigrated))
    kind = exc.__class__.__name__
    text = exc.message if exc.message.startswith(kind) else f"{kind}: {exc.message}"
    return DeliveryError(f"telegram: {text}", retryable=not permanent)
