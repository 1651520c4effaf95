"""How long ``/patients`` takes for a clinic of 10,000 and of 100,000 patients, per page.

Seeds a fresh SQLite file (WAL, as the bot opens it) with one clinic of N patients, each with
1-3 sessions, a check-in answer or two, their planned reminders and, for one in twenty, an open
alert; a second clinic of 2,000 patients sits beside it so the clinic filter has work to do.
Then times exactly what the handler does for a page — ``ClinicViewStore.patients_page`` and
``patients_page_text`` — for the first, a middle and the last page, two ways:

* ``button``: a ◀ / ▶ press, a keyset query from the patient at the edge of the page before
  (what staff do almost always);
* ``typed``: ``/patients N``, which skips ``(N - 1) * PAGE_SIZE`` entries of the list's index.

All of it runs on the event loop, so each figure is also how long every other update waits.
The rendered length is checked against Telegram's 4096-character limit.

    .venv/bin/python bench/clinic_patients_list.py [--patients 10000 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clinics.render import PAGE_SIZE, patients_page_text
from bot.clinics.views_store import PageCursor
from bot.content import Messages
from bot.settings import PROJECT_ROOT
from bot.storage.db import open_database
from bot.storage.repository import Repository
from bot.storage.timefmt import to_db

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
T = TypeVar("T")


def seed(
    repo: Repository, clinic_id: int, patients: int, first_user: int, rng: random.Random
) -> None:
    db = repo.db
    with db.atomic():
        for n in range(patients):
            user = first_user + n
            joined = NOW - timedelta(days=rng.randint(1, 365))
            cursor = db.execute(
                "INSERT INTO patients (telegram_user_id, chat_id, display_name, locale, "
                "clinic_id, "
                "timezone, reminders_consent, created_at, last_seen_at) "
                "VALUES (?, ?, ?, 'en', ?, 'Europe/London', 1, ?, ?)",
                [user, user, f"Patient {n:05d} Surname", clinic_id, to_db(joined), to_db(NOW)],
            )
            patient_id = cursor.lastrowid
            for s in range(rng.randint(1, 3)):
                treated = NOW - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
                session_id = db.execute(
                    "INSERT INTO sessions (patient_id, treated_at, area, logged_by, "
                    "idempotency_key, created_at) VALUES (?, ?, 'neck', 'patient', ?, ?)",
                    [patient_id, to_db(treated), f"b-{user}-{s}", to_db(treated)],
                ).lastrowid
                for step, hours in enumerate((2, 24, 48), start=1):
                    due = treated + timedelta(hours=hours)
                    kind = "checkin" if step > 1 else "hydration"
                    reminder_id = db.execute(
                        "INSERT INTO reminders (patient_id, session_id, kind, step, due_at, "
                        "deadline_at, routine, status, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1, 'sent', ?, ?)",
                        [
                            patient_id,
                            session_id,
                            kind,
                            step,
                            to_db(due),
                            to_db(due),
                            to_db(NOW),
                            to_db(NOW),
                        ],
                    ).lastrowid
                    if kind == "checkin" and rng.random() < 0.7:
                        db.execute(
                            "INSERT INTO checkin_answers (reminder_id, session_id, patient_id, "
                            "score, answered_at) VALUES (?, ?, ?, ?, ?)",
                            [reminder_id, session_id, patient_id, rng.randint(0, 10), to_db(due)],
                        )
            if rng.random() < 0.05:
                db.execute(
                    "INSERT INTO alerts (clinic_id, patient_id, kind, reason, detail, created_at) "
                    "VALUES (?, ?, 'checkin', 'score', '9/10', ?)",
                    [clinic_id, patient_id, to_db(NOW)],
                )


def timed(fn: Callable[[], T], repeat: int) -> tuple[list[float], T]:
    samples = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


def run(patients: int, repeat: int, messages: Messages) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(Path(tmp) / "bench.db"))
        clinic = repo.clinics.create(
            name="Riverside Physio", timezone="Europe/London", digest_time=None, now=NOW
        )
        other = repo.clinics.create(name="Hill Clinic", timezone="UTC", digest_time=None, now=NOW)
        started = time.perf_counter()
        seed(repo, clinic.id, patients, 10_000_000, rng)
        seed(repo, other.id, 2_000, 20_000_000, rng)
        repo.db.execute("ANALYZE")
        seeded = time.perf_counter() - started
        counts = {
            t: repo.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("patients", "sessions", "reminders", "checkin_answers", "alerts")
        }
        print(f"\n{patients} patients, seeded in {seeded:.1f} s:")
        print("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        pages = -(-patients // PAGE_SIZE)
        print(f"  page size {PAGE_SIZE}: {pages} pages; timings over {repeat} runs (ms)")
        print(
            f"  {'page':>6} {'button p50':>11} {'button p95':>11} {'typed p50':>10} "
            f"{'render p50':>11} {'chars':>6}"
        )
        views = repo.clinic_views
        for page in (1, pages // 2, pages):
            cursor = None
            if page > 1:
                before = views.patients_page(clinic.id, page - 1, PAGE_SIZE)
                cursor = PageCursor(before.rows[-1].id, forward=True)
            button_ms, result = timed(
                partial(views.patients_page, clinic.id, page, PAGE_SIZE, cursor), repeat
            )
            typed_ms, typed = timed(
                partial(views.patients_page, clinic.id, page, PAGE_SIZE), repeat
            )
            assert typed == result, "a page turn and a typed page number show the same rows"
            render_ms, text = timed(
                partial(patients_page_text, messages, clinic.name, clinic.timezone, result),
                repeat,
            )
            assert isinstance(text, str) and len(text) <= 4096, len(str(text))
            b = sorted(button_ms)
            print(
                f"  {page:>6} {statistics.median(b):>11.2f} {b[int(len(b) * 0.95) - 1]:>11.2f} "
                f"{statistics.median(typed_ms):>10.2f} {statistics.median(render_ms):>11.2f} "
                f"{len(text):>6}"
            )
        repo.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    messages = Messages.load(PROJECT_ROOT / "messages")
    for patients in args.patients:
        run(patients, args.repeat, messages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
