"""``mmc-bot serve``: one asyncio process, one HTTP server, every configured adapter.

The HTTP server starts first, so ``/healthz`` answers (503 "starting") while the model and the index
load; then the runtime is built in a worker thread, the adapters start, and the outbox dispatcher and
the knowledge watcher run in their own threads. SIGTERM or SIGINT stops it in order: adapters stop
taking requests, questions in flight finish (up to ``MMC_SHUTDOWN_SECONDS``), outbox leases are given
back so another replica sends those rows at once, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from dataclasses import dataclass, field
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import web
from sqlalchemy import text

from bot.conversations import Conversations
from bot.dedup import InboundLog
from bot.logs import TurnLog
from bot.metrics import CONTENT_TYPE, Metrics
from bot.privacy import purge_daily
from bot.queue.board import StaffBoard, StaffNotices
from bot.runtime import Runtime, build
from bot.settings import Settings
from bot.storage.db import warm_pool

log = logging.getLogger(__name__)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PLATFORM_PATHS = ("/slack/events", "/telegram/webhook")


class ServedAdapter(Protocol):
    """What ``serve`` needs of a platform adapter beyond the core's :class:`bot.channel.Adapter`."""

    platform: str
    inflight: Any

    def routes(self) -> dict[str, Handler]:
        """POST paths this adapter serves on the one HTTP server (none in Socket Mode or polling)."""
    async def start(self) -> None: ...
    async def stop_receiving(self) -> None: ...
    async def close(self) -> None: ...


def enabling_settings(settings: Settings) -> list[str]:
    """One line per platform: is it on, and which settings turn it on."""
    slack = ("on (Socket Mode)" if settings.slack_app_token else "on (HTTP Events API, POST /slack/events)") \
        if settings.slack_enabled else \
        "off: set MMC_SLACK_BOT_TOKEN and MMC_SLACK_SIGNING_SECRET (HTTP) or MMC_SLACK_APP_TOKEN (Socket Mode)"
    telegram = ("on (webhook, POST /telegram/webhook)" if settings.telegram_webhook_url else "on (long polling)") \
        if settings.telegram_enabled else "off: set MMC_TELEGRAM_BOT_TOKEN (and MMC_TELEGRAM_WEBHOOK_URL for a webhook)"
    return [f"slack: {slack}", f"telegram: {telegram}"]


@dataclass
class Server:
    settings: Settings
    runtime: Runtime | None = None
    adapters: list[ServedAdapter] = field(default_factory=list)
    problem: str | None = "starting"
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _threads_stop: list[threading.Event] = field(default_factory=list)
    _dispatcher_thread: threading.Thread | None = None
    port: int | None = None
    metrics: Metrics | None = None

    # ---- HTTP ---------------------------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_page)
        return app

    async def metrics_page(self, _request: web.Request) -> web.Response:
        if self.metrics is None:
            return web.json_response({"error": "starting"}, status=503)
        try:
            body = await asyncio.wait_for(asyncio.to_thread(self.metrics.exposition), timeout=10)
        except Exception as exc:  # the queue figures need the database
            log.warning("metrics unavailable: %s", exc.__class__.__name__)
            return web.json_response({"error": f"database: {exc.__class__.__name__}"}, status=503)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def healthz(self, _request: web.Request) -> web.Response:
        if self.problem is not None or self.runtime is None:
            return web.json_response({"status": "unavailable", "reason": self.problem or "starting"}, status=503)
        runtime = self.runtime
        try:
            await asyncio.wait_for(asyncio.to_thread(_ping, runtime), timeout=5)
        except Exception as exc:
            return web.json_response({"status": "unavailable", "reason": f"database: {exc.__class__.__name__}"},
                                     status=503)
        library = runtime.library
        if library.rule is None:
            return web.json_response({"status": "unavailable", "reason": "no decision rule"}, status=503)
        return web.json_response({
            "status": "ok", "chunks": len(library.retriever.corpus), "embedder": library.embedder.name,
            "adapters": [a.platform for a in self.adapters],
            "in_flight": sum(a.inflight.count for a in self.adapters),
        })

    # ---- lifecycle ------------------------------------------------------------------------------

    def request_stop(self) -> None:
        self._stop.set()

    async def run(self, ready: asyncio.Event | None = None) -> None:
        app = self.web_app()
        gate = _Gate(self)
        for path in PLATFORM_PATHS:
            app.router.add_post(path, gate.handler(path))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.http_host, self.settings.http_port)
        await site.start()
        self.port = runner.addresses[0][1] if runner.addresses else self.settings.http_port
        log.info("HTTP server on %s:%s", self.settings.http_host, self.port)
        for line in enabling_settings(self.settings):
            log.info(line)
        try:
            if self.runtime is None:
                self.runtime = await asyncio.to_thread(self._build)
            else:
                await asyncio.to_thread(self.runtime.assistant.warm)
            self._observe(self.runtime)
            self.adapters = self._adapters(self.runtime)
            for adapter in self.adapters:
                gate.handlers.update(adapter.routes())
            for adapter in self.adapters:
                await adapter.start()
            self._start_background(self.runtime)
            self.problem = None
            log.info("ready: %s", ", ".join(a.platform for a in self.adapters) or "no chat adapter")
        except Exception as exc:
            self.problem = f"start failed: {exc.__class__.__name__}: {exc}"
            log.exception("serve could not start")
            await runner.cleanup()
            raise
        if ready is not None:
            ready.set()
        await self._stop.wait()
        await self._shutdown(runner)

    def _build(self) -> Runtime:
        runtime = build(self.settings)
        report = runtime.sync()
        log.info("library: %d chunks (%s)", report.chunks, "rebuilt" if report.rebuilt else "loaded")
        runtime.ensure_rule()
        runtime.assistant.warm()
        if opened := warm_pool(runtime.engine):
            log.info("database: %d connections open before the first request", opened)
        return runtime

    def _observe(self, runtime: Runtime) -> None:
        """Metrics and the one log line per question hear of every message the core handles."""
        self.metrics = Metrics(runtime.sessions, runtime.library)
        turn_log = TurnLog(with_text=self.settings.log_message_text, inline=self.settings.log_format == "text")
        runtime.assistant.observers[:] = [self.metrics, turn_log]

    def _adapters(self, runtime: Runtime) -> list[ServedAdapter]:
        inbound, conversations = InboundLog(runtime.sessions), Conversations(runtime.sessions)
        adapters: list[ServedAdapter] = []
        boards: list[StaffBoard] = []
        if self.settings.slack_enabled:
            from adapters.slack import SlackAdapter

            slack = SlackAdapter(self.settings, runtime.assistant, inbound, conversations)
            adapters.append(slack)
            if self.settings.slack_staff_channel:
                boards.append(slack)
        if self.settings.telegram_enabled:
            from adapters.telegram import TelegramAdapter

            telegram = TelegramAdapter(self.settings, runtime.assistant, inbound, conversations)
            adapters.append(telegram)
            if self.settings.telegram_staff_chat:
                boards.append(telegram)
        for adapter in adapters:
            runtime.dispatcher.register(adapter)  # type: ignore[arg-type]
        if boards:
            runtime.dispatcher.handle_notices(StaffNotices(runtime.sessions, runtime.queue, boards, runtime.title_of))
        return adapters

    def _start_background(self, runtime: Runtime) -> None:
        thread, stop = runtime.dispatcher.start_thread(interval=self.settings.outbox_poll_seconds)
        self._dispatcher_thread = thread
        self._threads_stop += [stop, runtime.library.watch(interval=self.settings.knowledge_poll_seconds),
                               purge_daily(runtime.sessions, self.settings.retention_days)]

    async def _shutdown(self, runner: web.AppRunner) -> None:
        log.info("stopping: no new requests; waiting for questions in flight")
        for adapter in self.adapters:
            await adapter.stop_receiving()
        drained = await asyncio.gather(*(a.inflight.drain(self.settings.shutdown_seconds) for a in self.adapters))
        if not all(drained):
            log.warning("stopping with questions still in flight after %.0f s", self.settings.shutdown_seconds)
        for stop in self._threads_stop:
            stop.set()
        if self.runtime is not None:
            released = await asyncio.to_thread(self.runtime.dispatcher.release)
            if self._dispatcher_thread is not None:
                await asyncio.to_thread(self._dispatcher_thread.join, 10)
            released += await asyncio.to_thread(self.runtime.dispatcher.release)
            if released:
                log.info("gave back %d outbox leases", released)
        for adapter in self.adapters:
            await adapter.close()
        await runner.cleanup()
        if self.runtime is not None:
            self.runtime.engine.dispose()
        log.info("stopped")


class _Gate:
    """Platform routes exist from the first second (aiohttp freezes its router when it starts) and
    reach their adapter once it is ready: 503 while starting, 404 when that platform is not configured."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.handlers: dict[str, Handler] = {}

    def handler(self, path: str) -> Handler:
        async def handle(request: web.Request) -> web.StreamResponse:
            target = self.handlers.get(path)
            if target is not None:
                return await target(request)
            if self.server.problem is not None:
                return web.json_response({"error": "starting"}, status=503)
            return web.json_response({"error": f"{path} is not configured on this server"}, status=404)
        return handle


def _ping(runtime: Runtime) -> None:
    with runtime.engine.connect() as conn:
        conn.execute(text("select 1"))


def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; exit 0 after a clean stop."""
    async def main() -> None:
        server = Server(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, server.request_stop)
        await server.run()

    asyncio.run(main())
