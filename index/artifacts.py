"""Save and load the derived index files (FAISS, BM25, chunk order) beside a manifest.

The manifest records which knowledge version and embedder they were built from; a mismatch means
they are stale and are rebuilt from the database, never trusted.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index.dense import DenseIndex
from index.lexical import LexicalIndex

FORMAT = 1
INDEX_FILES = frozenset({"chunk_ids.npy", "dense.faiss", "bm25", "manifest.json"})


@dataclass(frozen=True)
class Manifest:
    knowledge_version: str
    embedder: str
    dim: int
    chunks: int
    dense_kind: str
    format: int = FORMAT


def embedder_dir(root: Path, embedder_name: str) -> Path:
    return root / embedder_name.replace("/", "__")


def save(directory: Path, manifest: Manifest, chunk_ids: np.ndarray, dense: DenseIndex, lexical: LexicalIndex) -> None:
    """Write to a temporary folder and swap it in, so a crash never leaves half an index."""
    tmp = directory.with_name(directory.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    np.save(tmp / "chunk_ids.npy", chunk_ids)
    dense.save(tmp / "dense.faiss")
    lexical.save(tmp / "bm25")
    (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
    if directory.exists():   # the decision rule, language offsets and small-talk vectors stay
        for item in directory.iterdir():
            if item.name not in INDEX_FILES and item.is_file():
                shutil.copy2(item, tmp / item.name)
        shutil.rmtree(directory)
    tmp.rename(directory)


def load_manifest(directory: Path) -> Manifest | None:
    try:
        data = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None
    return manifest if manifest.format == FORMAT else None


def load(directory: Path, manifest: Manifest) -> tuple[np.ndarray, DenseIndex, LexicalIndex]:
    chunk_ids = np.load(directory / "chunk_ids.npy")
    dense = DenseIndex.load(directory / "dense.faiss")
    lexical = LexicalIndex.load(directory / "bm25", manifest.chunks)
    return chunk_ids, dense, lexical
