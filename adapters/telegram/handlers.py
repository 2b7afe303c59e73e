"""What the bot does with each kind of update: a small table of python-telegram-bot handlers.

Polling and the webhook both feed ``Application.update_queue``, so every update, however it arrived,
goes through the same table: de-duplication first (group -1), then one handler per kind. The core is
synchronous, so each call into it runs in a worker thread inside ``inflight.track()``: the event loop
keeps fetching and answering while the embedder works, and shutdown waits for questions in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator

from telegram import LinkPreviewOptions, Message as TgMessage, ReplyParameters, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from adapters.inflight import InFlight
from adapters.workers import run_core
from adapters.telegram import render, updates as u
from bot import phrases as P
from bot.core import PERSON_COMMANDS, Assistant
from bot.dedup import InboundLog
from bot.i18n import gettext_for
from bot.messages import ActionEvent, ActionKind, Reply, ReplyStatus
from bot.staff_commands import KNOWLEDGE_FLAG, STAFF_COMMANDS

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
OFFICIAL_COMMANDS = {"start", "help", "ask"} | PERSON_COMMANDS
COMMANDS = sorted(c for c in OFFICIAL_COMMANDS | STAFF_COMMANDS if re.fullmatch(r"[a-z0-9_]{1,32}", c))
MEDIA = (filters.PHOTO | filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE
         | filters.ANIMATION | filters.Document.ALL)
TYPING_EVERY = 4.5       # Telegram shows "typing…" for about 5 seconds per sendChatAction
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Handlers:
    """The callbacks; :meth:`register` is the routing table."""

    def __init__(self, assistant: Assistant, inbound: InboundLog, inflight: InFlight, staff_chat: str | None) -> None:
        self.assistant = assistant
        self.inbound = inbound
        self.inflight = inflight
        self.staff_chat = staff_chat.strip() if staff_chat else None
        self._typing_until: dict[str, float] = {}   # chat/topic -> when its "typing…" runs out

    def register(self, app: Application) -> None:
        new = filters.UpdateType.MESSAGE      # edited messages were answered as first sent: never twice
        app.add_handler(TypeHandler(Update, self.dedupe), group=-1)
        app.add_handler(CommandHandler(COMMANDS, self.on_text, filters=new))
        app.add_handler(MessageHandler(new & filters.ChatType.PRIVATE & filters.TEXT, self.on_text))  # unknown commands too
        app.add_handler(MessageHandler(new & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND,
                                       self.on_group_text))
        app.add_handler(MessageHandler(new & MEDIA, self.on_media))
        app.add_handler(CallbackQueryHandler(self.on_feedback, pattern=render.FEEDBACK_DATA))
        app.add_handler(CallbackQueryHandler(self.on_claim, pattern=render.CLAIM_DATA))
        app.add_handler(CallbackQueryHandler(self.on_other_button))
        app.add_error_handler(self.on_error)

    # ---- every update ----------------------------------------------------------------------------

    async def dedupe(self, update: Update, _context: Context) -> None:
        """Telegram redelivers, and two replicas may both see an update: only the first insert wins."""
        try:
            first = await asyncio.to_thread(self.inbound.first_time, u.PLATFORM, str(update.update_id))
        except Exception:  # the database is down: answer (the core will say it failed) rather than drop
            log.warning("telegram: could not record update %s", update.update_id, exc_info=True)
            return
        if not first:
            log.info("telegram: duplicate update %s ignored", update.update_id)
            raise ApplicationHandlerStop

    async def on_error(self, update: object, context: Context) -> None:
        log.error("telegram: handler failed for %s", getattr(update, "update_id", update), exc_info=context.error)

    # ---- officials -----------------------------------------------------------------------------

    async def on_text(self, update: Update, context: Context) -> None:
        """A command (the core parses it, staff commands included) or a private message: a question."""
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot or not message.text:
            return
        await self.answer(update, context, message.text)

    async def on_group_text(self, update: Update, context: Context) -> None:
        """In groups only a mention or a reply to the bot is for it; in the staff group a reply to a
        ticket's message answers that ticket."""
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot or not message.text:
            return
        bot = context.bot
        if u.replies_to(message, bot.id) and self._is_staff_chat(message.chat.id):
            ticket = await self._ticket_of(message)
            if ticket is not None:
                await self.answer_ticket(update, context, ticket, message.text)
                return
        if u.mentions_bot(message, bot.username, bot.id) or u.replies_to(message, bot.id):
            await self.answer(update, context, u.without_mention(message.text, bot.username))

    async def on_media(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        bot = context.bot
        if not u.is_private(message.chat) and not (u.mentions_bot(message, bot.username, bot.id)
                                                   or u.replies_to(message, bot.id)):
            return
        user = message.from_user
        lang = self.assistant.language_of(u.PLATFORM, str(user.id), u.language_hint(user))
        await self.send(context, message.chat.id, u.thread_of(message), self.assistant.notice(P.TEXT_ONLY, lang),
                        quote=None if u.is_private(message.chat) else message.message_id)

    async def answer(self, update: Update, context: Context, text: str) -> None:
        message = update.message
        assert message is not None
        thread = u.thread_of(message)
        quote = None if u.is_private(message.chat) else message.message_id
        async with self.inflight.track():
            async with self.typing(context, message.chat.id, thread):
                reply = await run_core(self.assistant.handle, u.to_message(message, text))
            await self.send(context, message.chat.id, thread, reply, quote=quote)

    # ---- staff ---------------------------------------------------------------------------------

    async def answer_ticket(self, update: Update, context: Context, ticket: int, text: str) -> None:
        message = update.message
        assert message is not None and message.from_user is not None
        flag = KNOWLEDGE_FLAG.match(text)
        answer = text[flag.end():] if flag else text
        requester = u.requester(message.from_user, message)
        async with self.inflight.track():
            reply = await run_core(self.assistant.answer_ticket, requester, ticket, answer, flag is not None)
            await self.send(context, message.chat.id, u.thread_of(message), reply, quote=message.message_id)

    async def on_claim(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        match = render.CLAIM_DATA.match(query.data)
        assert match is not None
        requester = u.requester(query.from_user, query.message)
        if not self.assistant.is_staff(requester):   # an alert, and nothing changes
            await self._answer_query(update, gettext_for("en")(P.STAFF_ONLY, name="claim"), alert=True)
            return
        async with self.inflight.track():
            reply = await run_core(self.assistant.handle_action,
                                   ActionEvent(ActionKind.CLAIM, match[1], requester))
        await self._answer_query(update, reply.text, alert=reply.status != ReplyStatus.INFO)

    # ---- buttons under answers -------------------------------------------------------------------

    async def on_feedback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        match = render.FEEDBACK_DATA.match(query.data)
        assert match is not None
        await self._answer_query(update, None)
        requester = u.requester(query.from_user, query.message)
        event = ActionEvent(render.FEEDBACK_KINDS[match[1]], match[2], requester, u.language_hint(query.from_user))
        async with self.inflight.track():
            async with self.typing(context, requester.chat_id, requester.thread_id):
                reply = await run_core(self.assistant.handle_action, event)
            await self.send(context, requester.chat_id, requester.thread_id, reply)

    async def on_other_button(self, update: Update, _context: Context) -> None:
        """A button of an older version, or forged data: stop the spinner, do nothing."""
        await self._answer_query(update, None)

    # ---- sending --------------------------------------------------------------------------------

    async def send(self, context: Context, chat_id: int | str, thread: str | None, reply: Reply,
                   quote: int | None = None) -> None:
        for part in render.reply_messages(reply):
            try:
                await context.bot.send_message(
                    chat_id, part.html, parse_mode=ParseMode.HTML, reply_markup=part.keyboard,
                    message_thread_id=int(thread) if thread else None, link_preview_options=NO_PREVIEW,
                    reply_parameters=ReplyParameters(quote, allow_sending_without_reply=True) if quote else None)
            except TelegramError as exc:   # blocked, chat gone, rate limits beyond retries: nothing to add
                log.error("telegram: could not send to %s: %s", chat_id, exc)
                return
            quote = None   # the rest of a long answer follows the first part

    @contextlib.asynccontextmanager
    async def typing(self, context: Context, chat_id: int | str, thread: str | None) -> AsyncIterator[None]:
        """"typing…" while the core works, renewed until it is done; a failure here changes nothing.

        One indicator per chat at a time (it lasts about five seconds): several questions from one chat
        do not each spend the bot's flood budget, which answers need. A request already under way is
        let finish, so the indicator never arrives after the answer."""
        done = asyncio.Event()
        key = f"{chat_id}/{thread or ''}"

        async def keep_typing() -> None:
            while not done.is_set():
                now = time.monotonic()
                if self._typing_until.get(key, 0.0) <= now:
                    self._typing_until[key] = now + TYPING_EVERY
                    try:
                        await context.bot.send_chat_action(chat_id, ChatAction.TYPING,
                                                           message_thread_id=int(thread) if thread else None)
                    except TelegramError as exc:
                        log.debug("telegram: no typing indicator in %s: %s", chat_id, exc)
                wait = max(0.1, self._typing_until[key] - time.monotonic())
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(done.wait(), wait)

        if len(self._typing_until) > 10_000:   # forget chats whose indicator has long gone
            now = time.monotonic()
            self._typing_until = {k: v for k, v in self._typing_until.items() if v > now}
        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            done.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 10)

    @staticmethod
    async def _answer_query(update: Update, text: str | None, alert: bool = False) -> None:
        query = update.callback_query
        assert query is not None
        try:
            await query.answer(text=render.alert(text) if text else None, show_alert=alert)
        except TelegramError as exc:   # too old: Telegram no longer shows it anyway
            log.info("telegram: callback query not answered: %s", exc)

    async def _ticket_of(self, message: TgMessage) -> int | None:
        """The ticket whose staff-group message this replies to: as recorded when it was posted, else
        as its first line says (a reply can come before the post is recorded, or from a restored chat)."""
        replied = message.reply_to_message
        assert replied is not None
        ticket = await asyncio.to_thread(self.assistant.ticket_of_post, u.PLATFORM, str(message.chat.id),
                                         str(replied.message_id))
        if ticket is None and (header := render.CARD_HEADER.match(replied.text or "")):
            ticket = int(header[1])
        return ticket

    def _is_staff_chat(self, chat_id: int) -> bool:
        return self.staff_chat is not None and self.staff_chat == str(chat_id)
