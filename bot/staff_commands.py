"""Queue commands that staff can type in any chat (Slack, Telegram, console).

The same operations as ``mmc-bot queue``; the platform identity of the sender decides whether they
are staff. Staff-facing text is English (the council's working language).
"""

from __future__ import annotations

import re

from bot.messages import Reply, ReplyStatus, Requester
from bot.queue.errors import QueueError
from bot.queue.service import RequestQueue, TicketView
from bot.queue.staff import StaffDirectory

STAFF_COMMANDS = {"tickets", "queue", "ticket", "claim", "claimnext", "unclaim", "answer", "answerkb", "close",
                  "reopen"}
KNOWLEDGE_FLAG = re.compile(r"^\+k(?:b)?\s+", re.IGNORECASE)   # "/answer 12 +k text" also adds it to knowledge
ID_RE = re.compile(r"^#?(\d+)\s*(.*)$", re.DOTALL)
LIST_LIMIT = 30   # a chat message listing more than this is not read; the rest are counted


def summary_line(t: TicketView) -> str:
    who = t.requester.display_name or t.requester.user_id
    assignee = f" → {t.assignee}" if t.assignee else ""
    question = t.question if len(t.question) <= 90 else t.question[:89] + "…"
    return f"#{t.id} [{t.status}{assignee}] {who} ({t.requester.platform}, {t.language}): {question}"


def detail_text(t: TicketView) -> str:
    found = ", ".join(f"{f['id']} ({f['score']:.2f})" for f in t.found) or "nothing"
    lines = [summary_line(t), f"Question: {t.question}", f"Reason: {t.reason}. Found at escalation: {found}"]
    if t.answer:
        lines.append(f"Answer by {t.answered_by}: {t.answer}")
    if t.delivery:
        lines.append(f"Delivery: {t.delivery}")
    lines += [f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action}" for e in t.events]
    return "\n".join(lines)


class StaffCommands:
    def __init__(self, queue: RequestQueue, staff: StaffDirectory) -> None:
        self.queue = queue
        self.staff = staff

    def is_staff(self, requester: Requester) -> bool:
        return self.staff.by_platform(requester.platform, requester.user_id) is not None

    def run(self, name: str, args: str, requester: Requester) -> Reply:
        member = self.staff.by_platform(requester.platform, requester.user_id)
        if member is None:
            raise PermissionError(name)
        try:
            return Reply(ReplyStatus.INFO, (self._run(name, args, member.name),))
        except QueueError as exc:
            return Reply(ReplyStatus.REFUSED, (str(exc),))

    def _run(self, name: str, args: str, actor: str) -> str:
        q = self.queue
        if name in ("tickets", "queue"):
            status = args.strip() or "open"
            wanted = None if status == "all" else status
            tickets = q.list(status=wanted, limit=LIST_LIMIT)
            lines = [summary_line(t) for t in tickets]
            more = q.count(wanted) - len(tickets) if len(tickets) == LIST_LIMIT else 0
            if more > 0:
                lines.append(f"… and {more} more (oldest shown first; `mmc-bot queue list --all` lists them all).")
            return "\n".join(lines) or f"No {status} tickets."
        if name == "claimnext":
            ticket = q.claim_next(actor)
            return f"You claimed:\n{detail_text(ticket)}" if ticket else "No open tickets."
        match = ID_RE.match(args.strip())
        if not match:
            raise _usage(name)
        ticket_id, rest = int(match.group(1)), match.group(2).strip()
        if name == "ticket":
            return detail_text(q.get(ticket_id))
        if name == "claim":
            return f"You claimed #{q.claim(ticket_id, actor).id}."
        if name == "unclaim":
            return f"#{q.unclaim(ticket_id, actor).id} is open again."
        if name in ("answer", "answerkb"):
            flagged = KNOWLEDGE_FLAG.match(rest)
            if flagged:
                rest = rest[flagged.end():]
            view = q.answer(ticket_id, actor, rest, add_to_knowledge=name == "answerkb" or flagged is not None)
            extra = f" Added to knowledge as {view.knowledge_id}." if view.knowledge_id else ""
            return f"Answer to #{view.id} recorded; it is on its way to the requester.{extra}"
        if name == "close":
            return f"#{q.close(ticket_id, actor).id} closed."
        if name == "reopen":
            return f"#{q.reopen(ticket_id, actor).id} reopened."
        raise _usage(name)


def _usage(name: str) -> QueueError:
    forms = {"answer": "/answer N your answer (/answer N +k your answer also adds it to knowledge)", "answerkb": "/answerkb N your answer (also adds it to knowledge)"}
    return QueueError(f"usage: {forms.get(name, f'/{name} N')}")
