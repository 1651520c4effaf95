"""A burst of reminders all due at once, against the local Bot API stand-in answering 429 (with
retry_after) whenever more than 30 sends fall within a second.

Runs the production pieces: the Application polling the stand-in (so a patient's question is
answered during the burst) and the reminder sweep with its paced sender. The stand-in runs in a
process of its own by default, as Telegram would (``--standin thread`` puts it in this process,
where its threads and records weigh on the bot's event loop; see ``standin_process``).
Every 20th patient has three reminders due at the very same moment (check-in, hydration,
stretch), so the 1 message/s per-chat rule is exercised: the stand-in reports the shortest
interval it saw between two messages to one chat and how many were under a second.
Prints throughput as % of 30 msg/s, lost, duplicated, 429s seen, per-chat spacing, the longest
event-loop stall (and the longest garbage collection in the bot's process), and reply latency
to questions asked during the burst. ``--count 10000`` (the default) takes about six and a half
minutes; ``--count 2000`` about 70 s.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from aftercare_seed import FIRST_CHAT, seed, utcnow
from standin_process import StandInProcess, StandInThread

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_application
from bot.clock import SystemClock
from bot.settings import Secret, Settings
from bot.storage.timefmt import to_db
from bot.telegram.lifecycle import running

ASKER = 7_777_000_001
#: Every this many patients, one has these extra reminders due with its check-in.
TRIPLE_EVERY = 20
EXTRA_KINDS = (("hydration", 1), ("stretch", 1))


class GcPauses:
    """Times every garbage collection in this process (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []  # (generation, seconds)
        self._started = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))

    def longest(self, generation: int) -> tuple[int, float]:
        times = [t for g, t in self.pauses if g == generation]
        return len(times), max(times, default=0.0)


def seed_burst(db_path: Path, count: int) -> dict[int, int]:
    """``count`` patients with a check-in each, due within the last minute (each patient at
    its own instant); every ``TRIPLE_EVERY``-th patient has two more reminders due at exactly
    the same instant. Returns the number of reminders owed per chat."""
    now = utcnow()
    seed(
        db_path, patients=count, per_patient=1, due_now=count, now=now, spread=timedelta(minutes=1)
    )
    from bot.storage.db import open_database

    db = open_database(db_path)
    with db.atomic():
        due = dict(
            db.conn.execute("SELECT patient_id, due_at FROM reminders WHERE kind = 'checkin'")
        )
        db.conn.executemany(
            "INSERT INTO reminders (patient_id, session_id, kind, step, due_at, deadline_at,"
            " routine, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0,"
            " 'pending', ?, ?)",
            [
                (
                    p,
                    p,
                    kind,
                    step,
                    due[p],
                    to_db(now + timedelta(hours=12)),
                    to_db(now),
                    to_db(now),
                )
                for p in range(TRIPLE_EVERY, count + 1, TRIPLE_EVERY)
                for kind, step in EXTRA_KINDS
            ],
        )
    db.close()
    owed = {FIRST_CHAT + p: 1 for p in range(1, count + 1)}
    for p in range(TRIPLE_EVERY, count + 1, TRIPLE_EVERY):
        owed[FIRST_CHAT + p] += len(EXTRA_KINDS)
    return owed


async def run(count: int, rate: float, standin_in: str, slow_callbacks: bool) -> None:
    loop = asyncio.get_running_loop()
    if slow_callbacks:
        loop.set_debug(True)
        loop.slow_callback_duration = 0.05
    kind = StandInProcess if standin_in == "process" else StandInThread
    with tempfile.TemporaryDirectory() as tmp:
        async with kind() as standin:
            await measure(standin, Path(tmp) / "burst.db", count, rate, standin_in)


async def measure(
    standin: StandInProcess | StandInThread, db_path: Path, count: int, rate: float, where: str
) -> None:
    owed = seed_burst(db_path, count)
    expected = sum(owed.values())
    await standin.call("register_chats", chats=[*owed, ASKER])
    await standin.call("rate_limit", per_second=30, retry_after=1)
    settings = Settings(
        token=Secret(standin.token),
        api_base_url=standin.base_url,
        api_base_file_url=standin.base_file_url,
        db_path=db_path,
        sweep_interval_seconds=1.0,
        send_rate_per_second=rate,
    )
    app = build_application(settings, clock=SystemClock())

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
            took = await standin.call(
                "ask", chat=ASKER, text="how long will I be sore?", timeout=20
            )
            latencies.append(float("inf") if took is None else took)

    # As in production: post_init announces the commands, starts the sweep (first run when
    # the JobQueue starts) and settles the start-up heap (bot.app.settle_heap).
    async with running(app, poll_interval=0, timeout=1):
        started = time.perf_counter()
        with GcPauses() as gc_pauses:
            watcher = asyncio.create_task(watch_loop())
            asker = asyncio.create_task(ask_questions())
            limit = expected / 10 + 60
            while time.perf_counter() - started < limit:
                sent = await standin.call("count_sends", method="sendMessage", except_chat=ASKER)
                if sent >= expected:
                    break
                await asyncio.sleep(0.5)
            done.set()
            await asyncio.gather(watcher, asker)
        sends = await standin.call("sends", method="sendMessage", except_chat=ASKER)
        counters = await standin.call("counters", except_chat=ASKER)

    per_chat: dict[int, list[float]] = defaultdict(list)
    for chat, sent_at in sends:
        per_chat[chat].append(sent_at)
    got = Counter({chat: len(times) for chat, times in per_chat.items()})
    lost = sum((Counter(owed) - got).values())
    duplicated = sum((got - Counter(owed)).values())
    first, last = min(t for _, t in sends), max(t for _, t in sends)
    achieved = (len(sends) - 1) / (last - first) if last > first else float("nan")
    several = sum(1 for n in owed.values() if n > 1)
    gen2, longest_gc = gc_pauses.longest(2)
    print(
        f"reminders due at once: {expected:,} ({count:,} patients; {several:,} of them have "
        f"{1 + len(EXTRA_KINDS)} due at the same instant)"
    )
    print(f"stand-in: {where}; sender pace: {rate:g}/s (AFTERCARE_SEND_RATE)")
    print(
        f"drained in {last - first:.1f} s: {achieved:.1f} msg/s = {achieved / 30 * 100:.1f} % "
        f"of 30/s (peak {counters['peak_sends_per_second']} in a 1 s window)"
    )
    print(f"lost: {lost}, duplicated: {duplicated}, 429 answers: {counters['rate_limited']}")
    if counters["min_chat_interval"] is not None:
        print(
            f"per-chat minimum interval: {counters['min_chat_interval']:.3f} s "
            f"(sends under 1 s apart to one chat: {counters['per_chat_violations']})"
        )
    print(
        f"longest event-loop stall: {max(stalls) * 1000:.0f} ms (p99 "
        f"{sorted(stalls)[int(len(stalls) * 0.99)] * 1000:.0f} ms; "
        f"{sum(1 for s in stalls if s > 0.05)} over 50 ms)"
    )
    print(
        f"garbage collection in the bot's process: {gen2} full, longest "
        f"{longest_gc * 1000:.0f} ms; longest young {gc_pauses.longest(1)[1] * 1000:.0f} ms"
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
    parser.add_argument(
        "--standin",
        choices=("process", "thread"),
        default="process",
        help="run the stand-in in its own process (default) or in this one",
    )
    parser.add_argument(
        "--slow-callbacks",
        action="store_true",
        help="asyncio debug mode: log every callback that holds the loop over 50 ms",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args.count, args.rate, args.standin, args.slow_callbacks))


if __name__ == "__main__":
    main()
