"""A backup taken in the middle of a reminder burst (``python -m bot backup`` beside the running
bot), restored (``python -m bot restore``, refused while the bot runs): the restarted bot
delivers every reminder that was pending in the copy exactly once."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from bot.devtools.standin import BotApiStandIn

from .bot_process import (
    bot_env,
    delivered,
    free_port,
    run_bot,
    seed_burst,
    start_bot,
    statuses,
    wait_for,
)

COUNT = 240

pytestmark = pytest.mark.slow


def _chats_by_status(db_path: Path) -> dict[str, set[int]]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT r.status, p.chat_id FROM reminders r JOIN patients p ON p.id = r.patient_id"
        ).fetchall()
    finally:
        conn.close()
    found: dict[str, set[int]] = {}
    for status, chat in rows:
        found.setdefault(status, set()).add(int(chat))
    return found


async def test_a_backup_mid_burst_restores_and_every_pending_reminder_is_sent_once(
    tmp_path: Path,
) -> None:
    db, log, copy = tmp_path / "a.db", tmp_path / "bot.log", tmp_path / "copy.db"
    async with BotApiStandIn() as standin:
        standin.rate_limit(per_second=30, retry_after=1)
        seed_burst(db, standin, COUNT)
        env = bot_env(db, token=standin.token, base_url=standin.base_url, port=free_port(),
                      AFTERCARE_SWEEP_SECONDS="0.5")  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: sum(delivered(standin).values()) >= 60, 30, "60 sent")
            backup = await asyncio.to_thread(run_bot, env, "backup", str(copy))
            refused = await asyncio.to_thread(run_bot, env, "restore", str(copy))
            await wait_for(lambda: statuses(db).get("sent", 0) == COUNT, 30, "first run done")
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait, 15)

        in_copy = _chats_by_status(copy)
        restored = await asyncio.to_thread(run_bot, env, "restore", str(copy))
        after_restore = statuses(db)
        before_restart = delivered(standin)

        process = start_bot(env, log)
        try:
            await wait_for(lambda: statuses(db).get("sent", 0) == COUNT, 30, "all sent again")
            await standin.wait_until_idle(timeout=10, quiet=0.5)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait, 15)
        by_restarted_bot = delivered(standin) - before_restart

    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert f"Backed up {db} to {copy}" in backup.stdout
    assert refused.returncode == 2
    assert "Restore refused" in refused.stdout and "is in use by bot" in refused.stdout
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "the replaced database was saved as" in restored.stdout

    pending = in_copy.get("pending", set())
    claimed = in_copy.get("claimed", set()) | in_copy.get("sending", set())
    assert 0 < len(pending) < COUNT, in_copy.keys()
    # The restored database owes what the copy owed, claims included (their sender is gone).
    assert after_restore["sent"] == len(in_copy.get("sent", set()))
    assert after_restore["pending"] == len(pending) + len(claimed)
    assert set(after_restore) <= {"sent", "pending"}
    # Every reminder that was pending in the copy reached its patient exactly once.
    assert {chat: by_restarted_bot[chat] for chat in pending} == dict.fromkeys(pending, 1)
    assert set(by_restarted_bot) == pending | claimed
    assert max(by_restarted_bot.values()) == 1
    assert Counter(statuses(db)) == Counter({"sent": COUNT})
