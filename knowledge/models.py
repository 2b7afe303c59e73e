"""Database rows for the resource repository.

Documents and chunks live in the database (not only in files) so that every replica sees the
same knowledge version and the derived FAISS/BM25 artifacts can always be rebuilt from here.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Dialect, TypeDecorator, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on PostgreSQL and on SQLite (which stores naive strings)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


class KnowledgeBase(DeclarativeBase):
    """Declarative base for the knowledge tables (the queue has its own)."""


class SourceFile(KnowledgeBase):
    """One file of the repository, remembered by content hash so unchanged files are skipped."""

    __tablename__ = "source_files"

    path: Mapped[str] = mapped_column(String(1024), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    documents: Mapped[list[Document]] = relationship(back_populates="source", cascade="all, delete-orphan")


class Document(KnowledgeBase):
    """A resource: what the bot cites. A FAQ file yields one document per question."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source_path: Mapped[str] = mapped_column(ForeignKey("source_files.path", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    type: Mapped[str] = mapped_column(String(40), default="guide")
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8), default="en")
    updated: Mapped[str | None] = mapped_column(String(40))
    meta: Mapped[dict] = mapped_column(JSON, default=dict)

    source: Mapped[SourceFile] = relationship(back_populates="documents")
    chunks: Mapped[list[Chunk]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Chunk.ordinal"
    )


class Chunk(KnowledgeBase):
    """A passage of a document: the unit that is embedded and searched."""

    __tablename__ = "chunks"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)

    document: Mapped[Document] = relationship(back_populates="chunks")


class ChunkVector(KnowledgeBase):
    """An embedding keyed by the passage's hash, not the chunk id.

    Keyed this way, a file that moves, is renamed or is re-ingested from another checkout reuses its
    vectors: only text that really changed is embedded again.
    """

    __tablename__ = "chunk_vectors"

    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    embedder: Mapped[str] = mapped_column(String(200), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
