"""The bot core end to end on the bundled repository, with the real e5 embedder and FAISS."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.messages import ActionEvent, ActionKind, Message, ReplyStatus
from bot.models import Feedback, Interaction
from bot.queue.models import Ticket


def msg(text: str, user: str = "U-1", platform: str = "console") -> Message:
    return Message(platform=platform, user_id=user, chat_id="C-1", text=text, display_name="Official")


def counts(runtime) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Ticket)),
                s.scalar(select(func.count()).select_from(Interaction)))


def test_answers_with_an_extract_and_its_sources(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    reply = bundled_runtime.assistant.handle(msg("How does a city get involved with the Mayors Migration Council, whom do we write to?"))
    assert reply.status == ReplyStatus.ANSWERED
    assert reply.sources[0].id in {"mmc-how-to-join", "mmc-about", "mmc-services", "mmc-presentation-fr", "mmc-que-es-es"}
    assert 1 <= len(reply.sources) <= 4
    extract = reply.blocks[0]
    assert 0 < len(extract) <= 600
    chunk_texts = [c.text.replace("**", "") for c in bundled_runtime.library.retriever.corpus.chunks
                   if c.resource_id == reply.sources[0].id]
    for line in filter(None, extract.splitlines()):  # quoted (from neighbouring chunks), never written by the bot
        assert any(line in t for t in chunk_texts), line
    assert reply.sources[0].title in reply.text
    assert {a.kind for a in reply.actions} == {ActionKind.HELPFUL, ActionKind.NOT_HELPFUL}


def test_a_question_asked_after_its_context_is_answered_by_what_it_asks(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    """Whom to contact, not what the mechanism is: the last sentence counts extra within the resource
    (without it, the extract is the mechanism's description)."""
    question = ("Chi guida il meccanismo dei sindaci del GFMD? Vorrei capire a chi rivolgermi per far "
                "partecipare il nostro comune.")
    reply = bundled_runtime.assistant.handle(msg(question, user="U-gfmd"))
    assert reply.status == ReplyStatus.ANSWERED and reply.sources[0].id == "gfmd-mayors-mechanism"
    assert "Contact the mechanism's steering partners" in reply.answer.extract


def test_replies_in_the_askers_language(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    reply = bundled_runtime.assistant.handle(msg("¿Cómo puede una ciudad detectar y atender a víctimas de trata de personas?"))
    assert reply.language == "es"
    assert reply.status == ReplyStatus.ANSWERED
    assert reply.sources[0].id == "trata-personas-es"
    assert "Fuente" in reply.text
    help_fr = bundled_runtime.assistant.handle(msg("/help", user="U-fr"))
    assert help_fr.status == ReplyStatus.INFO


def test_cross_language_answer_says_the_source_language(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    result = bundled_runtime.library.retriever.search("víctimas de trata de personas", "es")
    reply = assistant.compose_answer(result, "en")
    assert "This source is in Spanish." in reply.text


def test_out_of_scope_goes_to_the_team_with_what_was_found(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    reply = bundled_runtime.assistant.handle(msg("What will the weather be like in Nairobi on Saturday?", user="U-weather"))
    assert reply.status == ReplyStatus.ESCALATED and reply.ticket is not None
    ticket = bundled_runtime.queue.get(reply.ticket)
    assert ticket.reason == "low_confidence" and ticket.found and ticket.requester.user_id == "U-weather"
    again = bundled_runtime.assistant.handle(msg("what will the weather be like in Nairobi on saturday", user="U-weather"))
    assert again.ticket == reply.ticket and "still open" in again.text


@pytest.mark.parametrize(
    ("text", "status", "needle"),
    [
        ("", ReplyStatus.REFUSED, "Please write a question"),
        ("   \n\t  ", ReplyStatus.REFUSED, "Please write a question"),
        ("x" * 20_000, ReplyStatus.REFUSED, "too long (20000 characters"),
        ("§§ 🚧🚧 ¶", ReplyStatus.REFUSED, "any words"),
        ("🙏🏽🎉", ReplyStatus.INFO, "welcome"),          # thanks in emoji: small talk, not a refusal
        ("\x00\x07\x1b", ReplyStatus.REFUSED, "Please write a question"),
        ("/frobnicate now", ReplyStatus.REFUSED, "/frobnicate"),
    ],
)
def test_bad_input_gets_a_clear_reply_and_writes_nothing(bundled_runtime, text, status, needle) -> None:  # type: ignore[no-untyped-def]
    before = counts(bundled_runtime)
    reply = bundled_runtime.assistant.handle(msg(text, user="U-bad"))
    assert reply.status == status
    assert needle in reply.text
    assert counts(bundled_runtime) == before


@pytest.mark.parametrize("text", [
    "Housing مرحبا Γειά σας 住房 for refugees?",                        # mixed scripts
    "Je, jiji linawezaje kusaidia wakimbizi kupata makazi?",           # Swahili: no resource, no catalogue
    "難民の住宅支援について都市は何ができますか？",                            # Japanese
    "\u202eHow can cities\u200b house refugees?\x00",                  # bidi override, zero-width, NUL
])
def test_odd_but_real_questions_get_an_answer_or_a_ticket(bundled_runtime, text) -> None:  # type: ignore[no-untyped-def]
    reply = bundled_runtime.assistant.handle(msg(text, user="U-odd"))
    assert reply.status in (ReplyStatus.ANSWERED, ReplyStatus.ESCALATED)
    assert reply.blocks and all(b.strip() for b in reply.blocks)
    assert reply.language == "en"  # no catalogue for sw/ja: English words


def test_feedback_buttons(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    assistant = bundled_runtime.assistant
    answered = assistant.handle(msg("What are the four objectives of the Global Compact on Refugees?", user="U-fb"))
    assert answered.status == ReplyStatus.ANSWERED
    helpful, not_helpful = sorted(answered.actions, key=lambda a: a.kind.value)
    requester = msg("", user="U-fb").requester

    thanks = assistant.handle_action(ActionEvent(ActionKind.HELPFUL, helpful.value, requester))
    assert thanks.status == ReplyStatus.INFO
    stranger = assistant.handle_action(ActionEvent(ActionKind.NOT_HELPFUL, not_helpful.value,
                                                   msg("", user="U-other").requester))
    assert stranger.status == ReplyStatus.REFUSED
    escalated = assistant.handle_action(ActionEvent(ActionKind.NOT_HELPFUL, not_helpful.value, requester))
    assert escalated.status == ReplyStatus.ESCALATED
    ticket = bundled_runtime.queue.get(escalated.ticket)
    assert ticket.reason == "not_helpful" and "Global Compact on Refugees" in ticket.question
    assert ticket.found  # what the bot had found travels with the ticket
    garbage = assistant.handle_action(ActionEvent(ActionKind.HELPFUL, "not-a-number", requester))
    assert garbage.status == ReplyStatus.REFUSED
    with bundled_runtime.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Feedback).where(Feedback.user_id == "U-fb")) == 2


def test_a_button_on_an_erased_question_escalates_nothing(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from bot.models import Interaction
    from bot.privacy import ERASED

    assistant = bundled_runtime.assistant
    answered = assistant.handle(msg("What are the four objectives of the Global Compact on Refugees?", user="U-old"))
    not_helpful = next(a for a in answered.actions if a.kind == ActionKind.NOT_HELPFUL)
    with bundled_runtime.sessions() as s, s.begin():   # what the retention purge does to an old question
        s.execute(update(Interaction).where(Interaction.id == int(not_helpful.value)).values(question=ERASED))
    pressed = assistant.handle_action(ActionEvent(ActionKind.NOT_HELPFUL, not_helpful.value,
                                                  msg("", user="U-old").requester))
    assert pressed.status == ReplyStatus.REFUSED and pressed.ticket is None


def test_asking_for_a_person(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    reply = bundled_runtime.assistant.handle(msg("/human Can someone call me about our city's pledge?", user="U-h"))
    assert reply.status == ReplyStatus.ESCALATED
    assert bundled_runtime.queue.get(reply.ticket).reason == "asked_for_person"
    empty = bundled_runtime.assistant.handle(msg("/human", user="U-h"))
    assert empty.status == ReplyStatus.REFUSED


def test_only_staff_may_work_the_queue_from_chat(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    before = bundled_runtime.queue.list()
    reply = bundled_runtime.assistant.handle(msg("/claimnext", user="U-not-staff"))
    assert reply.status == ReplyStatus.REFUSED and "staff" in reply.text
    assert bundled_runtime.queue.list() == before


def test_related_resources_are_only_those_close_to_the_source(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    from bot.core import RELATED_MARGIN

    assistant = bundled_runtime.assistant
    shown = []
    for text in ("What are the four objectives of the Global Compact on Refugees?",
                 "How can a city join the Mayors Migration Council?",
                 "How do other cities house newly arrived refugees?"):
        reply = assistant.handle(msg(text, user="U-related"))
        assert reply.status == ReplyStatus.ANSWERED
        source, *related = reply.sources
        assert all(source.score - r.score <= RELATED_MARGIN + 1e-4 for r in related)
        assert len(related) == len(reply.answer.related)
        shown.append(len(related))
    assert min(shown) < 3   # no longer always three, whatever their scores


@pytest.mark.parametrize("specific, general", [
    ("What is the deadline for this year's Global Cities Fund call?", "What is the Global Cities Fund?"),
    ("¿Cuál es la fecha límite de la convocatoria del Global Cities Fund este año?",
     "¿Cómo puede una ciudad presentar un compromiso en el Foro Mundial sobre Refugiados?"),
    ("Qui préside le Forum mondial des maires cette année ?", "Qu'est-ce que le Forum mondial des maires ?"),
    ("What is the email address of the MMC's focal point for East Africa?", "How can a city join the Mayors Migration Council?"),
])
def test_requests_for_one_specific_fact_go_to_staff_while_the_topic_is_answered(bundled_runtime, specific, general) -> None:  # type: ignore[no-untyped-def]
    from index.decision import SPECIFIC_FACT_LINE
    from knowledge.language import detect_language

    assistant = bundled_runtime.assistant
    result, answer, _ = assistant.decide(specific, detect_language(specific))
    assert not answer, (specific, result.specific_fact)
    if "deadline" in specific:   # the line alone sends it, whatever the rule would say
        assert result.specific_fact >= SPECIFIC_FACT_LINE
    result, answer, _ = assistant.decide(general, detect_language(general))
    assert answer and result.specific_fact < SPECIFIC_FACT_LINE, (general, result.specific_fact)
