"""How many SQL statements each kind of update costs, and how many a reminder costs to prepare.

A patient's first hour is played through the production Application (``build_application``,
the recording Telegram connection of the handler tests in place of HTTP, a manual clock):
/start, logging a session with the buttons, consent, time zone and quiet hours, /reminders and
a toggle, /pause and /resume, /timezone, a question, /help; then the clock moves on and the
reminder sender prepares and sends what is due, and the patient answers a check-in and a
"done". Every statement SQLite runs (``sqlite3`` trace callback: reads, writes, BEGIN/COMMIT
and savepoints) is counted per step, and so is every parse of a clinic's own plan. It is played
twice: by a patient without a clinic, and by one whose clinic has its own zone and plan (until
/timezone they have no zone of their own).

Each handler used to work out the patient, their zone and their plan again wherever it needed
them; the per-update view (``AftercareContext.view``) reads them once. Run it on two checkouts
to compare:

    .venv/bin/python bench/queries_per_update.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import timeit
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.aftercare import service
from bot.aftercare.plan import AftercarePlan
from bot.aftercare.sweep import ReminderSweep
from bot.app import build_application, build_services
from bot.clock import ManualClock
from bot.content import parse_plan_text
from bot.settings import Secret, Settings
from bot.storage.db import open_database
from bot.telegram.bots import unpaced_twin
from tests.fakes import Calls, Person, RecordingRequest

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
PATIENT = 7_900_000_001


class Counter:
    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, _statement: str) -> None:
        self.statements += 1


def button(calls: Calls, user: int, verb: str, pick: int = 0) -> str:
    """The callback data of the ``pick``-th button with ``verb`` on the latest message with one."""
    for call in reversed(calls.to(user)):
        found = [d for d in call.callback_data if d.split(":")[1:2] == [verb]]
        if found:
            return found[pick]
    raise LookupError(f"no button {verb!r}")


async def play(with_clinic: bool) -> list[tuple[str, int, int]]:
    """(step, statements, plan parses) for each step of the first hour."""
    with tempfile.TemporaryDirectory() as folder:
        settings = replace(
            Settings(),
            token=Secret("4000000001:BENCH-TOKEN-not-a-real-one"),
            db_path=Path(folder) / "bench.db",
            embeddings=False,
        )
        clock = ManualClock(NOW)
        services = build_services(settings, clock=clock)
        telegram = RecordingRequest()
        app = build_application(settings, services=services, request=telegram)
        await app.initialize()
        counter = Counter()
        services.repo.db.conn.set_trace_callback(counter)
        parses = Counter()
        parse = service.parse_plan_text

        def counted_parse(text: str, *, source: str) -> AftercarePlan:
            parses("")
            return parse(text, source=source)

        service.parse_plan_text = counted_parse
        person = Person(app, telegram, PATIENT)
        rows: list[tuple[str, int, int]] = []

        async def step(name: str, action: Callable[[], Awaitable[object]]) -> None:
            before, parsed = counter.statements, parses.statements
            await action()
            rows.append((name, counter.statements - before, parses.statements - parsed))

        def press(verb: str, pick: int = 0) -> Callable[[], Awaitable[Calls]]:
            return lambda: person.press(button(telegram.calls, PATIENT, verb, pick))

        await step("/start", lambda: person.command("start"))
        if with_clinic:
            repo = services.repo
            clinic = repo.clinics.create(
                name="Bench Physio", timezone="Europe/Berlin", digest_time=None, now=NOW
            )
            repo.clinics.set_plan_override(clinic.id, settings.plan_path.read_text("utf-8"))
            patient = repo.patients.by_telegram_user(PATIENT)
            assert patient is not None
            repo.patients.set_fields(patient.id, clinic_id=clinic.id)
        await step("/session", lambda: person.command("session"))
        await step("press: now", press("sw", 0))
        await step("press: area", press("ar"))
        await step("press: reminders yes", press("op"))
        await step("press: keep zone", press("tz"))
        await step("press: quiet hours", press("qh"))
        await step("/reminders", lambda: person.command("reminders"))
        await step("press: toggle a kind", press("rk"))
        await step("/pause 3", lambda: person.command("pause", "3"))
        await step("/resume", lambda: person.command("resume"))
        await step("/timezone Europe/London", lambda: person.command("timezone", "Europe/London"))
        await step("question", lambda: person.say("how long will I be sore?"))
        await step("/help", lambda: person.command("help"))
        sweep = ReminderSweep(services, unpaced_twin(app.bot), per_chat_interval=0)
        clock.advance(timedelta(hours=26))
        await step("sender: prepare and send", sweep.sender.drain)
        sent = sweep.sender.stats.sent
        rows[-1] = (f"sender: prepare and send {sent} reminders", *rows[-1][1:])
        await step("press: check-in score 2", press("ck", 2))
        await step("press: done", press("rd", 0))
        service.parse_plan_text = parse
        await app.shutdown()
        return rows


def unit_costs() -> None:
    """What one plan parse, one small query and one ``rows_where`` read cost on this machine."""
    plan_text = Settings().plan_path.read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "costs.db")
        db.execute("INSERT INTO clinics (name, timezone, created_at) VALUES ('a', 'UTC', 'x')")
        query = "SELECT plan_override FROM clinics WHERE id = 1"
        costs = {
            "parse the default plan's TOML": lambda: parse_plan_text(plan_text, source="bench"),
            "one small query": lambda: db.execute(query).fetchone(),
            "one rows_where read (4 statements)": lambda: list(
                db["clinics"].rows_where("id = ?", [1], limit=1)
            ),
        }
        for name, call in costs.items():
            runs = 500
            seconds = timeit.timeit(call, number=runs) / runs
            print(f"{name:<36} {seconds * 1e6:>8.1f} µs")
        db.close()


async def main() -> None:
    alone, clinic = await play(with_clinic=False), await play(with_clinic=True)
    width = max(len(name) for name, _, _ in alone + clinic)
    print(f"{'':<{width}}  {'no clinic':>10}  {'clinic with its own zone and plan':>35}")
    print(f"{'step':<{width}}  {'statements':>10}  {'statements':>12}  {'plan parses':>11}")
    for (name, count, _), (_, clinic_count, clinic_parses) in zip(alone, clinic, strict=True):
        print(f"{name:<{width}}  {count:>10}  {clinic_count:>12}  {clinic_parses:>11}")
    updates = [r for r in zip(alone, clinic, strict=True) if not r[0][0].startswith("sender")]
    print(
        f"{f'all {len(updates)} updates':<{width}}  {sum(a[1] for a, _ in updates):>10}"
        f"  {sum(c[1] for _, c in updates):>12}  {sum(c[2] for _, c in updates):>11}"
    )
    print()
    unit_costs()


if __name__ == "__main__":
    asyncio.run(main())
