"""How ``mmc-bot ingest`` shows its work: bars on a terminal when there is real work, a line per stage otherwise.

A library of thousands of documents takes minutes to embed on a CPU; a curator watching should see
files read, passages embedded, the rate and the time left. A small update, or output to a log file,
gets one plain line per stage instead of bars that would only flicker or fill the log.
"""

from __future__ import annotations

import logging
import time

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text

log = logging.getLogger(__name__)

# Below this much work a bar is noise: ~3 s of embedding on two CPU cores, or a handful of files.
MIN_PASSAGES_FOR_BAR = 64
MIN_FILES_FOR_BAR = 200


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "items")
        return Text(f"{task.speed:.1f} {unit}/s" if task.speed else f"- {unit}/s", style="progress.data.speed")


class IngestProgress:
    """A :class:`bot.library.SyncProgress` for the terminal."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.interactive = self.console.is_terminal
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._started = time.perf_counter()

    def __enter__(self) -> IngestProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str) -> None:
        self._line(name)   # above the bars when they are showing

    def files(self, done: int, total: int) -> None:
        self._advance("files", "files read", done, total, MIN_FILES_FOR_BAR)

    def embedded(self, done: int, total: int) -> None:
        self._advance("chunks", "passages embedded", done, total, MIN_PASSAGES_FOR_BAR)

    def _advance(self, key: str, label: str, done: int, total: int, minimum: int) -> None:
        if not self.interactive or total < minimum:
            return
        if self._progress is None:
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      RateColumn(), TimeRemainingColumn(), console=self.console)
            self._progress.start()
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task(label, total=total, unit=key)
        self._progress.update(self._tasks[key], completed=done, total=total)

    def _line(self, text: str) -> None:
        self.console.print(f"[{time.perf_counter() - self._started:6.1f} s] {text}", highlight=False)
