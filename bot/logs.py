"""Logging set-up: one JSON object per line (or plain text), never a secret, message text only on request.

Officials' messages are personal data and tokens are keys to the council's workspaces, so both
are kept out of the logs at the handler: whatever logger a library writes to, its record passes
through :class:`Redact` before it is formatted.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from pydantic import SecretStr
from pythonjsonlogger.json import JsonFormatter

from bot.settings import Settings
from bot.telemetry import TurnRecord

QUIET_LIBRARIES = ("httpx", "httpcore", "sentence_transformers", "transformers", "faiss", "alembic", "bm25s",
                   "urllib3", "aiohttp.access", "telegram.ext.Updater", "slack_bolt", "slack_sdk")
REDACTED = "[redacted]"
MIN_SECRET = 6   # a shorter "secret" (a test value like "x") would blank out ordinary words


def secrets_of(settings: Settings) -> list[str]:
    values = [getattr(settings, name) for name in type(settings).model_fields]
    return [v.get_secret_value() for v in values if isinstance(v, SecretStr) and len(v.get_secret_value()) >= MIN_SECRET]


class Redact(logging.Filter):
    """Replaces every configured secret in a record's message and traceback with ``[redacted]``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted(set(secrets), key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = self._clean(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # Formatters print exc_text when exc_info is gone; left in place, a JSON formatter would
            # format the traceback again, secrets included.
            record.exc_text, record.exc_info = self._clean(record.exc_text), None
        record.msg, record.args = message, None
        return True

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def setup_logging(settings: Settings, quiet: bool = False, stream: TextIO | None = None) -> logging.Handler:
    """Configure the root logger once per process; returns the handler (tests read what it writes)."""
    level = logging.WARNING if quiet else getattr(logging, settings.log_level.upper(), logging.INFO)
    handler = logging.StreamHandler(stream or sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}", style="{",
                                           rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                                           json_ensure_ascii=False))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redact(secrets_of(settings)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in QUIET_LIBRARIES:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return handler


class TurnLog:
    """One log line per question: enough to follow a request and tune the bot, no personal data by default."""

    def __init__(self, with_text: bool = False, inline: bool = False) -> None:
        """``inline``: the fields also go into the message, for the plain-text format that drops extras."""
        self.with_text = with_text
        self.inline = inline
        self.log = logging.getLogger("mmc.questions")

    def observe(self, record: TurnRecord) -> None:
        fields = {"request_id": record.request_id, "platform": record.platform, "language": record.language,
                  "decision": record.decision, "latency_ms": round(record.seconds * 1000, 1),
                  "top_score": None if record.top_score is None else round(record.top_score, 4)}
        if record.ticket is not None:
            fields["ticket"] = record.ticket
        if self.with_text:
            fields["text"] = record.text
        message = "question " + " ".join(f"{k}={v}" for k, v in fields.items()) if self.inline else "question"
        self.log.info(message, extra=fields)
