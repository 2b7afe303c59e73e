"""The console chat: the same core the Slack and Telegram adapters use, on a terminal.

Type a question; after an answer type ``+`` (helpful) or ``-`` (not helpful, ask the team).
Staff answers relayed by the outbox are printed here as they arrive.
"""

from __future__ import annotations

import getpass
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from bot.messages import ActionEvent, ActionKind, Message, Reply, Requester

PLATFORM = "console"


def render(reply: Reply) -> str:
    lines = list(reply.blocks)
    if reply.actions:
        labels = {ActionKind.HELPFUL: "+", ActionKind.NOT_HELPFUL: "-", ActionKind.ASK_TEAM: "?"}
        lines.append("   ".join(f"[{labels[a.kind]}] {a.label}" for a in reply.actions))
    return "\n\n".join(lines)


class ConsoleAdapter:
    platform = PLATFORM

    def __init__(self, handle: Callable[[Message], Reply], handle_action: Callable[[ActionEvent], Reply],
                 stdin: TextIO | None = None, stdout: TextIO | None = None, user: str | None = None) -> None:
        self._handle = handle
        self._handle_action = handle_action
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout
        self.user = user or _login()
        self._print_lock = threading.Lock()
        self._running = False
        self._last: Reply | None = None

    @property
    def requester(self) -> Requester:
        return Requester(PLATFORM, self.user, PLATFORM, self.user)

    def start(self) -> None:
        """Read questions until end of input or ``/quit``."""
        self._running = True
        self._write("Ask a question (/help for help, /quit to leave).")
        while self._running:
            try:
                self._write_prompt()
                line = self._in.readline()
            except KeyboardInterrupt:
                break
            if not line:
                break
            text = line.rstrip("\n")
            if text.strip() in {"/quit", "/exit"}:
                break
            reply = self._dispatch(text)
            if reply is not None:
                self._last = reply
                self._write(render(reply))
        self._running = False

    def stop(self) -> None:
        self._running = False

    def deliver(self, requester: Requester, text: str) -> None:
        self._write(f"\n[{requester.display_name or requester.user_id}] {text}")

    def _dispatch(self, text: str) -> Reply | None:
        stripped = text.strip()
        if stripped in {"+", "-"} and self._last is not None and self._last.actions:
            kind = ActionKind.HELPFUL if stripped == "+" else ActionKind.NOT_HELPFUL
            action = next((a for a in self._last.actions if a.kind == kind), None)
            if action is not None:
                self._last = None
                return self._handle_action(ActionEvent(kind, action.value, self.requester))
        return self._handle(Message(platform=PLATFORM, user_id=self.user, chat_id=PLATFORM,
                                    display_name=self.user, text=text))

    def _write_prompt(self) -> None:
        with self._print_lock:
            self._out.write("\n> ")
            self._out.flush()

    def _write(self, text: str) -> None:
        with self._print_lock:
            self._out.write(text + "\n")
            self._out.flush()


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "console-user"
