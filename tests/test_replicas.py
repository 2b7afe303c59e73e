"""Two ``mmc-bot serve`` replicas on one PostgreSQL database, one killed with SIGKILL half-way.

As a deployment runs them: separate processes configured only by environment variables, each with its
own HTTP port, data folder and Slack bot token, behind which a load balancer spreads the events, which
Slack sends again when a replica refuses one (as it does when the database cannot be reached). The
staff channel must get one post per ticket, every staff answer must reach its official once, and
the survivor must send the killed replica's rows once their leases expire. The only duplicates
allowed are rows the killed replica was sending at the moment of the kill.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.queue.models import OutboxItem, Ticket
from bot.queue.service import RequestQueue
from bot.queue.staff import StaffDirectory
from bot.settings import StaffMember
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from knowledge.models import ChunkVector
from tests.fakes import slack_events as ev
from tests.fakes.serving import wait_until
from tests.fakes.slack import Call, FakeSlackWebAPI
from tests.test_serve import BIN, STAFF, UNKNOWN, Served, _healthy, clean_env, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TICKETS = 200
TOKENS = ("xoxb-replica-a", "xoxb-replica-b")
ANSWER = "The council's answer to ticket {}."
LEASE_SECONDS = 30     # RetryPolicy.lease_seconds: a killed replica's rows wait this long at most


@pytest.fixture
def database(pg_url: str, bundled_runtime) -> str:  # type: ignore[no-untyped-def]
    """A fresh PostgreSQL database holding the bundled embeddings (nothing is embedded again), then
    `mmc-bot ingest` run on it as the deployment guide says."""
    engine = make_engine(pg_url)
    upgrade(engine)
    with bundled_runtime.sessions() as src, session_factory(engine)() as dst:
        dst.add_all(ChunkVector(text_hash=v.text_hash, embedder=v.embedder, vector=v.vector)
                    for v in src.scalars(select(ChunkVector)))
        dst.commit()
    engine.dispose()
    return pg_url


def data_folder(bundled_runtime, path: Path) -> Path:  # type: ignore[no-untyped-def]
    path.mkdir()
    shutil.copytree(bundled_runtime.settings.data_dir / "index", path / "index")
    return path


@pytest.fixture
def replicas(database: str, bundled_runtime, tmp_path: Path) -> Iterator[tuple[list[Served], FakeSlackWebAPI]]:  # type: ignore[no-untyped-def]
    folders = [data_folder(bundled_runtime, tmp_path / name) for name in ("a", "b")]
    ingest = subprocess.run([str(BIN / "mmc-bot"), "ingest"], capture_output=True, text=True, timeout=600,
                            env=clean_env(MMC_DATA_DIR=str(folders[0]), MMC_DATABASE_URL=database))
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    with FakeSlackWebAPI() as api:
        served = []
        for folder, token in zip(folders, TOKENS):
            port = free_port()
            env = clean_env(MMC_DATA_DIR=str(folder), MMC_DATABASE_URL=database, MMC_SLACK_BOT_TOKEN=token,
                            MMC_SLACK_SIGNING_SECRET=ev.SECRET, MMC_SLACK_STAFF_CHANNEL="CSTAFF",
                            MMC_SLACK_API_URL=api.url, MMC_HTTP_HOST="127.0.0.1", MMC_HTTP_PORT=str(port),
                            MMC_STAFF=STAFF)
            log = folder / "serve.log"
            with log.open("w") as out:
                process = subprocess.Popen([str(BIN / "mmc-bot"), "serve"], env=env, stdout=out,
                                           stderr=subprocess.STDOUT, text=True)
            served.append(Served(process, f"http://127.0.0.1:{port}", folder, log))
        try:
            for replica in served:
                wait_until(lambda r=replica: _healthy(r), timeout=180, interval=0.5, what="/healthz 200")
            yield served, api
        finally:
            for replica in served:
                if replica.process.poll() is None:
                    replica.process.kill()
                    replica.process.wait(10)


def top_level_staff_posts(api: FakeSlackWebAPI) -> list[Call]:
    return [c for c in api.calls_to("chat.postMessage")
            if c.params.get("channel") == "CSTAFF" and not c.params.get("thread_ts") and c.ok]


def ticket_of(call: Call) -> int:
    match = re.search(r"#(\d+)", call.params.get("text", ""))
    assert match, call.params.get("text")
    return int(match.group(1))


def relays(api: FakeSlackWebAPI) -> Counter[int]:
    """Staff answers that reached an official's DM, by ticket."""
    found: Counter[int] = Counter()
    for call in api.calls_to("chat.postMessage"):
        match = re.search(r"The council's answer to ticket (\d+)\.", call.params.get("text", ""))
        if match and call.params.get("channel", "").startswith("D") and call.ok:
            found[int(match.group(1))] += 1
    return found


def test_two_replicas_one_killed_nothing_lost_nothing_twice(replicas, database: str) -> None:  # type: ignore[no-untyped-def]
    (a, b), api = replicas
    # 200 officials write in; the load balancer alternates between the replicas. Slack sends an event
    # again when it is refused (a replica that cannot reach the database at that moment answers 503).
    with ThreadPoolExecutor(8) as pool:
        deliveries = list(pool.map(
            lambda n: ev.delivered((a, b)[n % 2].url, ev.dm(f"U{n:04d}", UNKNOWN, channel=f"D{n:04d}")),
            range(TICKETS)))
    lost = [(n, [(r.status, r.body[:200]) for r in tries]) for n, tries in enumerate(deliveries)
            if tries[-1].status != 200]
    assert not lost, (lost[:10], a.output()[-3000:], b.output()[-3000:])
    refused = [r for tries in deliveries for r in tries[:-1]]
    print(f"\n{TICKETS} events delivered; refused before a retry took them: {len(refused)}")
    # The only refusal is the database's (not "starting", not a 500), which Slack sends again.
    assert all(r.status == 503 and "database" in r.body for r in refused), [(r.status, r.body) for r in refused]

    engine = make_engine(database)
    sessions = session_factory(engine)

    def count(model: type) -> int:
        with sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    wait_until(lambda: count(Ticket) == TICKETS, timeout=300, interval=1, what=f"{TICKETS} tickets")
    wait_until(lambda: len({ticket_of(c) for c in top_level_staff_posts(api)}) == TICKETS, timeout=300, interval=1,
               what="a staff post per ticket")
    assert {c.token for c in api.calls} <= set(TOKENS) and {c.token for c in api.calls} == set(TOKENS)

    queue = RequestQueue(sessions, StaffDirectory.of([StaffMember(name="Ana", slack_id="U-ana")]))
    with sessions() as session:
        ids = session.scalars(select(Ticket.id).order_by(Ticket.id)).all()
    # Staff answer from the command line, as the runbook says, then (faster, the same code) in-process.
    for ticket in ids[:3]:
        done = subprocess.run([str(BIN / "mmc-bot"), "queue", "answer", str(ticket), "--as", "Ana", "--text",
                               ANSWER.format(ticket)], env=clean_env(MMC_DATABASE_URL=database, MMC_STAFF=STAFF),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    half = TICKETS // 2
    for ticket in ids[3:half]:
        queue.answer(ticket, "Ana", ANSWER.format(ticket))
    wait_until(lambda: len(relays(api)) >= half // 2, timeout=120, interval=0.2, what="some answers relayed")

    a.process.send_signal(signal.SIGKILL)
    a.process.wait(10)
    killed_at = time.monotonic()
    for ticket in ids[half:]:
        queue.answer(ticket, "Ana", ANSWER.format(ticket))

    wait_until(lambda: len(relays(api)) == TICKETS, timeout=150, interval=0.5, what="every answer relayed")
    recovered_in = time.monotonic() - killed_at
    print(f"\nevery answer relayed {recovered_in:.1f} s after the kill")
    assert recovered_in < 150

    # Nothing sent twice, except the row the killed replica was sending when it died (at most one:
    # its dispatcher sends one row at a time).
    sent_twice = [t for t, n in relays(api).items() if n > 1]
    posted_twice = [t for t, n in Counter(ticket_of(c) for c in top_level_staff_posts(api)).items() if n > 1]
    assert len(sent_twice) + len(posted_twice) <= 1, (sent_twice, posted_twice)
    assert all(n <= 2 for n in relays(api).values())

    # Every row settled: the survivor took the killed replica's leases once they expired.
    wait_until(lambda: _unsent(sessions) == 0, timeout=LEASE_SECONDS + 60, interval=0.5, what="outbox settled")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.status == "failed")) == 0
    assert "Traceback" not in b.output()

    b.process.send_signal(signal.SIGTERM)
    assert b.process.wait(60) == 0, b.output()[-3000:]
    engine.dispose()


def _unsent(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxItem)
                                  .where(OutboxItem.status.in_(("pending", "sending")))) or 0)
