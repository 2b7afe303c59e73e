"""``mmc-bot``: run the bot, ask, ingest, evaluate, calibrate, benchmark, migrate.

Every command prints a clear one-line error and exits non-zero on bad input, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from bot.settings import Settings, get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_enable=False)
db_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Database migrations.")
app.add_typer(db_app, name="db")
queue_app = typer.Typer(add_completion=False, no_args_is_help=True, help="The staff request queue.")
app.add_typer(queue_app, name="queue")
privacy_app = typer.Typer(add_completion=False, no_args_is_help=True,
                          help="Officials' personal data: erase old message texts, export or forget one person.")
app.add_typer(privacy_app, name="privacy")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _setup_logging(settings: Settings, quiet: bool = False) -> None:
    from bot.logs import setup_logging

    setup_logging(settings, quiet)


def _runtime(settings: Settings, quiet: bool = True, rule: bool = True):  # type: ignore[no-untyped-def]
    from bot.runtime import build

    _setup_logging(settings, quiet)
    try:
        runtime = build(settings)
    except Exception as exc:  # database URL wrong, database down, model missing
        fail(f"cannot start: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    report = runtime.sync()
    for error in report.errors:
        typer.echo(f"skipped: {error}", err=True)
    if rule:
        runtime.ensure_rule()
        runtime.assistant.warm()
    return runtime


@app.command()
def chat() -> None:
    """Chat with the bot in this terminal (the console adapter); staff answers arrive here too."""
    from adapters.console import ConsoleAdapter

    runtime = _runtime(get_settings())
    adapter = ConsoleAdapter(runtime.assistant.handle, runtime.assistant.handle_action)
    runtime.dispatcher.register(adapter)
    thread, stop = runtime.dispatcher.start_thread(interval=1.0)
    stop_watch = runtime.library.watch(interval=5.0)  # staff answers added from another process
    try:
        adapter.start()
    finally:
        stop.set()
        stop_watch.set()
        thread.join(timeout=5)


@app.command()
def serve() -> None:
    """Run the configured adapters: Slack and/or Telegram when their tokens are set, else the console."""
    from adapters.server import enabling_settings, serve as run_server

    settings = get_settings()
    if not (settings.slack_enabled or settings.telegram_enabled):
        if settings.slack_bot_token and not settings.slack_enabled:
            fail("MMC_SLACK_BOT_TOKEN is set without MMC_SLACK_SIGNING_SECRET (HTTP) or MMC_SLACK_APP_TOKEN "
                 "(Socket Mode); set one of them")
        for line in enabling_settings(settings):
            typer.echo(line, err=True)
        typer.echo("no chat platform is configured: the console chat runs instead", err=True)
        chat()
        return
    _setup_logging(settings)
    try:
        run_server(settings)
    except OSError as exc:  # the port is taken, the host unknown
        fail(f"cannot serve on {settings.http_host}:{settings.http_port}: {exc}")
    except Exception as exc:
        fail(f"serve stopped: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


@app.command()
def ask(
    question: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    language: Annotated[Optional[str], typer.Option("--language", help="Only resources in this language.")] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="Only resources of this type.")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="Only resources with this topic.")] = None,
) -> None:
    """Answer one question, as the chat would (no ticket is opened from here)."""
    from bot.messages import Message, ReplyStatus
    from bot.text import check
    from index.retrieval import Filters
    from knowledge.language import detect_language

    from bot.core import Assistant

    runtime = _runtime(get_settings())
    # No ticket from a one-shot command: nobody would be there to receive the staff answer.
    assistant = Assistant(runtime.library, runtime.sessions, escalations=None,
                          max_question_chars=runtime.settings.max_question_chars, record=False)
    filters = Filters(language, type_, topic)
    checked = check(question, runtime.settings.max_question_chars)
    message = Message(platform="cli", user_id="cli", chat_id="cli", text=question)
    if checked.problem is None and not filters.empty:
        lang = detect_language(checked.text) or "en"
        reply = assistant.ask(message, checked.text, lang, filters)
    else:
        reply = assistant.handle(message)
    if as_json:
        typer.echo(json.dumps({
            "status": reply.status.value,
            "answer": reply.text,
            "language": reply.language,
            "sources": [{"id": s.id, "title": s.title, "url": s.url, "score": s.score} for s in reply.sources],
        }, ensure_ascii=False))
    else:
        from adapters.console import render
        typer.echo(render(reply))
    if reply.status in (ReplyStatus.REFUSED, ReplyStatus.FAILED):
        raise typer.Exit(1)


@app.command()
def ingest(directory: Annotated[Optional[Path], typer.Argument(help="Folder of resources.")] = None) -> None:
    """Ingest a folder of resources (the configured repository by default) and update the index."""
    settings = get_settings()
    from bot.runtime import build

    _setup_logging(settings, quiet=True)
    root = (directory or settings.knowledge_dir).resolve()
    if not root.is_dir():
        fail(f"{root} is not a folder")
    from bot.progress import IngestProgress

    try:
        runtime = build(settings)
    except Exception as exc:  # database URL wrong, database down, model missing
        fail(f"cannot start: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    prefix = "" if root == settings.knowledge_dir.resolve() else f"dir:{root}::"
    with IngestProgress() as progress:
        report = runtime.library.sync([(root, prefix)], progress=progress)
        for item in report.ingest:
            progress.stage(item.summary())
        for error in report.errors:
            progress.stage(f"skipped: {error}")
        progress.stage(f"{report.embedded} passages embedded; index {'rebuilt' if report.rebuilt else 'up to date'} "
                       f"({report.chunks} chunks) in {report.seconds:.1f} s")
        progress.stage("decision rule")
        runtime.ensure_rule()
        progress.stage("small-talk model")
        runtime.assistant.warm()   # its vectors are stored beside the index
    typer.echo(f"{report.chunks} chunks ready: {report.embedded} embedded now, "
               f"index {'rebuilt' if report.rebuilt else 'up to date'}")


@app.command("eval")
def evaluate(
    questions: Path,
    knowledge: Annotated[Optional[Path], typer.Option(help="Evaluate against this folder instead (throwaway index).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run every question through the chat's decision path and print retrieval and decision figures."""
    from bot.evaluate import run_eval

    settings = get_settings()
    if not questions.is_file():
        fail(f"{questions}: no such file")
    if knowledge is not None and not knowledge.is_dir():
        fail(f"{knowledge}: not a folder")
    main = _runtime(settings)
    try:
        result = run_eval(main, questions, knowledge)
    except ValueError as exc:
        fail(str(exc))
    for error in result["skipped_files"]:
        typer.echo(f"skipped: {error}", err=True)
    if result["unknown_expected_ids"]:
        # usually an id that differs between the questions and the front matter (or the file name)
        unknown = result["unknown_expected_ids"]
        typer.echo(f"warning: {len(unknown)} expected resource id(s) are not in the library, so those questions "
                   f"cannot be answered right: {', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}", err=True)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=None if as_json else 2))


@app.command()
def calibrate(
    questions: Annotated[Optional[Path], typer.Option(help="Question set (the project's by default).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Refit the answer/escalate rule and report its cross-validated figures."""
    settings = get_settings()
    runtime = _runtime(settings, rule=False)
    rule = runtime.ensure_rule(questions, force=True, with_cv=True)
    out = {"embedder": rule.embedder, "fuse_languages": rule.fuse_languages, "fitted_on": rule.fitted_on,
           "cross_validation": rule.cross_validation,
           "coefficients": dict(zip(rule.feature_names, [round(c, 3) for c in rule.coef]))}
    typer.echo(json.dumps(out, ensure_ascii=False, indent=None if as_json else 2))


@app.command()
def bench(
    chunks: Annotated[int, typer.Option(help="Synthetic chunks for the index figures.")] = 100_000,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    platforms: Annotated[bool, typer.Option("--platforms/--no-platforms",
                                            help="Also load the Slack path through serve's HTTP server.")] = True,
) -> None:
    """Measure ask latency, embedding, ingest, index speed and the platform paths; prints one JSON object."""
    from bot.benchmark import run_bench

    if chunks < 1000:
        fail("--chunks must be at least 1000")
    runtime = _runtime(get_settings())
    result = run_bench(runtime, chunks)
    if platforms:
        from adapters.bench import slack_load
        from index.evaluation import load_questions

        questions = [q.q for q in load_questions(runtime.settings.questions_file)]
        try:
            from adapters.telegram.bench import telegram_load

            result.update(slack_load(runtime, questions))
            result.update(telegram_load(runtime, questions))
        except RuntimeError as exc:
            typer.echo(f"platform figures skipped: {exc}", err=True)
    typer.echo(json.dumps(result, indent=None if as_json else 2))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    from bot.storage.db import make_engine
    from bot.storage.migrate import current_revision, upgrade

    settings = get_settings()
    try:
        engine = make_engine(settings.sqlalchemy_url)
        upgrade(engine)
        typer.echo(f"database at revision {current_revision(engine)}")
    except Exception as exc:
        fail(f"cannot migrate {settings.sqlalchemy_url.split('@')[-1]}: {exc.__class__.__name__}: {exc}".splitlines()[0])


def _queue():  # type: ignore[no-untyped-def]
    """The queue alone: no model, no index (staff commands must be quick)."""
    from bot.learning import FaqWriter
    from bot.queue.service import RequestQueue
    from bot.queue.staff import StaffDirectory
    from bot.storage.db import make_engine, session_factory
    from bot.storage.migrate import upgrade

    settings = get_settings()
    _setup_logging(settings, quiet=True)
    try:
        engine = make_engine(settings.sqlalchemy_url)
        upgrade(engine)
    except Exception as exc:
        fail(f"cannot open the database: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    queue = RequestQueue(session_factory(engine), StaffDirectory.of(settings.staff))

    def sync_knowledge() -> None:
        runtime = _runtime(settings, rule=False)  # indexes the new FAQ at once
        runtime.engine.dispose()

    queue.knowledge = FaqWriter(settings.staff_answers_path, sync_knowledge)
    return queue


def _queue_call(fn):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import SQLAlchemyError

    from bot.queue.errors import QueueError

    try:
        return fn()
    except QueueError as exc:
        fail(str(exc), code=1)
    except SQLAlchemyError as exc:
        fail(f"database error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", code=1)


def _ticket_json(t) -> dict:  # type: ignore[no-untyped-def]
    from dataclasses import asdict

    data = asdict(t)
    for key in ("created_at", "claimed_at", "answered_at", "closed_at"):
        data[key] = data[key].isoformat() if data[key] else None
    for event in data["events"]:
        event["at"] = event["at"].isoformat()
    return data


@queue_app.command("list")
def queue_list(
    status: Annotated[Optional[str], typer.Option(help="open, claimed, answered or closed.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many (oldest first).")] = 100,
    all_: Annotated[bool, typer.Option("--all", help="Show every ticket, however many.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List tickets, oldest first; says so when the list is cut."""
    from bot.staff_commands import summary_line

    queue = _queue()
    tickets = _queue_call(lambda: queue.list(status=status, limit=None if all_ else limit))
    total = len(tickets) if all_ else _queue_call(lambda: queue.count(status))
    if as_json:
        typer.echo(json.dumps([_ticket_json(t) for t in tickets], ensure_ascii=False))
    else:
        for t in tickets:
            failed = "  [delivery FAILED]" if t.delivery == "failed" else ""
            typer.echo(summary_line(t) + failed)
        if not tickets:
            typer.echo("no tickets")
    if total > len(tickets):
        typer.echo(f"showing the oldest {len(tickets)} of {total} tickets; use --limit N or --all for more", err=True)


@queue_app.command("show")
def queue_show(ticket: int, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """One ticket with what the bot found and its event log."""
    from bot.staff_commands import detail_text

    view = _queue_call(lambda: _queue().get(ticket))
    typer.echo(json.dumps(_ticket_json(view), ensure_ascii=False) if as_json else detail_text(view))


@queue_app.command("claim")
def queue_claim(ticket: int, as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    view = _queue_call(lambda: _queue().claim(ticket, as_))
    typer.echo(f"#{view.id} claimed by {view.assignee}")


@queue_app.command("claim-next")
def queue_claim_next(as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    from bot.staff_commands import detail_text

    view = _queue_call(lambda: _queue().claim_next(as_))
    typer.echo(detail_text(view) if view else "no open tickets")


@queue_app.command("unclaim")
def queue_unclaim(ticket: int, as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    view = _queue_call(lambda: _queue().unclaim(ticket, as_))
    typer.echo(f"#{view.id} is open again")


@queue_app.command("answer")
def queue_answer(
    ticket: int,
    as_: Annotated[str, typer.Option("--as", help="Your staff name.")],
    text: Annotated[str, typer.Option("--text", help="The answer sent to the official.")],
    add_to_knowledge: Annotated[bool, typer.Option("--add-to-knowledge", help="Also save it as an FAQ resource.")] = False,
) -> None:
    """Answer a ticket; the answer is relayed to the official where they asked."""
    view = _queue_call(lambda: _queue().answer(ticket, as_, text, add_to_knowledge=add_to_knowledge))
    typer.echo(f"#{view.id} answered; relaying to {view.requester.platform}")
    if view.knowledge_id:
        typer.echo(f"added to knowledge as {view.knowledge_id}")


@queue_app.command("close")
def queue_close(ticket: int, as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    view = _queue_call(lambda: _queue().close(ticket, as_))
    typer.echo(f"#{view.id} closed")


@queue_app.command("reopen")
def queue_reopen(ticket: int, as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    view = _queue_call(lambda: _queue().reopen(ticket, as_))
    typer.echo(f"#{view.id} reopened")


@queue_app.command("remove-from-knowledge")
def queue_remove_from_knowledge(ticket: int, as_: Annotated[str, typer.Option("--as", help="Your staff name.")]) -> None:
    """Take a staff answer back out of the knowledge (its FAQ file is deleted on every replica's next sync)."""
    view = _queue_call(lambda: _queue().remove_from_knowledge(ticket, as_))
    typer.echo(f"#{view.id}'s answer is no longer in the knowledge")


@queue_app.command("stats")
def queue_stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Open count, oldest open, median time to first answer, answered in the last 7 days."""
    stats = _queue_call(lambda: _queue().stats())
    if as_json:
        typer.echo(json.dumps(stats))
    else:
        for key, value in stats.items():
            typer.echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")


# ---- privacy: retention, export and erasure of what officials wrote (sub-app declared at the top) --


def _privacy_call(fn):  # type: ignore[no-untyped-def]
    """Like ``_queue_call``, and a FAQ file that cannot be rewritten is one error line too."""
    try:
        return _queue_call(fn)
    except OSError as exc:
        fail(f"cannot rewrite a staff-answer file: {exc}", code=1)


@privacy_app.command("purge")
def privacy_purge(
    days: Annotated[Optional[int], typer.Option("--days", min=1,
                                                help="Retention in days (default: MMC_RETENTION_DAYS).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Erase message texts older than the retention (closed tickets only; open ones are kept)."""
    from bot.privacy import purge

    retention = days or get_settings().retention_days
    sessions = _queue().sessions
    report = _privacy_call(lambda: purge(sessions, retention))
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    typer.echo(f"erased what was older than {retention} days (before {report.cutoff:%Y-%m-%d %H:%M} UTC):")
    for key, value in report.as_dict().items():
        if key != "cutoff":
            typer.echo(f"  {key.replace('_', ' ')}: {value}")


@privacy_app.command("export")
def privacy_export(
    platform: Annotated[str, typer.Option("--platform", help="slack, telegram or console.")],
    user: Annotated[str, typer.Option("--user", help="The person's user id on that platform.")],
) -> None:
    """Print, as JSON, everything held about one person."""
    from bot.privacy import export

    sessions = _queue().sessions
    data = _privacy_call(lambda: export(sessions, platform, user))
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@privacy_app.command("forget")
def privacy_forget(
    platform: Annotated[str, typer.Option("--platform", help="slack, telegram or console.")],
    user: Annotated[str, typer.Option("--user", help="The person's user id on that platform.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase one person: their messages are deleted, their tickets kept anonymised, FAQs keep the answer."""
    import sys

    from bot.privacy import forget

    if not yes:
        if not sys.stdin.isatty():
            fail("forgetting cannot be undone: pass --yes to confirm when not on a terminal")
        typer.confirm(f"Erase everything held about {platform}:{user}? This cannot be undone", abort=True)
    queue = _queue()
    report = _privacy_call(lambda: forget(queue.sessions, platform, user, queue.knowledge))
    if not report.found:
        typer.echo(f"nothing was found for {platform}:{user}")
        return
    typer.echo(f"forgot {platform}:{user}; their tickets now name {report.pseudonym}")
    for key, value in report.as_dict().items():
        if key not in ("platform", "pseudonym", "found", "faq_not_rewritten"):
            typer.echo(f"  {key.replace('_', ' ')}: {', '.join(value) or '-' if isinstance(value, list) else value}")
    if report.faq_not_rewritten:
        typer.echo(f"warning: no staff-answer file to rewrite for {', '.join(report.faq_not_rewritten)}", err=True)


# ---- report: what the council learns (bot/report.py) --------------------------------------------

@app.command()
def report(
    since: Annotated[Optional[str], typer.Option("--since", help="First day, YYYY-MM-DD (default: 90 days ago).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write a one-file HTML page here.")] = None,
) -> None:
    """Questions per week, answered share, helpful rate, staff answer time, content gaps, weak resources."""
    from datetime import datetime, timezone

    from sqlalchemy.exc import SQLAlchemyError

    from bot.report import build_report
    from bot.storage.db import make_engine, session_factory
    from bot.storage.migrate import upgrade
    from index.embedders import make_embedder

    first = None
    if since is not None:
        try:
            first = datetime.strptime(since, "%Y-%m-%d").date()
        except ValueError:
            fail(f"--since must be a date like 2025-01-31, not {since!r}")
        if first > datetime.now(timezone.utc).date():
            fail(f"--since {since} is in the future")
    settings = get_settings()
    _setup_logging(settings, quiet=True)
    try:  # like _queue(): the database alone; the model only if there are escalated questions to group
        engine = make_engine(settings.sqlalchemy_url)
        upgrade(engine)
    except Exception as exc:
        fail(f"cannot open the database: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    try:
        result = build_report(session_factory(engine), lambda: make_embedder(settings.embedder, settings.embedder_model),
                              since=first)
    except Exception as exc:  # the database went away, the model is missing
        what = "cannot read the database" if isinstance(exc, SQLAlchemyError) else "cannot build the report"
        fail(f"{what}: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 1)
    finally:
        engine.dispose()
    if html is not None:
        try:
            html.write_text(result.to_html(), encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {html}: {exc.strerror or exc}", 1)
    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False) if as_json else result.to_text())
    if html is not None:  # on stderr under --json, so stdout stays one JSON object
        typer.echo(f"report page written to {html.resolve()}", err=as_json)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
