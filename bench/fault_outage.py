"""A Telegram outage in the middle of a reminder burst, with red flags and worrying check-ins
mixed in: what is delivered, missed, lost or duplicated once the network is back.

The production pieces run: the Application polling the Bot API stand-in over real HTTP, the
reminder sweep with its paced sender and the outbox, on a clock running ``--scale`` times
faster than real time (default settings otherwise: a sweep every 5 real seconds). Check-ins fall
due evenly over ``--burst`` minutes of bot-clock time; from minute ``--outage-at`` Telegram fails
every call except getUpdates for ``--outage`` minutes (502 answers for the first half, dropped
connections for the second; ``--fault late`` instead carries every call out but answers after
the bot's timeout), so patients' messages still arrive. Meanwhile patients of a clinic with two
staff members report red flags, and some patients answer their check-in with 9/10.

Prints alerts raised / delivered (to every staff member) / lost and duplicated copies, urgent
replies delivered, reminders delivered / missed / lost / duplicated, and how long after the
outage everything had arrived. Lost must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.aftercare.plan import PlannedReminder
from bot.app import build_application
from bot.clock import ScaledClock
from bot.devtools.standin import BotApiStandIn, SentRecord
from bot.settings import Secret, Settings
from bot.storage.db import open_database
from bot.storage.repository import Repository
from bot.storage.timefmt import from_db
from bot.telegram.callbacks import CheckinScore, MarkAlertHandled, decode_as, encode
from bot.telegram.lifecycle import running

FIRST_PATIENT = 8_700_000_000
STAFF = (5_700_000_001, 5_700_000_002)
RED_FLAG = "I can't breathe and my chest hurts"
URGENT = "Call your local emergency number now"


def seed(db_path: Path, standin: BotApiStandIn, args: argparse.Namespace, start: datetime) -> None:
    """A clinic with two staff members; ``--patients`` patients of it with a check-in each, due
    evenly over the burst (12 h late window, no quiet hours)."""
    repo = Repository(open_database(db_path))
    try:
        with repo.db.atomic():
            clinic = repo.clinics.create(
                name="Bench Clinic", timezone="UTC", digest_time=None, now=start
            )
            for chat in STAFF:
                standin.register_chat(chat)
                repo.clinics.add_staff(
                    clinic_id=clinic.id, telegram_user_id=chat, chat_id=chat,
                    display_name=f"Staff {chat}", invite_id=None, now=start,
                )  # fmt: skip
            for n in range(args.patients):
                chat = FIRST_PATIENT + n
                standin.register_chat(chat, first_name=f"Patient {n}")
                patient = repo.patients.register(
                    telegram_user_id=chat, chat_id=chat, display_name=f"Patient {n}",
                    locale="en", now=start,
                )  # fmt: skip
                repo.patients.set_fields(
                    patient.id, clinic_id=clinic.id, reminders_consent=1, quiet_start="00:00",
                    quiet_end="00:00", timezone="UTC",
                )  # fmt: skip
                session, _ = repo.aftercare.add_session(
                    patient_id=patient.id, treated_at=start - timedelta(hours=23), area="neck",
                    logged_by="bench", idempotency_key=f"bench-{n}", now=start,
                )  # fmt: skip
                due = start + timedelta(minutes=args.burst) * (n / args.patients)
                planned = PlannedReminder("checkin", 1, due, due + timedelta(hours=12), False)
                repo.aftercare.upsert_plan(session, [planned], start)
    finally:
        repo.close()


class PossibleDuplicates(logging.Handler):
    """Counts the bot's "may arrive twice" log lines (each a request that may have delivered)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "may arrive twice" in record.getMessage():
            self.count += 1


def checkin_id(record: SentRecord) -> int | None:
    for data in record.callback_data:
        button = decode_as(CheckinScore, data)
        if button is not None:
            return button.reminder_id
    return None


def alert_id(record: SentRecord) -> int | None:
    for data in record.callback_data:
        button = decode_as(MarkAlertHandled, data)
        if button is not None:
            return button.alert_id
    return None


async def run(args: argparse.Namespace) -> int:
    possible = PossibleDuplicates()
    logging.getLogger("bot").addHandler(possible)
    logging.getLogger("bot").setLevel(logging.WARNING)  # the terminal still shows errors only
    with tempfile.TemporaryDirectory() as tmp, BotApiStandIn() as standin:
        db_path = Path(tmp) / "outage.db"
        clock = ScaledClock(args.scale)
        start = clock.now()
        seed(db_path, standin, args, start)
        settings = Settings(
            token=Secret(standin.token),
            api_base_url=standin.base_url,
            api_base_file_url=standin.base_file_url,
            db_path=db_path,
            time_scale=args.scale,
            # Delivery is measured here, not answers: the answerer's model stays off (its
            # warm-up competes for the two cores while the burst runs).
            embeddings=False,
        )
        app = build_application(settings, clock=clock)
        repo: Repository = app.bot_data["services"].repo
        loop = asyncio.get_running_loop()
        presses: asyncio.Queue[tuple[int, int, str]] = asyncio.Queue()
        scorers = set(range(0, args.patients, max(1, args.patients // args.high_scores)))
        flaggers = [n for n in range(args.patients) if n not in scorers][: args.red_flags]

        def on_record(record: SentRecord) -> None:  # the stand-in's thread
            reminder = checkin_id(record)
            chat = record.chat_id
            if reminder is None or not isinstance(chat, int):
                return
            if chat - FIRST_PATIENT in scorers:
                nine = encode(CheckinScore(reminder, 9))
                loop.call_soon_threadsafe(presses.put_nowait, (chat, record.message_id or 0, nine))

        standin.subscribe(on_record)
        pressed: set[int] = set()
        flagged = 0

        def clock_minutes() -> float:
            return (clock.now() - start).total_seconds() / 60

        async def press_nines() -> None:
            while True:
                chat, message_id, data = await presses.get()
                if chat not in pressed:
                    pressed.add(chat)
                    standin.push_callback(chat, message_id, data)

        async def report_red_flags() -> None:
            nonlocal flagged
            for index, n in enumerate(flaggers):
                at = args.burst * (index + 0.5) / len(flaggers)
                await asyncio.sleep(max(0.0, (at - clock_minutes()) * 60 / args.scale))
                standin.push_message(FIRST_PATIENT + n, RED_FLAG, first_name=f"Patient {n}")
                flagged += 1

        async def break_the_network() -> tuple[float, datetime]:
            half = args.outage / 2
            await asyncio.sleep(max(0.0, (args.outage_at - clock_minutes()) * 60 / args.scale))
            if args.fault == "late":
                standin.outage("late", late_seconds=6.0)
                await asyncio.sleep(args.outage * 60 / args.scale)
            else:
                standin.outage(502)
                await asyncio.sleep(half * 60 / args.scale)
                standin.end_outage()
                standin.outage("disconnect")
                await asyncio.sleep(half * 60 / args.scale)
            standin.end_outage()
            return time.monotonic(), clock.now()

        def finished() -> bool:
            statuses = repo.aftercare.count_by_status()
            reminders_done = sum(statuses.get(s, 0) for s in ("sent", "missed", "failed"))
            outbox = repo.outbox.count_by_status()
            outbox_live = sum(outbox.get(s, 0) for s in ("pending", "claimed", "sending"))
            return reminders_done == args.patients and outbox_live == 0

        async with running(app, poll_interval=0, timeout=1):
            tasks = [
                asyncio.create_task(press_nines()),
                asyncio.create_task(report_red_flags()),
            ]
            outage_ended, outage_ended_at = await break_the_network()
            await tasks[1]
            settled_at = None
            limit = time.monotonic() + args.settle
            while time.monotonic() < limit:
                await asyncio.sleep(0.5)
                if clock_minutes() > args.burst and finished():
                    settled_at = time.monotonic()
                    break
            await standin.wait_until_idle(timeout=30, quiet=0.5)
            tasks[0].cancel()
            statuses = Counter(repo.aftercare.count_by_status())
            outbox_statuses = Counter(repo.outbox.count_by_status())
            alerts = [
                (r[0], r[1], from_db(r[2]))
                for r in repo.db.execute("SELECT id, kind, created_at FROM alerts ORDER BY id")
            ]
            due = {
                r[0]: from_db(r[1]) for r in repo.db.execute("SELECT id, due_at FROM reminders")
            }
        sent = [r for r in standin.sent if r.method == "sendMessage"]

    copies: dict[tuple[int, int], int] = defaultdict(int)
    arrived: dict[tuple[str, int], float] = {}  # first delivery of each reminder / alert copy
    for record in sent:
        found = alert_id(record)
        if found is not None and record.chat_id in STAFF:
            copies[(found, int(record.chat_id))] += 1
            key = ("alert", found)
            arrived[key] = max(arrived.get(key, 0.0), record.sent_at)  # the last staff member
        reminder = checkin_id(record)
        if reminder is not None:
            arrived.setdefault(("reminder", reminder), record.sent_at)
    backlog = [("reminder", r) for r, at in due.items() if at <= outage_ended_at]
    backlog += [("alert", a) for a, _, at in alerts if at <= outage_ended_at]
    caught_up = max((arrived.get(k, float("inf")) for k in backlog), default=outage_ended)
    kinds = Counter(kind for _, kind, _ in alerts)
    expected_alerts = flagged + len(pressed)
    delivered_alerts = sum(1 for a, _, _ in alerts if all((a, s) in copies for s in STAFF))
    duplicate_copies = sum(n - 1 for n in copies.values())
    lost_alerts = expected_alerts - delivered_alerts
    urgent_to = Counter(r.chat_id for r in sent if URGENT in (r.plain_text or ""))
    urgent_missing = sum(1 for n in flaggers[:flagged] if urgent_to[FIRST_PATIENT + n] == 0)
    per_reminder = Counter(i for i in map(checkin_id, sent) if i is not None)
    delivered = len(per_reminder)
    duplicated = sum(n - 1 for n in per_reminder.values())
    missed = statuses.get("missed", 0)
    lost = args.patients - delivered - missed

    print(
        f"burst: {args.patients} check-ins due over {args.burst:g} min of bot-clock time "
        f"(clock x{args.scale:g}); outage {args.outage:g} min from minute {args.outage_at:g} "
        f"({'late answers' if args.fault == 'late' else '502 then dropped connections'})"
    )
    print(
        f"alerts raised: {len(alerts)} ({kinds.get('red_flag', 0)} red flags, "
        f"{kinds.get('checkin', 0)} check-ins; {expected_alerts} expected), delivered to every "
        f"staff member: {delivered_alerts}, lost: {lost_alerts}, duplicated copies: "
        f"{duplicate_copies}"
    )
    print(
        f"urgent replies: {len(urgent_to)} of {flagged} patients reached "
        f"({sum(urgent_to.values()) - len(urgent_to)} duplicates), missing: {urgent_missing}"
    )
    print(
        f"reminders delivered: {delivered}, missed: {missed}, lost: {lost}, duplicated: "
        f"{duplicated}, failed: {statuses.get('failed', 0)}"
    )
    print(
        f"possible duplicates logged: {possible.count} (duplicates seen: "
        f"{duplicated + duplicate_copies + sum(urgent_to.values()) - len(urgent_to)})"
    )
    print(f"outbox rows: {dict(sorted(outbox_statuses.items()))}")
    print(
        f"backlog of the outage ({sum(k[0] == 'reminder' for k in backlog)} reminders, "
        f"{sum(k[0] == 'alert' for k in backlog)} alerts due by its end) delivered "
        f"{caught_up - outage_ended:.1f} s (real) after it ended"
    )
    if settled_at is None:
        print(f"NOT settled within {args.settle:g} s of the outage's end")
    return 0 if lost == 0 and lost_alerts == 0 and urgent_missing == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--red-flags", type=int, default=20)
    parser.add_argument("--high-scores", type=int, default=20)
    parser.add_argument("--scale", type=float, default=60.0, help="bot-clock speed-up")
    parser.add_argument("--burst", type=float, default=30.0, help="bot-clock minutes")
    parser.add_argument("--outage-at", type=float, default=10.0, help="bot-clock minute")
    parser.add_argument("--outage", type=float, default=10.0, help="bot-clock minutes")
    parser.add_argument("--fault", choices=("network", "late"), default="network")
    parser.add_argument("--settle", type=float, default=180.0, help="real seconds, at most")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.ERROR)
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
