"""The question file format of `mmc-bot eval` and the figures computed from outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.evaluation import Outcome, load_questions, summarize


def test_language_labels_are_normalised_so_figures_are_not_split(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "a", "lang": "EN", "expect": ["x"]}\n\n{"q": "b", "lang": "es-MX", "expect": []}\n'
                    '{"q": "c", "lang": "es", "expect": ["y"]}\n', encoding="utf-8")
    questions = load_questions(path)
    assert [q.lang for q in questions] == ["en", "es", "es"]
    outcomes = [Outcome(questions[0], ("x",), True), Outcome(questions[1], ("y",), False),
                Outcome(questions[2], ("x", "y"), True)]
    figures = summarize(outcomes)
    assert set(figures["by_language"]) == {"en", "es"}
    assert figures["by_language"]["es"]["n"] == 2
    assert figures["recall_at_1"] == 0.5 and figures["recall_at_3"] == 1.0  # "c" found second
    assert figures["decision_accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # "c": answered, wrong resource first


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "a", "lang": "en", "expect": ["x"]}\n{"q": "b", "expect": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q.jsonl:2: 'expect', 'context' and 'evidence' must be lists"):
        load_questions(path)


def test_related_figures_count_what_answers_too() -> None:
    from index.evaluation import EvalQuestion, Outcome, conversation_metrics

    q = EvalQuestion("How do cities fund integration?", "en", ("a", "b"))
    outcomes = [Outcome(q, ("a", "b", "c"), True, source="a", related=("b", "c")),
                Outcome(q, ("a",), True, source="a", related=()),
                Outcome(q, ("c",), True, source="c", related=("a",))]   # a wrong answer: not counted
    figures = conversation_metrics(outcomes, {})
    assert figures["related_per_answer"] == 1.0 and figures["related_precision"] == 0.5
