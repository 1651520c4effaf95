"""Waiting out another connection's write lock: real SQLite files, a second connection holding
``BEGIN IMMEDIATE``, and the waits driven by an injected sleep (no real time passes)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.storage.db import BUSY_TIMEOUT_MS, open_database, serve_from_event_loop
from bot.storage.lock_wait import DatabaseLocked, LockWait, is_busy


class Holder:
    """Another connection to the same file, holding the write lock until released."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def lock(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "lock.db")
    serve_from_event_loop(database)
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    yield database
    database.close()


@pytest.fixture
def holder(db: Database) -> Iterator[Holder]:
    held = Holder(Path(db.conn.execute("PRAGMA database_list").fetchone()[2]))
    yield held
    held.release()
    held.conn.close()


class Ticks:
    """An injected sleep that runs ``on_tick`` (say, releasing the lock) on the n-th call."""

    def __init__(self, release_after: int, on_tick: object) -> None:
        self.calls = 0
        self.release_after = release_after
        self.on_tick = on_tick

    async def sleep(self, _seconds: float) -> None:
        self.calls += 1
        if self.calls == self.release_after and callable(self.on_tick):
            self.on_tick()
        await asyncio.sleep(0)


def insert(db: Database, text: str = "x") -> int:
    with db.atomic():
        return db.execute("INSERT INTO notes (text) VALUES (?)", [text]).lastrowid or 0


def test_a_write_meeting_a_foreign_lock_fails_at_once_and_reads_go_on(
    db: Database, holder: Holder
) -> None:
    insert(db, "before")
    holder.lock()
    with pytest.raises(sqlite3.OperationalError) as refused:
        insert(db)
    assert is_busy(refused.value)
    assert not db.conn.in_transaction, "the failed transaction was rolled back"
    # WAL: reading never waits for the writer.
    assert db.execute("SELECT text FROM notes").fetchall() == [("before",)]


def test_only_a_lock_counts_as_busy(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError) as missing:
        db.execute("SELECT * FROM no_such_table")
    assert not is_busy(missing.value)
    assert not is_busy(ValueError("database is locked"))


def test_the_probe_never_waits_and_leaves_the_timeout_as_it_was(
    db: Database, holder: Holder
) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # as at start-up
    lock_wait = LockWait(db)
    assert lock_wait.writable()
    holder.lock()
    assert not lock_wait.writable()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    holder.release()
    assert lock_wait.writable()
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0, "the probe wrote nothing"


async def test_a_unit_of_work_runs_again_once_the_lock_is_released(
    db: Database, holder: Holder
) -> None:
    holder.lock()
    ticks = Ticks(release_after=3, on_tick=holder.release)
    lock_wait = LockWait(db, sleep=ticks.sleep)
    attempts = []

    def work() -> int:
        attempts.append(1)
        return insert(db, "kept")

    row = await lock_wait.retry(work, what="test write")
    assert ticks.calls == 3
    assert len(attempts) == 2, "one refused attempt, one after the release"
    assert db.execute("SELECT id, text FROM notes").fetchall() == [(row, "kept")]


async def test_many_waiters_share_one_probe_and_all_resume(db: Database, holder: Holder) -> None:
    holder.lock()
    ticks = Ticks(release_after=4, on_tick=holder.release)
    lock_wait = LockWait(db, sleep=ticks.sleep)
    probes = 0
    writable = lock_wait.writable

    def counting() -> bool:
        nonlocal probes
        probes += 1
        return writable()

    lock_wait.writable = counting  # type: ignore[method-assign]
    rows = await asyncio.gather(
        *(lock_wait.retry(partial(insert, db, f"n{n}"), what="test") for n in range(50))
    )
    assert sorted(rows) == list(range(1, 51))
    assert probes == ticks.calls + 1 == 5, "one probe per tick (and one at first), not per waiter"


async def test_a_wait_with_a_deadline_gives_up_and_a_later_one_succeeds(
    db: Database, holder: Holder
) -> None:
    now = 100.0
    lock_wait = LockWait(db, clock=lambda: now, patience=5.0)
    holder.lock()
    assert lock_wait.deadline() == 105.0
    with pytest.raises(DatabaseLocked):
        await lock_wait.retry(lambda: insert(db), what="test", give_up_at=now)
    assert await lock_wait.until_writable(now) is False
    holder.release()
    assert await lock_wait.retry(lambda: insert(db), what="test", give_up_at=now) == 1


async def test_errors_other_than_a_lock_are_not_retried(db: Database) -> None:
    lock_wait = LockWait(db)
    with pytest.raises(sqlite3.OperationalError):
        await lock_wait.retry(lambda: db.execute("INSERT INTO nowhere VALUES (1)"), what="t")
