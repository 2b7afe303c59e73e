"""The command line as people use it: real processes, real database, clear errors and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

HOLDOUT = PROJECT_ROOT / "tests" / "data" / "holdout"


@pytest.fixture
def cli_env(bundled_runtime, tmp_path: Path) -> dict[str, str]:
    """Environment for `mmc-bot` subprocesses: a copy of the bundled database and index, one staff member."""
    data = tmp_path / "data"
    data.mkdir()
    src = sqlite3.connect(str(bundled_runtime.settings.data_dir / "mmc.db"))
    dst = sqlite3.connect(str(data / "mmc.db"))
    src.backup(dst)
    src.close()
    for table in ("ticket_events", "outbox", "tickets", "feedback", "interactions"):
        dst.execute(f"DELETE FROM {table}")  # other tests' conversations stay in their own database
    dst.commit()
    dst.close()
    shutil.copytree(bundled_runtime.settings.data_dir / "index", data / "index")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MMC_")}
    env.update(MMC_DATA_DIR=str(data), MMC_STAFF_ANSWERS_DIR=str(tmp_path / "staff"),
               MMC_STAFF='[{"name": "Ana"}]', MMC_LOG_LEVEL="WARNING")
    return env


def mmc(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=PROJECT_ROOT)


def test_ask_json(cli_env) -> None:  # type: ignore[no-untyped-def]
    out = mmc(cli_env, "ask", "What are the four objectives of the Global Compact on Refugees?", "--json")
    assert out.returncode == 0, out.stderr
    reply = json.loads(out.stdout)
    assert reply["status"] == "answered"
    assert reply["sources"][0]["id"] == "global-compact-refugees"
    assert set(reply["sources"][0]) >= {"id", "title", "url", "score"}

    off_topic = json.loads(mmc(cli_env, "ask", "Please give me a lasagna recipe", "--json").stdout)
    assert off_topic["status"] == "escalated" and off_topic["sources"] == []

    empty = mmc(cli_env, "ask", "   ", "--json")
    assert empty.returncode == 1 and json.loads(empty.stdout)["status"] == "refused"
    assert "Traceback" not in empty.stderr


def test_queue_commands_and_their_errors(cli_env) -> None:  # type: ignore[no-untyped-def]
    from bot.escalation import EscalationReason
    from bot.messages import Requester
    from bot.queue.service import RequestQueue
    from bot.queue.staff import StaffDirectory
    from bot.storage.db import make_engine, session_factory

    engine = make_engine(f"sqlite:///{cli_env['MMC_DATA_DIR']}/mmc.db")
    queue = RequestQueue(session_factory(engine), StaffDirectory.of([]))
    tid = queue.escalate(Requester("console", "maria", "console"), "Who is the mayor of Quito?", "en",
                         EscalationReason.LOW_CONFIDENCE, []).ticket
    engine.dispose()

    listed = mmc(cli_env, "queue", "list", "--json")
    assert listed.returncode == 0 and [t["id"] for t in json.loads(listed.stdout)] == [tid]
    assert "Who is the mayor of Quito?" in mmc(cli_env, "queue", "show", str(tid)).stdout

    for args, message in [
        (("queue", "show", "999"), "no ticket #999"),
        (("queue", "claim", str(tid), "--as", "Nobody"), "'Nobody' is not a staff member"),
        (("queue", "answer", str(tid), "--as", "Ana", "--text", "  "), "the answer is empty"),
        (("queue", "answer", str(tid), "--as", "Ana", "--text", "x" * 20_001), "limit is 20000"),
        (("queue", "list", "--status", "lost"), "unknown status 'lost'"),
    ]:
        result = mmc(cli_env, *args)
        assert result.returncode != 0, args
        assert message in result.stderr and "Traceback" not in result.stderr

    assert mmc(cli_env, "queue", "claim-next", "--as", "ana").returncode == 0
    answered = mmc(cli_env, "queue", "answer", str(tid), "--as", "Ana", "--text", "We do not keep that.")
    assert answered.returncode == 0, answered.stderr
    closed = mmc(cli_env, "queue", "close", str(tid), "--as", "Ana")
    assert closed.returncode == 0
    again = mmc(cli_env, "queue", "answer", str(tid), "--as", "Ana", "--text", "late")
    assert again.returncode == 1 and "closed" in again.stderr
    stats = json.loads(mmc(cli_env, "queue", "stats", "--json").stdout)
    assert stats["closed"] == 1 and stats["answered_last_7_days"] == 1


def test_queue_list_says_when_it_is_cut(cli_env) -> None:  # type: ignore[no-untyped-def]
    from bot.escalation import EscalationReason
    from bot.messages import Requester
    from bot.queue.service import RequestQueue
    from bot.queue.staff import StaffDirectory
    from bot.storage.db import make_engine, session_factory

    engine = make_engine(f"sqlite:///{cli_env['MMC_DATA_DIR']}/mmc.db")
    queue = RequestQueue(session_factory(engine), StaffDirectory.of([]))
    ids = [queue.escalate(Requester("slack", f"U{n}", f"D{n}"), f"Question number {n}?", "en",
                          EscalationReason.LOW_CONFIDENCE, []).ticket for n in range(105)]
    engine.dispose()

    default = mmc(cli_env, "queue", "list", "--json")
    assert [t["id"] for t in json.loads(default.stdout)] == ids[:100]
    assert "showing the oldest 100 of 105 tickets" in default.stderr
    few = mmc(cli_env, "queue", "list", "--limit", "3")
    assert len(few.stdout.splitlines()) == 3 and "3 of 105" in few.stderr
    every = mmc(cli_env, "queue", "list", "--all", "--json")
    assert [t["id"] for t in json.loads(every.stdout)] == ids and "showing" not in every.stderr
    bad = mmc(cli_env, "queue", "list", "--limit", "0")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_eval_on_a_folder_it_has_never_seen(cli_env) -> None:  # type: ignore[no-untyped-def]
    out = mmc(cli_env, "eval", str(HOLDOUT / "questions.jsonl"), "--knowledge", str(HOLDOUT / "resources"), "--json",
              timeout=1200)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["n"] == sum(1 for line in (HOLDOUT / "questions.jsonl").open() if line.strip())
    for key in ("recall_at_1", "recall_at_3", "mrr", "decision_accuracy", "escalation_precision",
                "escalation_recall", "by_language"):
        assert key in figures
    assert set(figures["by_language"]) >= {"en", "es", "fr", "ar", "it", "pt", "de", "el"}
    assert figures["recall_at_3"] > 0.5  # a real index answered; the README states the measured figures
    assert figures["unknown_expected_ids"] == [] and figures["skipped_files"] == []


def test_eval_names_what_it_could_not_use(cli_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A broken file and an expected id the folder does not hold are reported, not silently scored as misses."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "Guía de acogida.md").write_text(
        "---\nlanguage: Español\n---\n# Guía de acogida\n\nEl ayuntamiento recibe a las familias recién llegadas "
        "en un centro de acogida durante las primeras semanas.\n", encoding="utf-8")
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"q": "¿Dónde reciben a las familias recién llegadas?", "lang": "es", "expect": ["Guía de acogida"]}\n'
        '{"q": "How do we house new arrivals?", "lang": "en", "expect": ["guia-de-acogida"]}\n', encoding="utf-8")
    out = mmc(cli_env, "eval", str(questions), "--knowledge", str(folder), "--json")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["unknown_expected_ids"] == ["guia-de-acogida"]
    assert len(figures["skipped_files"]) == 1 and "broken.md" in figures["skipped_files"][0]
    assert "skipped:" in out.stderr and "broken.md" in out.stderr
    assert "1 expected resource id(s) are not in the library" in out.stderr and "guia-de-acogida" in out.stderr


def test_eval_rejects_bad_input(cli_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": "fine", "lang": "en", "expect": []}\n{not json}\n', encoding="utf-8")
    out = mmc(cli_env, "eval", str(bad))
    assert out.returncode == 2 and "bad.jsonl:2" in out.stderr
    missing = mmc(cli_env, "eval", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
