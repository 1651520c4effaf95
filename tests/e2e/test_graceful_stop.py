"""SIGTERM in the middle of a reminder burst: the bot stops taking work, finishes the requests
in flight, gives every claimed-but-unsent reminder back as pending and exits within 10 s; the
restarted bot then sends the rest. Nothing is lost and nothing arrives twice."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.devtools.standin import BotApiStandIn

from .bot_process import bot_env, delivered, free_port, seed_burst, start_bot, statuses, wait_for

COUNT = 240

pytestmark = pytest.mark.slow


async def test_sigterm_mid_burst_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    db, log = tmp_path / "a.db", tmp_path / "bot.log"
    async with BotApiStandIn() as standin:
        standin.rate_limit(per_second=30, retry_after=1)
        chats = seed_burst(db, standin, COUNT)
        env = bot_env(db, token=standin.token, base_url=standin.base_url, port=free_port(),
                      AFTERCARE_SWEEP_SECONDS="0.5")  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: sum(delivered(standin).values()) >= 60, 30, "60 sent")
            stopping = time.monotonic()
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
            stop_seconds = time.monotonic() - stopping
        finally:
            if process.poll() is None:
                process.kill()
        at_stop = statuses(db)
        sent_before_restart = sum(delivered(standin).values())

        process = start_bot(env, log)
        try:
            await wait_for(lambda: statuses(db).get("sent", 0) == COUNT, 30, "all sent")
            await standin.wait_until_idle(timeout=10, quiet=0.5)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait, 15)
        per_chat = delivered(standin)

    assert code == 0
    assert stop_seconds < 10
    # Nothing is left claimed or in flight: unsent rows went back to pending at once.
    assert set(at_stop) <= {"sent", "pending"}, at_stop
    assert at_stop["sent"] == sent_before_restart < COUNT
    assert per_chat == Counter(dict.fromkeys(chats, 1))
    output = log.read_text()
    assert "may arrive twice" not in output
    assert "claimed reminders given back as pending at stop" in output
    assert "Traceback" not in output
