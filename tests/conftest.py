"""Shared fixtures.

The expensive one is a runtime over the bundled resources with the real e5 embedder and FAISS. It
starts from a copy of ./data when `./dev.sh setup` has built it (embeddings are cached by passage
hash), so the suite does not embed the repository again; otherwise it builds everything itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.settings import PROJECT_ROOT, Settings
from index.embedders import E5Embedder

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def bundled_runtime(tmp_path_factory: pytest.TempPathFactory, e5: E5Embedder):  # type: ignore[no-untyped-def]
    from bot.runtime import build

    data = tmp_path_factory.mktemp("bundled-data")
    source = PROJECT_ROOT / "data"
    if (source / "mmc.db").exists():
        shutil.copy2(source / "mmc.db", data / "mmc.db")
        if (source / "index").exists():
            shutil.copytree(source / "index", data / "index")
    settings = Settings(data_dir=data, staff_answers_dir=tmp_path_factory.mktemp("staff-answers"))
    runtime = build(settings, embedder=e5)
    runtime.sync()
    runtime.ensure_rule()
    runtime.assistant.warm()  # the small-talk vectors land in the index folder that other fixtures copy
    yield runtime
    runtime.engine.dispose()


class HashEmbedder:
    """A tiny deterministic embedder for tests about something else than embeddings.

    It counts what it is asked to embed, which is what the incremental-ingest tests check.
    """

    name = "test/hash"
    dim = 32

    def __init__(self) -> None:
        self.passages_embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little"))
        v = rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vec(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return self.encode_queries(texts)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Iterator[Settings]:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    yield Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)


# ---- databases: every queue test runs on SQLite and on the real PostgreSQL ---------------------

PG_URL = os.environ.get("MMC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database() -> Iterator[str]:
    """A database of its own for one test, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        if os.environ.get("MMC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL was required (MMC_REQUIRE_POSTGRES=1) but is unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    name = f"mmc_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'queue.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def sessions(db_url: str):  # type: ignore[no-untyped-def]
    from bot.storage.db import make_engine, session_factory
    from bot.storage.migrate import upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _postgres_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_runtime(request: pytest.FixtureRequest, bundled_runtime, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A runtime of its own (database, index, staff-answers folder), on SQLite and on PostgreSQL, that
    starts from the bundled one's embeddings (so nothing is embedded again); two staff are configured."""
    from sqlalchemy import select

    from bot.runtime import build
    from bot.settings import StaffMember
    from bot.storage.db import make_engine, session_factory
    from bot.storage.migrate import upgrade
    from knowledge.models import ChunkVector

    data = tmp_path / "data"
    data.mkdir()
    shutil.copytree(bundled_runtime.settings.data_dir / "index", data / "index")
    if request.param == "sqlite":
        url = f"sqlite:///{data / 'mmc.db'}"
        pg = None
    else:
        pg = _postgres_database()
        url = next(pg)
    engine = make_engine(url)
    upgrade(engine)
    with bundled_runtime.sessions() as src, session_factory(engine)() as dst:
        dst.add_all(ChunkVector(text_hash=v.text_hash, embedder=v.embedder, vector=v.vector)
                    for v in src.scalars(select(ChunkVector)))
        dst.commit()
    engine.dispose()
    settings = Settings(data_dir=data, database_url=url, staff_answers_dir=tmp_path / "staff-answers",
                        staff=[StaffMember(name="Ana", slack_id="U-ana"), StaffMember(name="console-staff")])
    runtime = build(settings, embedder=bundled_runtime.library.embedder)
    runtime.sync()
    runtime.ensure_rule()
    yield runtime
    runtime.engine.dispose()
    if pg is not None:
        next(pg, None)
