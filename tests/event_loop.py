"""Running a coroutine from a test, whatever else the xdist worker ran before.

A Playwright (sync) browser opened by an earlier test in the same worker leaves an event loop running in the main
thread, where ``asyncio.run`` then refuses to start; a thread of its own always has none."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a fresh thread, returning its result (or raising its exception)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
