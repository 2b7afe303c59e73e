"""The Telegram figure for ``mmc-bot bench``: the real polling path, measured against the fake Bot API.

The bot runs as ``serve`` runs it (:class:`adapters.server.Server`) on a throwaway copy of the
database, and long-polls the fake Bot API of the test suite (``tests/fakes/telegram.py``), so the
figures need a checkout. 100 private messages from 20 users are queued at once; each answer's
``sendMessage`` is timed where the fake receives it. Answers in one chat are not tied to their
question, so the k-th answer in a chat is paired with the k-th question queued there (queued within
milliseconds of each other, so the pairing moves no figure).
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path

from pydantic import SecretStr

from adapters.bench import _embedder, _ms, served, fake_module, throwaway_runtime
from bot.runtime import Runtime

UPDATES = 100
USERS = 20
FIRST_USER = 910_000


def telegram_load(runtime: Runtime, questions: list[str]) -> dict:
    FakeBotAPI = fake_module("telegram").FakeBotAPI
    texts = [questions[i % len(questions)] for i in range(UPDATES)]
    with tempfile.TemporaryDirectory(prefix="mmc-bench-telegram-") as tmp, FakeBotAPI() as fake:
        copy = throwaway_runtime(runtime, Path(tmp))
        settings = copy.settings.model_copy(update={
            "telegram_bot_token": SecretStr(fake.token), "telegram_api_url": fake.base_url,
            "telegram_webhook_url": None, "telegram_staff_chat": None, "slack_bot_token": None,
            "slack_app_token": None, "http_host": "127.0.0.1", "http_port": 0})
        try:
            with served(settings, copy):
                # Warm up: the model's first calls, one message per user.
                for user in range(USERS):
                    fake.push_update(fake.private_message(FIRST_USER + user, texts[user]))
                fake.wait_for("sendMessage", count=USERS, timeout=120)
                figures = _load(fake, texts)
        finally:
            copy.engine.dispose()
    embed = _embedder(runtime, texts)
    return {"telegram_updates": UPDATES, "telegram_users": USERS, **figures,
            "telegram_throughput_vs_embedder": round(figures["telegram_answers_per_s"] / embed["qps"], 2)}


def _load(fake, texts: list[str]) -> dict:  # type: ignore[no-untyped-def]
    before = len(fake.calls_to("sendMessage"))
    queued: dict[int, list[float]] = defaultdict(list)
    started = time.time()
    for i, text in enumerate(texts):
        user = FIRST_USER + i % USERS
        queued[user].append(time.time())
        fake.push_update(fake.private_message(user, text))
    calls = fake.wait_for("sendMessage", count=before + len(texts), timeout=300)[before:]
    answered: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        answered[int(call.params["chat_id"])].append(call.at)
    latency = [at - queued[user][k] for user, times in answered.items() for k, at in enumerate(sorted(times))
               if k < len(queued[user])]
    ok = sum(1 for c in calls if c.ok)
    return {"telegram_update_to_answer_p50_ms": _ms(latency, 50),
            "telegram_update_to_answer_p99_ms": _ms(latency, 99),
            "telegram_answers_received_of_sent": f"{ok}/{len(texts)}",
            "telegram_answers_per_s": round(len(texts) / (max(c.at for c in calls) - started), 1)}
