"""The knowledge loop end to end: escalate, answer with "add to knowledge", ask again in other
words, get the staff answer back from the repository with the FAQ as its source."""

from __future__ import annotations

import io

import yaml

from adapters.console import ConsoleAdapter
from bot.messages import Message, ReplyStatus

QUESTION = "Does the council's office lend laptops to city delegations visiting Geneva for UN meetings?"
PARAPHRASE = "Can our delegation borrow a laptop from the MMC office while we are in Geneva for the UN?"
ANSWER = ("Yes. The council keeps four laptops for visiting city delegations in Geneva; "
          "write to the team two weeks before your trip to book one.")


def test_staff_answer_becomes_knowledge(fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant, queue = fresh_runtime.assistant, fresh_runtime.queue
    first = assistant.handle(Message(platform="console", user_id="U-city", chat_id="C", text=QUESTION))
    assert first.status == ReplyStatus.ESCALATED

    view = queue.answer(first.ticket, "Ana", ANSWER, add_to_knowledge=True)
    assert view.knowledge_id == f"staff-answer-{first.ticket}"
    faq = fresh_runtime.settings.staff_answers_path / f"ticket-{first.ticket}.faq.yaml"
    entry = yaml.safe_load(faq.read_text(encoding="utf-8"))["entries"][0]
    assert entry["answered_by"] == "Ana" and entry["answer"] == ANSWER and entry["question"] == QUESTION

    again = assistant.handle(Message(platform="console", user_id="U-other-city", chat_id="C2", text=PARAPHRASE))
    assert again.status == ReplyStatus.ANSWERED
    assert again.sources[0].id == view.knowledge_id
    assert "four laptops" in again.text


def test_console_chat_receives_the_staff_answer(fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    """A newcomer's path: escalate in the console chat, staff answer, the answer arrives in the chat."""
    out = io.StringIO()
    adapter = ConsoleAdapter(fresh_runtime.assistant.handle, fresh_runtime.assistant.handle_action,
                             stdin=io.StringIO("What is the mayor of Lyon's mobile phone number?\n"), stdout=out,
                             user="maria")
    fresh_runtime.dispatcher.register(adapter)
    adapter.start()
    ticket = fresh_runtime.queue.list(status="open")[-1]
    assert ticket.requester.platform == "console" and ticket.requester.user_id == "maria"
    assert f"#{ticket.id}" in out.getvalue()

    fresh_runtime.queue.answer(ticket.id, "Ana", "We cannot share personal numbers; write to the mayor's office.")
    assert fresh_runtime.dispatcher.run_once() == 1
    assert "We cannot share personal numbers" in out.getvalue()
    assert fresh_runtime.queue.get(ticket.id).delivery == "sent"


def test_replicas_with_their_own_folders_keep_and_remove_staff_answers_together(fresh_runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two replicas on one database, each with its own staff-answers folder (as in compose, one volume
    each): an answer added on one is not deleted by the other's sync, and removing it holds everywhere."""
    import shutil

    from bot.runtime import build
    from knowledge.models import Document

    one = fresh_runtime
    other_data = tmp_path / "replica-b"
    shutil.copytree(one.settings.data_dir / "index", other_data / "index")
    two = build(one.settings.model_copy(update={"data_dir": other_data, "staff_answers_dir": tmp_path / "b-answers"}),
                embedder=one.library.embedder)
    first = one.assistant.handle(Message(platform="console", user_id="U-city", chat_id="C", text=QUESTION))
    one.queue.answer(first.ticket, "Ana", ANSWER, add_to_knowledge=True)
    rid = f"staff-answer-{first.ticket}"

    two.sync()   # the other replica restarts: its folder lacks the file
    with two.sessions() as session:
        assert session.get(Document, rid) is not None
    assert (tmp_path / "b-answers" / f"ticket-{first.ticket}.faq.yaml").exists()
    assert rid in two.library.retriever.corpus.resources

    view = one.queue.remove_from_knowledge(first.ticket, "Ana")
    assert view.knowledge_id is None and one.queue.get(first.ticket).status == "answered"
    two.sync()
    with two.sessions() as session:
        assert session.get(Document, rid) is None
    assert not (tmp_path / "b-answers" / f"ticket-{first.ticket}.faq.yaml").exists()
    assert rid not in one.library.retriever.corpus.resources
    two.engine.dispose()
