"""``mmc-bot bench``: the figures the README quotes, measured in-process on this machine."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from bot.conversations import Conversations
from bot.core import Assistant
from bot.messages import Message
from bot.library import Library
from bot.runtime import Runtime
from bot.storage.db import make_engine, session_factory
from bot.storage.migrate import upgrade
from index.dense import DenseIndex
from index.embedders import Embedder
from index.evaluation import load_questions
from knowledge.chunking import passage_text
from knowledge.language import detect_language

WARMUP = 5


def _ms(samples: list[float], q: float) -> float:
    return round(float(np.percentile(np.array(samples) * 1000, q)), 3)


def ask_latency(assistant: Assistant, questions: list[str]) -> dict:
    """Language detection, embedding, search, decision and the composed reply; no database writes."""
    def one(text: str) -> None:
        lang = detect_language(text) or "en"
        result, answered, _ = assistant.decide(text, lang)
        if answered:
            assistant.compose_answer(result, lang)

    for text in questions[:WARMUP]:
        one(text)
    ask, embed = [], []
    for text in questions:
        t0 = time.perf_counter()
        one(text)
        ask.append(time.perf_counter() - t0)
    for text in questions:
        t0 = time.perf_counter()
        assistant.library.embedder.encode_queries([text])
        embed.append(time.perf_counter() - t0)
    return {"ask_p50_ms": _ms(ask, 50), "ask_p99_ms": _ms(ask, 99), "embed_query_p50_ms": _ms(embed, 50),
            "questions": len(questions)}


def conversation_latency(library: Library, questions: list[str], followups: list[tuple[str, str]]) -> dict:
    """The whole chat path of one message (the small-talk check, reading a follow-up in context, search,
    decision, reply) in a throwaway conversation database; each follow-up is timed after its earlier question.
    A follow-up costs more than a question: the two turns are embedded together and two more searches rank
    what the follow-up adds."""
    with tempfile.TemporaryDirectory(prefix="mmc-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'conversations.db'}")
        upgrade(engine)
        sessions = session_factory(engine)
        assistant = Assistant(library, sessions, escalations=None, record=False, conversations=Conversations(sessions))

        def timed(text: str, chat: str) -> float:
            t0 = time.perf_counter()
            assistant.turn(Message(platform="bench", user_id=chat, chat_id=chat, text=text))
            return time.perf_counter() - t0

        for n, text in enumerate(questions[:WARMUP]):
            timed(text, f"warm-{n}")
        turns = [timed(text, f"q-{n}") for n, text in enumerate(questions)]
        follows = []
        for n, (earlier, text) in enumerate(followups):
            timed(earlier, f"f-{n}")
            follows.append(timed(text, f"f-{n}"))
        engine.dispose()
    figures = {"turn_p50_ms": _ms(turns, 50), "turn_p99_ms": _ms(turns, 99)}
    if follows:
        figures |= {"followup_p50_ms": _ms(follows, 50), "followup_p99_ms": _ms(follows, 99),
                    "followups": len(follows)}
    return figures


def ingest_speed(runtime: Runtime) -> dict:
    """Cold ingest of the bundled repository (parse, chunk, embed, index) into a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="mmc-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        library = Library(session_factory(engine), runtime.library.embedder, Path(tmp) / "index",
                          chunk_chars=runtime.settings.chunk_chars)
        library.offsets = runtime.library.offsets
        t0 = time.perf_counter()
        report = library.sync([(runtime.settings.knowledge_dir, "")])
        seconds = time.perf_counter() - t0
        corpus = library.retriever.corpus
        texts = [passage_text(corpus.resources[c.resource_id].title, c.heading, c.text) for c in corpus.chunks]
        engine.dispose()
    embed_seconds = embed_passages(runtime.library.embedder, texts)
    return {"ingest_chunks": report.chunks, "ingest_s": round(seconds, 2),
            "ingest_chunks_per_s": round(report.chunks / seconds, 2),
            "embed_passages_per_s": round(len(texts) / embed_seconds, 2),
            "ingest_vs_embed": round((report.chunks / seconds) / (len(texts) / embed_seconds), 2)}


def embed_passages(embedder: Embedder, texts: list[str], batch: int = 64) -> float:
    """The embedder alone on the passages ingest embedded, batched as ingest batches them: what ingest
    cannot beat, so the ratio shows what parsing, the database and the index cost on top."""
    t0 = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedder.encode_passages(texts[start:start + batch])
    return time.perf_counter() - t0


def synthetic_vectors(centres: np.ndarray, n: int, seed: int = 0, noise: float = 0.025) -> np.ndarray:
    """Unit vectors scattered around real passage embeddings, so clusters look like a real corpus."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, centres.shape[1]), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        m = min(step, n - start)
        picks = centres[rng.integers(0, len(centres), size=m)]
        block = picks + rng.normal(0, noise, size=picks.shape).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + m] = block
    return out


def index_speed(runtime: Runtime, queries: np.ndarray, n: int) -> dict:
    retriever = runtime.library.retriever
    centres = retriever.passage_vectors()  # real passage embeddings
    vectors = synthetic_vectors(centres, n)
    t0 = time.perf_counter()
    offsets = runtime.library.offsets
    samples = np.vstack(list(offsets.reference.values())) if offsets and offsets.reference else None
    index = DenseIndex.build(vectors, exact_max=runtime.settings.exact_index_max, sample_queries=samples)
    build_s = time.perf_counter() - t0
    exact = DenseIndex.build(vectors, exact_max=n) if index.kind != "flat" else index

    def timed(ix: DenseIndex) -> tuple[list[float], np.ndarray]:
        samples, ids = [], []
        for q in queries[:WARMUP]:
            ix.search(q[None, :], 10)
        for q in queries:
            t = time.perf_counter()
            _, pos = ix.search(q[None, :], 10)
            samples.append(time.perf_counter() - t)
            ids.append(pos[0])
        return samples, np.array(ids)

    approx_t, approx_ids = timed(index)
    exact_t, exact_ids = timed(exact)
    recall = np.mean([len(set(a.tolist()) & set(e.tolist())) / 10 for a, e in zip(approx_ids, exact_ids)])
    return {"chunks": n, "index_kind": index.kind, "nprobe": index.nprobe, "index_build_s": round(build_s, 2),
            "query_p50_ms": _ms(approx_t, 50), "exact_query_p50_ms": _ms(exact_t, 50),
            "recall_at_10_vs_exact": round(float(recall), 4),
            "index_memory_mb": round(index.memory_bytes() / 2**20, 1)}


def run_bench(runtime: Runtime, chunks: int) -> dict:
    questions = [q.q for q in load_questions(runtime.settings.questions_file)]
    result: dict = {"embedder": runtime.library.embedder.name}
    result.update(ask_latency(runtime.assistant, questions))
    followups_file = runtime.settings.questions_file.with_name("followups.jsonl")
    followups = [(q.context[-1], q.q) for q in load_questions(followups_file) if q.context] \
        if followups_file.is_file() else []
    result.update(conversation_latency(runtime.library, questions, followups))
    result.update(ingest_speed(runtime))
    raw = runtime.library.embedder.encode_queries(questions)
    offsets = runtime.library.offsets
    queries = np.stack([offsets.query_vector(v, detect_language(q) or "en") for v, q in zip(raw, questions)]) \
        if offsets is not None else raw
    result.update(index_speed(runtime, queries, chunks))
    return result
