"""A fake Telegram Bot API server for tests.

`FakeBotAPI` is a real HTTP server on 127.0.0.1 (a `ThreadingHTTPServer` in a daemon thread) that
speaks the Bot API closely enough for the real python-telegram-bot to run against it unpatched:
point `ApplicationBuilder().base_url(fake.base_url)` at it, in-process (async tests) or from a
subprocess. It records every call, serves queued updates through long polling, answers the
methods the bot uses with realistic objects, and refuses what Telegram refuses (bad HTML or
MarkdownV2, over-long text, oversized callback_data, getUpdates while a webhook is set, blocked
chats, one-off flood control), so a test fails where production would.

    with FakeBotAPI() as fake:
        fake.push_update(fake.private_message(42, "/start"))
        ...  # run the bot
        [call] = await fake.wait_for_async("sendMessage")   # `fake.wait_for` outside the loop

Requests are read as PTB sends them (form-urlencoded or multipart, nested objects as JSON
strings) or as a JSON body; `Call.params` holds them decoded: JSON fields parsed back into
objects, numbers and booleans typed, uploads as `UploadedFile`.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import html
import itertools
import json
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

JSON_FIELDS = frozenset({
    "reply_markup", "entities", "caption_entities", "commands", "allowed_updates", "scope",
    "menu_button", "link_preview_options", "reply_parameters", "media", "results",
})
TEXT_FIELDS = frozenset({  # never turned into numbers or booleans
    "text", "caption", "parse_mode", "url", "secret_token", "callback_query_id", "data",
    "inline_message_id", "description", "short_description", "name", "language_code", "action",
    "ip_address", "title", "query", "emoji", "file_id",
})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
})
DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Call:
    """One request the server received (also refused ones: see `status` / `error`)."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    flooded: bool = False
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def _bad(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def _entities_error(message: str) -> ApiError:
    return _bad(f"can't parse entities: {message}")


def _u16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _chat_key(chat_id: Any) -> int | str:
    text = str(chat_id)
    return int(text) if re.fullmatch(r"-?\d+", text) else text


# --- Telegram HTML -------------------------------------------------------------------------------
_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "tg-emoji": "custom_emoji",
    "code": "code", "pre": "pre", "blockquote": "blockquote",
}
_TAG_START = re.compile(r"<(/?)([^\s>]*)")
_TAG_ATTR = re.compile(r"""\s+([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']*)))?""")
_TAG_END = re.compile(r"\s*>")
_CHAR_REF = re.compile(r"&(?:(lt|gt|amp|quot);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});)")
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def parse_html(text: str, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML subset -> (plain text, entities with UTF-16 offsets), or ApiError 400.

    `strict` also refuses an `&` that starts no character reference and an `<a>` without href
    (Telegram itself passes the `&` through and makes no link)."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, str]]] = []  # (tag, utf-16 offset, attributes)
    u16, i = 0, 0

    def at(k: int) -> str:
        return f"at byte offset {len(text[:k].encode())}"

    while i < len(text):
        c = text[i]
        if c == "&":
            ref = _CHAR_REF.match(text, i)
            char = None
            if ref:
                code = int(ref[2]) if ref[2] else int(ref[3], 16) if ref[3] else 0
                if ref[1]:
                    char = _NAMED_REFS[ref[1]]
                elif 0 < code < 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    char = chr(code)
            if char is None and strict:
                raise _entities_error(f"Unsupported character reference {at(i)}: escape '&' as &amp;")
            out.append(char or "&")
            u16 += _u16(char or "&")
            i = ref.end() if ref and char else i + 1
            continue
        if c != "<":
            out.append(c)
            u16 += _u16(c)
            i += 1
            continue
        m = _TAG_START.match(text, i)
        assert m is not None
        closing, name = m[1] == "/", m[2].lower()
        if closing:
            if not stack:
                raise _entities_error(f"Unexpected end tag {at(i)}")
            end = _TAG_END.match(text, m.end())
            if not end:
                raise _entities_error(f"Unclosed end tag {at(i)}")
            open_name, start, open_attrs = stack.pop()
            if name and name != open_name:
                raise _entities_error(
                    f'Unmatched end tag {at(i)}, expected "</{open_name}>", found "</{name}>"')
            if u16 > start:
                _html_entity(open_name, start, u16 - start, open_attrs, stack, entities)
            i = end.end()
            continue
        if name not in _HTML_TAGS:
            raise _entities_error(f'Unsupported start tag "{name}" {at(i)}')
        attrs: dict[str, str] = {}
        k = m.end()
        while not (end := _TAG_END.match(text, k)):
            attr = _TAG_ATTR.match(text, k)
            if not attr:
                raise _entities_error(f"Unclosed start tag {at(i)}")
            value = next((g for g in attr.groups()[1:] if g is not None), "")
            attrs[attr[1].lower()] = html.unescape(value)
            k = attr.end()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _entities_error(f'Tag "span" must have class "tg-spoiler" {at(i)}')
        if name == "a" and strict and not attrs.get("href"):
            raise _entities_error(f'Tag "a" must have attribute "href" {at(i)}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise _entities_error(f'Tag "tg-emoji" must have attribute "emoji-id" {at(i)}')
        stack.append((name, u16, attrs))
        i = end.end()
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _html_entity(name: str, offset: int, length: int, attrs: dict[str, str],
                 stack: list[tuple[str, int, dict[str, str]]], entities: list[dict[str, Any]]) -> None:
    entity: dict[str, Any] = {"type": _HTML_TAGS[name], "offset": offset, "length": length}
    if name == "code" and stack and stack[-1][0] == "pre" and attrs.get("class", "").startswith("language-"):
        stack[-1][2]["language"] = attrs["class"][len("language-"):]  # <pre><code class=...>: one pre
        return
    if name == "a":
        if not attrs.get("href"):
            return
        entity["url"] = attrs["href"]
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    elif name == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    entities.append(entity)


# --- MarkdownV2 / Markdown (approximations) ------------------------------------------------------
_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD2_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline", "spoiler": "Spoiler",
              "strikethrough": "Strikethrough", "code": "Code", "pre": "Pre",
              "text_link": "TextUrl", "custom_emoji": "CustomEmoji"}
_MD2_MARKS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """MarkdownV2 -> (plain text, entities): unescaped reserved characters outside entity
    syntax, and entities left open, are refused like Telegram does."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, int, str]] = []  # (kind, utf-16 offset, byte offset, language)
    u16, i, quote = 0, 0, -1

    def emit(s: str) -> None:
        nonlocal u16
        out.append(s)
        u16 += _u16(s)

    def close(**extra: str) -> None:
        kind, start, _, _ = stack.pop()
        if u16 > start:
            entities.append({"type": kind, "offset": start, "length": u16 - start, **extra})

    while i < len(text):
        c, top = text[i], stack[-1][0] if stack else None
        if c == "\\" and i + 1 < len(text) and 0 < ord(text[i + 1]) < 127:
            emit(text[i + 1])
            i += 2
        elif top == "code" and c == "`":
            close()
            i += 1
        elif top == "pre" and text.startswith("```", i):
            language = stack[-1][3]
            close(**({"language": language} if language else {}))
            i += 3
        elif top in ("code", "pre") or c not in _MD2_RESERVED:
            if c == "\n" and quote >= 0 and not text.startswith(">", i + 1):
                entities.append({"type": "blockquote", "offset": quote, "length": u16 - quote})
                quote = -1
            emit(c)
            i += 1
        elif top and (closing := [m for m in ("__", "||", c) if text.startswith(m, i) and _MD2_MARKS.get(m) == top]):
            close()
            i += len(closing[0])
        elif top in ("text_link", "custom_emoji") and c == "]":
            if not text.startswith("(", i + 1):
                stack.pop()  # [text] without (url): plain text, as Telegram does
                i += 1
                continue
            j, url = i + 2, []
            while j < len(text) and text[j] != ")":
                url.append(text[j + 1] if text[j] == "\\" and j + 1 < len(text) else text[j])
                j += 2 if text[j] == "\\" else 1
            if j >= len(text):
                raise _entities_error(f"Can't find end of a URL at byte offset {len(text[:i].encode())}")
            target = "".join(url)
            close(**({"url": target} if top == "text_link" else {"custom_emoji_id": target.rpartition("=")[2]}))
            i = j + 1
        else:
            byte = len(text[:i].encode())
            mark = next((m for m in ("__", "||", c) if text.startswith(m, i) and m in _MD2_MARKS), None)
            if mark:
                stack.append((_MD2_MARKS[mark], u16, byte, ""))
                i += len(mark)
            elif text.startswith("```", i):
                line_end = text.find("\n", i + 3)
                language = text[i + 3:line_end] if line_end > 0 else ""
                if language and not re.fullmatch(r"\S+", language):
                    language = ""
                stack.append(("pre", u16, byte, language))
                i = line_end + 1 if language else i + 3
            elif c == "`":
                stack.append(("code", u16, byte, ""))
                i += 1
            elif c == "[" or text.startswith("![", i):
                stack.append(("text_link" if c == "[" else "custom_emoji", u16, byte, ""))
                i += 1 if c == "[" else 2
            elif c == ">" and (i == 0 or text[i - 1] == "\n"):
                quote = u16 if quote < 0 else quote
                i += 1
            else:
                raise _entities_error(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
    if quote >= 0:
        entities.append({"type": "blockquote", "offset": quote, "length": u16 - quote})
    if stack:
        kind, _, byte, _ = stack[-1]
        raise _entities_error(f"Can't find end of {_MD2_NAMES[kind]} entity at byte offset {byte}")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1:i + 2] in ("_", "*", "`", "["):
            out.append(text[i + 1])
            i += 2
            continue
        if c not in "*_`[":
            out.append(c)
            i += 1
            continue
        marker = "```" if text.startswith("```", i) else "](" if c == "[" else c
        end = text.find(marker, i + (1 if c == "[" else len(marker)))
        url_end = text.find(")", end + 2) if c == "[" and end >= 0 else end
        if end < 0 or url_end < 0:
            raise _entities_error(f"Can't find end of the entity starting at byte offset {len(text[:i].encode())}")
        inner = text[i + (1 if c == "[" else len(marker)):end]
        kind = {"*": "bold", "_": "italic", "[": "text_link"}.get(c, "pre" if marker == "```" else "code")
        entity: dict[str, Any] = {"type": kind, "offset": _u16("".join(out)), "length": _u16(inner)}
        if c == "[":
            entity["url"] = text[end + 2:url_end]
        if inner:
            entities.append(entity)
        out.append(inner)
        i = url_end + 1 if c == "[" else end + len(marker)
    return "".join(out), entities


# --- entities Telegram adds to incoming messages -------------------------------------------------
_AUTO_ENTITIES = (
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}\b")),
    ("url", re.compile(r"https?://[^\s<>\"]*[^\s<>\".,!?;:)]")),
)


def detect_entities(text: str) -> list[dict[str, Any]]:
    found = [{"type": kind, "offset": _u16(text[:m.start()]), "length": _u16(m[0])}
             for kind, regex in _AUTO_ENTITIES for m in regex.finditer(text)]
    return sorted(found, key=lambda e: e["offset"])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    api: FakeBotAPI
    connections: set[socket.socket]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.api._cond:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.api._cond:
            self.server.connections.discard(self.connection)
        super().finish()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        while self.rfile.readline().strip():  # trailers
            pass
        return b"".join(chunks)

    def _client_gone(self) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _serve(self) -> None:
        body = self._read_body()
        self.server.api._local.client_gone = self._client_gone
        status, payload = self.server.api._dispatch(self.path, self.headers.get("Content-Type", ""), body)
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (e.g. PTB cancelling a long poll on stop)
            self.close_connection = True

    do_GET = do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeBotAPI:
    """The fake server; see the module docstring. Thread-safe; start() before base_url."""

    def __init__(self, token: str = "123:ABC", bot_id: int = 123, username: str = "mmc_test_bot", *,
                 first_name: str = "MMC Test Bot", max_poll_wait: float = 1.0, strict_html: bool = True):
        self.token, self.bot_id, self.username, self.first_name = token, bot_id, username, first_name
        self.max_poll_wait, self.strict_html = max_poll_wait, strict_html
        self.blocked_chats: set[int | str] = set()
        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self._local = threading.local()
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._pending: list[dict[str, Any]] = []
        self._confirmed: dict[int, dict[str, Any]] = {}
        self._redelivered: list[dict[str, Any]] = []
        self._next_update_id, self._poll_generation, self._stopping = 1, 0, False
        self._allowed_updates: list[str] | None = None
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._last_message_id: dict[int | str, int] = {}
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._callback_ids: set[str] = set()
        self._callback_counter = itertools.count(4_270_000_000_000_000_001)
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | str, dict[str, Any]] = {}
        self._floods: dict[str, list[int]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": lambda p: self.bot_user(full=True), "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook, "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info, "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text, "answerCallbackQuery": self._answer_callback,
            "sendChatAction": self._send_chat_action, "setMyCommands": self._set_commands,
            "getMyCommands": self._get_commands, "deleteMyCommands": self._delete_commands,
            "setChatMenuButton": self._set_menu_button, "getChatMenuButton": self._get_menu_button,
        }
        self._methods = {name.lower(): (name, fn) for name, fn in methods.items()}

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeBotAPI:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.api, server.connections = self, set()
        self._server, self._stopping = server, False
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="FakeBotAPI", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._server.shutdown()
        with self._cond:
            connections = list(self._server.connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- recorded calls --------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of the sendMessage calls that were accepted, optionally for one chat."""
        return [c.params for c in self.calls_to("sendMessage")
                if c.ok and (chat_id is None or _chat_key(c.params.get("chat_id")) == _chat_key(chat_id))]

    def _matching(self, method: str, predicate: Callable[[Call], bool] | None) -> list[Call]:
        return [c for c in self.calls_to(method) if predicate is None or predicate(c)]

    def _timeout_error(self, method: str, count: int, timeout: float, found: int) -> AssertionError:
        seen = "\n  ".join(f"{c.method} -> {c.status} {json.dumps(c.params, default=str)[:300]}"
                           for c in self.calls) or "(none)"
        return AssertionError(f"waited {timeout}s for {count} {method} call(s), got {found}; recorded:\n  {seen}")

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0,
                 predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        """Block until `count` calls of `method` (matching `predicate`) are recorded; return them.
        Blocking would freeze an in-process bot, so inside an event loop use wait_for_async."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("wait_for would block the event loop: use `await fake.wait_for_async(...)`")
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(found := self._matching(method, predicate)) < count:
                if (left := deadline - time.monotonic()) <= 0:
                    raise self._timeout_error(method, count, timeout, len(found))
                self._cond.wait(left)
            return found

    async def wait_for_async(self, method: str, count: int = 1, timeout: float = 10.0,
                             predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        deadline = time.monotonic() + timeout
        while len(found := self._matching(method, predicate)) < count:
            if time.monotonic() >= deadline:
                raise self._timeout_error(method, count, timeout, len(found))
            await asyncio.sleep(0.01)
        return found

    def reset(self) -> None:
        """Forget the recorded calls and pending flood_once rules (updates and chats stay)."""
        with self._cond:
            self._calls.clear()
            self._floods.clear()

    def flood_once(self, method: str, retry_after: int = 1) -> None:
        """The next call of `method` is answered 429 with parameters.retry_after."""
        with self._cond:
            self._floods.setdefault(method.lower(), []).append(retry_after)

    # --- updates ---------------------------------------------------------------------------------
    def push_update(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = int(update.get("update_id") or self._next_update_id)
            self._next_update_id = max(self._next_update_id, update_id + 1)
            update = {**update, "update_id": update_id}
            self._remember(update)
            self._pending = sorted([*self._pending, update], key=lambda u: u["update_id"])
            self._cond.notify_all()
            return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an update the bot already confirmed once more, whatever the next getUpdates'
        offset (Telegram's delivery is at-least-once): for de-duplication tests."""
        with self._cond:
            if update_id not in self._confirmed:
                raise KeyError(f"update {update_id} was not confirmed yet")
            self._redelivered.append(self._confirmed[update_id])
            self._cond.notify_all()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._pending)

    def bot_user(self, full: bool = False) -> dict[str, Any]:
        user = {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}
        if full:
            user |= {"can_join_groups": True, "can_read_all_group_messages": False,
                     "supports_inline_queries": False, "can_connect_to_business": False,
                     "has_main_web_app": False}
        return user

    @staticmethod
    def _user(user_id: int, first_name: str, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        return user | ({"language_code": language_code} if language_code else {})

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any], **fields: Any) -> dict[str, Any]:
        with self._cond:
            key = _chat_key(chat["id"])
            self._chats.setdefault(key, chat)
            self._last_message_id[key] = message_id = self._last_message_id.get(key, 0) + 1
        message = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
        return message | {k: v for k, v in fields.items() if v is not None}

    def _chat(self, chat_id: int | str, first_name: str = "Ada", title: str = "City officials") -> dict[str, Any]:
        """The chat Telegram would report: known from an update, else guessed from the id's shape."""
        key = _chat_key(chat_id)
        if key in self._chats:
            return self._chats[key]
        if isinstance(key, str):  # "@channelusername"
            self._chats[key] = {"id": -1009000000000 - len(self._chats), "type": "channel", "title": key[1:],
                                "username": key[1:]}
            return self._chats[key]
        if key > 0:
            return {"id": key, "type": "private", "first_name": first_name}
        return {"id": key, "type": "supergroup" if str(key).startswith("-100") else "group", "title": title}

    @staticmethod
    def _with_update_id(update: dict[str, Any], update_id: int | None) -> dict[str, Any]:
        return ({"update_id": update_id} if update_id is not None else {}) | update

    def private_message(self, user_id: int, text: str, first_name: str = "Ada", language_code: str | None = "en",
                        chat_id: int | None = None, update_id: int | None = None, **extra: Any) -> dict[str, Any]:
        """An update with a private-chat text message (commands/mentions/URLs get entities)."""
        sender = self._user(user_id, first_name, language_code)
        message = self._new_message(self._chat(chat_id or user_id, first_name), sender, text=text,
                                    entities=detect_entities(text) or None, **extra)
        return self._with_update_id({"message": message}, update_id)

    def group_message(self, chat_id: int, user_id: int, text: str, entities: list[dict[str, Any]] | None = None,
                      reply_to_bot: bool = False, first_name: str = "Ada", language_code: str | None = "en",
                      title: str = "City officials", update_id: int | None = None, **extra: Any) -> dict[str, Any]:
        """An update with a group message (supergroup when chat_id starts with -100); with
        reply_to_bot it replies to the bot's last message in that chat."""
        chat = self._chat(chat_id, title=title)
        reply_to = None
        if reply_to_bot:
            with self._cond:
                mine = [m for (c, _), m in self._messages.items() if c == _chat_key(chat_id)
                        and m["from"]["id"] == self.bot_id]
            reply_to = mine[-1] if mine else self._new_message(chat, self.bot_user(), text="How can I help?")
        message = self._new_message(chat, self._user(user_id, first_name, language_code), text=text,
                                    entities=entities if entities is not None else detect_entities(text) or None,
                                    reply_to_message=reply_to, **extra)
        return self._with_update_id({"message": message}, update_id)

    def photo_message(self, user_id: int, caption: str | None = None, chat_id: int | None = None,
                      first_name: str = "Ada", language_code: str | None = "en",
                      update_id: int | None = None, **extra: Any) -> dict[str, Any]:
        chat = self._chat(chat_id or user_id, first_name)
        sizes = [{"file_id": f"AgACAgQAAxkBAAI{w}{user_id}", "file_unique_id": f"AQAD{w}{user_id}",
                  "width": w, "height": w * 3 // 4, "file_size": w * 60} for w in (90, 320, 1280)]
        message = self._new_message(chat, self._user(user_id, first_name, language_code), photo=sizes, caption=caption,
                                    caption_entities=detect_entities(caption or "") or None, **extra)
        return self._with_update_id({"message": message}, update_id)

    def edited_message(self, original: dict[str, Any], text: str, update_id: int | None = None) -> dict[str, Any]:
        """An edited_message update for a message (or an update holding one) the user sent."""
        message = dict(original.get("message", original))
        message.pop("entities", None)
        message |= {"text": text, "edit_date": int(time.time())}
        if entities := detect_entities(text):
            message["entities"] = entities
        return self._with_update_id({"edited_message": message}, update_id)

    def callback_query(self, user_id: int, data: str, message: dict[str, Any] | None = None,
                       chat_id: int | None = None, first_name: str = "Ada", language_code: str | None = "en",
                       update_id: int | None = None) -> dict[str, Any]:
        """A button press on `message` (default: the bot's last message in chat_id or the
        user's private chat); its id is valid for one answerCallbackQuery."""
        with self._cond:
            if message is None:
                key = _chat_key(chat_id or user_id)
                mine = [m for (c, _), m in self._messages.items() if c == key and m["from"]["id"] == self.bot_id]
                if not mine:
                    raise ValueError(f"the bot has sent no message to chat {key} to press a button on")
                message = mine[-1]
            query_id = str(next(self._callback_counter))
            self._callback_ids.add(query_id)
        query = {"id": query_id, "from": self._user(user_id, first_name, language_code), "message": message,
                 "chat_instance": str(abs(message["chat"]["id"]) * 7919 % 10**19), "data": data}
        return self._with_update_id({"callback_query": query}, update_id)

    def _remember(self, update: dict[str, Any]) -> None:
        query = update.get("callback_query") or {}
        replied = (update.get("message") or {}).get("reply_to_message")
        for message in (replied, update.get("message"), update.get("edited_message"), query.get("message")):
            if message and "chat" in message:
                key = _chat_key(message["chat"]["id"])
                self._chats.setdefault(key, message["chat"])
                self._messages[(key, message["message_id"])] = message
                self._last_message_id[key] = max(self._last_message_id.get(key, 0), message["message_id"])

    # --- HTTP ------------------------------------------------------------------------------------
    def _dispatch(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(path)
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", parts.path)
        method = match[2] if match else parts.path
        params: dict[str, Any] = {}
        flooded, result, at = False, None, time.time()
        try:
            if not match:
                raise ApiError(404, "Not Found")
            if match[1] != self.token:
                raise ApiError(401, "Unauthorized")
            if match[2].lower() not in self._methods:
                with contextlib.suppress(ApiError):
                    self._decode(parts.query, content_type, body, params)  # recorded, for debugging
                raise ApiError(404, "Not Found")
            method, handler = self._methods[match[2].lower()]
            self._decode(parts.query, content_type, body, params)
            with self._cond:
                if retry := self._floods.get(method.lower()):
                    flooded, after = True, retry.pop(0)
                    raise ApiError(429, f"Too Many Requests: retry after {after}", {"retry_after": after})
            result = handler(params)
            description = None
            if isinstance(result, tuple):
                result, description = result
            payload: dict[str, Any] = {"ok": True, "result": result}
            status, error = 200, None
            if description:
                payload["description"] = description
        except ApiError as exc:
            status, error = exc.code, exc.description
            payload = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                payload["parameters"] = exc.parameters
        with self._cond:
            self._calls.append(Call(method, params, at, status, flooded, result, error))
            self._cond.notify_all()
        return status, payload

    @staticmethod
    def _decode(query: str, content_type: str, body: bytes, params: dict[str, Any]) -> None:
        """Fill `params`; a field that is not valid JSON stays a string and fails the call."""
        raw: list[tuple[str, Any]] = parse_qsl(query, keep_blank_values=True)
        kind = content_type.split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            raw += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        elif kind == "multipart/form-data":
            head = f"Content-Type: {content_type}\r\n\r\n".encode()
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True)
                data = data if isinstance(data, bytes) else b""
                if filename := part.get_filename():
                    raw.append((str(name), UploadedFile(filename, part.get_content_type(), data)))
                else:
                    raw.append((str(name), data.decode("utf-8")))
        elif kind == "application/json" and body:
            try:
                raw += list(json.loads(body).items())
            except (ValueError, AttributeError):
                raise _bad("can't parse JSON request body") from None
        error = None
        for name, value in raw:
            if isinstance(value, str) and name in JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if name == "reply_markup" else name
                    error = error or _bad(f"can't parse {what} JSON object")
            elif isinstance(value, str) and name not in TEXT_FIELDS:
                if re.fullmatch(r"-?\d+", value):
                    value = int(value)
                elif value in ("true", "false"):
                    value = value == "true"
            params[name] = value
        if error:
            raise error

    # --- methods ---------------------------------------------------------------------------------
    def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        with self._cond:
            if self.webhook_url:
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                    "use deleteWebhook to delete the webhook first")
            if "allowed_updates" in p:
                self._allowed_updates = p["allowed_updates"] or None
            offset = p.get("offset")
            if isinstance(offset, int) and offset != 0:
                keep = (self._pending[offset:] if offset < 0 else
                        [u for u in self._pending if u["update_id"] >= offset])
                self._confirm([u for u in self._pending if u not in keep])
            limit = min(max(int(p.get("limit") or 100), 1), 100)
            self._poll_generation += 1
            generation = self._poll_generation
            deadline = time.monotonic() + min(float(p.get("timeout") or 0), self.max_poll_wait)
            client_gone = getattr(self._local, "client_gone", lambda: False)
            while True:
                if client_gone():  # PTB cancelled this poll (e.g. on stop): don't answer it a conflict
                    return []
                if generation != self._poll_generation:
                    raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                        "make sure that only one bot instance is running")
                self._confirm([u for u in self._pending if not self._wanted(u)])
                left = deadline - time.monotonic()
                if self._pending or self._redelivered or self._stopping or left <= 0:
                    again, self._redelivered = self._redelivered[:limit], self._redelivered[limit:]
                    return again + self._pending[:limit - len(again)]
                self._cond.wait(min(left, 0.05))

    def _wanted(self, update: dict[str, Any]) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        allowed = self._allowed_updates
        return kind in allowed if allowed else kind not in DEFAULT_UPDATE_TYPES_EXCLUDED

    def _confirm(self, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            self._confirmed[update["update_id"]] = update
        self._pending = [u for u in self._pending if u["update_id"] not in self._confirmed]

    def _set_webhook(self, p: dict[str, Any]) -> tuple[bool, str]:
        url = str(p.get("url") or "")
        if not url:
            return self._delete_webhook(p)
        if not url.lower().startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if (urlsplit(url).port or 443) not in (80, 88, 443, 8443):
            raise _bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = p.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
            raise _bad("secret token contains unallowed characters")
        with self._cond:
            if p.get("drop_pending_updates"):
                self._confirm(list(self._pending))
            self.webhook_url, self.webhook_secret = url, secret
            self._poll_generation += 1  # a running long poll ends with a conflict
            self._cond.notify_all()
        return True, "Webhook was set"

    def _delete_webhook(self, p: dict[str, Any]) -> tuple[bool, str]:
        with self._cond:
            if p.get("drop_pending_updates"):
                self._confirm(list(self._pending))
            was_set, self.webhook_url, self.webhook_secret = bool(self.webhook_url), "", None
        return True, "Webhook was deleted" if was_set else "Webhook is already deleted"

    def _webhook_info(self, p: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            info: dict[str, Any] = {"url": self.webhook_url, "has_custom_certificate": False,
                                    "pending_update_count": len(self._pending)}
            if self.webhook_url:
                info["max_connections"] = 40
            return info

    def _check_chat(self, p: dict[str, Any]) -> int | str:
        if p.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        key = _chat_key(p["chat_id"])
        if key in {_chat_key(c) for c in self.blocked_chats}:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return key

    def _render(self, p: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        text, mode = p.get("text"), str(p.get("parse_mode") or "").lower()
        if not isinstance(text, str) or not text.strip():
            raise _bad("message text is empty")
        if mode == "html":
            plain, entities = parse_html(text, self.strict_html)
        elif mode == "markdownv2":
            plain, entities = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, entities = parse_markdown(text)
        elif mode:
            raise _bad("unsupported parse_mode")
        else:
            plain, entities = text, list(p.get("entities") or [])
        if not plain.strip():
            raise _bad("message text is empty")
        if len(plain) > 4096:
            raise _bad("message is too long")
        return plain, entities

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards and removals are not echoed in the Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
        for button in itertools.chain.from_iterable(rows):
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise _bad("can't parse inline keyboard button: Field \"text\" must be of type String")
            if len(button) == 1:
                raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= 64:
                raise _bad("BUTTON_DATA_INVALID")
        return markup

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        key = self._check_chat(p)
        markup = self._check_markup(p.get("reply_markup"))
        text, entities = self._render(p)
        reply = p.get("reply_parameters") or ({"message_id": p["reply_to_message_id"]}
                                              if p.get("reply_to_message_id") else None)
        with self._cond:
            chat = self._chat(key)
            replied = None
            if reply:
                replied = self._messages.get((_chat_key(reply.get("chat_id", key)), int(reply["message_id"])))
                if replied is None and not (reply.get("allow_sending_without_reply")
                                            or p.get("allow_sending_without_reply")):
                    raise _bad("message to be replied not found")
            message = self._new_message(chat, self.bot_user(), reply_to_message=replied, text=text,
                                        entities=entities or None, reply_markup=markup)
            self._messages[(key, message["message_id"])] = message
            return message

    def _edit_message_text(self, p: dict[str, Any]) -> dict[str, Any] | bool:
        markup = self._check_markup(p.get("reply_markup"))
        text, entities = self._render(p)
        if p.get("inline_message_id"):
            return True
        if p.get("chat_id") in (None, "") or not p.get("message_id"):
            raise _bad("message identifier is not specified")
        with self._cond:
            old = self._messages.get((_chat_key(p["chat_id"]), int(p["message_id"])))
            if old is None:
                raise _bad("message to edit not found")
            if old["from"]["id"] != self.bot_id:
                raise _bad("message can't be edited")
            if (old.get("text"), old.get("entities") or [], old.get("reply_markup")) == (text, entities, markup):
                raise _bad("message is not modified: specified new message content and reply markup are "
                           "exactly the same as a current content and reply markup of the message")
            new = {k: v for k, v in old.items() if k not in ("entities", "reply_markup")}
            new |= {"text": text, "edit_date": int(time.time())}
            new |= ({"entities": entities} if entities else {}) | ({"reply_markup": markup} if markup else {})
            self._messages[(_chat_key(p["chat_id"]), int(p["message_id"]))] = new
            return new

    def _answer_callback(self, p: dict[str, Any]) -> bool:
        with self._cond:
            if str(p.get("callback_query_id")) not in self._callback_ids:
                raise _bad("query is too old and response timeout expired or query ID is invalid")
            self._callback_ids.discard(str(p["callback_query_id"]))
        return True

    def _send_chat_action(self, p: dict[str, Any]) -> bool:
        self._check_chat(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    @staticmethod
    def _commands_key(p: dict[str, Any]) -> tuple[str, str]:
        return json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True), str(p.get("language_code") or "")

    def _set_commands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
        with self._cond:
            self._commands[self._commands_key(p)] = commands
        return True

    def _get_commands(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        with self._cond:
            return self._commands.get(self._commands_key(p), [])

    def _delete_commands(self, p: dict[str, Any]) -> bool:
        with self._cond:
            self._commands.pop(self._commands_key(p), None)
        return True

    def _set_menu_button(self, p: dict[str, Any]) -> bool:
        with self._cond:
            self._menu_buttons[_chat_key(p.get("chat_id", ""))] = p.get("menu_button") or {"type": "default"}
        return True

    def _get_menu_button(self, p: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            return self._menu_buttons.get(_chat_key(p.get("chat_id", "")), {"type": "default"})
