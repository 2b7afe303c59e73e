"""How a report reads to people: the terminal summary and the one-file HTML page.

The page is sent around by e-mail and opened from disk on council machines, so it is one file with
no JavaScript and nothing fetched from elsewhere: inline CSS, inline SVG charts, each chart with a
table or list beside it that says the same in words. Questions are user input: every text is escaped,
and each carries its language and ``dir="auto"`` so Arabic reads right to left.
"""

from __future__ import annotations

import re
from html import escape

from bot.report import GAP_DISTANCE, NOT_QUESTIONS, Report, WeekCount

COLOURS = ("#3b6ea5", "#e07b39", "#5a9e6f", "#b05a7a", "#8c7bb8", "#c9a227", "#6b6b6b")
CHART_GROUPS = 15  # gap groups drawn; the list below the chart has them all
LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def counts(mapping: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in mapping.items())


def shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def left_out_line(report: Report) -> str:
    """Says what the figures leave out, so nobody compares them with a raw row count and wonders."""
    names = {**NOT_QUESTIONS, "not_helpful_repeat": "repeat after “not helpful”"}
    return ", ".join(f"{n} {names.get(kind, kind)}" for kind, n in report.not_counted.items())


# ---- terminal -----------------------------------------------------------------------------------

def text_summary(report: Report) -> str:
    """A screenful for the terminal: the headline figures first, then gaps and weak resources."""
    if not report.questions and not report.tickets and not report.feedback:
        lines = [f"no questions since {report.since.isoformat()}"]
        if report.open_tickets:
            lines.append(f"{report.open_tickets} older ticket(s) still open")
        return "\n".join(lines)
    lines = [f"Since {report.since.isoformat()}: {report.questions} questions"]
    for week in report.weeks:
        lines.append(f"  week of {week.week.isoformat()}  {week.questions:4d}  {counts(week.by_platform)}"
                     f"{'  | ' + counts(week.by_language) if week.by_language else ''}".rstrip())
    lines.append(f"Answered by the bot: {percent(report.answered_share)} ({report.answered} of {report.questions};"
                 f" escalated {report.escalated}, failed {report.failed})")
    if report.not_counted:
        lines.append(f"  not counted as questions: {left_out_line(report)}")
    lines.append(f"Helpful: {percent(report.helpful_rate)} of {report.feedback} feedback votes")
    median = f"{report.median_answer_hours:.1f} h" if report.median_answer_hours is not None else "–"
    lines.append(f"Staff queue: {report.tickets} tickets, {report.tickets_answered} answered, median time to answer "
                 f"{median}; {report.open_tickets} still open")
    if report.gaps:
        lines.append(f"Content gaps: {sum(g.size for g in report.gaps)} escalated questions in {len(report.gaps)} "
                     "groups (write these next)")
        for rank, group in enumerate(report.gaps[:10], 1):
            lines.append(f"  {rank}. {group.size} × [{counts(group.languages)}]")
            lines += [f"       {lang}: {shorten(text)}" for lang, text in group.examples.items()]
    if report.not_helpful:
        lines.append("Marked not helpful most often:")
        lines += [f"  {r.not_helpful} ×  {r.title or '(no longer in the library)'} ({r.id}); {r.helpful} helpful"
                  for r in report.not_helpful]
    return "\n".join(lines)


# ---- page ---------------------------------------------------------------------------------------

def lang_attrs(language: str) -> str:
    """``lang`` only when it looks like a language tag (the value is stored user-side data)."""
    tag = f' lang="{escape(language)}"' if LANG_CODE.match(language or "") else ""
    return f'{tag} dir="auto"'


def platform_colours(report: Report) -> dict[str, str]:
    totals: dict[str, int] = {}
    for week in report.weeks:
        for platform, n in week.by_platform.items():
            totals[platform] = totals.get(platform, 0) + n
    ordered = sorted(totals, key=lambda p: (-totals[p], p))
    return {p: COLOURS[i % len(COLOURS)] for i, p in enumerate(ordered)}


def week_chart(weeks: list[WeekCount], colours: dict[str, str]) -> str:
    """Questions per week as bars stacked by platform."""
    width, height, left, bottom, top = 640, 190, 34, 22, 10
    peak = max((w.questions for w in weeks), default=0) or 1
    slot = (width - left) / max(len(weeks), 1)
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" class="axis"/>',
             f'<text x="{left - 4}" y="{top + 4}" class="tick" text-anchor="end">{peak}</text>',
             f'<text x="{left - 4}" y="{height - bottom}" class="tick" text-anchor="end">0</text>']
    for i, week in enumerate(weeks):
        x, y = left + i * slot + slot * 0.15, height - bottom
        for platform, n in week.by_platform.items():
            h = n / peak * (height - bottom - top)
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                         f'fill="{colours.get(platform, COLOURS[-1])}"><title>week of {week.week.isoformat()}: '
                         f'{escape(platform)} {n}</title></rect>')
    return svg(width, height, "Questions per week, by platform", parts + week_labels(weeks, left, slot, height - 6))


def week_labels(weeks: list[WeekCount], left: int, slot: float, y: int) -> list[str]:
    """At most seven dates under the bars, so they never overlap however long the period."""
    every = -(-len(weeks) // 7)
    return [f'<text x="{left + (i + 0.5) * slot:.1f}" y="{y}" class="tick" text-anchor="middle">'
            f'{week.week.strftime("%d %b")}</text>' for i, week in enumerate(weeks) if i % every == 0]


def share_chart(weeks: list[WeekCount]) -> str:
    """The share the bot answered itself, per week, against a 0–100% scale."""
    width, height, left, bottom, top = 640, 150, 34, 22, 10
    slot = (width - left) / max(len(weeks), 1)
    plot = height - bottom - top
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" class="axis"/>',
             f'<line x1="{left}" y1="{top + plot / 2}" x2="{width}" y2="{top + plot / 2}" class="grid"/>',
             f'<text x="{left - 4}" y="{top + 4}" class="tick" text-anchor="end">100%</text>',
             f'<text x="{left - 4}" y="{top + plot / 2 + 4}" class="tick" text-anchor="end">50%</text>']
    for i, week in enumerate(weeks):
        if not week.questions:
            continue
        h = max(week.answered / week.questions * plot, 1.0)  # a 0% week shows as a line, not as no data
        parts.append(f'<rect x="{left + i * slot + slot * 0.15:.1f}" y="{height - bottom - h:.1f}" '
                     f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{COLOURS[2]}"><title>week of '
                     f'{week.week.isoformat()}: {week.answered} of {week.questions} answered</title></rect>')
    return svg(width, height, "Share answered by the bot, per week", parts + week_labels(weeks, left, slot, height - 6))


def gap_chart(report: Report) -> str:
    """Sizes of the largest gap groups, numbered like the list under it."""
    groups = report.gaps[:CHART_GROUPS]
    row, left, width = 18, 34, 640
    height = row * len(groups) + 4
    peak = max((g.size for g in groups), default=1)
    parts = []
    for i, group in enumerate(groups):
        w = group.size / peak * (width - left - 40)
        y = 2 + i * row
        first = escape(shorten(next(iter(group.examples.values()), ""), 80))
        parts.append(f'<text x="{left - 6}" y="{y + 12}" class="tick" text-anchor="end">{i + 1}</text>'
                     f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 5}" fill="{COLOURS[1]}">'
                     f'<title>{group.size} question{"s" if group.size != 1 else ""}: {first}</title></rect>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 12}" class="tick">{group.size}</text>')
    return svg(width, height, "Escalated questions per gap group", parts)


def svg(width: int, height: int, label: str, parts: list[str]) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{escape(label)}">'
            + "".join(parts) + "</svg>")


def tile(label: str, value: str, note: str = "") -> str:
    return f'<div class="tile"><div class="value">{escape(value)}</div><div>{escape(label)}</div>' \
           f'<div class="note">{escape(note)}</div></div>'


def week_table(report: Report, platforms: list[str]) -> str:
    head = "".join(f"<th>{escape(p)}</th>" for p in platforms)
    rows = "".join(
        f"<tr><td>{w.week.isoformat()}</td><td>{w.questions}</td><td>{w.answered}</td>"
        + "".join(f"<td>{w.by_platform.get(p, 0)}</td>" for p in platforms)
        + f"<td>{escape(counts(w.by_language))}</td></tr>"
        for w in report.weeks)
    return (f"<table><thead><tr><th>Week of</th><th>Questions</th><th>Answered</th>{head}<th>Languages</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def gap_list(report: Report) -> str:
    items = []
    for group in report.gaps:
        examples = "".join(f'<li><span class="lang">{escape(lang)}</span> <q{lang_attrs(lang)}>{escape(text)}</q></li>'
                           for lang, text in group.examples.items())
        items.append(f"<li><strong>{group.size} question{'s' if group.size != 1 else ''}</strong> in "
                     f"{escape(counts(group.languages))}<ul>{examples}</ul></li>")
    return f'<ol class="gaps">{"".join(items)}</ol>'


def resource_table(report: Report) -> str:
    rows = "".join(f"<tr><td>{r.not_helpful}</td><td>{r.helpful}</td><td>{escape(r.title or 'no longer in the library')}"
                   f"</td><td><code>{escape(r.id)}</code></td></tr>" for r in report.not_helpful)
    return ("<table><thead><tr><th>Not helpful</th><th>Helpful</th><th>Resource</th><th>Id</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:760px;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
.meta,.note{color:#666;font-size:.85em}.tiles{display:flex;flex-wrap:wrap;gap:.6em}
.tile{flex:1 1 120px;border:1px solid #ddd;border-radius:6px;padding:.6em}.value{font-size:1.5em;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eee}
.tick{font-size:11px;fill:#555}.axis{stroke:#999}.grid{stroke:#ddd;stroke-dasharray:3}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em;vertical-align:middle}
.gaps>li{margin-bottom:.8em}.lang{font:600 .8em monospace;color:#555}q{quotes:none}"""


def render_html(report: Report) -> str:
    """The whole page as one string."""
    since = report.since.isoformat()
    colours = platform_colours(report)
    median = f"{report.median_answer_hours:.1f} h" if report.median_answer_hours is not None else "–"
    body = [f"<h1>What officials asked the bot</h1><p class=\"meta\">Since {since} · generated "
            f"{report.generated_at.strftime('%Y-%m-%d %H:%M')} UTC</p>"]
    if not report.questions:
        body.append(f"<p>No questions since {since}.</p>")
    body.append('<div class="tiles">' + tile("questions", str(report.questions))
                + tile("answered by the bot", percent(report.answered_share), f"{report.answered} of {report.questions}")
                + tile("found it helpful", percent(report.helpful_rate), f"{report.feedback} feedback votes")
                + tile("median staff answer", median, f"{report.tickets_answered} of {report.tickets} tickets")
                + tile("tickets still open", str(report.open_tickets)) + "</div>")
    if report.questions:
        legend = "".join(f'<span style="background:{c}"></span>{escape(p)}' for p, c in colours.items())
        body += ["<h2>Questions per week</h2>", week_chart(report.weeks, colours), f'<p class="legend">{legend}</p>',
                 week_table(report, list(colours)), "<h2>Answered by the bot, per week</h2>", share_chart(report.weeks)]
        if report.not_counted:
            body.append(f'<p class="note">Not counted as questions: {escape(left_out_line(report))}.</p>')
    body.append("<h2>Content gaps: what to write next</h2>")
    if report.gaps:
        body += [f"<p>Questions the bot passed to staff since {since}, grouped by meaning across languages "
                 f"(cosine distance under {GAP_DISTANCE}), largest group first.</p>", gap_chart(report), gap_list(report)]
    else:
        body.append("<p>No escalated questions in this period.</p>")
    if report.gaps_skipped:
        body.append(f'<p class="note">Left out: {escape(counts(report.gaps_skipped)).replace("_", " ")}.</p>')
    body.append("<h2>Resources most often marked not helpful</h2>")
    body.append(resource_table(report) if report.not_helpful else "<p>No resource was marked not helpful.</p>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Migration questions since {since}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
