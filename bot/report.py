"""What the council learns from the bot: questions, answers, feedback, the staff queue, content gaps.

Rows are read with plain column selects and counted in Python, so SQLite and PostgreSQL give the same
figures (no dialect-specific date functions). The embedding model is loaded only when there are at
least two escalated questions to group: a report on a quiet month, or an empty database, stays quick.
The HTML page lives in ``bot.report_html``.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Feedback, Interaction
from bot.queue.models import Ticket, TicketStatus
from index.embedders import Embedder
from knowledge.models import Document

DEFAULT_DAYS = 90
# Not questions: greetings, help and thanks ("info"), and refused input (empty, too long, no words, a
# staff command from a non-staff user). Counting them would make a chatty week look like a busy one.
NOT_QUESTIONS = {"info": "small talk or help", "refused": "refused input"}
# An "escalated" row written when an official marks an answer not helpful repeats a question already
# counted as answered; the verdict itself is in the helpful rate.
REPEAT_REASON = "not_helpful"
ERASED = "[erased]"  # what the retention purge leaves of a message text
OPEN_STATUSES = (TicketStatus.OPEN.value, TicketStatus.CLAIMED.value)
# Cosine distance under which escalated questions join one gap group (average linkage). Measured with
# e5-small on 64 questions in 20 topics (38 hand-written paraphrases of 10 migration topics in en, es,
# fr, ar, de, and the 26 same-topic out-of-coverage questions of knowledge/eval in 7 languages):
# 0.12 → pair precision 0.97, recall 0.46; 0.14 → 0.98, 0.69; 0.15 → 0.94, 0.79; 0.155 → 0.76, 0.79
# (health care and interpreters merge); 0.18 → 0.30. e5 puts any two domain questions at cosine
# ~0.75–0.90, so the usable band is narrow; 0.14 stays one step below the cliff, because a group that
# hides a second topic misleads curators more than one topic shown as two groups.
GAP_DISTANCE = 0.14
TOP_RESOURCES = 10


def default_since(today: date | None = None) -> date:
    """Ninety days back: a quarter is what a council reviews, and short enough to stay current."""
    return (today or datetime.now(timezone.utc).date()) - timedelta(days=DEFAULT_DAYS)


def week_of(day: date) -> date:
    """The ISO week's Monday: one label per week that sorts and reads as a date."""
    return day - timedelta(days=day.weekday())


def share(part: int, whole: int) -> float | None:
    """A rounded fraction, or None when there is nothing to divide (not a misleading 0%)."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class WeekCount:
    week: date                      # Monday (UTC)
    questions: int
    answered: int
    by_language: dict[str, int]
    by_platform: dict[str, int]


@dataclass(frozen=True)
class GapGroup:
    """Escalated questions on one topic: what the curators should write next."""

    size: int
    languages: dict[str, int]       # most asked first
    examples: dict[str, str]        # per language, the question nearest the group's centre


@dataclass(frozen=True)
class ResourceVerdict:
    id: str
    title: str | None               # None when the resource has since left the library
    not_helpful: int
    helpful: int


@dataclass
class Report:
    since: date
    generated_at: datetime
    weeks: list[WeekCount]
    answered: int = 0
    escalated: int = 0
    failed: int = 0
    not_counted: dict[str, int] = field(default_factory=dict)
    feedback: int = 0
    helpful: int = 0
    tickets: int = 0                # created since the date
    tickets_answered: int = 0
    median_answer_hours: float | None = None
    open_tickets: int = 0           # open or claimed now, however old
    gaps: list[GapGroup] = field(default_factory=list)
    gaps_skipped: dict[str, int] = field(default_factory=dict)
    grouped_with: str | None = None
    not_helpful: list[ResourceVerdict] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return self.answered + self.escalated + self.failed

    @property
    def answered_share(self) -> float | None:
        return share(self.answered, self.questions)

    @property
    def helpful_rate(self) -> float | None:
        return share(self.helpful, self.feedback)

    def to_dict(self) -> dict:
        """Plain JSON types only, dates as ISO strings, so ``json.dumps`` needs no helper."""
        data = asdict(self)
        data["since"] = self.since.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        for week in data["weeks"]:
            week["week"] = week["week"].isoformat()
        data.update(questions=self.questions, answered_share=self.answered_share, helpful_rate=self.helpful_rate,
                    gap_distance=GAP_DISTANCE)
        return data

    def to_text(self) -> str:
        from bot.report_html import text_summary

        return text_summary(self)

    def to_html(self) -> str:
        from bot.report_html import render_html

        return render_html(self)


# ---- reading ------------------------------------------------------------------------------------

def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def question_rows(session: Session, since_at: datetime) -> list[tuple[datetime, str, str, str, str | None]]:
    """(created_at, platform, language, status, ticket reason) of every interaction since the date."""
    stmt = (select(Interaction.created_at, Interaction.platform, Interaction.language, Interaction.status,
                   Ticket.reason)
            .outerjoin(Ticket, Ticket.id == Interaction.ticket_id)
            .where(Interaction.created_at >= since_at))
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def split_questions(rows: Iterable[tuple]) -> tuple[list[tuple], dict[str, int]]:
    """The rows that are questions, and how many of each kind were left out (see NOT_QUESTIONS)."""
    kept, left_out = [], Counter[str]()
    for row in rows:
        status, reason = row[3], row[4]
        if status in NOT_QUESTIONS:
            left_out[status] += 1
        elif status == "escalated" and reason == REPEAT_REASON:
            left_out["not_helpful_repeat"] += 1
        else:
            kept.append(row)
    return kept, dict(left_out)


def weekly_counts(rows: Iterable[tuple], since: date, until: date) -> list[WeekCount]:
    """Every week from the first to the last, empty ones included, so a chart shows quiet weeks as gaps."""
    weeks: dict[date, list[tuple]] = {}
    monday = week_of(since)
    while monday <= week_of(until):
        weeks[monday] = []
        monday += timedelta(days=7)
    for row in rows:
        weeks.setdefault(week_of(row[0].astimezone(timezone.utc).date()), []).append(row)
    return [WeekCount(week, len(items), sum(r[3] == "answered" for r in items),
                      dict(Counter(r[2] for r in items).most_common()),
                      dict(Counter(r[1] for r in items).most_common()))
            for week, items in sorted(weeks.items())]


def feedback_rows(session: Session, since_at: datetime) -> list[tuple[bool, str | None]]:
    """(helpful, resource) per feedback since the date; the resource is what the answer cited first."""
    stmt = (select(Feedback.helpful, Interaction.found)
            .join(Interaction, Interaction.id == Feedback.interaction_id)
            .where(Feedback.created_at >= since_at))
    return [(bool(helpful), (found[0].get("id") if found else None)) for helpful, found in session.execute(stmt)]


def not_helpful_ranking(session: Session, votes: Sequence[tuple[bool, str | None]],
                        limit: int = TOP_RESOURCES) -> list[ResourceVerdict]:
    """Resources most often marked not helpful, with their helpful votes beside them for scale."""
    bad = Counter(resource for helpful, resource in votes if not helpful and resource)
    good = Counter(resource for helpful, resource in votes if helpful and resource)
    top = sorted(bad.items(), key=lambda item: (-item[1], item[0]))[:limit]
    titles = {id_: title for id_, title in session.execute(select(Document.id, Document.title)
                                                          .where(Document.id.in_([r for r, _ in top])))}
    return [ResourceVerdict(r, titles.get(r), n, good[r]) for r, n in top]


def answer_hours(session: Session, since_at: datetime) -> tuple[int, int, float | None]:
    """Tickets created since the date, how many have a staff answer, and the median hours to it."""
    rows = session.execute(select(Ticket.created_at, Ticket.answered_at).where(Ticket.created_at >= since_at)).all()
    waits = [(answered - created).total_seconds() / 3600 for created, answered in rows if answered and created]
    return len(rows), len(waits), round(statistics.median(waits), 2) if waits else None


def open_tickets(session: Session) -> int:
    """The backlog now: an old ticket nobody answered still waits, whatever the report's period."""
    return int(session.scalar(select(func.count()).select_from(Ticket).where(Ticket.status.in_(OPEN_STATUSES))) or 0)


def gap_questions(session: Session, since_at: datetime) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Escalated questions still to write about, and how many were skipped and why.

    Erased texts say nothing; a ticket whose answer was already added to the knowledge is no longer a gap.
    """
    rows = session.execute(select(Ticket.question, Ticket.language, Ticket.knowledge_id)
                           .where(Ticket.created_at >= since_at).order_by(Ticket.id)).all()
    kept, skipped = [], Counter[str]()
    for question, language, knowledge_id in rows:
        if not question or question.strip() == ERASED:
            skipped["erased"] += 1
        elif knowledge_id:
            skipped["added_to_knowledge"] += 1
        else:
            kept.append((question, language))
    return kept, dict(skipped)


# ---- grouping -----------------------------------------------------------------------------------

def cluster_labels(vectors: np.ndarray, threshold: float = GAP_DISTANCE) -> list[int]:
    """Average-linkage groups under a cosine distance: no number of topics to guess in advance."""
    if len(vectors) < 2:
        return [0] * len(vectors)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    return [int(label) for label in model.fit_predict(vectors)]


def make_groups(questions: Sequence[tuple[str, str]], vectors: np.ndarray | None,
                labels: Sequence[int]) -> list[GapGroup]:
    """Largest group first; per language the question nearest the centre, the most typical wording."""
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[label].append(index)
    groups = []
    for indexes in members.values():
        if vectors is not None:
            centre = vectors[indexes].mean(axis=0)
            closeness = {i: float(vectors[i] @ centre) for i in indexes}
        else:
            closeness = {i: 0.0 for i in indexes}
        languages = Counter(questions[i][1] for i in indexes)
        examples = {lang: questions[max((i for i in indexes if questions[i][1] == lang),
                                        key=lambda i: (closeness[i], -i))][0]
                    for lang, _ in languages.most_common()}
        groups.append(GapGroup(len(indexes), dict(languages.most_common()), examples))
    return sorted(groups, key=lambda g: (-g.size, -len(g.languages), next(iter(g.examples.values()))))


def group_gaps(questions: Sequence[tuple[str, str]], embedder: Callable[[], Embedder],
               threshold: float = GAP_DISTANCE) -> tuple[list[GapGroup], str | None]:
    """Groups of escalated questions and the embedder's name; the model is built only if it is needed."""
    if len(questions) < 2:
        return make_groups(questions, None, [0] * len(questions)), None
    model = embedder()
    vectors = model.encode_queries([q for q, _ in questions])
    return make_groups(questions, vectors, cluster_labels(vectors, threshold)), model.name


# ---- the report ---------------------------------------------------------------------------------

def build_report(sessions: sessionmaker[Session], embedder: Callable[[], Embedder], since: date | None = None,
                 now: datetime | None = None) -> Report:
    """Everything the council page shows, for interactions, feedback and tickets since ``since`` (UTC)."""
    now = now or datetime.now(timezone.utc)
    since = since or default_since(now.date())
    since_at = _utc_start(since)
    with sessions() as session:
        questions, left_out = split_questions(question_rows(session, since_at))
        votes = feedback_rows(session, since_at)
        ranking = not_helpful_ranking(session, votes)
        tickets, answered_tickets, median_hours = answer_hours(session, since_at)
        backlog = open_tickets(session)
        texts, skipped = gap_questions(session, since_at)
    statuses = Counter(row[3] for row in questions)
    gaps, grouped_with = group_gaps(texts, embedder)
    return Report(
        since=since, generated_at=now, weeks=weekly_counts(questions, since, now.date()),
        answered=statuses["answered"], escalated=statuses["escalated"],
        failed=sum(n for status, n in statuses.items() if status not in ("answered", "escalated")),
        not_counted=left_out, feedback=len(votes), helpful=sum(helpful for helpful, _ in votes),
        tickets=tickets, tickets_answered=answered_tickets, median_answer_hours=median_hours,
        open_tickets=backlog, gaps=gaps, gaps_skipped=skipped, grouped_with=grouped_with, not_helpful=ranking,
    )
