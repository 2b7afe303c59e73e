"""``mmc-bot eval``: the decision path of the chat, over a question file, without fitting anything."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.conversations import Conversations
from bot.core import Assistant
from bot.library import Library
from bot.runtime import Runtime
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from bot.messages import Message
from index.evaluation import EvalQuestion, Outcome, load_questions, summarize


def _outcome(assistant: Assistant, n: int, q: EvalQuestion) -> Outcome:
    """One question through the chat's own path, in a fresh conversation; its context is asked first.

    The file's language stands in for the platform's locale hint when detection is unsure."""
    def message(text: str) -> Message:
        return Message(platform="eval", user_id=f"eval-{n}", chat_id=f"eval-{n}", text=text, language=q.lang or None)
    for earlier in q.context:
        assistant.turn(message(earlier))
    turn = assistant.turn(message(q.q))
    ranked = tuple(h.resource.id for h in turn.result.hits) if turn.result is not None else ()
    answer = turn.reply.answer
    return Outcome(q, ranked, turn.answered,
                   source=answer.source.id if answer else None, source_language=answer.source.language if answer else None,
                   extract=answer.extract if answer else None, smalltalk=turn.smalltalk is not None,
                   related=tuple(s.id for s in answer.related) if answer else ())


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
        resources = library.retriever.corpus.resources
        unknown = sorted({rid for q in questions for rid in q.expect} - set(resources))
        # Conversations (follow-ups) are kept in a database of the evaluation's own; nothing else is written.
        state = make_engine(f"sqlite:///{Path(tmp) / 'conversations.db'}")
        upgrade(state)
        state_sessions = session_factory(state)
        assistant = Assistant(library, state_sessions, escalations=None, record=False,
                              conversations=Conversations(state_sessions))
        outcomes = [_outcome(assistant, n, q) for n, q in enumerate(questions)]
        state.dispose()
        if knowledge is not None:
            engine.dispose()
        languages = {rid: r.language for rid, r in resources.items()}
    summary = summarize(outcomes, languages)
    summary["embedder"] = rule.embedder
    summary["skipped_files"] = errors
    summary["unknown_expected_ids"] = unknown
    return summary
