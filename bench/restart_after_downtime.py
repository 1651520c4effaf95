"""Restart after 60 s of downtime with reminders come due meanwhile.

Seeds reminders due over the last 60 s (as if the bot had been down), every fifth one with a
30 s lateness window (so the written rule must mark it missed), then starts the real sweep in a
fresh process (``python -m bot.devtools.reminder_runner``) against the stand-in and reports: time
from
process start to the first delivered reminder, and how every reminder ended (sent or missed —
none may stay pending). ``--count 10000`` (default) takes ~5 minutes at 28/s; ``--count 1000``
about 30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from aftercare_seed import FIRST_CHAT, seed, utcnow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.devtools.standin import BotApiStandIn  # noqa: E402
from bot.storage.db import open_database  # noqa: E402
from bot.storage.repository import Repository  # noqa: E402


def statuses(db_path: Path) -> Counter[str]:
    repo = Repository(open_database(db_path))
    try:
        return Counter(
            dict(
                repo.db.execute(
                    "SELECT status, COUNT(*) FROM reminders WHERE due_at <= ? GROUP BY status",
                    [time.strftime("%Y-%m-%dT%H:%M:%S.999999Z", time.gmtime())],
                ).fetchall()
            )
        )
    finally:
        repo.close()


async def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, BotApiStandIn() as standin:
        db_path = Path(tmp) / "restart.db"
        now = utcnow()
        seed(
            db_path, patients=count, per_patient=2, due_now=count, now=now,
            spread=timedelta(seconds=60), short_window_every=5,
        )  # fmt: skip
        for p in range(1, count + 1):
            standin.register_chat(FIRST_CHAT + p)
        standin.rate_limit(per_second=30, retry_after=1)
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "AFTERCARE_DB": str(db_path),
            "AFTERCARE_SWEEP_SECONDS": "1",
            "AFTERCARE_LOG_LEVEL": "WARNING",
        }
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: ASYNC220 (started once, not awaited)
            [sys.executable, "-m", "bot.devtools.reminder_runner"], cwd=ROOT, env=env,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        first = None
        try:
            while True:
                await asyncio.sleep(0.05)
                if first is None and any(r.method == "sendMessage" for r in standin.sent):
                    first = time.perf_counter() - started
                done = statuses(db_path)
                if done.get("pending", 0) + done.get("claimed", 0) + done.get("sending", 0) == 0:
                    break
                if time.perf_counter() - started > count / 5 + 60:
                    break
        finally:
            process.kill()
            process.wait()
        final = statuses(db_path)
        delivered = Counter(r.chat_id for r in standin.sent if r.method == "sendMessage")
    print(f"reminders come due during 60 s of downtime: {count:,} (1 in 5 with a 30 s window)")
    print(f"first delivery {first:.2f} s after process start" if first else "no delivery!")
    print(
        f"outcome: {dict(final)}; delivered messages {sum(delivered.values())}, "
        f"duplicated {sum(c - 1 for c in delivered.values())}"
    )
    left = final.get("pending", 0) + final.get("claimed", 0) + final.get("sending", 0)
    print(f"left undecided: {left}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(run(args.count))


if __name__ == "__main__":
    main()
