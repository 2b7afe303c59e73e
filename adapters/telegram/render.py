"""Replies and tickets as Telegram messages: HTML parse mode, inline keyboards, the 4,096 limit.

Everything a user, a staff member or a resource wrote goes through :func:`html.escape`, so no text
can open a tag Telegram refuses (``/ask <question>`` in the help) or smuggle a link. Telegram counts
its limit on the text *after* parsing, so messages are built from paragraphs whose visible length is
known, and packed into messages at paragraph boundaries (then lines, then words): never cut.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import ActionKind, Reply, Source
from bot.queue.board import TicketCard

MAX_CHARS = 4096               # telegram.constants.MessageLimit.MAX_TEXT_LENGTH, after entities are parsed
CALLBACK_BYTES = 64            # telegram.constants.InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
ALERT_CHARS = 200              # answerCallbackQuery's text

FEEDBACK_CODES = {ActionKind.HELPFUL: "h", ActionKind.NOT_HELPFUL: "n", ActionKind.ASK_TEAM: "t"}
FEEDBACK_KINDS = {code: kind for kind, code in FEEDBACK_CODES.items()}
FEEDBACK_DATA = re.compile(r"^fb:([hnt]):(\d{1,20})$")
CLAIM_DATA = re.compile(r"^claim:(\d{1,20})$")
CARD_HEADER = re.compile(r"^Request #(\d{1,20}) · ")    # the first line of a ticket's message, as shown


@dataclass(frozen=True)
class Para:
    """A piece of a message: its HTML, its length as Telegram counts it, and what joins it to the last."""

    html: str
    length: int
    glue: str = "\n\n"


@dataclass(frozen=True)
class TelegramMessage:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def visible(text: str) -> int:
    """Telegram's length of a plain text: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def link(source: Source) -> Para:
    """The title as a link when the resource has a web address; bold otherwise (no other schemes)."""
    if source.url and is_web_url(source.url):
        return Para(f'<a href="{html.escape(source.url, quote=True)}">{esc(source.title)}</a>', visible(source.title))
    return Para(f"<b>{esc(source.title)}</b>", visible(source.title))


def split_plain(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pieces of at most ``limit`` (as Telegram counts), cut at line, then word boundaries."""
    if visible(text) <= limit:
        return [text]
    # The longest prefix that fits, in Python characters (UTF-16 may count some twice).
    fit = limit
    while visible(text[:fit]) > limit:
        fit -= max(1, (visible(text[:fit]) - limit) // 2)
    for separator in ("\n", " "):
        cut = text.rfind(separator, 0, fit)
        if cut > fit // 3:
            return [text[:cut].rstrip()] + split_plain(text[cut + 1:].lstrip(), limit)
    return [text[:fit]] + split_plain(text[fit:], limit)   # one "word" longer than a message


def text_paras(text: str, glue: str = "\n\n") -> list[Para]:
    """A plain text as escaped paragraphs, each within one message."""
    paras: list[Para] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        for i, piece in enumerate(split_plain(paragraph.strip())):
            if piece:
                paras.append(Para(esc(piece), visible(piece), glue if not paras or i == 0 else "\n"))
    return paras


def pack(paras: list[Para], limit: int = MAX_CHARS) -> list[str]:
    """Paragraphs into as few messages as fit, in order, each within ``limit``."""
    messages: list[str] = []
    current: list[str] = []
    length = 0
    for para in paras:
        added = para.length + (visible(para.glue) if current else 0)
        if current and length + added > limit:
            messages.append("".join(current))
            current, length, added = [], 0, para.length
        current.append((para.glue if current else "") + para.html)
        length += added
    if current:
        messages.append("".join(current))
    return messages or ["…"]


# ---- officials ----------------------------------------------------------------------------------

def answer_paras(reply: Reply) -> list[Para]:
    if reply.answer is None:
        return [p for block in reply.blocks for p in text_paras(block)]
    view = reply.answer
    paras = text_paras(view.extract)
    before, _, after = view.source_template.partition("{title}")
    title = link(view.source)
    paras.append(Para(esc(before) + title.html + esc(after), visible(before) + title.length + visible(after)))
    if view.language_note:
        paras.append(Para(f"<i>{esc(view.language_note)}</i>", visible(view.language_note), "\n"))
    if view.related:
        heading = view.related_heading or ""
        paras.append(Para(esc(heading), visible(heading)))
        for source in view.related:
            item = link(source)
            paras.append(Para("• " + item.html, 2 + item.length, "\n"))
    return paras


def feedback_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(a.label, callback_data=f"fb:{FEEDBACK_CODES[a.kind]}:{a.value}")
               for a in reply.actions if a.kind in FEEDBACK_CODES and a.value.isdigit()]
    return InlineKeyboardMarkup([[b] for b in buttons]) if buttons else None


def reply_messages(reply: Reply) -> list[TelegramMessage]:
    """The reply as one or more messages; the feedback buttons go under the last one."""
    parts = pack(answer_paras(reply))
    keyboard = feedback_keyboard(reply)
    return [TelegramMessage(part, keyboard if i == len(parts) - 1 else None) for i, part in enumerate(parts)]


def plain_messages(text: str) -> list[TelegramMessage]:
    """A plain text (a staff answer relayed to an official, a note to staff) as messages."""
    return [TelegramMessage(part) for part in pack(text_paras(text))]


def alert(text: str) -> str:
    """A callback-query notice: Telegram shows at most 200 characters, so a long one is shortened."""
    text = " ".join(text.split())
    return text if len(text) <= ALERT_CHARS else text[:ALERT_CHARS - 1] + "…"


# ---- the staff group ----------------------------------------------------------------------------

def claim_keyboard(card: TicketCard) -> InlineKeyboardMarkup | None:
    if card.ticket.status != "open":
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton("Claim", callback_data=f"claim:{card.ticket.id}")]])


def ticket_message(card: TicketCard) -> TelegramMessage:
    """One message per ticket in the staff group, edited as the ticket moves.

    It must stay one message (it is edited in place), so a very long question or answer is shortened
    here, saying so; the full texts are in ``/ticket N`` and were sent to the official whole."""
    t = card.ticket
    who = t.requester.display_name or t.requester.user_id
    head = [f"<b>Request #{t.id} · {esc(t.status)}</b>"]
    where = (f"Asked by <b>{esc(who)}</b> on {esc(t.requester.platform)} · language {esc(t.language)} · "
             f"{esc(t.reason.replace('_', ' '))} · {t.created_at:%Y-%m-%d %H:%M} UTC")
    found = "\n".join(f"• {esc(f.title)} ({f.score:.2f})" for f in card.found) or "nothing"
    tail = [where, f"<b>What the bot found:</b>\n{found}"]
    if t.status == "claimed" and t.assignee:
        tail.append(f"Claimed by <b>{esc(t.assignee)}</b>")
    if t.status in ("open", "claimed"):
        tail.append(f"<i>Reply to this message to answer; start with +k to add the answer to the library. "
                    f"Or: /answer {t.id} your answer</i>")
    answer_head = f"<b>Answered by {esc(t.answered_by or '?')}:</b>\n" if t.answer else ""
    if t.knowledge_id:
        tail.append(f"Added to the library as <code>{esc(t.knowledge_id)}</code>")
    if t.status == "closed":
        tail.append("Closed.")
    fixed = sum(_html_length(p) + 2 for p in head + tail) + _html_length(answer_head)
    budget = MAX_CHARS - fixed - 8
    question = _shorten(t.question, max(200, budget - min(len(t.answer or ""), budget // 2)), t.id)
    parts = head + [esc(question)]
    if t.answer and t.status in ("answered", "closed"):
        answer = _shorten(t.answer, max(200, budget - visible(question)), t.id)
        parts.append(answer_head + esc(answer))
    return TelegramMessage("\n\n".join(parts + tail), claim_keyboard(card))


def _shorten(text: str, limit: int, ticket_id: int) -> str:
    if visible(text) <= limit:
        return text
    note = f" … (shortened: /ticket {ticket_id} shows it all)"
    return split_plain(text, max(1, limit - visible(note)))[0] + note


def _html_length(fragment: str) -> int:
    return visible(html.unescape(re.sub(r"<[^>]+>", "", fragment)))
