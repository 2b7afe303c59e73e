"""The worker threads that run the synchronous core for the async adapters.

The core is CPU-bound (the embedder) and blocks on the database, so it runs off the event loop. It gets
a pool of its own, sized to the machine: if it shared asyncio's default executor, a burst of questions
would occupy every thread and the quick work that must answer Slack within three seconds (signature
checks are on the loop, but the de-duplication insert is a database call) would queue behind them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

T = TypeVar("T")

CORE_THREADS = max(2, os.cpu_count() or 2)
_pool = ThreadPoolExecutor(CORE_THREADS, thread_name_prefix="core")


async def run_core(fn: Callable[..., T], *args: object) -> T:
    """Run a core call (answer a question, press a button, answer a ticket) on the core's threads."""
    return await asyncio.get_running_loop().run_in_executor(_pool, partial(fn, *args))
