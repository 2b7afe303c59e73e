"""Replies and tickets as Slack messages: Block Kit with a plain ``text`` fallback on every message.

Slack's limits are honoured by splitting, never by cutting: 3,000 characters a section, 50 blocks a
message. Everything a user or a resource wrote is escaped for mrkdwn (``&``, ``<``, ``>``), so nobody
can smuggle a link, a mention or ``<!channel>`` into what the bot posts.

The bot's own words name its commands as ``/human``; Slack's client takes any message that starts with
"/" for a slash command and refuses those the app has not registered (only ``/ask``), so in Slack they
are shown as ``!human``, which the core reads the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bot.core import COMMAND_NAMES
from bot.messages import ActionKind, Reply, ReplyStatus, Source
from bot.queue.board import TicketCard

SECTION_CHARS = 3000
MAX_BLOCKS = 50
TEXT_CHARS = 39_000          # chat.postMessage refuses 40,000 and more
HEADER_CHARS = 150

ACTION_IDS = {ActionKind.HELPFUL: "mmc_helpful", ActionKind.NOT_HELPFUL: "mmc_not_helpful",
              ActionKind.ASK_TEAM: "mmc_ask_team"}
SLASH_COMMANDS = frozenset({"ask"})   # registered in slack/manifest.yaml; Slack delivers these
# A command of the core's, not registered with Slack, at the start or after a space, bracket or quote, and
# not followed by more of a path: "/human" and "(/answer 12" change, "https://x.org/help" and "/help/faq" do not.
_COMMAND = re.compile(r"(?<![^\s(\[\"'“«])/(%s)\b(?![/\w-])(?!\.\w)" % "|".join(
    re.escape(name) for name in sorted(COMMAND_NAMES - SLASH_COMMANDS, key=len, reverse=True)))
CLAIM_ACTION = "mmc_claim"
ANSWER_ACTION = "mmc_answer"
ANSWER_MODAL = "mmc_answer_modal"


@dataclass
class SlackMessage:
    text: str
    blocks: list[dict] = field(default_factory=list)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(source: Source) -> str:
    title = escape(source.title).replace("|", "¦")
    return f"<{source.url}|{title}>" if source.url and source.url.startswith(("http://", "https://")) else f"*{title}*"


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at paragraph, then line, then word boundaries."""
    if len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, limit)
        if cut > limit // 3:
            return [text[:cut].rstrip()] + split_text(text[cut + len(separator):].lstrip(), limit)
    return [text[:limit]] + split_text(text[limit:], limit)


def sections(mrkdwn: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": part}}
            for part in split_text(mrkdwn, SECTION_CHARS) if part.strip()]


def context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:SECTION_CHARS]}]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": label[:75], "emoji": True},
               "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def commands(text: str) -> str:
    """The bot's words with the commands Slack would not deliver written as ``!command``."""
    return _COMMAND.sub(r"!\1", text)


def reply_blocks(reply: Reply) -> list[dict]:
    if reply.answer is None:
        blocks = [b for block in reply.blocks for b in sections(escape(commands(block)))]
    else:
        view = reply.answer
        blocks = sections(escape(view.extract))
        before, _, after = view.source_template.partition("{title}")
        source = f"{escape(before)}{link(view.source)}{escape(after)}"
        if view.language_note:
            source += f"\n_{escape(view.language_note)}_"
        blocks.append(context(source))
        if view.related:
            lines = [escape(view.related_heading or "")] + [f"• {link(s)}" for s in view.related]
            blocks += sections("\n".join(lines))
    if reply.actions:
        blocks.append({"type": "actions", "block_id": "mmc_feedback", "elements": [
            button(a.label, ACTION_IDS[a.kind], a.value, "primary" if a.kind == ActionKind.HELPFUL else None)
            for a in reply.actions]})
    return blocks


def reply_messages(reply: Reply) -> list[SlackMessage]:
    """One message, or several when the blocks exceed Slack's 50; each with its own text fallback."""
    blocks = reply_blocks(reply)
    text = reply.text if reply.answer is not None else commands(reply.text)
    if reply.status == ReplyStatus.ANSWERED and reply.sources:
        text = f"{reply.blocks[0]}\n\n{reply.blocks[1]}" if len(reply.blocks) > 1 else reply.text
    if len(blocks) <= MAX_BLOCKS:
        return [SlackMessage(_fallback(text), blocks)]
    messages = []
    for start in range(0, len(blocks), MAX_BLOCKS):
        part = blocks[start:start + MAX_BLOCKS]
        messages.append(SlackMessage(_fallback(_blocks_text(part) or text), part))
    return messages


def plain_messages(text: str) -> list[SlackMessage]:
    """A plain text (a staff answer relayed to an official) as Slack messages."""
    blocks = sections(escape(text))
    return [SlackMessage(_fallback(_blocks_text(blocks[i:i + MAX_BLOCKS])), blocks[i:i + MAX_BLOCKS])
            for i in range(0, max(len(blocks), 1), MAX_BLOCKS)] if blocks else [SlackMessage(_fallback(text))]


def _blocks_text(blocks: list[dict]) -> str:
    texts = [b["text"]["text"] for b in blocks if b.get("type") == "section"]
    return "\n\n".join(texts)


def _fallback(text: str) -> str:
    """The notification / screen-reader text: escaped like the blocks, never empty, within Slack's cap."""
    text = text if "&amp;" in text or "&lt;" in text else escape(text)
    text = text.strip() or "…"
    return text if len(text) <= TEXT_CHARS else split_text(text, TEXT_CHARS)[0]


# ---- staff channel ------------------------------------------------------------------------------

STATUS_LABEL = {"open": "open", "claimed": "claimed", "answered": "answered", "closed": "closed"}


def ticket_message(card: TicketCard) -> SlackMessage:
    t = card.ticket
    who = escape(t.requester.display_name or t.requester.user_id)
    header = f"Request #{t.id} · {STATUS_LABEL.get(t.status, t.status)}"
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": header[:HEADER_CHARS]}}]
    blocks += sections(escape(t.question))
    blocks.append(context(f"Asked by *{who}* on {escape(t.requester.platform)} · language {escape(t.language)} · "
                          f"{escape(t.reason.replace('_', ' '))} · {t.created_at:%Y-%m-%d %H:%M} UTC"))
    found = "\n".join(f"• {escape(f.title)} ({f.score:.2f})" for f in card.found) or "nothing"
    blocks += sections(f"*What the bot found:*\n{found}")
    if t.status == "claimed" and t.assignee:
        blocks.append(context(f":raising_hand: Claimed by *{escape(t.assignee)}*"))
    if t.answer and t.status in ("answered", "closed"):
        blocks += sections(f"*Answered by {escape(t.answered_by or '?')}:*\n{escape(t.answer)}")
        if t.knowledge_id:
            blocks.append(context(f"Added to the library as `{escape(t.knowledge_id)}`"))
    if t.status == "closed":
        blocks.append(context("Closed."))
    if t.status in ("open", "claimed"):
        elements = [button("Answer", ANSWER_ACTION, str(t.id), "primary")]
        if t.status == "open":
            elements.insert(0, button("Claim", CLAIM_ACTION, str(t.id)))
        blocks.append({"type": "actions", "block_id": f"mmc_ticket_{t.id}", "elements": elements})
    text = f"Request #{t.id} ({t.status}) from {t.requester.display_name or t.requester.user_id} " \
           f"on {t.requester.platform}: {t.question}"
    return SlackMessage(_fallback(text), blocks[:MAX_BLOCKS])


def answer_modal(ticket_id: int, question: str, channel: str | None) -> dict:
    return {
        "type": "modal",
        "callback_id": ANSWER_MODAL,
        "private_metadata": json.dumps({"ticket": ticket_id, "channel": channel}),
        "title": {"type": "plain_text", "text": f"Answer request #{ticket_id}"[:24]},
        "submit": {"type": "plain_text", "text": "Send answer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            *sections(f"*Question:*\n{escape(question)}")[:5],
            {"type": "input", "block_id": "answer", "label": {"type": "plain_text", "text": "Your answer"},
             "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": 3000}},
            {"type": "input", "block_id": "knowledge", "optional": True,
             "label": {"type": "plain_text", "text": "Library"},
             "element": {"type": "checkboxes", "action_id": "add", "options": [
                 {"text": {"type": "plain_text", "text": "Also add this answer to the knowledge library"},
                  "value": "add"}]}},
        ],
    }


def home_view(reply: Reply) -> dict:
    blocks = [b for block in reply.blocks for b in sections(escape(commands(block)))]
    return {"type": "home", "blocks": blocks[:100]}
