"""The conversation itself: small talk never reaches staff, follow-ups are read in context (and survive a
restart), and ``mmc-bot eval`` reports the conversation's figures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.console import ConsoleAdapter
from bot.conversations import Conversations
from bot import phrases as P
from bot.core import Assistant
from bot.escalation import EscalationUnavailable
from bot.i18n import gettext_for
from bot.messages import Message, ReplyStatus
from bot.models import Interaction
from bot.queue.models import Ticket
from bot.smalltalk import Kind

HOUSING = "How do other cities house newly arrived refugees?"


def msg(text: str, chat: str, user: str = "U-talk") -> Message:
    return Message(platform="console", user_id=user, chat_id=chat, text=text, display_name="Official")


def counts(runtime) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Ticket)),
                s.scalar(select(func.count()).select_from(Interaction)))


@pytest.mark.parametrize(("text", "needle"), [
    ("hello", "For example"),
    ("thanks!", "welcome"),
    ("merci beaucoup !", "Je vous en prie"),
    ("Who are you?", "not a person"),
    ("What can you do?", "/ask"),
    ("👍", "Glad to help"),
    ("bye!", "Goodbye"),
])
def test_small_talk_gets_a_social_reply_and_no_ticket(bundled_runtime, text: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(bundled_runtime)
    turn = bundled_runtime.assistant.turn(msg(text, chat=f"talk-{text}", user=f"U-{text}"))  # no remembered language
    assert turn.smalltalk is not None and turn.result is None   # no search ran
    assert turn.reply.status == ReplyStatus.INFO and needle.casefold() in turn.reply.text.casefold()
    assert counts(bundled_runtime) == before


def test_a_greeting_with_a_question_is_answered_as_the_question(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    turn = bundled_runtime.assistant.turn(msg("Hi! How can my city join the Mayors Migration Council?", chat="mixed"))
    assert turn.smalltalk is None and turn.answered
    assert turn.reply.sources[0].id in {"mmc-how-to-join", "mmc-about", "mmc-que-es-es", "mmc-presentation-fr"}


@pytest.mark.parametrize(("text", "kind"), [
    ("Good morning everyone, I'm Ana from the welcome desk of our city. Nice to meet you!", Kind.GREETING),
    ("Muchas gracias por la ayuda, se lo paso a mi equipo.", Kind.THANKS),
    ("Je reviens vers vous après ma réunion, bonne journée !", Kind.GOODBYE),   # the last sentence decides
    ("السلام عليكم، كيف حالكم؟", Kind.GREETING),
    ("🙏🏼🙏🏼", Kind.THANKS),
])
def test_longer_social_messages_are_small_talk(bundled_runtime, text: str, kind: Kind) -> None:  # type: ignore[no-untyped-def]
    talk = bundled_runtime.assistant.smalltalk.classify(text)
    assert talk is not None and talk.kind == kind


@pytest.mark.parametrize("text", [
    "Obrigado! Agora preciso de informação sobre saúde mental.",    # thanks, then a request with no question mark
    "hola, ¿qué es el padrón?",                                     # a greeting and a question in one sentence
    "Hi team, we're preparing a reception plan and would appreciate materials",
    "who won the match last night?",                                # off-topic, yet a question
])
def test_a_social_opening_does_not_hide_a_question(bundled_runtime, text: str) -> None:  # type: ignore[no-untyped-def]
    assert bundled_runtime.assistant.smalltalk.classify(text) is None


def test_follow_ups_are_read_in_context_and_survive_a_restart(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg(HOUSING, chat="follow"))
    assert first.answered
    source = first.reply.sources[0].id

    more = assistant.turn(msg("tell me more", chat="follow"))
    assert more.answered and more.reply.sources[0].id == source
    assert more.reply.answer.extract != first.reply.answer.extract

    # A new assistant on the same database (a restart, or another replica) carries on the conversation.
    again = Assistant(bundled_runtime.library, bundled_runtime.sessions, escalations=None, record=False,
                      conversations=Conversations(bundled_runtime.sessions))
    french = again.turn(msg("en français s'il vous plaît", chat="follow"))
    assert french.reply.language == "fr" and french.answered
    if french.reply.sources[0].language != "fr":   # none in French answers: the best in any language, saying so
        assert "français" in (french.reply.answer.language_note or "")

    alone = again.turn(msg("and for unaccompanied children?", chat="elsewhere"))
    in_context = again.turn(msg("and for unaccompanied children?", chat="follow"))
    assert in_context.result is not None and alone.result is not None
    assert in_context.result.query.startswith(HOUSING)           # searched with the question before it
    assert alone.result.query == "and for unaccompanied children?"


def test_tell_me_more_after_a_request_to_staff_says_the_team_has_it(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    """No resource answered the question before, so "more" of one would be untrue ("all this resource says")."""
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg("What will the weather be like in Nairobi on Saturday?", chat="more-after-staff"))
    assert not first.answered and first.reply.status == ReplyStatus.ESCALATED
    before = counts(bundled_runtime)
    more = assistant.turn(msg("tell me more", chat="more-after-staff"))
    assert more.reply.status == ReplyStatus.INFO and not more.answered and more.result is None
    assert "team has your question" in more.reply.text and "this resource says" not in more.reply.text
    assert counts(bundled_runtime) == before   # no second ticket, nothing recorded
    spanish = assistant.turn(msg("cuéntame más, por favor", chat="more-after-staff"))
    assert spanish.reply.status == ReplyStatus.INFO and spanish.reply.language == "es"
    assert spanish.reply.text == gettext_for("es")(P.NO_MORE_AFTER_REQUEST) != P.NO_MORE_AFTER_REQUEST
    assert counts(bundled_runtime) == before


def test_human_alone_sends_the_last_question_with_what_the_bot_found(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    """The bot's replies say "write /human to ask the council's team": /human alone must do that, not ask
    for a question. With nothing asked before, it still asks for one."""
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg(HOUSING, chat="human-alone", user="U-human"))
    assert first.answered
    sent = assistant.turn(msg("/human", chat="human-alone", user="U-human"))
    assert sent.reply.status == ReplyStatus.ESCALATED and sent.reply.ticket is not None
    with bundled_runtime.sessions() as session:
        ticket = session.get(Ticket, sent.reply.ticket)
        assert ticket is not None and ticket.question == HOUSING and ticket.reason == "asked_for_person"
        assert ticket.found and ticket.found[0]["id"] == first.reply.sources[0].id
    again = assistant.turn(msg("/human", chat="human-alone", user="U-human"))
    assert again.reply.ticket == sent.reply.ticket   # the same request, not a second ticket

    before = counts(bundled_runtime)
    nothing = assistant.turn(msg("/human", chat="human-nothing-before", user="U-human-2"))
    assert nothing.reply.status == ReplyStatus.REFUSED and "Please write a question" in nothing.reply.text
    assert counts(bundled_runtime) == before


def test_tell_me_more_once_staff_have_answered_says_the_answer_is_above(fresh_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = fresh_runtime.assistant
    first = assistant.turn(msg("What will the weather be like in Nairobi on Saturday?", chat="answered-above"))
    assert first.reply.status == ReplyStatus.ESCALATED and first.reply.ticket is not None
    waiting = assistant.turn(msg("tell me more", chat="answered-above"))
    assert waiting.reply.text == P.NO_MORE_AFTER_REQUEST
    fresh_runtime.queue.answer(first.reply.ticket, "Ana", "Sunny, 24 degrees.")
    not_yet = assistant.turn(msg("tell me more", chat="answered-above"))
    assert not_yet.reply.text == P.NO_MORE_AFTER_REQUEST   # the answer has not reached the chat yet
    out = io.StringIO()
    fresh_runtime.dispatcher.register(ConsoleAdapter(assistant.handle, assistant.handle_action, stdout=out))
    assert fresh_runtime.dispatcher.run_once() == 1 and "Sunny, 24 degrees." in out.getvalue()
    after = assistant.turn(msg("tell me more", chat="answered-above"))
    assert after.reply.status == ReplyStatus.INFO
    assert after.reply.text == P.NO_MORE_AFTER_STAFF_ANSWER.format(ticket=first.reply.ticket)
    before = counts(fresh_runtime)
    human = assistant.turn(msg("/human", chat="answered-above"))   # not filed again
    assert human.reply.text == after.reply.text and counts(fresh_runtime) == before
    spanish = assistant.turn(msg("cuéntame más, por favor", chat="answered-above"))
    assert spanish.reply.text == gettext_for("es")(P.NO_MORE_AFTER_STAFF_ANSWER, ticket=first.reply.ticket)


class _QueueDown:
    """A queue whose database refuses writes: the escalation cannot be recorded."""

    def escalate(self, *args: object) -> None:
        raise EscalationUnavailable("database down")


def test_tell_me_more_after_a_request_that_was_not_recorded_does_not_say_the_team_has_it(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(bundled_runtime.library, bundled_runtime.sessions, escalations=_QueueDown(), record=False,
                          conversations=Conversations(bundled_runtime.sessions))
    first = assistant.turn(msg("What will the weather be like in Nairobi on Saturday?", chat="queue-down"))
    assert first.reply.status == ReplyStatus.FAILED and first.reply.ticket is None
    more = assistant.turn(msg("tell me more", chat="queue-down"))
    assert "team has your question" not in more.reply.text


def test_a_follow_up_on_another_subject_is_answered_on_that_subject(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg("How should our city organise reception for new arrivals in the first weeks?", chat="shift"))
    assert first.answered and first.reply.sources[0].id == "reception-first-weeks"
    children = assistant.turn(msg("and for unaccompanied children?", chat="shift"))
    # Searched with the question before it, then ranked toward what the follow-up adds (the reception guide
    # alone scores higher on the two turns together).
    assert children.result is not None and children.result.query.startswith("How should our city organise")
    assert children.answered and children.reply.sources[0].id == "unaccompanied-children"


@pytest.mark.parametrize(("earlier", "follow_up"), [
    ("What is the Global Cities Fund for Migrants and Refugees?", "and when's the deadline this year?"),
    ("¿Cómo puede una ciudad hacer un compromiso en el Foro Mundial sobre los Refugiados?",
     "¿y cuántas ciudades se comprometieron este año?"),
])
def test_a_follow_up_asking_a_live_fact_goes_to_staff(bundled_runtime, earlier: str, follow_up: str) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    chat = f"live-{follow_up}"
    assert assistant.turn(msg(earlier, chat=chat)).answered
    live = assistant.turn(msg(follow_up, chat=chat))
    assert not live.answered and live.reply.status != ReplyStatus.ANSWERED
    assert live.result is not None and live.result.query.startswith(earlier)   # still searched in context


def test_a_language_with_no_resource_gets_the_best_in_another_saying_so(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg("What are the objectives of the EU's AMIF fund?", chat="german"))
    assert first.answered and first.reply.sources[0].id == "eu-amif-funding"
    german = assistant.turn(msg("auf Deutsch bitte", chat="german"))   # the library has nothing in German
    assert german.answered and german.reply.language == "de"
    assert german.reply.sources[0].id == "eu-amif-funding"
    note = german.reply.answer.language_note or ""
    assert "Deutsch" in note and "Englisch" in note


def test_a_language_asked_for_gives_no_resource_on_another_subject(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    """The rule would answer the English-only search with the Global Refugee Forum; nothing in English is about
    ANVITA, so the French resource comes back, saying so."""
    assistant = bundled_runtime.assistant
    first = assistant.turn(msg("C'est quoi l'ANVITA ?", chat="anvita"))
    assert first.answered and first.reply.sources[0].id == "villes-accueillantes-anvita-fr"
    english = assistant.turn(msg("in english please?", chat="anvita"))
    assert english.answered and english.reply.sources[0].id == "villes-accueillantes-anvita-fr"
    assert "no resource in English" in (english.reply.answer.language_note or "")


def test_castellano_asks_for_spanish(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    assert assistant.turn(msg("How can municipal staff spot victims of human trafficking?", chat="castellano")).answered
    spanish = assistant.turn(msg("me lo pasas en castellano?", chat="castellano"))
    assert spanish.answered and spanish.reply.sources[0].id == "trata-personas-es"


@pytest.mark.parametrize(("earlier", "follow_up", "expected"), [
    ("Wat is de New York Declaration van 2016?", "en wat is dat CRRF precies", "new-york-declaration"),
    ("Quel est le rôle de l'ANVITA pour les villes ?", "ok et concretement on adhere comment",
     "villes-accueillantes-anvita-fr"),
])
def test_a_follow_up_without_a_question_mark_is_not_small_talk(bundled_runtime, earlier: str, follow_up: str,
                                                                 expected: str) -> None:  # type: ignore[no-untyped-def]
    """Alone, each is nearest a greeting or goodbye prototype; after an answer it is nearer the follow-ups."""
    assistant = bundled_runtime.assistant
    chat = f"no-mark-{expected}"
    assert assistant.turn(msg(earlier, chat=chat)).answered
    assert assistant.smalltalk.classify(follow_up) is not None
    turn = assistant.turn(msg(follow_up, chat=chat))
    assert turn.smalltalk is None and turn.answered and turn.reply.sources[0].id == expected


def test_eval_reports_the_conversation_figures(bundled_runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.evaluate import run_eval

    extract = bundled_runtime.assistant.turn(msg(HOUSING, chat="probe")).reply.answer.extract
    phrase = " ".join(extract.split()[:8])
    lines = [
        {"q": "hello there!", "lang": "en", "kind": "smalltalk", "expect": []},
        {"q": "muchas gracias", "lang": "es", "kind": "smalltalk", "expect": []},
        {"q": HOUSING, "lang": "en", "expect": ["housing-newcomers"], "evidence": [phrase]},
        {"q": "¿Cómo puede una ciudad detectar y atender a víctimas de trata de personas?", "lang": "es",
         "expect": ["trata-personas-es"]},
        {"q": "tell me more", "lang": "en", "context": [HOUSING], "expect": ["housing-newcomers"]},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    before = counts(bundled_runtime)
    result = run_eval(bundled_runtime, path)
    assert counts(bundled_runtime) == before          # the evaluation writes nothing where the bot lives
    assert result["n"] == 2                           # small talk and follow-ups are scored apart
    assert result["smalltalk_accuracy"] == 1.0 and result["smalltalk_false_positives"] == 0
    assert result["extract_n"] == 1 and result["extract_hit_rate"] == 1.0
    assert result["same_language_n"] == 2 and result["same_language_first"] == 1.0
    assert result["followup_n"] == 1 and result["followup_decision_accuracy"] == 1.0
    assert set(result["by_resource_language"]) == {"en", "es"}
