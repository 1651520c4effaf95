"""Another process holding the database's write lock: nothing freezes and nothing is lost.

A real second process opens the bot's SQLite file and holds ``BEGIN IMMEDIATE`` until the test
lets go, while the bot (the real Application polling the stand-in over HTTP) goes on: a
question is answered during the lock, the event loop never stalls (a probe task measures its
lag), and an update that must write — a typed check-in score, a red flag — completes once the
lock is released, exactly once. A lock that outlasts the bot's patience gets a kind "try again
in a minute". A reminder whose request went out just before a lock is recorded as sent once the
lock goes, not sent again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import TracebackType

import pytest

from bot.devtools.standin.records import SentRecord
from tests.waiting import until

from .harness import World, said

PATIENT, STAFF = 7_950_000_001, 5_950_000_001
NAME = "Zebedee Quill"
RED_FLAG = "I can't breathe and my chest hurts"
URGENT = "Call your local emergency number now"
TOLD = "let your clinic know"
CONTACT_DIRECTLY = "please contact them directly"
#: The event loop may be late by this much at worst (a blocked write used to cost 5 s).
LOOP_LAG_LIMIT = 1.0

HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


class ForeignLock:
    """A separate process holding the write lock of ``path`` until ``release``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False
        self._process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> ForeignLock:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", HOLDER, str(self.path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert self._process.stdout is not None
        line = await asyncio.wait_for(self._process.stdout.readline(), 30)
        assert line.strip() == b"locked"
        self.held = True
        return self

    async def release(self) -> None:
        process = self._process
        if not self.held or process is None or process.stdin is None or process.stdout is None:
            return
        process.stdin.write(b"\n")
        await process.stdin.drain()
        assert (await asyncio.wait_for(process.stdout.readline(), 30)).strip() == b"released"
        await process.wait()
        self.held = False

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.release()


class LoopLag:
    """How late the event loop ran a 10 ms timer, at worst, while the block ran."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - before - 0.01)

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO)
    yield caplog


async def logged(logs: pytest.LogCaptureFixture, needle: str, limit: float = 10.0) -> None:
    """Wait until the bot has logged ``needle`` (it met the lock and is waiting it out)."""
    await until(
        lambda: any(needle in r.getMessage() for r in logs.records), f"logged {needle!r}", limit
    )


def texts_to(world: World, chat: int) -> list[str]:
    return [r.plain_text or "" for r in world.standin.messages_to(chat)]


def apologies() -> tuple[str, str]:
    return said("errors.busy"), said("errors.generic")


async def test_a_question_is_answered_during_a_lock_and_a_score_is_kept_once_it_goes(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.log_session(PATIENT)
    await world.sweep_at(timedelta(hours=24))  # the check-in is out
    patient = world.patient(PATIENT)
    scores = world.services.repo.aftercare.scores_for_patient
    async with LoopLag() as lag, ForeignLock(world.settings.db_path) as lock:
        answer = (await world.say(PATIENT, "how long will I be sore?")).only(PATIENT)
        assert lock.held, "answered while the other process still held the lock"
        assert answer.plain_text not in apologies()
        assert answer.plain_text != said("answers.not_covered")

        scoring = asyncio.create_task(world.say(PATIENT, "3"))
        await logged(logs, "handled again once it is free")
        assert scores(patient.id) == [], "nothing written while the lock is held"
        await lock.release()
        sent = (await scoring).to(PATIENT)
    assert lag.worst < LOOP_LAG_LIMIT, f"the event loop stalled {lag.worst:.2f} s"
    assert [a.score for a in scores(patient.id)] == [3]
    assert len([r for r in sent if r.is_new_message]) == 1, sent.text
    assert said("checkins.answer_line", score=3) in sent.text
    assert not any(text in sent.text for text in apologies())


async def test_a_lock_that_outlasts_the_patience_gets_a_kind_try_again_and_changes_nothing(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.log_session(PATIENT)
    await world.sweep_at(timedelta(hours=24))
    patient = world.patient(PATIENT)
    world.services.repo.lock_wait.patience = 0.3
    async with ForeignLock(world.settings.db_path) as lock:
        sent = await world.say(PATIENT, "3", NAME)
        assert lock.held
    assert sent.only(PATIENT).plain_text == said("errors.busy")
    assert world.services.repo.aftercare.scores_for_patient(patient.id) == []
    gave_up = [r.getMessage() for r in logs.records if "stayed locked" in r.getMessage()]
    assert len(gave_up) == 1 and str(PATIENT) in gave_up[0]
    assert NAME.split()[0] not in logs.text
    # Once the lock is gone, the same answer is kept as usual.
    again = (await world.say(PATIENT, "3", NAME)).to(PATIENT)
    assert said("checkins.answer_line", score=3) in again.text
    assert [a.score for a in world.services.repo.aftercare.scores_for_patient(patient.id)] == [3]


async def test_a_red_flag_during_a_lock_is_answered_at_once_and_the_clinic_told_after_it(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF, "Alice Staff")
    token, _ = await world.invite(STAFF)
    await world.onboard(PATIENT, token, NAME)

    def to(chat: int, needle: str) -> object:
        return lambda r: r.chat_id == chat and needle in (r.plain_text or "")

    async with LoopLag() as lag, ForeignLock(world.settings.db_path) as lock:
        flagged = asyncio.create_task(world.say(PATIENT, RED_FLAG, NAME))
        await world.standin.wait_for_sent(to(PATIENT, URGENT), timeout=10)  # type: ignore[arg-type]
        assert lock.held, "the urgent text never waits for the lock"
        await logged(logs, "the database is locked by another process; waiting")
        await lock.release()
        await flagged
    await world.standin.wait_for_sent(to(STAFF, RED_FLAG), timeout=10)  # type: ignore[arg-type]
    await world.standin.wait_for_sent(to(PATIENT, TOLD), timeout=10)  # type: ignore[arg-type]
    assert lag.worst < LOOP_LAG_LIMIT
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [(a.kind, a.reason) for a in alerts] == [("red_flag", "breathing")]
    assert len([t for t in texts_to(world, STAFF) if RED_FLAG in t]) == 1
    patient_texts = texts_to(world, PATIENT)
    assert len([t for t in patient_texts if URGENT in t]) == 1
    assert not any(CONTACT_DIRECTLY in t for t in patient_texts), "the lock was short"
    logged_text = "\n".join(r.getMessage() for r in logs.records)
    assert RED_FLAG not in logged_text and NAME not in logged_text


async def test_a_reminder_sent_just_before_a_lock_is_recorded_once_the_lock_goes(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.log_session(PATIENT)
    holder = sqlite3.connect(world.settings.db_path, isolation_level=None, check_same_thread=False)
    locked = threading.Event()
    first = threading.Lock()  # the stand-in answers on several threads: only one takes the lock

    def lock_after_the_send(record: SentRecord) -> None:  # the stand-in's thread, before it
        if record.chat_id != PATIENT or not record.is_new_message:
            return
        with first:
            if not locked.is_set():
                holder.execute("BEGIN IMMEDIATE")  # answers: the bot's "sent" write is refused
                locked.set()

    unsubscribe = world.standin.subscribe(lock_after_the_send)
    try:
        sweeping = asyncio.create_task(world.sweep_at(timedelta(hours=24)))
        await logged(logs, "the database is locked by another process; waiting")
        db = world.services.repo.db
        sending = [r[0] for r in db.execute("SELECT id FROM reminders WHERE status = 'sending'")]
        assert sending, "delivered, not yet recorded"
        holder.execute("COMMIT")
        sent = await sweeping
    finally:
        unsubscribe()
        holder.close()
    delivered = sorted(r.message_id or 0 for r in sent if r.chat_id == PATIENT)
    # The Bot API is idle once it has answered; the bot records each answer after its own wait
    # for the released lock, which may come a moment later.
    await until(
        lambda: not db.execute("SELECT 1 FROM reminders WHERE status = 'sending'").fetchall(),
        "recorded every delivered reminder",
    )
    recorded = db.execute(
        "SELECT id, telegram_message_id FROM reminders WHERE status = 'sent' ORDER BY 2"
    ).fetchall()
    assert delivered == [message for _, message in recorded], "each sent once, and recorded"
    assert set(sending) <= {reminder for reminder, _ in recorded}


async def test_a_sweep_during_a_lock_leaves_its_work_to_the_sender_once_the_lock_goes(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.log_session(PATIENT)
    world.clock.advance(timedelta(hours=24))  # the check-in is due
    before = len(world.standin.sent)
    try:
        async with LoopLag() as lag, ForeignLock(world.settings.db_path) as lock:
            await world.sweep.tick()  # production's sweep: returns, nothing raised
            await logged(logs, "sweep: the database is locked by another process")
            await logged(logs, "sender: the database is locked by another process; waiting")
            assert world.sweep.finished_at is None, "this sweep did not finish its work"
            assert not [r for r in world.standin.sent[before:] if r.chat_id == PATIENT]
            await lock.release()
            checkin = await world.standin.wait_for_sent(
                lambda r: r.chat_id == PATIENT and bool(r.callback_data), since=before, timeout=10
            )
            await world.standin.wait_until_idle(timeout=10, quiet=0.3)
    finally:
        await world.sweep.stop()
    assert lag.worst < LOOP_LAG_LIMIT
    delivered = sorted(r.message_id or 0 for r in world.standin.sent[before:] if r.is_new_message)
    recorded = [
        row[0]
        for row in world.services.repo.db.execute(
            "SELECT telegram_message_id FROM reminders WHERE status = 'sent' ORDER BY 1"
        )
    ]
    assert checkin.message_id in delivered
    assert delivered == recorded, "every due reminder sent once, and recorded"
    await world.sweep.tick()
    assert world.sweep.finished_at is not None
