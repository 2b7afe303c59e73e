"""`mmc-bot report` on a seeded database, on SQLite and on the real PostgreSQL: weekly counts, shares,
the staff answer time, content gaps grouped across languages with the real e5 model, the page, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from bot.models import Feedback, Interaction
from bot.queue.models import Ticket
from bot.report import build_report, week_of
from bot.settings import PROJECT_ROOT
from knowledge.models import Document, SourceFile

START = date(2025, 2, 24)                                                    # a Monday
NOW = datetime.combine(START + timedelta(days=24), time(12), tzinfo=timezone.utc)  # Thursday of week 4

SCHOOL = {  # the largest gap: one topic in four languages
    "en": "How can we enrol refugee children in local schools in the middle of the school year?",
    "es": "¿Cómo podemos matricular a niños refugiados en las escuelas municipales a mitad del curso escolar?",
    "fr": "Comment inscrire des enfants réfugiés à l'école en cours d'année scolaire ?",
    "ar": "كيف يمكننا تسجيل الأطفال اللاجئين في المدارس المحلية في منتصف العام الدراسي؟",
    "en2": "What is the procedure to register a refugee child in school after term has started?",
}
HOSTILE = {  # the second: same domain, another topic
    "en": "How should the mayor respond to a wave of hostile posts against refugees on social media?",
    "es": "¿Cómo debería responder el alcalde a una ola de mensajes hostiles contra los refugiados en redes sociales?",
    "fr": "Comment le maire doit-il réagir à une vague de messages hostiles aux réfugiés sur les réseaux sociaux ?",
}
MALICIOUS = "<script>alert('gap')</script> Can refugees exchange their foreign driving licence for a local one?"


def seed(sessions, start: date) -> None:  # type: ignore[no-untyped-def]
    """Three busy weeks and a quiet fourth, with rows before ``start`` that the report must leave out."""
    def at(day: int, hour: int = 10) -> datetime:
        return datetime.combine(start + timedelta(days=day), time(hour), tzinfo=timezone.utc)

    def ticket(tid: int, day: int, lang: str, question: str, status: str = "open", hours: float | None = None,
               reason: str = "low_confidence", knowledge_id: str | None = None) -> Ticket:
        answered = at(day) + timedelta(hours=hours) if hours is not None else None
        return Ticket(id=tid, platform="slack", user_id=f"U{tid}", chat_id="C1", question=question,
                      question_key=f"k{tid}", language=lang, reason=reason, status=status, found=[],
                      knowledge_id=knowledge_id, created_at=at(day), updated_at=at(day), answered_at=answered)

    with sessions() as s:
        s.add(SourceFile(path="resources.md", content_hash="x"))
        s.add_all([Document(id="housing-newcomers", source_path="resources.md", title="Housing for newcomers"),
                   Document(id="health-access", source_path="resources.md", title="Health care access"),
                   Document(id="language-access", source_path="resources.md", title="Language access")])
        s.add_all([
            ticket(1, 0, "en", SCHOOL["en"], "answered", 2), ticket(2, 3, "es", SCHOOL["es"], "closed", 4),
            ticket(3, 7, "fr", SCHOOL["fr"]), ticket(4, 3, "ar", SCHOOL["ar"], "claimed"),
            ticket(5, 10, "en", SCHOOL["en2"], "answered", 10),
            ticket(6, 8, "en", HOSTILE["en"], "answered", 30), ticket(7, 16, "es", HOSTILE["es"], reason="not_helpful"),
            ticket(8, 14, "fr", HOSTILE["fr"]), ticket(9, 15, "en", MALICIOUS, "answered", 6),
            ticket(10, 5, "en", "[erased]", "closed", 8),                                  # purged text: skipped
            ticket(11, 6, "fr", "Quelles démarches pour inscrire un enfant réfugié à l'école en cours d'année ?",
                   "answered", 3, knowledge_id="staff-answer-11"),                          # already a FAQ: skipped
            ticket(12, -10, "en", "How many asylum claims did the city get?", "closed", 50),  # before start
            ticket(13, -30, "en", "Who pays for interpreters?"),                            # old, still open
        ])
        s.flush()
        rows = [  # platform, user, language, status, day, first resource, ticket
            ("slack", "U1", "en", "answered", 0, "housing-newcomers", None),
            ("slack", "U2", "es", "answered", 1, "housing-newcomers", None),
            ("telegram", "T1", "fr", "answered", 2, "language-access", None),
            ("telegram", "T2", "ar", "escalated", 3, None, 4),
            ("slack", "U1", "en", "info", 3, None, None),                   # "hello": not a question
            ("telegram", "T1", "fr", "refused", 4, None, None),             # empty message: not a question
            ("slack", "U3", "en", "answered", 7, "housing-newcomers", None),
            ("slack", "U1", "en", "answered", 8, "health-access", None),
            ("telegram", "T2", "ar", "answered", 9, "old-removed", None),
            ("slack", "U2", "es", "escalated", 10, None, 2),
            ("slack", "U3", "fr", "escalated", 14, None, 8),
            ("telegram", "T3", "en", "failed", 15, None, None),
            ("slack", "U2", "es", "escalated", 16, None, 7),                # "not helpful" repeat: not counted again
            ("slack", "U1", "en", "answered", -3, "housing-newcomers", None),  # before start
        ]
        interactions = [Interaction(platform=p, user_id=u, chat_id="C", question=f"question {i}", language=lang,
                                    status=status, found=[{"id": r, "score": 0.8}] if r else [], ticket_id=t,
                                    created_at=at(day)) for i, (p, u, lang, status, day, r, t) in enumerate(rows)]
        s.add_all(interactions)
        s.flush()
        votes = [(0, False, 0), (1, False, 1), (1, True, 2), (6, False, 7), (2, True, 2), (2, True, 5),
                 (7, False, 8), (7, True, 9), (8, False, 9), (13, False, -3)]  # interaction, helpful, day
        s.add_all(Feedback(interaction_id=interactions[i].id, user_id=f"V{n}", helpful=h, created_at=at(day, 11))
                  for n, (i, h, day) in enumerate(votes))
        s.commit()


def test_report_figures_gaps_and_page(sessions, e5) -> None:  # type: ignore[no-untyped-def]
    seed(sessions, START)
    report = build_report(sessions, lambda: e5, since=START, now=NOW)

    assert [(w.week, w.questions, w.answered) for w in report.weeks] == [
        (date(2025, 2, 24), 4, 3), (date(2025, 3, 3), 4, 3), (date(2025, 3, 10), 2, 0), (date(2025, 3, 17), 0, 0)]
    assert report.weeks[0].by_platform == {"slack": 2, "telegram": 2}
    assert report.weeks[0].by_language == {"en": 1, "es": 1, "fr": 1, "ar": 1}
    assert report.weeks[1].by_platform == {"slack": 3, "telegram": 1}
    assert (report.questions, report.answered, report.escalated, report.failed) == (10, 6, 3, 1)
    assert report.answered_share == 0.6
    assert report.not_counted == {"info": 1, "refused": 1, "not_helpful_repeat": 1}
    assert (report.feedback, report.helpful, report.helpful_rate) == (9, 4, 0.4444)

    assert (report.tickets, report.tickets_answered) == (11, 7)
    assert report.median_answer_hours == 6.0        # of 2, 3, 4, 6, 8, 10, 30 hours
    assert report.open_tickets == 5                 # tickets 3, 4, 7, 8 and the old open one

    assert report.gaps_skipped == {"erased": 1, "added_to_knowledge": 1}
    assert report.grouped_with == e5.name
    assert [g.size for g in report.gaps] == [5, 3, 1]
    school, hostile, single = report.gaps
    assert school.languages == {"en": 2, "es": 1, "fr": 1, "ar": 1}
    assert school.examples["ar"] == SCHOOL["ar"] and school.examples["es"] == SCHOOL["es"]
    assert school.examples["en"] in (SCHOOL["en"], SCHOOL["en2"])
    assert hostile.examples == HOSTILE
    assert single.examples == {"en": MALICIOUS}

    assert [(r.id, r.title, r.not_helpful, r.helpful) for r in report.not_helpful] == [
        ("housing-newcomers", "Housing for newcomers", 3, 1), ("health-access", "Health care access", 1, 1),
        ("old-removed", None, 1, 0)]

    data = json.loads(json.dumps(report.to_dict()))
    assert data["since"] == "2025-02-24" and data["weeks"][0]["week"] == "2025-02-24"
    assert data["answered_share"] == 0.6 and data["gaps"][0]["size"] == 5

    text = report.to_text()
    assert "10 questions" in text and "60%" in text and "6.0 h" in text

    page = report.to_html()
    assert page.startswith("<!doctype html>") and page.count("<html") == 1 and page.count("</html>") == 1
    assert page.count("<svg") == 3
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;gap&#x27;)&lt;/script&gt;" in page
    for external in ("http://", "https://", "<link", " src=", "@import"):
        assert external not in page
    assert f'<q lang="ar" dir="auto">{SCHOOL["ar"]}</q>' in page
    assert "Housing for newcomers" in page


def test_an_empty_database_reports_no_questions_and_loads_no_model(sessions) -> None:  # type: ignore[no-untyped-def]
    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("the embedder must not be built when there is nothing to group")

    report = build_report(sessions, no_model, since=START, now=NOW)
    assert report.questions == 0 and report.answered_share is None and report.helpful_rate is None
    assert report.gaps == [] and report.median_answer_hours is None and len(report.weeks) == 4
    assert report.to_text() == "no questions since 2025-02-24"
    assert "No questions since 2025-02-24." in report.to_html()


def test_cli_json_html_and_bad_since(tmp_path: Path) -> None:
    from bot.storage.db import make_engine, session_factory
    from bot.storage.migrate import upgrade

    data = tmp_path / "data"
    start = week_of(datetime.now(timezone.utc).date()) - timedelta(days=21)
    engine = make_engine(f"sqlite:///{data / 'mmc.db'}")
    upgrade(engine)
    seed(session_factory(engine), start)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MMC_")}
    env.update(MMC_DATA_DIR=str(data), MMC_LOG_LEVEL="WARNING")

    def mmc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", "report", *args], env=env, capture_output=True,
                              text=True, timeout=300, cwd=PROJECT_ROOT)

    out = mmc("--since", start.isoformat(), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [w["questions"] for w in result["weeks"]] == [4, 4, 2, 0]
    assert result["answered_share"] == 0.6 and result["median_answer_hours"] == 6.0
    assert result["gaps"][0]["languages"] == {"en": 2, "es": 1, "fr": 1, "ar": 1}

    page = tmp_path / "report.html"
    out = mmc("--since", start.isoformat(), "--html", str(page))
    assert out.returncode == 0, out.stderr
    assert f"report page written to {page}" in out.stdout and "10 questions" in out.stdout
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html and "&lt;script&gt;" in html

    bad = mmc("--since", "31/01/2025")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == ["error: --since must be a date like 2025-01-31, not '31/01/2025'"]
