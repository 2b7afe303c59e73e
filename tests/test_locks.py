"""The index-build lock: exclusive across processes sharing a database (two lock objects stand for two
replicas: on PostgreSQL each holds its own connection, on SQLite its own open lock file), re-entrant
within one."""

from __future__ import annotations

import threading
import time

from bot.storage.db import make_engine
from bot.storage.locks import DatabaseLock


def test_a_second_replica_waits_until_the_first_is_done(db_url: str) -> None:
    engines = [make_engine(db_url), make_engine(db_url)]
    first, second = (DatabaseLock(engine, "index-build") for engine in engines)
    order: list[str] = []
    holding = threading.Event()

    def build() -> None:
        with first.hold():
            order.append("first in")
            holding.set()
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=build)
    thread.start()
    assert holding.wait(10)
    with second.hold():
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    for engine in engines:
        engine.dispose()


def test_reentrant_within_one_process_and_other_names_are_independent(db_url: str) -> None:
    engine = make_engine(db_url)
    lock, other = DatabaseLock(engine, "index-build"), DatabaseLock(engine, "something-else")
    with lock.hold():
        with lock.hold():          # ingest holds it and then builds the index
            with other.hold():     # a different name does not wait
                pass
    with lock.hold():              # released: taken again at once
        pass
    engine.dispose()
