"""Engine and session factory for SQLite (default) and PostgreSQL (production).

SQLite gets WAL (readers never block the writer), foreign keys on, and ``BEGIN IMMEDIATE`` so
that a transaction that will write takes the write lock before it reads: that is what makes
"claim next ticket" safe on SQLite, where ``FOR UPDATE SKIP LOCKED`` renders as nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, echo: bool = False, hide_parameters: bool = True) -> Engine:
    """``hide_parameters``: a database error's message leaves out the statement's values, which hold
    officials' questions and names (the logs carry no message text unless ``MMC_LOG_MESSAGE_TEXT``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, hide_parameters=hide_parameters,
                               connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, echo=echo, hide_parameters=hide_parameters, pool_pre_ping=True,
                         connect_args={"connect_timeout": 5})


def warm_pool(engine: Engine) -> int:
    """Open the pool's connections before traffic comes; returns how many are open.

    A burst of Slack events at a replica with an empty pool opens a PostgreSQL backend per event at
    once, on the path that must acknowledge Slack within three seconds; on a busy machine that took
    longer than the connect timeout (measured in the two-replica test). SQLite has nothing to open."""
    if engine.dialect.name == "sqlite":
        return 0
    size = getattr(engine.pool, "size", lambda: 0)()
    held: list[Connection] = []
    try:
        for _ in range(size):
            held.append(engine.connect())
    finally:
        for connection in held:
            connection.close()
    return len(held)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when transactions begin (see the SQLite dialect docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
