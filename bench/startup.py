"""How long from ``python -m bot`` to the bot answering a patient: start-up to the first poll.

The bot runs as a real process (pinned to one core) against the Bot API stand-in in another
process. A patient's question is already waiting when the bot starts, so the time to its answer
is the time to the first poll plus one answer. Printed for a first start (the answer model
embeds the articles in the background; until it is ready the word-matching ranker answers) and
for a second start on the same database (vectors cached).

    .venv/bin/python bench/startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from standin_process import StandInProcess

ROOT = Path(__file__).resolve().parent.parent
CHAT = 7_700_000_001


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(standin: StandInProcess, db: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "AFTERCARE_"))},
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "AFTERCARE_DB": str(db),
        "AFTERCARE_HTTP_PORT": str(_free_port()),
        "AFTERCARE_ENV_FILE": "off",
        "AFTERCARE_LOG_LEVEL": "WARNING",
    }


async def _one_start(db: Path) -> float:
    async with StandInProcess() as standin:
        await standin.call("register_chats", chats=[CHAT])
        started = time.monotonic()
        bot = subprocess.Popen(  # noqa: ASYNC220 - started once, before anything is measured
            [sys.executable, "-m", "bot"],
            cwd=ROOT,
            env=_env(standin, db),
            stdin=subprocess.DEVNULL,
        )
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(bot.pid, {cores[0]})
        try:
            # ``ask`` pushes the question at once (the bot is not polling yet) and waits.
            waited = await standin.call(
                "ask", chat=CHAT, text="how long will I be sore?", timeout=30
            )
            if waited is None:
                raise SystemExit("the bot did not answer within 30 s")
            return time.monotonic() - started
        finally:
            bot.terminate()
            bot.wait(timeout=30)


async def main(runs: int) -> None:
    firsts, seconds = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "startup.db"
            firsts.append(await _one_start(db))
            seconds.append(await _one_start(db))
    for label, values in (("first start", firsts), ("second start", seconds)):
        print(
            f"start-up to the first answer, {label}: median {statistics.median(values):.2f} s,"
            f" max {max(values):.2f} s over {runs} runs"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    asyncio.run(main(parser.parse_args().runs))
