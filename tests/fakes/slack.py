"""Fake Slack servers for tests: the Web API over HTTP and Socket Mode over a websocket.

These are test doubles for the real `slack_sdk` / `slack_bolt` code: point a `WebClient` /
`AsyncWebClient` at `FakeSlackWebAPI.url` and a Socket Mode client (via `apps.connections.open`) at
`FakeSocketModeServer.ws_url`, and the code under test runs unpatched over loopback. Each server runs
in its own daemon thread (the socket server with its own event loop), so the same fake serves an
in-process async test in any event loop and a bot started as a subprocess.

They answer like Slack does, including its refusals (`not_authed`, `no_text`, `invalid_blocks`, a
429 with `Retry-After`...), and record everything they were sent so tests can assert on it.

The blocking waits (`wait_for`, `wait_ack`, `wait_connected`) must not be called from the event loop
that runs the bot under test: that loop would stop and never answer. Use the `*_async` twins there.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from aiohttp import WSMsgType, web

JSONDict = dict[str, Any]

MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3_000
MAX_BUTTON_VALUE = 2_000
# Form-encoded bodies carry structured arguments as JSON strings.
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "prompts")
ENVELOPE_TYPES = ("events_api", "slash_commands", "interactive")


@dataclass(frozen=True)
class Call:
    """One request the fake Web API received (token kept out of `params`) and what it answered."""

    method: str
    token: str | None
    params: JSONDict
    at: float
    rate_limited: bool = False
    response: JSONDict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error")


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _buttons(node: Any) -> Iterator[JSONDict]:
    if isinstance(node, dict):
        if node.get("type") == "button":
            yield node
        for value in node.values():
            yield from _buttons(value)
    elif isinstance(node, list):
        for item in node:
            yield from _buttons(item)


def _blocks_problem(blocks: Any, limit: int) -> str | None:
    """Slack's complaint about a blocks array, in its own wording, or None when it is acceptable."""
    if not isinstance(blocks, list):
        return "must provide an array [json-pointer:/blocks]"
    if len(blocks) > limit:
        return f"no more than {limit} items allowed [json-pointer:/blocks]"
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            return f"missing required field: type [json-pointer:/blocks/{i}]"
        text = block.get("text")
        if block["type"] == "section" and isinstance(text, dict):
            if len(str(text.get("text", ""))) > MAX_SECTION_TEXT:
                return f"must be less than {MAX_SECTION_TEXT + 1} characters [json-pointer:/blocks/{i}/text/text]"
        for button in _buttons(block):
            if len(str(button.get("value", ""))) > MAX_BUTTON_VALUE:
                return f"must be less than {MAX_BUTTON_VALUE + 1} characters [json-pointer:/blocks/{i}/.../value]"
    return None


def _refusal(error: str, problem: str | None = None) -> JSONDict:
    answer: JSONDict = {"ok": False, "error": error}
    if problem:
        answer["errors"] = [problem]
        answer["response_metadata"] = {"messages": [f"[ERROR] {problem}"]}
    return answer


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128   # like a real server's listen backlog; socketserver's 5 drops bursts of connections
    fake: FakeSlackWebAPI


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet, tests read .calls
        pass

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fake = self.server.fake
        if parts.path.startswith("/api/"):
            status, headers, payload = fake._api(parts.path[len("/api/") :], parts.query, self.headers, body)
        elif parts.path.startswith("/response/"):
            name = unquote(parts.path[len("/response/") :])
            status, headers, payload = fake._response_url(name, self.headers, body)
        else:
            status, headers, payload = 404, {"Content-Type": "text/plain"}, b"not found"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.close_connection = True


class FakeSlackWebAPI:
    """Slack's Web API on 127.0.0.1: answers the methods the bot uses and records every call."""

    def __init__(self, bot_user_id: str = "UBOT", team_id: str = "T1", bot_id: str = "BBOT") -> None:
        self.bot_user_id = bot_user_id
        self.team_id = team_id
        self.bot_id = bot_id
        self.socket_mode_url: str | None = None
        self.missing_channels: set[str] = set()
        self.inactive_channels: set[str] = set()
        self.delays: dict[str, float] = {}   # method -> seconds to wait before answering
        self._users: dict[str, JSONDict] = {}
        self._rate_limits: dict[str, list[int]] = {}
        self._calls: list[Call] = []
        self._changed = threading.Condition(threading.Lock())
        self._ts = itertools.count(1_700_000_000_000_100, 100)  # microseconds
        self._view_ids = itertools.count(1)
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[JSONDict], JSONDict]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.delete": self._chat_delete,
            "views.open": self._views_open,
            "views.publish": self._views_publish,
            "views.update": self._views_update,
            "users.info": self._users_info,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "apps.connections.open": self._apps_connections_open,
            "assistant.threads.setStatus": self._assistant_call("status"),
            "assistant.threads.setSuggestedPrompts": self._assistant_call("prompts"),
            "assistant.threads.setTitle": self._assistant_call("title"),
        }

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSlackWebAPI:
        if self._server is None:
            self._server = _HTTPServer(("127.0.0.1", 0), _Handler)
            self._server.fake = self
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack-web-api", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSlackWebAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlackWebAPI is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL for `WebClient(base_url=...)`, ending in `/api/`."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A `response_url` whose POSTs are recorded as calls to `"response_url"` with `params["name"]`."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # -- configuration ---------------------------------------------------------------------------

    def set_user(
        self, user_id: str, name: str | None = None, real_name: str | None = None, locale: str = "en-US"
    ) -> None:
        self._users[user_id] = {"name": name, "real_name": real_name, "locale": locale}

    def rate_limit_once(self, method: str, retry_after: int = 1) -> None:
        """The next call of `method` is answered HTTP 429 with `Retry-After: retry_after`."""
        with self._changed:
            self._rate_limits.setdefault(method, []).append(retry_after)

    def reset(self) -> None:
        """Forget recorded calls, pending rate limits, users and missing/inactive channels."""
        with self._changed:
            self._calls.clear()
            self._rate_limits.clear()
            self._users.clear()
            self.missing_channels.clear()
            self.inactive_channels.clear()

    # -- what was recorded -----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every call so far, oldest first."""
        with self._changed:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def _matching(self, method: str, predicate: Callable[[Call], bool] | None) -> list[Call]:
        return [c for c in self._calls if c.method == method and (predicate is None or predicate(c))]

    def _wait_failed(self, method: str, count: int, timeout: float, found: list[Call]) -> AssertionError:
        seen = "\n".join(f"  {c.method} -> {c.error or 'ok'} {json.dumps(c.params)[:200]}" for c in self.calls)
        return AssertionError(
            f"expected {count} call(s) to {method} within {timeout}s, got {len(found)}; recorded:\n{seen or '  nothing'}"
        )

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 10.0, predicate: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Block until at least `count` matching calls were recorded; returns all matching calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self._matching(method, predicate)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
        if len(found) < count:
            raise self._wait_failed(method, count, timeout, found)
        return found

    async def wait_for_async(
        self, method: str, count: int = 1, timeout: float = 10.0, predicate: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """`wait_for` for code running in the bot's event loop: polls without blocking it."""
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                found = self._matching(method, predicate)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise self._wait_failed(method, count, timeout, found)
            await asyncio.sleep(0.01)

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    # -- HTTP ------------------------------------------------------------------------------------

    def _api(self, method: str, query: str, headers: Message, body: bytes) -> tuple[int, dict[str, str], bytes]:
        params: JSONDict = dict(parse_qsl(query, keep_blank_values=True))
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if body and content_type == "application/json":
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                return self._answer_json(Call(method, None, {}, time.time(), response=_refusal("invalid_json")))
            params.update(parsed)
        elif body and content_type == "application/x-www-form-urlencoded":
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        for key in JSON_FIELDS:
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass  # left as a string: validation refuses it as Slack would
        token = params.pop("token", None)
        authorization = headers.get("Authorization") or ""
        if authorization.startswith("Bearer "):
            token = authorization[len("Bearer ") :].strip()

        with self._changed:
            pending = self._rate_limits.get(method)
            retry_after = pending.pop(0) if pending else None
            delay = self.delays.get(method, 0.0)
        if delay:
            time.sleep(delay)  # a slow Slack: keeps a question in flight for as long as a test needs
        if retry_after is not None:
            call = Call(method, token, params, time.time(), rate_limited=True, response=_refusal("ratelimited"))
            return self._answer_json(call, status=429, headers={"Retry-After": str(retry_after)})
        return self._answer_json(Call(method, token, params, time.time(), response=self._answer(method, token, params)))

    def _answer_json(
        self, call: Call, status: int = 200, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        self._record(call)
        return status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, json.dumps(call.response).encode()

    def _answer(self, method: str, token: str | None, params: JSONDict) -> JSONDict:
        handler = self._methods.get(method)
        if handler is None:
            return _refusal("unknown_method")
        if not token:
            return _refusal("not_authed")
        allowed = ("xapp-",) if method == "apps.connections.open" else ("xoxb-", "xoxp-")
        if not token.startswith(allowed):
            # A well-formed token of the wrong kind is refused differently from garbage, as on Slack.
            known = token.startswith(("xoxb-", "xoxp-", "xapp-"))
            return _refusal("not_allowed_token_type" if known else "invalid_auth")
        channel = params.get("channel") or params.get("channel_id")
        if not isinstance(channel, str):
            channel = None
        if channel in self.missing_channels:
            return _refusal("channel_not_found")
        if channel in self.inactive_channels:
            return _refusal("account_inactive")
        return handler(params)

    def _response_url(self, name: str, headers: Message, body: bytes) -> tuple[int, dict[str, str], bytes]:
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            payload = None
        error = None
        if not isinstance(payload, dict):
            payload, error = {"raw": body.decode("utf-8", "replace")}, "invalid_payload"
        elif not _truthy(payload.get("delete_original")) and not str(payload.get("text") or "").strip():
            error = "no_text"  # the project requires a text fallback on every message
        response = _refusal(error) if error else {"ok": True}
        self._record(Call("response_url", None, {**payload, "name": name}, time.time(), response=response))
        return (400 if error else 200), {"Content-Type": "text/plain"}, (error or "ok").encode()

    # -- methods ---------------------------------------------------------------------------------

    def _next_ts(self) -> str:
        with self._changed:
            value = next(self._ts)
        return f"{value // 1_000_000}.{value % 1_000_000:06d}"

    def _dm_channel(self, user: str) -> str:
        return "D" + (user[1:] if user[:1] in ("U", "W") else user)

    def _message_problem(self, params: JSONDict) -> JSONDict | None:
        if not params.get("channel"):
            return _refusal("channel_not_found")
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            return _refusal("no_text")
        if len(text) > MAX_TEXT:
            return _refusal("msg_too_long")
        if "blocks" in params and (problem := _blocks_problem(params["blocks"], MAX_MESSAGE_BLOCKS)):
            return _refusal("invalid_blocks", problem)
        return None

    def _message(self, params: JSONDict, ts: str) -> JSONDict:
        message: JSONDict = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": params["text"],
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = params[key]
        return message

    def _auth_test(self, params: JSONDict) -> JSONDict:
        return {
            "ok": True,
            "url": "https://fake-team.slack.com/",
            "team": "Fake Team",
            "user": "mmc-bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, params: JSONDict) -> JSONDict:
        if problem := self._message_problem(params):
            return problem
        channel = str(params["channel"])
        if channel[:1] in ("U", "W"):  # posting to a user id lands in the DM with them
            channel = self._dm_channel(channel)
        ts = self._next_ts()
        return {"ok": True, "channel": channel, "ts": ts, "message": self._message(params, ts)}

    def _chat_update(self, params: JSONDict) -> JSONDict:
        if not params.get("channel"):
            return _refusal("channel_not_found")
        if not params.get("ts"):
            return _refusal("message_not_found")
        if problem := self._message_problem(params):
            return problem
        ts = str(params["ts"])
        return {
            "ok": True,
            "channel": params["channel"],
            "ts": ts,
            "text": params["text"],
            "message": self._message(params, ts),
        }

    def _chat_post_ephemeral(self, params: JSONDict) -> JSONDict:
        if problem := self._message_problem(params):
            return problem
        if not params.get("user"):
            return _refusal("user_not_in_channel")
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_delete(self, params: JSONDict) -> JSONDict:
        if not params.get("channel"):
            return _refusal("channel_not_found")
        if not params.get("ts"):
            return _refusal("message_not_found")
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    def _view(self, params: JSONDict, view_type: str, view_id: str | None = None) -> JSONDict:
        view = params.get("view")
        if not isinstance(view, dict):
            return _refusal("invalid_arguments", "missing required field: view")
        if "blocks" in view and (problem := _blocks_problem(view["blocks"], MAX_VIEW_BLOCKS)):
            return _refusal("invalid_arguments", problem)
        with self._changed:
            view_id = view_id or f"V{next(self._view_ids):010d}"
        return {
            "ok": True,
            "view": {
                "type": view_type,
                "blocks": [],
                "private_metadata": "",
                "callback_id": "",
                "state": {"values": {}},
                **view,
                "id": view_id,
                "team_id": self.team_id,
                "app_id": "A1",
                "bot_id": self.bot_id,
                "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
                "root_view_id": view_id,
                "previous_view_id": None,
            },
        }

    def _views_open(self, params: JSONDict) -> JSONDict:
        if not params.get("trigger_id") and not params.get("interactivity_pointer"):
            return _refusal("invalid_arguments", "missing required field: trigger_id")
        return self._view(params, "modal")

    def _views_publish(self, params: JSONDict) -> JSONDict:
        if not params.get("user_id"):
            return _refusal("invalid_arguments", "missing required field: user_id")
        return self._view(params, "home")

    def _views_update(self, params: JSONDict) -> JSONDict:
        if not params.get("view_id") and not params.get("external_id"):
            return _refusal("invalid_arguments", "missing required field: view_id")
        return self._view(params, "modal", view_id=params.get("view_id"))

    def _users_info(self, params: JSONDict) -> JSONDict:
        user_id = params.get("user")
        if not user_id:
            return _refusal("user_not_found")
        known = self._users.get(user_id, {})
        name = known.get("name") or f"user_{user_id.lower()}"
        real_name = known.get("real_name") or name.replace("_", " ").title()
        user: JSONDict = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "is_bot": user_id == self.bot_user_id,
            "tz": "Europe/Berlin",
            "profile": {"real_name": real_name, "display_name": name},
        }
        if _truthy(params.get("include_locale")):
            user["locale"] = known.get("locale") or "en-US"
        return {"ok": True, "user": user}

    def _conversations_open(self, params: JSONDict) -> JSONDict:
        if params.get("channel"):
            return {"ok": True, "channel": {"id": params["channel"]}}
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users:
            return _refusal("users_list_not_supplied")
        channel = self._dm_channel(users[0]) if len(users) == 1 else "G" + "".join(u[1:4] for u in users)
        if channel in self.missing_channels:
            return _refusal("channel_not_found")
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel}}

    def _conversations_info(self, params: JSONDict) -> JSONDict:
        channel = params.get("channel")
        if not channel:
            return _refusal("channel_not_found")
        info: JSONDict = {
            "id": channel,
            "is_channel": channel.startswith("C"),
            "is_group": channel.startswith("G"),
            "is_im": channel.startswith("D"),
            "is_private": not channel.startswith("C"),
            "is_archived": False,
            "is_member": True,
            "created": 1_600_000_000,
        }
        if channel.startswith("D"):
            info["user"] = "U" + channel[1:]
        else:
            info["name"] = f"channel-{channel.lower()}"
        return {"ok": True, "channel": info}

    def _apps_connections_open(self, params: JSONDict) -> JSONDict:
        if not self.socket_mode_url:
            return _refusal("socket_mode_url_not_set")  # not Slack's: tells the test what it forgot
        return {"ok": True, "url": self.socket_mode_url}

    def _assistant_call(self, required: str) -> Callable[[JSONDict], JSONDict]:
        def handle(params: JSONDict) -> JSONDict:
            if not params.get("channel_id") or not params.get("thread_ts") or required not in params:
                return _refusal("invalid_arguments", f"missing required field: {required}")
            return {"ok": True}

        return handle


class FakeSocketModeServer:
    """Slack's Socket Mode endpoint on 127.0.0.1: greets clients, pushes envelopes, records acks."""

    def __init__(self, app_id: str = "A1") -> None:
        self.app_id = app_id
        self.port = 0
        self.connections_made = 0
        self._changed = threading.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: list[JSONDict] = []
        self._received: list[JSONDict] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSocketModeServer:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._run, args=(loop,), name="fake-slack-socket-mode", daemon=True)
            self._thread.start()
            self._loop = loop
            asyncio.run_coroutine_threadsafe(self._serve(), loop).result(timeout=10)
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            assert self._thread is not None
            self._thread.join(timeout=5)
            self._loop = self._thread = None

    def __enter__(self) -> FakeSocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def ws_url(self) -> str:
        """What `apps.connections.open` should answer (set it as `FakeSlackWebAPI.socket_mode_url`)."""
        if self._loop is None:
            raise RuntimeError("FakeSocketModeServer is not started")
        return f"ws://127.0.0.1:{self.port}/link"

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        loop.run_forever()
        loop.close()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/link", self._connection)
        app.router.add_get("/link/", self._connection)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _shutdown(self) -> None:
        with self._changed:
            sockets = list(self._sockets)
        for ws in sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _connection(self, request: web.Request) -> web.WebSocketResponse:
        # autoping answers the SDK's "sdk-ping-pong:<time>" pings, which its monitor relies on.
        ws = web.WebSocketResponse(autoping=True, timeout=2.0)
        await ws.prepare(request)
        with self._changed:
            live = len(self._sockets) + 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": live,
                "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
        )
        with self._changed:
            self._sockets.append(ws)
            self.connections_made += 1
            self._changed.notify_all()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(message.data)
                except ValueError:
                    data = {"raw": message.data}
                with self._changed:
                    self._received.append(data)
                    if isinstance(data, dict) and "envelope_id" in data:
                        self._acks.append(data)
                    self._changed.notify_all()
        finally:
            with self._changed:
                self._sockets.remove(ws)
                self._changed.notify_all()
        return ws

    # -- talking to the client -------------------------------------------------------------------

    @property
    def connected(self) -> int:
        """How many clients are connected now."""
        with self._changed:
            return len(self._sockets)

    @property
    def acks(self) -> list[JSONDict]:
        with self._changed:
            return list(self._acks)

    @property
    def received(self) -> list[JSONDict]:
        """Every text frame the clients sent, acks included."""
        with self._changed:
            return list(self._received)

    def _send(self, message: JSONDict) -> None:
        with self._changed:
            ws = self._sockets[-1] if self._sockets else None
        if ws is None or self._loop is None:
            raise AssertionError("no Socket Mode client is connected to the fake")
        asyncio.run_coroutine_threadsafe(ws.send_json(message), self._loop).result(timeout=5)

    def push(
        self,
        envelope_type: str,
        payload: JSONDict,
        envelope_id: str | None = None,
        *,
        accepts_response_payload: bool | None = None,
    ) -> str:
        """Send an envelope to the newest connection; returns its envelope_id."""
        if envelope_type not in ENVELOPE_TYPES:
            raise ValueError(f"envelope type must be one of {ENVELOPE_TYPES}, not {envelope_type!r}")
        if accepts_response_payload is None:  # as Slack sets it
            accepts_response_payload = envelope_type == "slash_commands" or (
                envelope_type == "interactive" and payload.get("type") in ("view_submission", "block_suggestion")
            )
        envelope_id = envelope_id or str(uuid.uuid4())
        self._send(
            {
                "envelope_id": envelope_id,
                "type": envelope_type,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    def request_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does every few hours."""
        self._send({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    def _ack_for(self, envelope_id: str) -> JSONDict | None:
        return next((ack for ack in self._acks if ack.get("envelope_id") == envelope_id), None)

    def wait_connected(self, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: bool(self._sockets), timeout):
                raise AssertionError(f"no Socket Mode client connected within {timeout}s")

    async def wait_connected_async(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.connected:
            if time.monotonic() >= deadline:
                raise AssertionError(f"no Socket Mode client connected within {timeout}s")
            await asyncio.sleep(0.01)

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> JSONDict:
        """The acknowledgement the client sent for `envelope_id` (with its `payload`, if any)."""
        with self._changed:
            ack = self._changed.wait_for(lambda: self._ack_for(envelope_id), timeout)
        if ack is None:
            raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s; acks: {self.acks}")
        return ack

    async def wait_ack_async(self, envelope_id: str, timeout: float = 10.0) -> JSONDict:
        deadline = time.monotonic() + timeout
        while True:
            with self._changed:
                ack = self._ack_for(envelope_id)
            if ack is not None:
                return ack
            if time.monotonic() >= deadline:
                raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s; acks: {self.acks}")
            await asyncio.sleep(0.01)
