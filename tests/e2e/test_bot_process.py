"""The real bot process (``python -m bot``) against the stand-in: what a restart and a SIGKILL
must not cost.

* Consent and the plan it leads to are one transaction: a kill while Telegram is still
  answering the "yes" (the buttons already gone) leaves reminders on *and* planned.
* The first sweep runs at start-up: a reminder already due goes out within a moment of the bot
  starting, not one sweep interval later.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.aftercare.plan import PlannedReminder
from bot.devtools.standin import BotApiStandIn
from bot.storage.db import open_database
from bot.storage.repository import Repository
from bot.telegram.callbacks import ReminderConsent, encode

ROOT = Path(__file__).resolve().parents[2]
PATIENT = 7_950_000_001
START_TIMEOUT = 60.0


def _env(standin: BotApiStandIn, db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AFTERCARE_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=standin.token,
        TELEGRAM_API_BASE_URL=standin.base_url,
        AFTERCARE_DB=str(db_path),
        AFTERCARE_LOG_LEVEL="INFO",
    )
    return env


@contextmanager
def bot_process(standin: BotApiStandIn, db_path: Path, log: Path) -> Iterator[None]:
    """``python -m bot`` with default settings, SIGKILLed on the way out."""
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=ROOT, env=_env(standin, db_path),
            stdout=handle, stderr=handle,
        )  # fmt: skip
    try:
        yield
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


async def _until(check: Callable[[], bool], limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.01)


def _repo(db_path: Path) -> Repository:
    return Repository(open_database(db_path))


def _seed_patient(db_path: Path, standin: BotApiStandIn, *, consent: bool) -> None:
    """A patient with a session an hour ago; with ``consent``, a check-in already due."""
    now = datetime.now(UTC)
    standin.register_chat(PATIENT)
    repo = _repo(db_path)
    try:
        with repo.db.atomic():
            patient = repo.patients.register(
                telegram_user_id=PATIENT, chat_id=PATIENT, display_name="Patient", locale="en",
                now=now,
            )  # fmt: skip
            repo.patients.set_fields(patient.id, quiet_start="00:00", quiet_end="00:00")
            session, _ = repo.aftercare.add_session(
                patient_id=patient.id, treated_at=now - timedelta(hours=1), area="neck",
                logged_by="patient", idempotency_key="seeded", now=now,
            )  # fmt: skip
            if consent:
                repo.patients.set_fields(patient.id, reminders_consent=1)
                due = now - timedelta(seconds=1)
                planned = PlannedReminder("checkin", 1, due, due + timedelta(hours=12), False)
                repo.aftercare.upsert_plan(session, [planned], now)
    finally:
        repo.close()


@pytest.mark.slow
async def test_a_kill_right_after_yes_to_reminders_keeps_the_plan(tmp_path: Path) -> None:
    db_path, log = tmp_path / "bot.db", tmp_path / "bot.log"
    with BotApiStandIn() as standin:
        _seed_patient(db_path, standin, consent=False)
        with bot_process(standin, db_path, log):
            await standin.wait_for_long_poll(timeout=START_TIMEOUT)
            standin.push_message(PATIENT, "/reminders")
            yes = encode(ReminderConsent(agreed=True))
            offer = await standin.wait_for_sent(
                lambda r: yes in r.callback_data, timeout=START_TIMEOUT
            )
            # Telegram takes the "yes" (the buttons go) but its answer never comes back.
            standin.fail_next(1, "late", methods=["editMessageReplyMarkup"], late_seconds=60)
            before = len(standin.sent)
            standin.push_callback(PATIENT, offer.message_id or 0, yes)
            await standin.wait_for_sent(
                lambda r: r.method == "editMessageReplyMarkup", since=before, timeout=10
            )
        assert standin.buttons_on(PATIENT, offer.message_id or 0) == []
        repo = _repo(db_path)
        try:
            patient = repo.patients.by_telegram_user(PATIENT)
            assert patient is not None and patient.reminders_consent
            assert len(repo.aftercare.pending_for(patient.id)) > 0, "the plan came with the yes"
        finally:
            repo.close()
        with bot_process(standin, db_path, log):
            await standin.wait_for_long_poll(timeout=START_TIMEOUT)
            before = len(standin.sent)
            standin.push_message(PATIENT, "/reminders")
            overview = await standin.wait_for_sent(
                lambda r: r.chat_id == PATIENT and r.method == "sendMessage",
                since=before,
                timeout=10,
            )
        text = overview.plain_text or ""
        assert "Reminders are on" in text and "Nothing is scheduled" not in text


@pytest.mark.slow
async def test_a_reminder_due_at_start_up_goes_out_at_once(tmp_path: Path) -> None:
    db_path, log = tmp_path / "bot.db", tmp_path / "bot.log"
    with BotApiStandIn() as standin:
        _seed_patient(db_path, standin, consent=True)
        with bot_process(standin, db_path, log):
            # "Started": the bot's first request (getMe, as PTB initialises).
            await _until(lambda: standin.counters.requests > 0, START_TIMEOUT, "first request")
            started = time.monotonic()
            first = await standin.wait_for_sent(
                lambda r: r.chat_id == PATIENT and r.method == "sendMessage", timeout=15
            )
        # Default settings sweep every 5 s; the first sweep must not wait for the first interval.
        assert first.sent_at - started <= 2.0, f"first send {first.sent_at - started:.1f} s"
