"""The resource library as the bot sees it: database, ingest, embeddings, index and decision rule.

This is the one place that joins ``knowledge`` (files and rows) to ``index`` (vectors and search).
It keeps the derived artifacts in step with the database: embeddings are computed only for text
not embedded before, and FAISS/BM25 are rebuilt only when the knowledge version changed.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from index import artifacts
from index.decision import DecisionRule
from index.dense import DenseIndex
from index.embedders import Embedder
from index.hubness import NEIGHBOURS, WEIGHT, augment_passages, augment_queries, penalties
from index.langbias import PARALLEL, LanguageOffsets, load_parallel, parallel_digest
from index.lexical import LexicalIndex
from index.remit import prototype_vectors
from index.retrieval import SAME_LANGUAGE_PENALTY, ChunkInfo, Corpus, ResourceInfo, Retriever
from knowledge.chunking import passage_text
from knowledge.ingest import IngestReport, ingest_directory
from knowledge.models import Chunk, ChunkVector, Document

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    ingest: list[IngestReport]
    embedded: int
    rebuilt: bool
    chunks: int
    seconds: float

    @property
    def errors(self) -> list[str]:
        return [e for r in self.ingest for e in r.errors]


class SyncProgress(Protocol):
    """Told how ingest goes, for a progress bar (``mmc-bot ingest`` on a terminal) or log lines."""

    def stage(self, name: str) -> None: ...
    def files(self, done: int, total: int) -> None: ...
    def embedded(self, done: int, total: int) -> None: ...


class SilentProgress:
    def stage(self, name: str) -> None:
        log.debug("sync: %s", name)

    def files(self, done: int, total: int) -> None:
        pass

    def embedded(self, done: int, total: int) -> None:
        pass


class Library:
    def __init__(self, sessions: sessionmaker[Session], embedder: Embedder, index_root: Path,
                 exact_index_max: int = 50_000, chunk_chars: int = 450,
                 shared_lock: Callable[[], AbstractContextManager[None]] = nullcontext) -> None:
        """``shared_lock``: held across processes while ingesting and building (one replica at a time)."""
        self.sessions = sessions
        self.shared_lock = shared_lock
        self.embedder = embedder
        self.directory = artifacts.embedder_dir(index_root, embedder.name)
        self.exact_index_max = exact_index_max
        self.chunk_chars = chunk_chars
        self._lock = threading.Lock()
        self._retriever: Retriever | None = None
        self._version: str | None = None
        self.rule: DecisionRule | None = None
        self.offsets: LanguageOffsets | None = None
        self._loaded_signature: tuple[int, int] | None = None
        self._remit: np.ndarray | None = None
        self.reloads = 0    # new indexes loaded by this process (the metrics show it)

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            self.refresh()
        assert self._retriever is not None
        return self._retriever

    @property
    def loaded_retriever(self) -> Retriever | None:
        """The index in memory, if any, without loading one (metrics must not trigger a build)."""
        return self._retriever

    @property
    def rule_path(self) -> Path:
        return self.directory / "decision.json"

    @property
    def method(self) -> str:
        """How vectors are corrected before search; a rule fitted under another method must be refitted,
        since its features (cosines above background) move with it."""
        return (f"{self.offsets.source if self.offsets else 'raw'}:hub{NEIGHBOURS}x{WEIGHT}"
                f":same{SAME_LANGUAGE_PENALTY}")

    def sync(self, roots: list[tuple[Path, str]], progress: SyncProgress | None = None) -> SyncReport:
        """Ingest each (folder, prefix), embed what is new, and bring the index up to date."""
        started = time.perf_counter()
        progress = progress or SilentProgress()
        with self._lock, self.shared_lock():
            reports = []
            for root, prefix in roots:
                progress.stage(f"reading {root}")
                with self.sessions() as session:
                    reports.append(ingest_directory(session, root, self.chunk_chars, prefix, on_file=progress.files))
            embedded = self._embed_missing(progress=progress)
            progress.stage("building the index")
            rebuilt = self._refresh_locked()
        return SyncReport(reports, embedded, rebuilt, len(self.retriever.corpus), time.perf_counter() - started)

    def refresh(self) -> bool:
        with self._lock:
            return self._refresh_locked()

    def _signature(self) -> tuple[int, int]:
        with self.sessions() as session:
            count, newest = session.execute(select(func.count(Chunk.id), func.max(Chunk.id))).one()
        return int(count or 0), int(newest or 0)

    def refresh_if_changed(self) -> bool:
        """Pick up knowledge another process added (a staff answer saved from ``mmc-bot queue``).

        Chunks are only ever inserted or deleted, never edited, so their count and newest id change
        whenever the knowledge does; checking them is one cheap query.
        """
        if self._loaded_signature == self._signature():
            return False
        self.refresh()
        return True

    def watch(self, interval: float = 5.0) -> threading.Event:
        """Refresh in the background every ``interval`` seconds until the returned event is set."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(interval):
                try:
                    self.refresh_if_changed()
                except Exception:  # the database may be away for a moment; the next round retries
                    log.exception("knowledge refresh failed")

        threading.Thread(target=loop, name="knowledge-watch", daemon=True).start()
        return stop

    def _embed_missing(self, batch: int = 64, progress: SyncProgress | None = None) -> int:
        name = self.embedder.name
        with self.sessions() as session:
            have = select(ChunkVector.text_hash).where(ChunkVector.embedder == name)
            rows = session.execute(
                select(Chunk.text_hash, Chunk.heading, Chunk.text, Document.title)
                .join(Document, Chunk.document_id == Document.id)
                .where(Chunk.text_hash.not_in(have))
                .order_by(Chunk.id)
            ).all()
        todo: dict[str, str] = {}
        for digest, heading, text, title in rows:
            todo.setdefault(digest, passage_text(title, heading, text))
        items = list(todo.items())
        progress = progress or SilentProgress()
        progress.stage(f"embedding {len(items)} passages")
        progress.embedded(0, len(items))
        for start in range(0, len(items), batch):
            part = items[start:start + batch]
            vectors = self.embedder.encode_passages([text for _, text in part])
            with self.sessions() as session:
                session.add_all(ChunkVector(text_hash=digest, embedder=name, vector=vec.astype(np.float32).tobytes())
                                for (digest, _), vec in zip(part, vectors))
                session.commit()
            progress.embedded(min(start + batch, len(items)), len(items))
        return len(items)

    def _load_corpus(self) -> tuple[Corpus, list[int], list[str], str]:
        with self.sessions() as session:
            docs = session.scalars(select(Document)).all()
            resources = {d.id: ResourceInfo(id=d.id, title=d.title, url=d.url, type=d.type,
                                            topics=tuple(d.topics or ()), language=d.language) for d in docs}
            rows = session.execute(
                select(Chunk.id, Chunk.document_id, Chunk.heading, Chunk.text, Chunk.text_hash).order_by(Chunk.id)
            ).all()
        chunks = [ChunkInfo(chunk_id=r[0], resource_id=r[1], heading=r[2], text=r[3]) for r in rows]
        hashes = [r[4] for r in rows]
        digest = hashlib.sha256()
        for r in rows:
            digest.update(f"{r[0]}|{r[1]}|{r[4]}|{resources[r[1]].language}|{resources[r[1]].title}\n".encode())
        return Corpus(chunks=chunks, resources=resources), [r[0] for r in rows], hashes, digest.hexdigest()

    def _language_offsets(self) -> LanguageOffsets | None:
        """Fitted once per embedder and parallel set, then read from beside the index."""
        if not PARALLEL.exists():
            return None
        digest = parallel_digest()
        path = self.directory / "language_offsets.npz"
        if path.exists():
            try:
                offsets = LanguageOffsets.load(path)
                if offsets.source == digest:
                    return offsets
            except (OSError, ValueError, KeyError):
                log.warning("rebuilding unreadable %s", path)
        log.info("estimating language offsets for %s", self.embedder.name)
        offsets = LanguageOffsets.fit(self.embedder, load_parallel(), source=digest)
        self.directory.mkdir(parents=True, exist_ok=True)
        offsets.save(path)
        return offsets

    def _refresh_locked(self) -> bool:
        if self.offsets is None:
            self.offsets = self._language_offsets()
        corpus, chunk_ids, hashes, version = self._load_corpus()
        version = f"{version}:{self.method}"
        if self._retriever is not None and version == self._version:
            return False
        rebuilt = False
        built = self._stored_index(version, chunk_ids)
        if built is None:
            with self.shared_lock():   # another replica may be writing the same folder: wait, then look again
                built = self._stored_index(version, chunk_ids)
                if built is None:
                    built = self._build(corpus, hashes)
                    artifacts.save(self.directory, artifacts.Manifest(
                        knowledge_version=version, embedder=self.embedder.name, dim=self.embedder.dim,
                        chunks=len(chunk_ids), dense_kind=built[0].kind), np.asarray(chunk_ids, dtype=np.int64),
                        *built)
                    rebuilt = True
                    log.info("index rebuilt: %d chunks (%s)", len(chunk_ids), built[0].kind)
        dense, lexical = built
        if self._remit is None:  # embedded once per process, not on every knowledge refresh
            self._remit = prototype_vectors(self.embedder, self.offsets)
        self._retriever = Retriever(self.embedder, corpus, dense, lexical, self.offsets, self._remit)
        self._version = version
        self.reloads += 1
        self._loaded_signature = (len(chunk_ids), max(chunk_ids, default=0))
        if self.rule_path.exists():
            try:
                self.rule = DecisionRule.load(self.rule_path)
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("ignoring %s: %s", self.rule_path, exc)
                self.rule = None
        return rebuilt

    def _stored_index(self, version: str, chunk_ids: list[int]) -> tuple[DenseIndex, LexicalIndex] | None:
        """The index saved beside the data for exactly this knowledge, if there is one."""
        manifest = artifacts.load_manifest(self.directory)
        if not manifest or manifest.knowledge_version != version or manifest.embedder != self.embedder.name:
            return None
        try:
            stored_ids, dense, lexical = artifacts.load(self.directory, manifest)
        except (OSError, ValueError, RuntimeError) as exc:   # being replaced by another replica, or damaged
            log.info("stored index not loaded (%s): building", exc.__class__.__name__)
            return None
        return (dense, lexical) if stored_ids.tolist() == chunk_ids else None

    def _build(self, corpus: Corpus, hashes: list[str]) -> tuple[DenseIndex, LexicalIndex]:
        name = self.embedder.name
        with self.sessions() as session:
            stored = dict(session.execute(
                select(ChunkVector.text_hash, ChunkVector.vector).where(ChunkVector.embedder == name)).all())
        missing = [h for h in hashes if h not in stored]
        if missing:
            raise RuntimeError(f"{len(missing)} chunks have no {name} embedding; run ingest first")
        dim = self.embedder.dim
        vectors = np.frombuffer(b"".join(stored[h] for h in hashes), dtype=np.float32).reshape(len(hashes), dim) \
            if hashes else np.zeros((0, dim), dtype=np.float32)
        if self.offsets is not None:
            languages = [corpus.resources[c.resource_id].language for c in corpus.chunks]
            vectors = self.offsets.passages(vectors, languages)
        samples = None
        if self.offsets is not None and self.offsets.reference:
            reference = np.vstack(list(self.offsets.reference.values()))
            vectors = augment_passages(vectors, penalties(vectors, reference))
            samples = augment_queries(reference)
        dense = DenseIndex.build(vectors, exact_max=self.exact_index_max, sample_queries=samples)
        title = {rid: r.title for rid, r in corpus.resources.items()}
        lexical = LexicalIndex.build([passage_text(title[c.resource_id], c.heading, c.text) for c in corpus.chunks])
        return dense, lexical

    def knowledge_version(self) -> str | None:
        return self._version
