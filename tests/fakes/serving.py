"""Run the real ``serve`` process (:class:`adapters.server.Server`) in a thread with its own event loop.

Tests talk to it over HTTP on loopback, exactly as Slack and Telegram would; the blocking waits of the
fakes can be used from the test's own thread.
"""

from __future__ import annotations

import asyncio
import threading
import time

from adapters.server import Server
from bot.runtime import Runtime
from bot.settings import Settings


class ServerThread:
    def __init__(self, settings: Settings, runtime: Runtime | None = None) -> None:
        self.server = Server(settings.model_copy(update={"http_host": "127.0.0.1", "http_port": 0}), runtime=runtime)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self.error: BaseException | None = None

    def start(self, timeout: float = 60.0) -> ServerThread:
        self._thread = threading.Thread(target=self._run, name="serve", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise AssertionError("serve did not become ready")
        if self.error is not None:
            raise AssertionError(f"serve failed to start: {self.error!r}")
        return self

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            ready = asyncio.Event()
            task = asyncio.create_task(self.server.run(ready))
            waiter = asyncio.create_task(ready.wait())
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if task.done() and task.exception() is not None:
                self.error = task.exception()
            self._ready.set()
            await task

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by start()/stop()
            self.error = exc
            self._ready.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def stop(self, timeout: float = 30.0) -> None:
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self.server.request_stop)
            self._thread.join(timeout)
        if self.error is not None:
            raise AssertionError(f"serve failed: {self.error!r}")

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05, what: str = "condition"):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")
