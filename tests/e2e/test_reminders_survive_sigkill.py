"""A real process killed with SIGKILL mid-drain, then restarted: no reminder is lost, and any
message sent twice was logged as a possible duplicate (bounded by the requests in flight)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.devtools.standin import BotApiStandIn
from bot.storage.db import open_database
from bot.storage.repository import Repository

from .bot_process import seed_burst

ROOT = Path(__file__).resolve().parents[2]
COUNT = 240
MAX_IN_FLIGHT = 16


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot.devtools.reminder_runner"], cwd=ROOT, env=env,
            stdout=handle,
            stderr=handle,
        )  # fmt: skip


def _statuses(db_path: Path) -> Counter[str]:
    repo = Repository(open_database(db_path))
    try:
        return Counter(repo.aftercare.count_by_status())
    finally:
        repo.close()


async def _wait_for(predicate: Callable[[], bool], limit: float) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_a_killed_sender_loses_no_reminder_and_logs_every_possible_duplicate(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "kill.db"
    log = tmp_path / "runner.log"
    with BotApiStandIn() as standin:
        standin.rate_limit(per_second=30, retry_after=1)
        chats = seed_burst(db_path, standin, COUNT)
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "AFTERCARE_DB": str(db_path),
            "AFTERCARE_SWEEP_SECONDS": "0.5",
            "AFTERCARE_LEASE_SECONDS": "1",
            "AFTERCARE_LOG_LEVEL": "INFO",
        }

        def delivered() -> int:
            return len([r for r in standin.sent if r.method == "sendMessage"])

        def delivered_at_least(count: int) -> Callable[[], bool]:
            return lambda: delivered() >= count

        for kill_after in (60, 140):
            process = _start(env, log)
            try:
                await _wait_for(delivered_at_least(kill_after), limit=30)
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait()
        process = _start(env, log)
        try:
            await _wait_for(lambda: _statuses(db_path).get("sent", 0) == COUNT, limit=30)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()

        per_chat = Counter(r.chat_id for r in standin.sent if r.method == "sendMessage")
    assert set(per_chat) == set(chats), "every reminder arrived"
    duplicates = sum(c - 1 for c in per_chat.values())
    logged = log.read_text().count("may arrive twice")
    assert duplicates <= logged <= 2 * MAX_IN_FLIGHT
    assert _statuses(db_path) == Counter({"sent": COUNT})
