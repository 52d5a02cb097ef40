"""Bounded, cancellable extraction work: a slot per core, and a deadline that a timed-out request's work obeys.

A request's blocking work runs in the thread pool once it holds one of the process's slots
(`EXTRACTION_SLOTS`, default one per core), so no more extractions run at once than the CPU
can serve. When the request times out (504) its deadline is cancelled: work still waiting
for a slot never starts, and work in flight checks the deadline before it stores anything,
so a 504 means "not stored" and no database session is used after the response.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Callable, TypeVar

from fastapi import HTTPException
from fastapi.concurrency import run_in_threadpool

T = TypeVar("T")


class Cancelled(Exception):
    """The request this work belongs to has timed out."""


class Deadline:
    """When the work must be done by; `check()` raises Cancelled past it or once the request gave up."""

    def __init__(self, seconds: float) -> None:
        self.expires = time.monotonic() + seconds
        self.cancelled = threading.Event()

    def remaining(self) -> float:
        return max(0.0, self.expires - time.monotonic())

    def check(self) -> None:
        if self.cancelled.is_set() or time.monotonic() > self.expires:
            raise Cancelled()


async def run_bounded(fn: Callable[[Deadline], T], seconds: float, slots: threading.Semaphore) -> T:
    """Run `fn(deadline)` in the thread pool inside a slot; 504 (and a cancelled deadline) after `seconds`."""
    deadline = Deadline(seconds)

    def guarded() -> T:
        if not slots.acquire(timeout=deadline.remaining()):
            raise Cancelled()
        try:
            deadline.check()
            return fn(deadline)
        finally:
            slots.release()

    try:
        return await asyncio.wait_for(run_in_threadpool(guarded), timeout=seconds)
    except (asyncio.TimeoutError, Cancelled):
        deadline.cancelled.set()
        raise HTTPException(status_code=504, detail=f"Extraction took longer than {seconds:g} s; nothing was stored.") from None
