"""A burst of reminders all due at once, against the local Bot API stand-in answering 429 (with
retry_after) whenever more than 30 sends fall within a second.

Runs the production pieces in one process: the Application polling the stand-in (so a patient's
question is answered during the burst) and the reminder sweep with its paced sender. Every
tenth patient has two reminders due at once, to exercise the 1 message/s per-chat rule.
Prints throughput as % of 30 msg/s, lost, duplicated, per-chat minimum interval, 429s seen, the
longest event-loop stall, and reply latency to questions asked during the burst.
``--count 10000`` (the default) takes about six minutes; ``--count 1000`` about 40 s.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from aftercare_seed import FIRST_CHAT, seed, utcnow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_application
from bot.clock import SystemClock
from bot.scheduling import start_reminder_sweep
from bot.settings import Secret, Settings
from bot.standin import BotApiStandIn
from bot.storage.timefmt import to_db

ASKER = 7_777_000_001


async def run(count: int, rate: float) -> None:
    with tempfile.TemporaryDirectory() as tmp, BotApiStandIn() as standin:
        db_path = Path(tmp) / "burst.db"
        now = utcnow()
        seed(db_path, patients=count, per_patient=1, due_now=count, now=now)
        from bot.storage.db import open_database

        db = open_database(db_path)
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO reminders (patient_id, session_id, kind, step, due_at, deadline_at,"
                " routine, status, created_at, updated_at) VALUES (?, ?, 'checkin', 2, ?, ?, 0,"
                " 'pending', ?, ?)",
                [
                    (p, p, to_db(now), to_db(now + timedelta(hours=12)), to_db(now), to_db(now))
                    for p in range(10, count + 1, 10)
                ],
            )
        db.close()
        expected = count + count // 10
        for p in range(1, count + 1):
            standin.register_chat(FIRST_CHAT + p)
        standin.register_chat(ASKER)
        standin.rate_limit(per_second=30, retry_after=1)
        settings = Settings(
            token=Secret(standin.token),
            api_base_url=standin.base_url,
            api_base_file_url=standin.base_file_url,
            db_path=db_path,
            sweep_interval_seconds=1.0,
            send_rate_per_second=rate,
        )
        app = build_application(settings, clock=SystemClock())
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)

        stalls: list[float] = []
        done = asyncio.Event()

        async def watch_loop() -> None:
            while not done.is_set():
                before = time.perf_counter()
                await asyncio.sleep(0.01)
                stalls.append(time.perf_counter() - before - 0.01)

        latencies: list[float] = []

        async def ask_questions() -> None:
            while not done.is_set():
                await asyncio.sleep(2)
                asked = time.perf_counter()
                standin.push_message(ASKER, "how long will I be sore?")
                try:
                    await standin.wait_for_reply(ASKER, timeout=20)
                    latencies.append(time.perf_counter() - asked)
                except TimeoutError:
                    latencies.append(float("inf"))

        watcher = asyncio.create_task(watch_loop())
        asker = asyncio.create_task(ask_questions())
        started = time.perf_counter()
        start_reminder_sweep(app)

        def reminder_sends() -> list:
            return [r for r in standin.sent if r.method == "sendMessage" and r.chat_id != ASKER]

        limit = count / 10 + 60
        while len(reminder_sends()) < expected and time.perf_counter() - started < limit:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
        done.set()
        await asyncio.gather(watcher, asker)
        sends = reminder_sends()
        rate_setting = rate
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    per_chat: dict[object, list[float]] = defaultdict(list)
    for record in sends:
        per_chat[record.chat_id].append(record.sent_at)
    wanted = Counter({FIRST_CHAT + p: 1 for p in range(1, count + 1)})
    wanted.update({FIRST_CHAT + p: 1 for p in range(10, count + 1, 10)})
    got = Counter({chat: len(times) for chat, times in per_chat.items()})
    lost = sum((wanted - got).values())
    duplicated = sum((got - wanted).values())
    gaps = [
        b - a
        for times in per_chat.values()
        for a, b in zip(sorted(times), sorted(times)[1:], strict=False)
    ]
    first, last = min(r.sent_at for r in sends), max(r.sent_at for r in sends)
    rate = (len(sends) - 1) / (last - first) if last > first else float("nan")
    print(f"reminders due at once: {expected:,} ({count:,} patients, every 10th has two)")
    print(f"sender pace: {rate_setting:g}/s (AFTERCARE_SEND_RATE)")
    print(f"drained in {last - first:.1f} s: {rate:.1f} msg/s = {rate / 30 * 100:.1f} % of 30/s")
    print(f"lost: {lost}, duplicated: {duplicated}, 429 answers: {standin.counters.rate_limited}")
    print(f"per-chat minimum interval: {min(gaps):.2f} s" if gaps else "per-chat: n/a")
    print(
        f"longest event-loop stall: {max(stalls) * 1000:.0f} ms (p99 "
        f"{sorted(stalls)[int(len(stalls) * 0.99)] * 1000:.0f} ms)"
    )
    if latencies:
        print(
            f"questions during the burst: {len(latencies)}, reply latency median "
            f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="AFTERCARE_SEND_RATE")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args.count, args.rate))


if __name__ == "__main__":
    main()
