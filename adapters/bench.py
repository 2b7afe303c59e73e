"""Platform load figures for ``mmc-bot bench``: the real HTTP path, Bolt and the database, measured.

The bot runs as ``serve`` runs it (:class:`adapters.server.Server`), against a throwaway copy of the
database, and talks to the fake Slack Web API of the test suite (``tests/fakes``), so these figures
need a checkout. Signed events are sent by 20 concurrent senders; each answer's ``chat.postMessage``
is timed where the fake receives it.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
from pydantic import SecretStr
from sqlalchemy import select

from bot.runtime import Runtime, build
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from knowledge.models import ChunkVector

if TYPE_CHECKING:
    from adapters.server import Server

EVENTS = 100
SENDERS = 20
UNLOADED = 30


def fake_module(name: str) -> ModuleType:
    """``tests/fakes/<name>.py`` of the checkout: the platform figures use the test suite's fake servers."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    try:
        return importlib.import_module(f"tests.fakes.{name}")
    except ImportError as exc:  # an installed package without the test suite
        raise RuntimeError(f"the platform figures need a checkout with tests/fakes ({exc})") from exc


def throwaway_runtime(runtime: Runtime, directory: Path) -> Runtime:
    """The same library and model on a fresh SQLite database: the bench writes no interactions anywhere real."""
    data = directory / "data"
    data.mkdir()
    if runtime.library.directory.exists():
        shutil.copytree(runtime.settings.index_dir, data / "index")
    engine = make_engine(f"sqlite:///{data / 'mmc.db'}")
    upgrade(engine)
    with runtime.sessions() as src, session_factory(engine)() as dst:
        dst.add_all(ChunkVector(text_hash=v.text_hash, embedder=v.embedder, vector=v.vector)
                    for v in src.scalars(select(ChunkVector)))
        dst.commit()
    engine.dispose()
    settings = runtime.settings.model_copy(update={"data_dir": data, "database_url": None,
                                                   "staff_answers_dir": directory / "staff-answers"})
    copy = build(settings, embedder=runtime.library.embedder)
    copy.sync()
    copy.ensure_rule()
    return copy


@contextmanager
def served(settings: Settings, runtime: Runtime) -> Iterator[Server]:
    """``serve`` (its HTTP server, adapters and dispatcher) on its own event loop in a thread, while in the block."""
    from adapters.server import Server

    server = Server(settings, runtime=runtime)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    async def main() -> None:
        started = asyncio.Event()
        task = asyncio.create_task(server.run(started))
        await started.wait()
        ready.set()
        await task

    thread = threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True)
    thread.start()
    try:
        if not ready.wait(120):
            raise RuntimeError("serve did not start for the bench")
        yield server
    finally:
        loop.call_soon_threadsafe(server.request_stop)
        thread.join(60)


def _ms(values: list[float], q: float) -> float:
    return round(float(np.percentile(np.array(values) * 1000, q)), 1)


def slack_load(runtime: Runtime, questions: list[str]) -> dict:
    FakeSlackWebAPI, ev = fake_module("slack").FakeSlackWebAPI, fake_module("slack_events")
    texts = [questions[i % len(questions)] for i in range(EVENTS)]
    with tempfile.TemporaryDirectory(prefix="mmc-bench-slack-") as tmp, FakeSlackWebAPI() as api:
        copy = throwaway_runtime(runtime, Path(tmp))
        settings = copy.settings.model_copy(update={
            "slack_bot_token": SecretStr("xoxb-bench"), "slack_signing_secret": SecretStr(ev.SECRET),
            "slack_api_url": api.url, "http_host": "127.0.0.1", "http_port": 0})
        with served(settings, copy) as server:
            url = f"http://127.0.0.1:{server.port}"
            # Warm up: every sender's users.info, and the model's first calls.
            for s in range(SENDERS):
                ev.event(url, ev.dm(f"U-bench-{s}", texts[s], channel=f"D-warm-{s}"))
            api.wait_for("chat.postMessage", count=SENDERS, timeout=120)
            unloaded = _one_sender(api, ev, url, texts[:UNLOADED])
            loaded = _senders(api, ev, url, texts)
        copy.engine.dispose()
    embed = _embedder(runtime, texts)
    return {
        "slack_events": EVENTS, "slack_senders": SENDERS, **loaded,
        "slack_unloaded_event_to_answer_p50_ms": unloaded,
        "embed_query_p50_ms": embed["p50_ms"], "embed_queries_per_s": embed["qps"],
        "slack_throughput_vs_embedder": round(loaded["slack_answers_per_s"] / embed["qps"], 2),
        "slack_unloaded_answer_vs_embedding": round(unloaded / embed["p50_ms"], 2),
    }


def _one_sender(api, ev, url: str, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    """Event to answer with nothing else going on: what the HTTP path, Bolt and the database add."""
    latency = []
    for i, text in enumerate(texts):
        channel = f"D-one-{i}"
        sent = time.time()
        ev.event(url, ev.dm("U-bench-0", text, channel=channel))
        [call] = api.wait_for("chat.postMessage", timeout=60, predicate=lambda c, ch=channel: c.params.get("channel") == ch)
        latency.append(call.at - sent)
    return _ms(latency, 50)


def _senders(api, ev, url: str, texts: list[str]) -> dict:  # type: ignore[no-untyped-def]
    """100 events from 20 concurrent senders: acknowledgements, event-to-answer times, answers per second."""
    sent_at: dict[str, float] = {}
    acks: list[float] = []

    def send(i: int) -> None:
        channel = f"D-bench-{i}"
        sent_at[channel] = time.time()
        acks.append(ev.event(url, ev.dm(f"U-bench-{i % SENDERS}", texts[i], channel=channel)).seconds)

    started = time.time()
    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(send, range(len(texts))))
    answers = api.wait_for("chat.postMessage", count=len(texts), timeout=300,
                           predicate=lambda c: str(c.params.get("channel", "")).startswith("D-bench-"))
    latency = [c.at - sent_at[c.params["channel"]] for c in answers]
    return {"slack_ack_p50_ms": _ms(acks, 50), "slack_ack_p99_ms": _ms(acks, 99), "slack_ack_max_ms": _ms(acks, 100),
            "slack_event_to_answer_p50_ms": _ms(latency, 50), "slack_event_to_answer_p99_ms": _ms(latency, 99),
            "slack_answers_received_of_sent": f"{len({c.params['channel'] for c in answers})}/{len(texts)}",
            "slack_answers_per_s": round(len(texts) / (max(c.at for c in answers) - started), 1)}


def _embedder(runtime: Runtime, texts: list[str]) -> dict:
    """The bare query embedding on the same questions, one at a time as the bot embeds them: its latency
    alone, and its throughput at its best (one thread, or as many as the core's pool has)."""
    from adapters.workers import CORE_THREADS

    embedder = runtime.library.embedder
    for text in texts[:5]:
        embedder.encode_queries([text])
    times = []
    t0 = time.perf_counter()
    for text in texts:
        t = time.perf_counter()
        embedder.encode_queries([text])
        times.append(time.perf_counter() - t)
    sequential = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(CORE_THREADS) as pool:
        list(pool.map(lambda text: embedder.encode_queries([text]), texts))
    parallel = len(texts) / (time.perf_counter() - t0)
    return {"qps": round(max(sequential, parallel), 1), "p50_ms": _ms(times, 50)}
