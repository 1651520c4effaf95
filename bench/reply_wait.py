"""How long patients wait for an answer when many ask at once, with and without a reminder
burst going out at the same time.

Runs the production pieces against the Bot API stand-in in a process of its own (as Telegram
would be): the Application polling it, the reminder sweep with its paced sender, and the one
send budget (30 messages in any second, patient replies first). The stand-in answers 429 with
``retry_after`` whenever more than 30 sends fall within a second.

Two runs on fresh databases: ``--askers`` patients (200) send a question at the same instant
with no reminder due; then the same with ``--reminders`` check-ins (5,000) due at once, asked
once the burst is under way (``--ask-after`` sends into it). The wait is measured inside the
stand-in, from the moment a question is pushed to the moment the bot's reply is accepted.
Prints p50/p95/max of the reply wait for both runs, and how many reminders went out while the
questions were being answered. At 30 msg/s, 200 replies take 6.7 s however they are ordered:
that is the floor for the last one.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from aftercare_seed import FIRST_CHAT, seed, utcnow
from standin_process import StandInProcess

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_application
from bot.clock import SystemClock
from bot.settings import Secret, Settings
from bot.telegram.lifecycle import running

FIRST_ASKER = 7_800_000_000
QUESTION = "how long will I be sore?"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def one_run(
    standin: StandInProcess, db_path: Path, *, askers: int, reminders: int, ask_after: int
) -> tuple[list[float | None], int]:
    """One bot on a fresh database: ``reminders`` due now, ``askers`` asking at once after
    ``ask_after`` reminders went out. Returns each asker's wait (None: no reply) and the
    reminders sent while the questions were answered."""
    if reminders:
        seed(db_path, patients=reminders, per_patient=1, due_now=reminders, now=utcnow(),
             spread=timedelta(minutes=1))  # fmt: skip
    chats = [FIRST_ASKER + n for n in range(askers)]
    await standin.call("register_chats", chats=[FIRST_CHAT + p for p in range(1, reminders + 1)])
    await standin.call("register_chats", chats=chats)
    await standin.call("rate_limit", per_second=30, retry_after=1)
    settings = Settings(
        token=Secret(standin.token),
        api_base_url=standin.base_url,
        api_base_file_url=standin.base_file_url,
        db_path=db_path,
        sweep_interval_seconds=1.0,
    )
    app = build_application(settings, clock=SystemClock())
    matcher = app.bot_data["services"].matcher
    if hasattr(matcher, "wait_until_settled"):  # answers from the warmed-up index, as in use
        await asyncio.to_thread(matcher.wait_until_settled, 300)
    async with running(app, poll_interval=0, timeout=1):
        while reminders:  # until the burst is under way
            if await standin.call("count_sends", method="sendMessage") >= ask_after:
                break
            await asyncio.sleep(0.1)
        before = await standin.call("count_sends", method="sendMessage")
        await standin.call("ask_many", chats=chats, text=QUESTION)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            waits = await standin.call("reply_waits", chats=chats)
            if all(w is not None for w in waits):
                break
            await asyncio.sleep(0.25)
        during = await standin.call("count_sends", method="sendMessage") - before - askers
    return waits, max(0, during)


def describe(waits: list[float | None]) -> str:
    got = [w for w in waits if w is not None]
    missing = len(waits) - len(got)
    if not got:
        return "no reply at all"
    text = (
        f"p50 {statistics.median(got):.1f} s, p95 {percentile(got, 0.95):.1f} s, "
        f"max {max(got):.1f} s"
    )
    return text + (f" ({missing} unanswered after 120 s)" if missing else "")


async def run(args: argparse.Namespace) -> None:
    results = {}
    for label, reminders in (("no burst", 0), ("burst", args.reminders)):
        with tempfile.TemporaryDirectory() as tmp:
            async with StandInProcess() as standin:
                results[label] = await one_run(
                    standin, Path(tmp) / "reply-wait.db", askers=args.askers,
                    reminders=reminders, ask_after=args.ask_after,
                )  # fmt: skip
    quiet, _ = results["no burst"]
    busy, during = results["burst"]
    print(f"{args.askers} patients asking at once; the send budget allows 30 msg/s")
    print(f"reply wait, no reminders due: {describe(quiet)}")
    print(
        f"reply wait, during a {args.reminders:,}-reminder burst: {describe(busy)} "
        f"({during} reminders sent meanwhile)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--askers", type=int, default=200)
    parser.add_argument("--reminders", type=int, default=5_000)
    parser.add_argument(
        "--ask-after", type=int, default=300, help="reminders sent before the patients ask"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
