"""The assistant: one platform-neutral :class:`Message` in, one :class:`Reply` out.

Every adapter (console, Slack, Telegram) calls :meth:`Assistant.handle` and
:meth:`Assistant.handle_action`; nothing here knows which platform it serves.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import best_extract
from bot.escalation import EscalationReason, Escalations, EscalationUnavailable, Found
from bot import phrases as P
from bot.i18n import gettext_for, language_name, supported
from bot.library import Library
from bot.messages import Action, ActionEvent, ActionKind, AnswerView, Message, Reply, ReplyStatus, Requester, Source
from bot.models import Feedback, Interaction
from bot.queue.board import ticket_of_post
from bot.queue.errors import QueueError
from bot.queue.service import RequestQueue, TicketView
from bot.queue.staff import StaffDirectory
from bot.staff_commands import STAFF_COMMANDS, StaffCommands
from bot.text import Problem, check
from index.retrieval import Filters, SearchResult
from knowledge.language import detect_language

log = logging.getLogger(__name__)

COMMAND_RE = re.compile(r"^[/!](?P<name>[A-Za-z_]+)(?:@\S+)?(?:\s+(?P<args>.*))?$", re.DOTALL)
PERSON_COMMANDS = {"human", "person", "team", "staff", "persona", "equipe", "équipe"}
RELATED = 3


@dataclass(frozen=True)
class Command:
    name: str
    args: str


def parse_command(text: str) -> Command | None:
    match = COMMAND_RE.match(text.strip())
    if not match:
        return None
    return Command(match.group("name").lower(), (match.group("args") or "").strip())


class Assistant:
    def __init__(self, library: Library, sessions: sessionmaker[Session], escalations: Escalations | None,
                 max_question_chars: int = 4000, results: int = RELATED, staff: StaffDirectory | None = None,
                 queue: RequestQueue | None = None) -> None:
        self.library = library
        self.staff_commands = StaffCommands(queue, staff) if queue is not None and staff is not None else None
        self.sessions = sessions
        self.escalations = escalations
        self.max_question_chars = max_question_chars
        self.results = results
        self._languages: OrderedDict[tuple[str, str], str] = OrderedDict()

    # ---- entry points -------------------------------------------------------------------

    def handle(self, message: Message) -> Reply:
        """Answer, escalate or explain; never raise to the adapter."""
        try:
            return self._handle(message)
        except Exception:  # the user gets a plain sentence; the log gets the traceback
            log.exception("failed to handle a message from %s/%s", message.platform, message.user_id)
            lang = self._reply_language(self._remembered(message) or message.language)
            return self._plain(ReplyStatus.FAILED, lang, P.INTERNAL_ERROR)

    def handle_action(self, event: ActionEvent) -> Reply:
        try:
            return self._handle_action(event)
        except Exception:
            log.exception("failed to handle action %s", event.kind)
            lang = self._reply_language(event.language)
            return self._plain(ReplyStatus.FAILED, lang, P.INTERNAL_ERROR)

    # ---- messages -------------------------------------------------------------------------

    def _handle(self, message: Message) -> Reply:
        command = parse_command(message.text)
        text = command.args if command else message.text
        checked = check(text, self.max_question_chars)
        lang = self._language(message, checked.text if checked.problem is None else "")
        if command is not None and command.name in {"start", "hello", "hi"}:
            return self.greeting(lang)
        if command is not None and command.name in STAFF_COMMANDS:
            return self._staff_command(command, message, lang)
        if command is not None and command.name not in {"ask", "help", "start"} | PERSON_COMMANDS:
            return self._plain(ReplyStatus.REFUSED, lang, P.UNKNOWN_COMMAND, name=command.name,
                               extra=self._help_text(lang))
        if command is not None and command.name == "help":
            return self._plain(ReplyStatus.INFO, lang, None, extra=self._help_text(lang))
        if checked.problem is not None:
            return self._problem(checked.problem, lang, len(checked.text))
        if command is not None and command.name in PERSON_COMMANDS:
            return self._escalate(message, checked.text, lang, EscalationReason.ASKED_FOR_PERSON, [], None)
        return self.ask(message, checked.text, lang)

    def decide(self, question: str, lang: str | None, filters: Filters | None = None) -> tuple[SearchResult, bool, float]:
        """Search and apply the decision rule: the path both the chat and ``mmc-bot eval`` take."""
        rule = self.library.rule
        if rule is None:
            raise RuntimeError("no decision rule: run `mmc-bot calibrate`")
        result = self.library.retriever.search(question, lang, k=10, filters=filters, fuse=rule.fuses(lang))
        answer, confidence = rule.should_answer(result)
        return result, answer, confidence

    def ask(self, message: Message, question: str, lang: str, filters: Filters | None = None) -> Reply:
        result, answer, confidence = self.decide(question, lang, filters)
        found = [Found(h.resource.id, round(h.score, 4)) for h in result.hits[: self.results + 1]]
        if not answer:
            return self._escalate(message, question, lang, EscalationReason.LOW_CONFIDENCE, found, confidence)
        try:
            interaction = self._record(message, question, lang, "answered", confidence, found, None)
        except SQLAlchemyError:  # the answer still goes out, only without feedback buttons
            log.exception("could not record an answered question")
            interaction = None
        return self.compose_answer(result, lang, interaction)

    def greeting(self, lang: str) -> Reply:
        _ = gettext_for(self._reply_language(lang))
        text = _(P.GREETING)
        return Reply(ReplyStatus.INFO, (text, self._help_text(lang)), language=self._reply_language(lang))

    def _staff_command(self, command: Command, message: Message, lang: str) -> Reply:
        if not self.is_staff(message.requester):
            return self._plain(ReplyStatus.REFUSED, lang, P.STAFF_ONLY, name=command.name)
        return self._staff(message.requester, command.name, command.args)

    # ---- buttons --------------------------------------------------------------------------

    def is_staff(self, requester: Requester) -> bool:
        return self.staff_commands is not None and self.staff_commands.is_staff(requester)

    def answer_ticket(self, requester: Requester, ticket_id: int, text: str, add_to_knowledge: bool) -> Reply:
        """A staff answer given from a platform's form (Slack's modal, a Telegram reply)."""
        try:
            return self._staff(requester, "answerkb" if add_to_knowledge else "answer", f"{ticket_id} {text}")
        except Exception:
            log.exception("failed to answer ticket %s", ticket_id)
            return self._plain(ReplyStatus.FAILED, "en", P.INTERNAL_ERROR)

    def _staff(self, requester: Requester, name: str, args: str) -> Reply:
        if not self.is_staff(requester):
            return self._plain(ReplyStatus.REFUSED, self._reply_language(self._remembered_of(requester)),
                               P.STAFF_ONLY, name=name)
        assert self.staff_commands is not None
        return self.staff_commands.run(name, args, requester)

    def _handle_action(self, event: ActionEvent) -> Reply:
        if event.kind == ActionKind.CLAIM:
            return self._staff(event.requester, "claim", event.value)
        lang = self._reply_language(event.language)
        try:
            interaction_id = int(event.value)
        except ValueError:
            return self._plain(ReplyStatus.REFUSED, lang, P.STALE_BUTTON)
        with self.sessions() as session:
            interaction = session.get(Interaction, interaction_id)
        if interaction is None or interaction.user_id != event.requester.user_id \
                or interaction.platform != event.requester.platform:
            return self._plain(ReplyStatus.REFUSED, lang, P.STALE_BUTTON)
        lang = self._reply_language(interaction.language)
        with self.sessions() as session:
            session.add(Feedback(interaction_id=interaction.id, user_id=event.requester.user_id,
                                 helpful=event.kind == ActionKind.HELPFUL))
            session.commit()
        if event.kind == ActionKind.HELPFUL:
            return self._plain(ReplyStatus.INFO, lang, P.THANKS_FEEDBACK)
        message = Message(platform=event.requester.platform, user_id=event.requester.user_id,
                          chat_id=event.requester.chat_id, thread_id=event.requester.thread_id,
                          display_name=event.requester.display_name, text=interaction.question)
        found = [Found(f["id"], f["score"]) for f in interaction.found or []]
        reason = EscalationReason.NOT_HELPFUL if event.kind == ActionKind.NOT_HELPFUL else EscalationReason.ASKED_FOR_PERSON
        return self._escalate(message, interaction.question, interaction.language, reason, found, interaction.confidence)

    # ---- pieces ---------------------------------------------------------------------------

    def compose_answer(self, result: SearchResult, lang: str, interaction: Interaction | None = None) -> Reply:
        """The reply for an answered question: extract, source, related resources, feedback buttons."""
        reply_lang = self._reply_language(lang)
        _ = gettext_for(reply_lang)
        best = result.hits[0]
        related = result.hits[1: 1 + self.results]
        blocks = [best_extract(best, self.library.retriever.corpus)]
        source_line = _(P.SOURCE, title=best.resource.title)
        if best.resource.url:
            source_line += f" — {best.resource.url}"
        if best.resource.language != lang:
            source_line += "\n" + _(P.SOURCE_LANGUAGE,
                                    language=language_name(best.resource.language, reply_lang))
        blocks.append(source_line)
        if related:
            lines = [_(P.RELATED)]
            lines += [f"• {h.resource.title}" + (f" — {h.resource.url}" if h.resource.url else "") for h in related]
            blocks.append("\n".join(lines))
        sources = tuple(Source(h.resource.id, h.resource.title, h.resource.url, round(h.score, 4), h.resource.language)
                        for h in [best, *related])
        actions: tuple[Action, ...] = ()
        if interaction is not None:
            actions = (Action(ActionKind.HELPFUL, _(P.BUTTON_HELPFUL), str(interaction.id)),
                       Action(ActionKind.NOT_HELPFUL, _(P.BUTTON_NOT_HELPFUL), str(interaction.id)))
        note = (_(P.SOURCE_LANGUAGE, language=language_name(best.resource.language, reply_lang))
                if best.resource.language != lang else None)
        view = AnswerView(extract=blocks[0], source=sources[0], source_template=_(P.SOURCE), language_note=note,
                          related_heading=_(P.RELATED) if related else None, related=sources[1:])
        return Reply(ReplyStatus.ANSWERED, tuple(blocks), language=reply_lang, sources=sources, actions=actions,
                     answer=view)

    def _escalate(self, message: Message, question: str, lang: str, reason: EscalationReason,
                  found: list[Found], confidence: float | None) -> Reply:
        reply_lang = self._reply_language(lang)
        _ = gettext_for(reply_lang)
        intro = (_(P.NOTHING_FOUND)
                 if reason == EscalationReason.LOW_CONFIDENCE else None)
        if self.escalations is None:
            text = _(P.WRITE_TO_TEAM)
            return Reply(ReplyStatus.ESCALATED, tuple(b for b in (intro, text) if b), language=reply_lang)
        try:
            result = self.escalations.escalate(message.requester, question, lang, reason, found)
        except (EscalationUnavailable, SQLAlchemyError):
            log.exception("could not record an escalation for %s/%s", message.platform, message.user_id)
            text = _(P.NOT_RECORDED)
            return Reply(ReplyStatus.FAILED, tuple(b for b in (intro, text) if b), language=reply_lang)
        if result.duplicate:
            text = _(P.ALREADY_OPEN, ticket=result.ticket)
        else:
            text = _(P.PASSED_TO_TEAM, ticket=result.ticket)
        try:
            self._record(message, question, lang, "escalated", confidence, found, result.ticket)
        except SQLAlchemyError:
            log.exception("ticket %s recorded but its interaction was not", result.ticket)
        return Reply(ReplyStatus.ESCALATED, tuple(b for b in (intro, text) if b), language=reply_lang,
                     ticket=result.ticket)

    def _problem(self, problem: Problem, lang: str, length: int) -> Reply:
        if problem == Problem.EMPTY:
            return self._plain(ReplyStatus.REFUSED, lang, P.EMPTY)
        if problem == Problem.TOO_LONG:
            return self._plain(ReplyStatus.REFUSED, lang, P.TOO_LONG,
                               length=length, limit=self.max_question_chars)
        return self._plain(ReplyStatus.REFUSED, lang, P.NO_WORDS)

    def _help_text(self, lang: str) -> str:
        _ = gettext_for(self._reply_language(lang))
        return _(P.HELP)

    def _plain(self, status: ReplyStatus, lang: str, message: str | None, extra: str | None = None,
               **values: object) -> Reply:
        reply_lang = self._reply_language(lang)
        _ = gettext_for(reply_lang)
        blocks = tuple(b for b in ((_(message, **values) if message else None), extra) if b)
        return Reply(status, blocks, language=reply_lang)

    def _record(self, message: Message, question: str, lang: str, status: str, confidence: float | None,
                found: list[Found], ticket: int | None) -> Interaction:
        row = Interaction(platform=message.platform, user_id=message.user_id, display_name=message.display_name,
                          chat_id=message.chat_id, thread_id=message.thread_id, question=question, language=lang,
                          status=status, confidence=confidence, ticket_id=ticket,
                          found=[{"id": f.resource_id, "score": f.score} for f in found])
        with self.sessions() as session:
            session.add(row)
            session.commit()
        return row

    # ---- language -------------------------------------------------------------------------

    def _language(self, message: Message, text: str) -> str:
        """Detected from the text; else this user's last language; else the platform's hint; else English."""
        detected = detect_language(text) if text else None
        key = (message.platform, message.user_id)
        if detected:
            self._languages[key] = detected
            self._languages.move_to_end(key)
            while len(self._languages) > 10_000:
                self._languages.popitem(last=False)
            return detected
        return self._remembered(message) or message.language or "en"

    def _remembered(self, message: Message) -> str | None:
        return self._languages.get((message.platform, message.user_id))

    def _remembered_of(self, requester: Requester) -> str | None:
        return self._languages.get((requester.platform, requester.user_id))

    def language_of(self, platform: str, user_id: str, hint: str | None = None) -> str:
        """The language to greet a user in (App Home, /start): their last message's, else the hint."""
        return self._reply_language(self._languages.get((platform, user_id)) or hint)

    def notice(self, phrase: str, lang: str | None) -> Reply:
        """One of the bot's own sentences (``bot.phrases``) as an informational reply."""
        return self._plain(ReplyStatus.INFO, self._reply_language(lang), phrase)

    def ticket(self, ticket_id: int) -> TicketView | None:
        if self.staff_commands is None:
            return None
        try:
            return self.staff_commands.queue.get(ticket_id)
        except QueueError:
            return None

    def ticket_of_post(self, board: str, chat_id: str, message_id: str) -> int | None:
        """The ticket a staff-board message shows, if any."""
        return ticket_of_post(self.sessions, board, chat_id, message_id)

    def help(self, lang: str | None) -> Reply:
        return self._plain(ReplyStatus.INFO, self._reply_language(lang), None, extra=self._help_text(lang or "en"))

    @staticmethod
    def _reply_language(lang: str | None) -> str:
        return lang if supported(lang) else "en"
