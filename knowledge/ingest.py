"""Incremental ingest of a resource folder into the database.

Each file is remembered by its content hash: unchanged files cost one hash, changed files are
re-chunked, removed files leave. Every file is written in its own transaction so a malformed
file is reported in one line and the rest still ingest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.chunking import CHUNKER_VERSION, chunk_document, passage_text
from knowledge.documents import LoadedDocument, ResourceError
from knowledge.loaders import load_file, supported
from knowledge.models import Chunk, ChunkVector, Document, SourceFile

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_written: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {len(self.errors)} with errors")


def file_hash(path: Path, chunk_chars: int) -> str:
    """The file's content and the chunking applied to it: changing either re-chunks the file."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"\0chunker={CHUNKER_VERSION};cap={chunk_chars}".encode())
    return digest.hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scan(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if supported(p))


def ingest_directory(session: Session, root: Path, chunk_chars: int = 450, prefix: str = "",
                     on_file: Callable[[int, int], None] | None = None) -> IngestReport:
    """Bring the database in line with the files under ``root``.

    ``prefix`` (such as ``"staff::"``) namespaces the stored paths so that several roots (the
    repository and a separate staff-answers folder) can be ingested into one database without removing each other's files.
    ``on_file(done, total)`` is told after each file, for a progress bar.
    """
    report = IngestReport()
    root = root.resolve()
    if not root.is_dir():
        report.errors.append(f"{root}: not a directory")
        return report
    seen: set[str] = set()
    paths = scan(root)
    for done, path in enumerate(paths, 1):
        key = prefix + path.relative_to(root).as_posix()
        seen.add(key)
        try:
            _ingest_one(session, path, key, chunk_chars, report)
        except ResourceError as exc:
            session.rollback()
            report.errors.append(str(exc))
            log.warning("skipped %s", exc)
        except OSError as exc:
            session.rollback()
            report.errors.append(f"{path}: cannot be read ({exc.strerror or exc})")
        if on_file is not None:
            on_file(done, len(paths))
    stored = session.scalars(select(SourceFile.path)).all()
    mine = [p for p in stored if (p.startswith(prefix) if prefix else "::" not in p)]
    gone = [p for p in mine if p not in seen]
    for p in gone:
        session.delete(session.get(SourceFile, p))
        report.removed += 1
    session.commit()
    prune_vectors(session)
    return report


def _ingest_one(session: Session, path: Path, key: str, chunk_chars: int, report: IngestReport) -> None:
    digest = file_hash(path, chunk_chars)
    existing = session.get(SourceFile, key)
    if existing is not None and existing.content_hash == digest:
        report.unchanged += 1
        return
    docs = load_file(path)
    _check_ids(session, path, key, docs)
    if existing is not None:
        session.delete(existing)
        session.flush()
    source = SourceFile(path=key, content_hash=digest)
    session.add(source)
    for doc in docs:
        row = Document(id=doc.id, source_path=key, title=doc.title, url=doc.url, type=doc.type,
                       topics=list(doc.topics), language=doc.language or "en", updated=doc.updated, meta=doc.meta)
        for piece in chunk_document(doc, cap=chunk_chars):
            row.chunks.append(Chunk(ordinal=piece.ordinal, heading=piece.heading, text=piece.text,
                                    text_hash=text_hash(passage_text(doc.title, piece.heading, piece.text))))
            report.chunks_written += 1
        session.add(row)
    session.commit()
    if existing is None:
        report.added += 1
    else:
        report.updated += 1


def _check_ids(session: Session, path: Path, key: str, docs: list[LoadedDocument]) -> None:
    ids = [d.id for d in docs]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ResourceError(path, f"resource id {sorted(dupes)[0]!r} appears twice in the file")
    clash = session.scalars(select(Document).where(Document.id.in_(ids), Document.source_path != key)).first()
    if clash is not None:
        raise ResourceError(path, f"resource id {clash.id!r} is already used by {clash.source_path}")


def prune_vectors(session: Session) -> int:
    """Drop embeddings no chunk uses any more, so the cache does not grow without bound."""
    used = select(Chunk.text_hash)
    result = session.execute(delete(ChunkVector).where(ChunkVector.text_hash.not_in(used)))
    session.commit()
    return result.rowcount or 0
