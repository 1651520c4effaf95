"""Shared by the reminder benches: fill a database with patients and reminder rows fast."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.storage.db import open_database
from bot.storage.timefmt import to_db

FIRST_CHAT = 8_500_000_000


def seed(
    db_path: Path,
    *,
    patients: int,
    per_patient: int,
    due_now: int,
    now: datetime,
    spread: timedelta = timedelta(0),
    short_window_every: int = 0,
) -> None:
    """``patients`` with ``per_patient`` pending reminders each; ``due_now`` of them (one per
    patient) due between ``now - spread`` and ``now``, the rest in the coming week. Every
    ``short_window_every``-th due reminder gets a 30 s lateness window (to be missed)."""
    db = open_database(db_path)
    stamp = to_db(now)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO patients (id, telegram_user_id, chat_id, locale, quiet_start, quiet_end,"
            " reminders_consent, created_at, last_seen_at) VALUES (?, ?, ?, 'en', '00:00',"
            " '00:00', 1, ?, ?)",
            [(p, FIRST_CHAT + p, FIRST_CHAT + p, stamp, stamp) for p in range(1, patients + 1)],
        )
        db.conn.executemany(
            "INSERT INTO sessions (id, patient_id, treated_at, area, logged_by, idempotency_key,"
            " created_at) VALUES (?, ?, ?, 'neck', 'bench', ?, ?)",
            [
                (p, p, to_db(now - timedelta(hours=24)), f"b{p}", stamp)
                for p in range(1, patients + 1)
            ],
        )
        rows = []
        for p in range(1, patients + 1):
            for step in range(1, per_patient + 1):
                if step == 1 and p <= due_now:
                    due = now - spread * (p / max(due_now, 1))
                    short = short_window_every and p % short_window_every == 0
                    deadline = due + (timedelta(seconds=30) if short else timedelta(hours=12))
                else:
                    due = now + timedelta(hours=step * 24, seconds=p)
                    deadline = due + timedelta(hours=12)
                rows.append((p, p, "checkin", step, to_db(due), to_db(deadline), stamp, stamp))
        db.conn.executemany(
            "INSERT INTO reminders (patient_id, session_id, kind, step, due_at, deadline_at,"
            " routine, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 'pending',"
            " ?, ?)",
            rows,
        )
    db.close()


def utcnow() -> datetime:
    return datetime.now(UTC)
