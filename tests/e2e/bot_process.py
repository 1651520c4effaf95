"""The bot as operators run it: ``python -m bot`` in its own process, against the stand-in.

Helpers for the start-up, graceful-stop, webhook and backup stories: a free port, the
environment (no ``.env`` is read, so a developer's own file never leaks into a test), a burst
of reminders due at once, and reading the database from outside the bot.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.aftercare.plan import PlannedReminder
from bot.devtools.standin import BotApiStandIn
from bot.storage.db import open_database
from bot.storage.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
FIRST_CHAT = 8_200_000_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(db_path: Path, *, token: str, base_url: str | None, port: int, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "AFTERCARE_"))}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": token,
            "AFTERCARE_DB": str(db_path),
            "AFTERCARE_HTTP_PORT": str(port),
            "AFTERCARE_ENV_FILE": "off",
            "AFTERCARE_LOG_LEVEL": "INFO",
        }
    )
    if base_url is not None:
        env["TELEGRAM_API_BASE_URL"] = base_url
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


def start_bot(
    env: dict[str, str], log: Path, *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, stdin=stdin,
            stdout=handle, stderr=handle,
        )  # fmt: skip


def run_bot(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run to completion with separate stdout and stderr (no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


async def wait_for(predicate: Callable[[], object], limit: float, what: str = "") -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what or "condition")
        await asyncio.sleep(0.05)


def seed_burst(db_path: Path, standin: BotApiStandIn, count: int) -> list[int]:
    """``count`` patients, each with one check-in due a minute ago; returns their chat ids."""
    now = datetime.now(UTC)
    chats = [FIRST_CHAT + n for n in range(count)]
    repo = Repository(open_database(db_path))
    try:
        with repo.db.atomic():
            for n, chat in enumerate(chats):
                standin.register_chat(chat)
                patient = repo.patients.register(
                    telegram_user_id=chat, chat_id=chat, display_name=None, locale="en", now=now
                )
                repo.patients.set_fields(
                    patient.id, reminders_consent=1, quiet_start="00:00", quiet_end="00:00"
                )
                session, _ = repo.aftercare.add_session(
                    patient_id=patient.id, treated_at=now - timedelta(hours=24), area="neck",
                    logged_by="test", idempotency_key=f"s{n}", now=now,
                )  # fmt: skip
                due = now - timedelta(minutes=1)
                repo.aftercare.upsert_plan(
                    session,
                    [PlannedReminder("checkin", 1, due, due + timedelta(hours=12), False)],
                    now,
                )
    finally:
        repo.close()
    return chats


def statuses(db_path: Path) -> Counter[str]:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        return Counter(
            dict(conn.execute("SELECT status, COUNT(*) FROM reminders GROUP BY status"))
        )
    finally:
        conn.close()


def delivered(standin: BotApiStandIn) -> Counter[int]:
    """Reminder messages per chat so far."""
    return Counter(int(r.chat_id) for r in standin.sent if r.method == "sendMessage" and r.chat_id)
