"""Waiting out another process's write lock without ever blocking the event loop.

The bot has one SQLite connection, used from its event loop. In WAL mode reads never wait for a
writer, but a write needs the one write lock; when another process holds it (the clinic CLI, a
backup, a second tool), SQLite's busy handler *sleeps in the calling thread* until the lock is
free or ``busy_timeout`` runs out. On the event loop that stalled every patient's update and every
send for up to five seconds per blocked write, read-only questions included.

So the loop's connection does not wait inside SQLite at all (``busy_timeout`` 0 once the bot
serves, ``bot.storage.db.LOOP_BUSY_TIMEOUT_MS``): a write that meets a foreign lock fails at
once with ``SQLITE_BUSY``, and the caller retries its whole unit of work (one transaction, or an
update's handling before it sent anything) after waiting here, asynchronously. Every waiter
shares one probe (``BEGIN IMMEDIATE`` then ``ROLLBACK``, a few microseconds) that runs every
``POLL`` seconds while anyone waits, so two hundred waiting updates cost one probe, not two
hundred failed attempts, and all resume within ``POLL`` of the lock's release.

Why not a worker thread for the database? Every store is called synchronously from handlers
and the sender; moving them off the loop would make every call site async. Retrying a unit of
work fits the code as it is: writes happen before sends (durable first), and a transaction
never stays open across an ``await``, so a failed unit leaves nothing half-written.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlite_utils import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How often the shared probe looks whether the lock is free (seconds of real time).
POLL = 0.025
#: How long an update waits for a foreign lock before the patient is asked to try again.
PATIENCE = 20.0


class DatabaseLocked(Exception):
    """Another process kept the write lock longer than the caller was willing to wait."""


def is_busy(exc: BaseException) -> bool:
    """SQLite refused because another connection holds the lock (``SQLITE_BUSY`` and its
    extended codes, e.g. a snapshot another writer moved on from) — worth retrying later."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(exc)


class LockWait:
    """The loop's way to wait for the database's write lock (one per connection)."""

    def __init__(
        self,
        db: Database,
        *,
        poll: float = POLL,
        patience: float = PATIENCE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.db = db
        self.poll = poll
        self.patience = patience
        self._clock = clock
        self._sleep = sleep
        self._probe: asyncio.Future[None] | None = None
        self._waiting = 0

    def writable(self) -> bool:
        """Could a write start now? Takes and drops the write lock, never waiting for it."""
        conn = self.db.conn
        if conn.in_transaction:
            return True  # our own transaction is open: only the caller can tell
        timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        try:
            if timeout:
                conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return False
            raise
        finally:
            if timeout:
                conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    async def until_writable(self, give_up_at: float | None = None) -> bool:
        """Wait (asynchronously) until the write lock is free; False if ``give_up_at`` (a
        ``time.monotonic`` moment) came first."""
        self._waiting += 1
        try:
            if self._probe is None or self._probe.done():
                self._probe = asyncio.ensure_future(self._poll())
            probe = asyncio.shield(self._probe)  # one waiter giving up stops no other
            if give_up_at is None:
                await probe
                return True
            try:
                await asyncio.wait_for(probe, max(0.0, give_up_at - self._clock()))
            except TimeoutError:
                return False
            return True
        finally:
            self._waiting -= 1

    async def _poll(self) -> None:
        while self._waiting and not self.writable():
            await self._sleep(self.poll)

    async def retry(
        self, work: Callable[[], T], *, what: str, give_up_at: float | None = None
    ) -> T:
        """Run ``work`` (one whole transaction, or one statement) until the database takes
        it, waiting for the lock in between. ``give_up_at`` None: wait as long as it takes
        (a write that records what was already sent must not be dropped); otherwise raise
        ``DatabaseLocked`` once that moment has passed."""
        waited = False
        while True:
            try:
                return work()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
            if not waited:
                log.info("%s: the database is locked by another process; waiting", what)
                waited = True
            if not await self.until_writable(give_up_at):
                raise DatabaseLocked(what)

    def deadline(self) -> float:
        """``give_up_at`` for a wait of ``patience`` seconds from now."""
        return self._clock() + self.patience
