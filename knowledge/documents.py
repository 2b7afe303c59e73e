"""The in-memory shape of a loaded resource, shared by loaders, chunking and ingest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

RESOURCE_TYPES = ("guide", "research", "tool", "policy", "funding", "practice", "faq", "overview")


class ResourceError(ValueError):
    """A file that cannot be ingested; the message names the file and what is wrong."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs beneath it."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LoadedDocument:
    id: str
    title: str
    sections: tuple[Section, ...]
    url: str | None = None
    type: str = "guide"
    topics: tuple[str, ...] = ()
    language: str | None = None
    updated: str | None = None
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p for s in self.sections for p in s.paragraphs)
