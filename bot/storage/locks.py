"""A lock shared by every process on one database: only one replica ingests and builds an index at a time.

On PostgreSQL it is an advisory lock (``pg_advisory_lock``), held by one connection for as long as
the work lasts and released by the server if the process dies. SQLite databases are files on one
machine, so a ``flock`` on a file beside the database does the same there.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock`` from a readable name."""
    return int.from_bytes(hashlib.sha256(f"mmc-bot:{name}".encode()).digest()[:8], "big", signed=True)


class DatabaseLock:
    """Re-entrant within the process (ingest builds the index while it holds the lock), exclusive across
    processes. Waiting is logged, so an operator sees why a replica's start is slow."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self._depth = 0
        self._owner: int | None = None
        self._local = threading.Lock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._local, self._acquired():
            self._owner, self._depth = me, 1
            try:
                yield
            finally:
                self._owner, self._depth = None, 0

    @contextmanager
    def _acquired(self) -> Iterator[None]:
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                self._wait_postgres(conn)
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(self.name)})
                    conn.commit()
        else:
            with self._file_lock():
                yield

    def _wait_postgres(self, conn: Connection) -> None:
        key = lock_key(self.name)
        if conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            return
        log.info("waiting for another replica to finish %s", self.name)
        started = time.monotonic()
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        log.info("%s lock taken after %.1f s", self.name, time.monotonic() - started)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        database = self.engine.url.database
        if not database or database == ":memory:":   # one process only: nothing to share
            yield
            return
        path = Path(f"{database}.{self.name}.lock")
        with path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("waiting for another process to finish %s", self.name)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
