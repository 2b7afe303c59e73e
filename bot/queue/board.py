"""Staff boards: the Slack channel or Telegram group where each ticket has one message, kept current.

The queue writes a staff notice to the outbox with every change of a ticket; the dispatcher hands it
here. This module reads the ticket as it is *now*, and asks each board to post its message (the first
time) or edit it (every later time). Boards only render and send; where each ticket's message sits is
kept in the database (``staff_posts``), so any replica can edit a message another replica posted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.channel import DeliveryError
from bot.queue.errors import TicketNotFound
from bot.queue.models import StaffPost
from bot.queue.service import RequestQueue, TicketView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundResource:
    id: str
    title: str
    score: float


@dataclass(frozen=True)
class TicketCard:
    """What a board shows of a ticket: the ticket and the titles of what the bot found for it."""

    ticket: TicketView
    found: tuple[FoundResource, ...]


@dataclass(frozen=True)
class PostRef:
    chat_id: str
    message_id: str


class StaffBoard(Protocol):
    """A place staff see tickets (one per platform)."""

    name: str

    def publish(self, card: TicketCard, previous: PostRef | None) -> PostRef:
        """Post the card (``previous`` is None) or edit the earlier post; raise DeliveryError on failure.

        Returning a different chat than ``previous`` (the staff channel was changed) is allowed."""


def ticket_of_post(sessions: sessionmaker[Session], board: str, chat_id: str, message_id: str) -> int | None:
    """The ticket whose board message this is (a staff reply to it answers the ticket)."""
    with sessions() as session:
        return session.scalar(select(StaffPost.ticket_id).where(
            StaffPost.board == board, StaffPost.chat_id == str(chat_id), StaffPost.message_id == str(message_id)))


class StaffNotices:
    """Delivers one staff notice to every board."""

    def __init__(self, sessions: sessionmaker[Session], queue: RequestQueue, boards: list[StaffBoard],
                 title_of: Callable[[str], str | None] = lambda _id: None) -> None:
        self.sessions = sessions
        self.queue = queue
        self.boards = list(boards)
        self.title_of = title_of

    def card(self, ticket_id: int) -> TicketCard:
        view = self.queue.get(ticket_id)
        found = tuple(FoundResource(f["id"], self.title_of(f["id"]) or f["id"], float(f.get("score") or 0.0))
                      for f in view.found)
        return TicketCard(view, found)

    def deliver(self, ticket_id: int | None) -> None:
        if ticket_id is None or not self.boards:
            return  # the ticket is gone (deleted), or no board is configured here: nothing to show
        try:
            card = self.card(ticket_id)
        except TicketNotFound:
            return
        for board in self.boards:
            previous = self._post(ticket_id, board.name)
            ref = board.publish(card, previous)
            if ref != previous:
                self._remember(ticket_id, board.name, ref)

    def _post(self, ticket_id: int, board: str) -> PostRef | None:
        with self.sessions() as session:
            row = session.scalars(select(StaffPost).where(StaffPost.ticket_id == ticket_id,
                                                          StaffPost.board == board)).first()
            return PostRef(row.chat_id, row.message_id) if row else None

    def _remember(self, ticket_id: int, board: str, ref: PostRef) -> None:
        try:
            with self.sessions() as session, session.begin():
                row = session.scalars(select(StaffPost).where(StaffPost.ticket_id == ticket_id,
                                                              StaffPost.board == board)).first()
                if row is None:
                    session.add(StaffPost(ticket_id=ticket_id, board=board, chat_id=ref.chat_id,
                                          message_id=ref.message_id))
                else:
                    row.chat_id, row.message_id = ref.chat_id, ref.message_id
        except IntegrityError as exc:  # notices of one ticket are serialised, so this means a bug: say so
            raise DeliveryError(f"ticket #{ticket_id} was posted to {board} twice: {exc}") from exc
