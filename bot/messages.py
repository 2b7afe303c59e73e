"""The platform-neutral types that cross the seam between adapters and the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum


class ReplyStatus(str, Enum):
    ANSWERED = "answered"
    ESCALATED = "escalated"
    REFUSED = "refused"      # bad input, or an action the user may not take
    INFO = "info"            # greeting, help, acknowledgements
    FAILED = "failed"        # something on our side went wrong; the user is told plainly


class ActionKind(str, Enum):
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"    # "not helpful, ask the team": escalates the question
    ASK_TEAM = "ask_team"
    CLAIM = "claim"                # staff: claim the ticket whose number is the value


@dataclass(frozen=True)
class Requester:
    """Who asked and where, enough for the staff answer to find its way back."""

    platform: str
    user_id: str
    chat_id: str
    display_name: str | None = None
    thread_id: str | None = None


@dataclass(frozen=True)
class Message:
    platform: str
    user_id: str
    chat_id: str
    text: str
    display_name: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    language: str | None = None     # set by an adapter that knows the user's locale; detected otherwise
    received_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def requester(self) -> Requester:
        return Requester(self.platform, self.user_id, self.chat_id, self.display_name, self.thread_id)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None
    score: float
    language: str | None = None


@dataclass(frozen=True)
class Action:
    """A button the adapter renders; ``value`` comes back in :class:`ActionEvent` when pressed."""

    kind: ActionKind
    label: str
    value: str


@dataclass(frozen=True)
class ActionEvent:
    """A pressed button, as the adapter reports it."""

    kind: ActionKind
    value: str
    requester: Requester
    language: str | None = None


@dataclass(frozen=True)
class AnswerView:
    """An answer's parts, for platforms that render links and layout (Block Kit, HTML).

    Texts are already in the reply's language; ``source_template`` keeps a ``{title}`` placeholder so a
    renderer can put a link where the title goes, whatever the word order of the language.
    """

    extract: str
    source: Source
    source_template: str
    language_note: str | None = None
    related_heading: str | None = None
    related: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Reply:
    status: ReplyStatus
    blocks: tuple[str, ...]
    language: str = "en"
    sources: tuple[Source, ...] = ()
    actions: tuple[Action, ...] = ()
    ticket: int | None = None
    answer: AnswerView | None = None   # set when status is ANSWERED

    @property
    def text(self) -> str:
        """Plain-text rendering for platforms (and logs) without rich blocks."""
        return "\n\n".join(self.blocks)
