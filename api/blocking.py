"""Blocking work off the event loop, in bounded pools, with a bounded wait.

Database calls run in their own pool of ``POOL_SIZE + POOL_OVERFLOW`` threads (as many as the
connection pool holds). A call first waits for a free slot — at most ``database_timeout_seconds``,
then the caller gets a 503 — so a slow or locked database holds at most that many threads and
never starves the threads the assessments and other endpoints use. Endpoints that need no
database (``/v1/countries``, ``/v1/rules``, health) never wait for it.

Assessments (~50-100 ms of CPU each) run in a separate pool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from anyio import CapacityLimiter

from .errors import DatabaseUnavailable
from .storage.engines import POOL_OVERFLOW, POOL_SIZE

__all__ = ["Pools", "run_cpu", "run_db"]

T = TypeVar("T")


class Pools:
    """The capacity limits of one service (one per process)."""

    def __init__(self, db_wait_seconds: float, cpu_threads: int = 8) -> None:
        self.db_wait_seconds = db_wait_seconds
        self.db_slots = CapacityLimiter(POOL_SIZE + POOL_OVERFLOW)
        self.db_threads = CapacityLimiter(POOL_SIZE + POOL_OVERFLOW)
        self.cpu_threads = CapacityLimiter(cpu_threads)


async def run_db(pools: Pools, fn: Callable[..., T], *args: object) -> T:
    """Run a database call in the database pool; 503 if no slot frees up in time."""
    try:
        with anyio.fail_after(pools.db_wait_seconds):
            await pools.db_slots.acquire()
    except TimeoutError:
        raise DatabaseUnavailable("The database is busy or not answering; retry shortly.") \
            from None
    try:
        return await anyio.to_thread.run_sync(fn, *args, limiter=pools.db_threads)
    finally:
        pools.db_slots.release()


async def run_cpu(pools: Pools, fn: Callable[..., T], *args: object) -> T:
    """Run CPU-bound work (an assessment) in its own pool."""
    return await anyio.to_thread.run_sync(fn, *args, limiter=pools.cpu_threads)
