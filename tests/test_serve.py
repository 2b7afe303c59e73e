"""``mmc-bot serve`` as a deployment runs it: a separate process configured only by the contract's
environment variables, talking to a fake Slack Web API, with staff answering from ``mmc-bot queue``."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes import slack_events as ev
from tests.fakes.serving import wait_until
from tests.fakes.slack import FakeSlackWebAPI

BIN = Path(sys.executable).parent
KNOWN = "How can a city join the Mayors Migration Council, and whom do we write to?"
UNKNOWN = "Does the council's office lend laptops to city delegations visiting Geneva for UN meetings?"
STAFF = json.dumps([{"name": "Ana", "slack_id": "U-ana"}])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MMC_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", **values)
    return env


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    data: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def data_dir(bundled_runtime, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A copy of a warm data directory, as a deployment (or the acceptance checks) would have."""
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    source, target = sqlite3.connect(bundled_runtime.settings.data_dir / "mmc.db"), sqlite3.connect(data / "mmc.db")
    source.backup(target)  # a consistent copy, with what is still in the write-ahead log
    source.close()
    target.close()
    shutil.copytree(bundled_runtime.settings.data_dir / "index", data / "index")
    return data


@pytest.fixture
def served(data_dir: Path, tmp_path: Path) -> Iterator[tuple[Served, FakeSlackWebAPI]]:
    with FakeSlackWebAPI() as api:
        port = free_port()
        env = clean_env(MMC_DATA_DIR=str(data_dir), MMC_SLACK_BOT_TOKEN="xoxb-serve-token",
                        MMC_SLACK_SIGNING_SECRET=ev.SECRET, MMC_SLACK_STAFF_CHANNEL="CSTAFF",
                        MMC_SLACK_API_URL=api.url, MMC_HTTP_HOST="127.0.0.1", MMC_HTTP_PORT=str(port),
                        MMC_STAFF=STAFF)
        log = tmp_path / "serve.log"
        with log.open("w") as out:
            process = subprocess.Popen([str(BIN / "mmc-bot"), "serve"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                       text=True)
        served = Served(process, f"http://127.0.0.1:{port}", data_dir, log)
        try:
            wait_until(lambda: _healthy(served), timeout=120, interval=0.5, what="/healthz 200")
            yield served, api
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def _healthy(served: Served) -> bool:
    if served.process.poll() is not None:
        raise AssertionError(f"serve exited {served.process.returncode}:\n{served.output()[-3000:]}")
    try:
        with urllib.request.urlopen(f"{served.url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_serve_answers_relays_staff_answers_and_stops_cleanly(served: tuple[Served, FakeSlackWebAPI]) -> None:
    server, api = served
    assert ev.event(server.url, ev.dm("U1", KNOWN)).status == 200
    [answer] = api.wait_for("chat.postMessage", timeout=30, predicate=lambda c: c.params.get("channel") == "D100")
    assert answer.token == "xoxb-serve-token" and "Mayors Migration Council" in json.dumps(answer.params)

    ev.event(server.url, ev.dm("U1", UNKNOWN, channel="D101"))
    [escalated] = api.wait_for("chat.postMessage", timeout=30, predicate=lambda c: c.params.get("channel") == "D101")
    ticket = re.search(r"#(\d+)", escalated.params["text"])
    assert ticket is not None, escalated.params["text"]
    api.wait_for("chat.postMessage", timeout=30,
                 predicate=lambda c: c.params.get("channel") == "CSTAFF" and UNKNOWN in c.params["text"])

    # Staff answer from the command line, with only the data folder and the staff list set.
    done = subprocess.run([str(BIN / "mmc-bot"), "queue", "answer", ticket.group(1), "--as", "Ana", "--text",
                           "Yes: write to the Geneva office two weeks ahead."],
                          env=clean_env(MMC_DATA_DIR=str(server.data), MMC_STAFF=STAFF),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    relayed = api.wait_for("chat.postMessage", count=2, timeout=30,
                           predicate=lambda c: c.params.get("channel") == "D101")
    assert "two weeks ahead" in relayed[-1].params["text"]

    # SIGTERM while a question is in flight (Slack is slow to take the answer): it still goes out.
    api.delays["chat.postMessage"] = 3.0
    ev.event(server.url, ev.dm("U2", KNOWN, channel="D102"))
    time.sleep(1.0)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(60) == 0, server.output()[-3000:]
    assert api.calls_to("chat.postMessage")[-1].params["channel"] == "D102"
    assert "Traceback" not in server.output()


def test_serve_without_tokens_says_how_to_enable_the_platforms(data_dir: Path) -> None:
    done = subprocess.run([str(BIN / "mmc-bot"), "serve"], env=clean_env(MMC_DATA_DIR=str(data_dir)),
                          input="/quit\n", capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "MMC_SLACK_BOT_TOKEN" in done.stderr and "MMC_TELEGRAM_BOT_TOKEN" in done.stderr
