"""The Slack adapter: Bolt's listeners turn Slack events into core calls; replies go out as Block Kit.

Everything Slack-specific lives in this package. The core is synchronous, so every call into it runs
on the core's worker threads (:mod:`adapters.workers`): Bolt acknowledges events at once and the loop never
waits on the embedder or the database. Outbox deliveries (staff answers, staff-channel posts) run in
the dispatcher's thread and use slack_sdk's synchronous client with the same token and API URL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.inflight import InFlight
from adapters.workers import run_core
from adapters.slack import render
from bot import phrases as P
from bot.channel import DeliveryError
from bot.conversations import Conversations
from bot.core import Assistant
from bot.dedup import InboundLog, InboundUnavailable
from bot.i18n import gettext_for
from bot.messages import ActionEvent, ActionKind, Message, Reply, Requester
from bot.queue.board import PostRef, TicketCard
from bot.settings import Settings

log = logging.getLogger(__name__)

PLATFORM = "slack"
EVENTS_PATH = "/slack/events"
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# Deliveries that cannot succeed later: fail them at once, visible to staff, instead of retrying.
PERMANENT_ERRORS = frozenset({"channel_not_found", "not_in_channel", "account_inactive", "is_archived",
                              "user_not_found", "cannot_dm_bot", "invalid_auth", "not_authed", "token_revoked",
                              "no_permission", "missing_scope", "restricted_action", "msg_too_long", "no_text",
                              "invalid_blocks"})
# Message subtypes that are someone writing to the bot; every other subtype (edits, deletions, joins) is not.
FILE_SUBTYPES = frozenset({"file_share"})


@dataclass(frozen=True)
class Person:
    name: str | None
    language: str | None


class SlackAdapter:
    """Slack for officials (DMs, mentions, /ask, App Home, the assistant panel) and for staff (the board)."""

    platform = PLATFORM
    name = PLATFORM   # as a staff board

    def __init__(self, settings: Settings, assistant: Assistant, inbound: InboundLog,
                 conversations: Conversations) -> None:
        assert settings.slack_bot_token is not None
        token = settings.slack_bot_token.get_secret_value()
        self.settings = settings
        self.assistant = assistant
        self.inbound = inbound
        self.conversations = conversations
        self.staff_channel = settings.slack_staff_channel
        self.inflight = InFlight()
        self.client = WebClient(token=token, base_url=settings.slack_api_url, timeout=15, retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3)])
        self.async_client = AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=15, retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2), AsyncRateLimitErrorRetryHandler(max_retry_count=3)])
        secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
        self.socket_mode = settings.slack_app_token is not None
        self.app = AsyncApp(client=self.async_client, signing_secret=secret or "",
                            request_verification_enabled=secret is not None or not self.socket_mode,
                            process_before_response=False)
        self._people: OrderedDict[str, Person] = OrderedDict()
        self._socket: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._routes()

    # ---- lifecycle ------------------------------------------------------------------------------

    def routes(self) -> dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]]:
        return {} if self.socket_mode and not self.settings.slack_signing_secret else {EVENTS_PATH: self._http_events}

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.socket_mode:
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            assert self.settings.slack_app_token is not None
            self._socket = AsyncSocketModeHandler(self.app, self.settings.slack_app_token.get_secret_value(),
                                                  web_client=self.async_client)
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")
        else:
            log.info("slack: HTTP Events API on POST %s", EVENTS_PATH)

    async def stop_receiving(self) -> None:
        self.inflight.closing = True
        if self._socket is not None:
            try:
                await self._socket.disconnect_async()
                await self._socket.close_async()
            except Exception:  # closing a socket that is already gone
                log.debug("slack: socket close failed", exc_info=True)

    async def close(self) -> None:
        await self.stop_receiving()

    async def _http_events(self, request: web.Request) -> web.StreamResponse:
        if self.inflight.closing:  # shutting down: Slack retries, and another replica takes it
            return web.json_response({"error": "shutting down"}, status=503)
        bolt_response = await self.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    # ---- routing: kinds of Slack request and their handlers -------------------------------------------

    def _routes(self) -> None:
        app = self.app
        app.use(self._dedupe)
        assistant = AsyncAssistant()
        assistant.thread_started(self._assistant_started)
        assistant.user_message(self._assistant_message)
        app.use(assistant)
        app.event("app_mention")(self._on_mention)
        app.event({"type": "message", "subtype": None})(self._on_message)
        app.event({"type": "message", "subtype": "file_share"})(self._on_file)
        app.event("message")(self._ignore)            # edits, deletions, joins, bot messages
        app.event("app_home_opened")(self._on_home)
        app.command("/ask")(self._on_ask)
        app.action(render.ACTION_IDS[ActionKind.HELPFUL])(self._on_feedback)
        app.action(render.ACTION_IDS[ActionKind.NOT_HELPFUL])(self._on_feedback)
        app.action(render.CLAIM_ACTION)(self._on_claim)
        app.action(render.ANSWER_ACTION)(self._on_answer_button)
        app.view(render.ANSWER_MODAL)(self._on_answer_submit)
        app.error(self._on_error)

    async def _dedupe(self, body: dict, next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """An event Slack sends again (a retry, a redelivery, another replica) is acknowledged and dropped.

        An event that cannot be recorded is refused with 503 rather than answered unrecorded (it could be
        answered twice) or acknowledged (it would be lost): Slack sends a refused event again, at once,
        after a minute and after five, so it is answered once if the database is back by then."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            await next()
            return None
        try:
            first = await asyncio.to_thread(self.inbound.first_time, PLATFORM, event_id)
        except InboundUnavailable as exc:
            log.warning("slack: event %s refused, the database is unavailable (%s); Slack will send it again",
                        event_id, exc)
            return BoltResponse(status=503, body={"error": "database unavailable, send again"})
        if not first:
            log.info("slack: duplicate event %s ignored", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None

    async def _on_error(self, error: Exception, body: dict) -> None:
        log.error("slack: handler failed: %s", error, exc_info=error)

    async def _ignore(self) -> None:
        return None

    # ---- officials ----------------------------------------------------------------------------

    @staticmethod
    def _from_bot(event: dict) -> bool:
        return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")

    async def _on_message(self, event: dict, context: dict) -> None:
        if self._from_bot(event) or event.get("user") is None:
            return
        channel, text = event["channel"], event.get("text") or ""
        if event.get("channel_type") == "im":
            await self._answer(event["user"], channel, event.get("thread_ts"), text)
            return
        thread = event.get("thread_ts")
        bot_user = context.get("bot_user_id")
        if thread is None or (bot_user and f"<@{bot_user}" in text):
            return  # not in a thread, or a mention (answered as app_mention)
        if await asyncio.to_thread(self.conversations.known, PLATFORM, channel, thread):
            await self._answer(event["user"], channel, thread, MENTION.sub(" ", text))

    async def _on_mention(self, event: dict) -> None:
        if self._from_bot(event) or event.get("user") is None:
            return
        thread = event.get("thread_ts") or event["ts"]
        await self._answer(event["user"], event["channel"], thread, MENTION.sub(" ", event.get("text") or ""))

    async def _on_file(self, event: dict, context: dict) -> None:
        if self._from_bot(event) or event.get("user") is None:
            return
        in_dm = event.get("channel_type") == "im"
        bot_user = context.get("bot_user_id")
        text = MENTION.sub(" ", event.get("text") or "").strip()
        if not in_dm and not (bot_user and f"<@{bot_user}" in (event.get("text") or "")):
            return
        thread = event.get("thread_ts") or (None if in_dm else event["ts"])
        if text:
            await self._answer(event["user"], event["channel"], thread, text)
            return
        person = await self._person(event["user"])
        lang = self.assistant.language_of(PLATFORM, event["user"], person.language)
        await self._post(event["channel"], thread, self.assistant.notice(P.TEXT_ONLY, lang))

    async def _on_ask(self, ack: Callable[..., Awaitable[None]], command: dict,
                      respond: Callable[..., Awaitable[Any]]) -> None:
        await ack()   # within Slack's 3 seconds; the answer follows through the response_url
        user = command["user_id"]
        person = await self._person(user)
        # Staff answers to /ask go to the official's DM with the bot, not into the channel.
        message = Message(platform=PLATFORM, user_id=user, chat_id=user, text=command.get("text") or "",
                          display_name=person.name, language=person.language)
        async with self.inflight.track():
            reply = await run_core(self.assistant.handle, message)
            for part in render.reply_messages(reply):
                await respond(text=part.text, blocks=part.blocks, response_type="ephemeral", replace_original=False)

    async def _on_home(self, event: dict, client: AsyncWebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        person = await self._person(event["user"])
        lang = self.assistant.language_of(PLATFORM, event["user"], person.language)
        reply = await run_core(self.assistant.greeting, lang)
        try:
            await client.views_publish(user_id=event["user"], view=render.home_view(reply))
        except SlackApiError as exc:
            log.warning("slack: views.publish failed: %s", exc.response.get("error"))

    async def _assistant_started(self, say: Callable[..., Awaitable[Any]],
                                 set_suggested_prompts: Callable[..., Awaitable[Any]], payload: dict) -> None:
        user = (payload.get("assistant_thread") or {}).get("user_id") or payload.get("user")
        person = await self._person(user) if user else Person(None, None)
        lang = self.assistant.language_of(PLATFORM, user or "", person.language)
        _ = gettext_for(lang)
        await say(text=render.escape(_(P.ASSISTANT_HELLO)))
        prompts = [_(P.PROMPT_JOIN), _(P.PROMPT_FUNDING), _(P.PROMPT_HOUSING)]
        await set_suggested_prompts(prompts=[{"title": p[:75], "message": p} for p in prompts])

    async def _assistant_message(self, payload: dict, set_status: Callable[..., Awaitable[Any]]) -> None:
        if self._from_bot(payload) or payload.get("user") is None:
            return
        person = await self._person(payload["user"])
        lang = self.assistant.language_of(PLATFORM, payload["user"], person.language)
        try:
            await set_status(gettext_for(lang)(P.LOOKING))
        except SlackApiError as exc:
            log.info("slack: assistant status not set: %s", exc.response.get("error"))
        await self._answer(payload["user"], payload["channel"], payload.get("thread_ts"), payload.get("text") or "")

    async def _answer(self, user: str, channel: str, thread: str | None, text: str) -> None:
        async with self.inflight.track():
            person = await self._person(user)
            message = Message(platform=PLATFORM, user_id=user, chat_id=channel, thread_id=thread, text=text,
                              display_name=person.name, language=person.language)
            reply = await run_core(self.assistant.handle, message)
            if thread is not None:  # before the reply goes out: a quick follow-up must find the thread known
                await asyncio.to_thread(self.conversations.touch, PLATFORM, channel, thread, user)
            await self._post(channel, thread, reply)

    async def _post(self, channel: str, thread: str | None, reply: Reply) -> None:
        for part in render.reply_messages(reply):
            try:
                await self.async_client.chat_postMessage(channel=channel, thread_ts=thread, text=part.text,
                                                         blocks=part.blocks)
            except SlackApiError as exc:
                log.error("slack: could not post to %s: %s", channel, exc.response.get("error"))
                return

    async def _person(self, user: str) -> Person:
        """Name and locale from ``users.info`` (cached); nothing when Slack will not say."""
        if user in self._people:
            return self._people[user]
        person = Person(None, None)
        try:
            response = await self.async_client.users_info(user=user, include_locale=True)
            info = response.get("user") or {}
            profile = info.get("profile") or {}
            name = info.get("real_name") or profile.get("real_name") or profile.get("display_name") or info.get("name")
            locale = info.get("locale")
            person = Person(name or None, locale.split("-")[0].lower() if locale else None)
        except SlackApiError as exc:
            log.info("slack: users.info for %s failed: %s", user, exc.response.get("error"))
        except Exception:  # the Web API unreachable: answer anyway, without a name
            log.warning("slack: users.info for %s failed", user, exc_info=True)
        self._people[user] = person
        while len(self._people) > 5000:
            self._people.popitem(last=False)
        return person

    # ---- buttons and the staff modal ----------------------------------------------------------------

    @staticmethod
    def _where(body: dict) -> tuple[str | None, str | None]:
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        message = body.get("message") or {}
        return channel, message.get("thread_ts")

    async def _on_feedback(self, ack: Callable[..., Awaitable[None]], body: dict, action: dict,
                           respond: Callable[..., Awaitable[Any]]) -> None:
        await ack()
        user = body["user"]["id"]
        channel, thread = self._where(body)
        person = await self._person(user)
        kind = ActionKind.HELPFUL if action["action_id"] == render.ACTION_IDS[ActionKind.HELPFUL] \
            else ActionKind.NOT_HELPFUL
        requester = Requester(PLATFORM, user, channel or user, person.name, thread)
        async with self.inflight.track():
            reply = await run_core(self.assistant.handle_action,
                                            ActionEvent(kind, str(action.get("value") or ""), requester, person.language))
            if (body.get("container") or {}).get("is_ephemeral") or channel is None:
                for part in render.reply_messages(reply):
                    await respond(text=part.text, blocks=part.blocks, response_type="ephemeral",
                                  replace_original=False)
            else:
                await self._post(channel, thread, reply)

    async def _on_claim(self, ack: Callable[..., Awaitable[None]], body: dict, action: dict) -> None:
        await ack()
        user = body["user"]["id"]
        channel, _thread = self._where(body)
        requester = Requester(PLATFORM, user, channel or user, body["user"].get("name"))
        reply = await run_core(self.assistant.handle_action,
                                        ActionEvent(ActionKind.CLAIM, str(action.get("value") or ""), requester))
        await self._tell_staff(channel, user, reply.text)

    async def _on_answer_button(self, ack: Callable[..., Awaitable[None]], body: dict, action: dict,
                                client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        channel, _thread = self._where(body)
        requester = Requester(PLATFORM, user, channel or user)
        if not self.assistant.is_staff(requester):
            await self._tell_staff(channel, user, gettext_for("en")(P.STAFF_ONLY, name="answer"))
            return
        value = str(action.get("value") or "")
        ticket = await asyncio.to_thread(self.assistant.ticket, int(value)) if value.isdigit() else None
        if ticket is None:
            await self._tell_staff(channel, user, "That request no longer exists.")
            return
        try:
            await client.views_open(trigger_id=body["trigger_id"],
                                    view=render.answer_modal(ticket.id, ticket.question, channel))
        except SlackApiError as exc:
            log.warning("slack: views.open failed: %s", exc.response.get("error"))

    async def _on_answer_submit(self, ack: Callable[..., Awaitable[None]], body: dict, view: dict) -> None:
        user = body["user"]["id"]
        values = (view.get("state") or {}).get("values") or {}
        text = ((values.get("answer") or {}).get("text") or {}).get("value") or ""
        chosen = ((values.get("knowledge") or {}).get("add") or {}).get("selected_options") or []
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            ticket_id, channel = int(meta["ticket"]), meta.get("channel")
        except (ValueError, KeyError, TypeError):
            await ack(response_action="errors", errors={"answer": "This form is no longer valid."})
            return
        requester = Requester(PLATFORM, user, channel or user, body["user"].get("name"))
        if not self.assistant.is_staff(requester):
            await ack(response_action="errors", errors={"answer": "Only the council's staff can answer requests."})
            return
        if not text.strip():
            await ack(response_action="errors", errors={"answer": "Write an answer first."})
            return
        await ack()   # the modal closes; adding to the library may take a few seconds, so it happens after
        async with self.inflight.track():
            reply = await run_core(self.assistant.answer_ticket, requester, ticket_id, text, bool(chosen))
        await self._tell_staff(channel, user, reply.text)

    async def _tell_staff(self, channel: str | None, user: str, text: str) -> None:
        """A note only the staff member sees: ephemeral in the channel, else a DM."""
        try:
            if channel:
                await self.async_client.chat_postEphemeral(channel=channel, user=user,
                                                           text=render.escape(render.commands(text)))
            else:
                await self.async_client.chat_postMessage(channel=user, text=render.escape(render.commands(text)))
        except SlackApiError as exc:
            log.warning("slack: could not tell %s: %s", user, exc.response.get("error"))

    # ---- outbox: relays to officials and the staff board (called from the dispatcher's thread) ---------

    def deliver(self, requester: Requester, text: str) -> None:
        for part in render.plain_messages(text):
            self._call(lambda p=part: self.client.chat_postMessage(
                channel=requester.chat_id, thread_ts=requester.thread_id, text=p.text, blocks=p.blocks))

    def publish(self, card: TicketCard, previous: PostRef | None) -> PostRef:
        if not self.staff_channel:
            raise DeliveryError("MMC_SLACK_STAFF_CHANNEL is not set", retryable=False)
        message = render.ticket_message(card)
        if previous is not None and previous.chat_id == self.staff_channel:
            try:
                self.client.chat_update(channel=previous.chat_id, ts=previous.message_id, text=message.text,
                                        blocks=message.blocks)
                return previous
            except SlackApiError as exc:
                if exc.response.get("error") not in ("message_not_found", "cant_update_message"):
                    raise _delivery_error(exc) from exc
        response = self._call(lambda: self.client.chat_postMessage(channel=self.staff_channel, text=message.text,
                                                                   blocks=message.blocks))
        return PostRef(self.staff_channel, str(response["ts"]))

    @staticmethod
    def _call(send: Callable[[], Any]) -> Any:
        try:
            return send()
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    error = str(exc.response.get("error") or exc.response.status_code)
    return DeliveryError(f"slack: {error}", retryable=error not in PERMANENT_ERRORS)
