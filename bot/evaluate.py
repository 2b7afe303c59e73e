"""``mmc-bot eval``: the decision path of the chat, over a question file, without fitting anything."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.core import Assistant
from bot.library import Library
from bot.runtime import Runtime
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from index.evaluation import Outcome, load_questions, summarize
from knowledge.language import detect_language


def run_eval(main: Runtime, questions_path: Path, knowledge: Path | None = None) -> dict:
    """Figures for ``questions_path``; with ``knowledge``, against that folder in a throwaway database.

    The decision rule always comes from the project's own question set (fitted on start when missing):
    scoring a rule on the questions it was fitted on would flatter it.
    """
    questions = load_questions(questions_path)
    rule = main.library.rule
    assert rule is not None
    library = main.library
    with tempfile.TemporaryDirectory(prefix="mmc-eval-") as tmp:
        if knowledge is not None:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'eval.db'}")
            upgrade(engine)
            library = Library(session_factory(engine), main.library.embedder, Path(tmp) / "index",
                              main.settings.exact_index_max, main.settings.chunk_chars)
            library.offsets = main.library.offsets  # same embedder, same parallel set: no need to refit
            report = library.sync([(knowledge.resolve(), "")])
            library.rule = rule
            errors = report.errors
        else:
            errors = []
        known = set(library.retriever.corpus.resources)
        unknown = sorted({rid for q in questions for rid in q.expect} - known)
        assistant = Assistant(library, library.sessions, escalations=None)
        outcomes = []
        for q in questions:
            # the file's language stands in for the platform's locale hint when detection is unsure
            result, answered, _ = assistant.decide(q.q, detect_language(q.q) or q.lang or None)
            outcomes.append(Outcome(q, tuple(h.resource.id for h in result.hits), answered))
        if knowledge is not None:
            engine.dispose()
    summary = summarize(outcomes)
    summary["embedder"] = rule.embedder
    summary["skipped_files"] = errors
    summary["unknown_expected_ids"] = unknown
    return summary
