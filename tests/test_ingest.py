"""Incremental ingest: unchanged files are not re-embedded, removed files leave the index,
a malformed file is reported and skipped while the others ingest."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.library import Library
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from knowledge.models import Chunk, ChunkVector, Document


def resource(folder: Path, rid: str, body: str, language: str = "en") -> Path:
    path = folder / f"{rid}.md"
    path.write_text(f"---\nid: {rid}\ntitle: {rid.title()}\nlanguage: {language}\n---\n{body}\n", encoding="utf-8")
    return path


def make_library(tmp_path: Path, embedder) -> Library:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(engine)
    return Library(session_factory(engine), embedder, tmp_path / "index")


def test_incremental_ingest(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    kdir = tmp_path / "k"
    kdir.mkdir()
    resource(kdir, "housing", "Cities house new arrivals.\n\nRent guarantees help.")
    resource(kdir, "health", "Clinics with interpreters.")
    library = make_library(tmp_path, hash_embedder)

    first = library.sync([(kdir, "")])
    assert first.ingest[0].added == 2 and first.rebuilt
    assert first.embedded == 2  # two passages (the rest of the count is the language-offset fit)
    before = hash_embedder.passages_embedded

    again = library.sync([(kdir, "")])
    assert again.ingest[0].unchanged == 2 and not again.rebuilt
    assert hash_embedder.passages_embedded == before  # nothing re-embedded

    resource(kdir, "health", "Clinics with interpreters.\n\nVaccination without papers.")
    changed = library.sync([(kdir, "")])
    assert changed.ingest[0].updated == 1 and changed.rebuilt
    assert hash_embedder.passages_embedded == before + 1  # only the new passage

    (kdir / "housing.md").unlink()
    removed = library.sync([(kdir, "")])
    assert removed.ingest[0].removed == 1
    ids = {h.resource.id for h in library.retriever.search("Cities house new arrivals", None).hits}
    assert ids == {"health"}
    with library.sessions() as session:
        used = session.scalar(select(func.count()).select_from(Chunk))
        vectors = session.scalar(select(func.count()).select_from(ChunkVector))
    assert vectors == used  # vectors of removed text are pruned


def test_malformed_file_is_reported_and_others_ingest(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    kdir = tmp_path / "k"
    kdir.mkdir()
    resource(kdir, "good", "Useful text.")
    (kdir / "broken.md").write_text("---\ntitle: [oops\n---\nText", encoding="utf-8")
    (kdir / "dupe.md").write_text("---\nid: good\n---\nSame id again", encoding="utf-8")
    library = make_library(tmp_path, hash_embedder)
    report = library.sync([(kdir, "")])
    assert report.ingest[0].added == 1
    assert len(report.errors) == 2
    assert any("broken.md" in e and "YAML" in e for e in report.errors)
    assert any("dupe.md" in e and "already used" in e for e in report.errors)
    with library.sessions() as session:
        assert session.scalars(select(Document.id)).all() == ["good"]


def test_stale_artifacts_are_rebuilt_from_the_database(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    kdir = tmp_path / "k"
    kdir.mkdir()
    resource(kdir, "a", "Alpha text.")
    library = make_library(tmp_path, hash_embedder)
    library.sync([(kdir, "")])
    (library.directory / "dense.faiss").unlink()
    (library.directory / "manifest.json").write_text("{not json", encoding="utf-8")
    fresh = Library(library.sessions, hash_embedder, tmp_path / "index")
    assert fresh.refresh() is True
    assert fresh.retriever.search("Alpha text.", None).hits[0].resource.id == "a"
    # and a fresh process with intact artifacts loads them instead of rebuilding
    assert Library(library.sessions, hash_embedder, tmp_path / "index").refresh() is False


def test_a_running_bot_picks_up_knowledge_added_by_another_process(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    kdir = tmp_path / "k"
    kdir.mkdir()
    resource(kdir, "a", "Alpha text.")
    writer = make_library(tmp_path, hash_embedder)
    writer.sync([(kdir, "")])
    running = Library(writer.sessions, hash_embedder, tmp_path / "index")
    running.refresh()
    assert running.refresh_if_changed() is False

    resource(kdir, "b", "Bravo text.")
    writer.sync([(kdir, "")])
    assert running.refresh_if_changed() is True
    assert running.retriever.search("Bravo text.", None).hits[0].resource.id == "b"


def progress_of(tmp_path: Path, embedder, files: int, terminal: bool) -> str:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from bot.progress import IngestProgress

    kdir = tmp_path / f"k{files}{terminal}"
    kdir.mkdir()
    for n in range(files):
        resource(kdir, f"note-{n}", f"Note {n} on how city number {n} welcomes new arrivals.")
    out = io.StringIO()
    state = tmp_path / f"state{files}{terminal}"
    state.mkdir()
    with IngestProgress(Console(file=out, force_terminal=terminal, width=120)) as progress:
        make_library(state, embedder).sync([(kdir, "")], progress=progress)
    return out.getvalue()


def test_ingest_shows_bars_on_a_terminal_for_real_work_and_lines_otherwise(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    big = progress_of(tmp_path, hash_embedder, 80, terminal=True)
    assert "passages embedded" in big and "80/80" in big and "chunks/s" in big and "━" in big
    assert "embedding 80 passages" in big     # the stages still print, above the bars

    logged = progress_of(tmp_path, hash_embedder, 80, terminal=False)
    assert "embedding 80 passages" in logged and "building the index" in logged and "━" not in logged
    small = progress_of(tmp_path, hash_embedder, 3, terminal=True)
    assert "embedding 3 passages" in small and "━" not in small
