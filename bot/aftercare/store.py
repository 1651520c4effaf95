"""Sessions, reminders, check-in answers, reminder responses and per-kind preferences.

The ``reminders`` table is the source of truth for everything the bot will send. A row moves
``pending → claimed → sending → sent`` (or ``skipped / cancelled / missed / failed``):

* *claimed*: taken by a sender under a lease (``owner``, ``lease_until``), no request made yet;
* *sending*: the HTTP request is about to be made or is in flight.

Claiming is one ``UPDATE … RETURNING`` inside ``BEGIN IMMEDIATE``, so two processes (or a
restarted one) never claim the same row. A row whose lease expired belonged to a process that
died: a *claimed* one simply goes back to *pending*; a *sending* one goes back too, but its
message may already have reached Telegram (``sendMessage`` has no idempotency key), so its id is
returned to be logged as a possible duplicate. That window is exactly the requests in flight.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database, Migrations

from bot.aftercare.plan import PlannedReminder
from bot.aftercare.reminders import Reminder, Status
from bot.storage import leases
from bot.storage.leases import Reclaimed
from bot.storage.timefmt import from_db, maybe_from_db, to_db

AFTERCARE_MIGRATIONS = Migrations("aftercare")


@AFTERCARE_MIGRATIONS()
def create_sessions_and_reminders(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            treated_at TEXT NOT NULL,
            area TEXT NOT NULL,
            logged_by TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_sessions_patient ON sessions (patient_id, treated_at)")
    db.execute(
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            kind TEXT NOT NULL,
            step INTEGER NOT NULL,
            snoozed_from INTEGER REFERENCES reminders (id),
            due_at TEXT NOT NULL,
            deadline_at TEXT NOT NULL,
            routine INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            owner TEXT,
            lease_until TEXT,
            sent_at TEXT,
            telegram_message_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_reminders_due ON reminders (status, due_at)")
    db.execute("CREATE INDEX idx_reminders_patient ON reminders (patient_id, status)")
    db.execute(
        "CREATE UNIQUE INDEX idx_reminders_plan_step ON reminders (session_id, kind, step) "
        "WHERE snoozed_from IS NULL"
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_reminders_snooze ON reminders (snoozed_from) "
        "WHERE snoozed_from IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE checkin_answers (
            id INTEGER PRIMARY KEY,
            reminder_id INTEGER NOT NULL UNIQUE REFERENCES reminders (id),
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            score INTEGER,
            breathing INTEGER,
            answered_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_checkins_patient ON checkin_answers (patient_id, answered_at)")
    db.execute(
        """
        CREATE TABLE reminder_responses (
            id INTEGER PRIMARY KEY,
            reminder_id INTEGER NOT NULL UNIQUE REFERENCES reminders (id),
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            response TEXT NOT NULL,
            answered_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE reminder_prefs (
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            kind TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            PRIMARY KEY (patient_id, kind)
        )
        """
    )


@AFTERCARE_MIGRATIONS()
def count_network_failures_apart(db: Database) -> None:
    """Network failures set the back-off but never fail a reminder (``attempts`` counts only
    claims that ended without an outcome, i.e. a dead process); a request that timed out may
    have been delivered, which the row remembers until it is sent again."""
    db.execute("ALTER TABLE reminders ADD COLUMN network_failures INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE reminders ADD COLUMN maybe_delivered INTEGER NOT NULL DEFAULT 0")


@dataclass(frozen=True)
class Session:
    id: int
    patient_id: int
    treated_at: datetime
    area: str
    logged_by: str
    created_at: datetime


@dataclass(frozen=True)
class CheckinAnswer:
    reminder_id: int
    session_id: int
    score: int | None
    breathing: bool | None
    answered_at: datetime


class AftercareStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- sessions ------------------------------------------------------------------------

    def add_session(
        self,
        *,
        patient_id: int,
        treated_at: datetime,
        area: str,
        logged_by: str,
        idempotency_key: str,
        now: datetime,
    ) -> tuple[Session, bool]:
        """Store a session once per ``idempotency_key``; returns it and whether it is new."""
        cursor = self.db.execute(
            """
            INSERT INTO sessions (patient_id, treated_at, area, logged_by, idempotency_key,
                                  created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            [patient_id, to_db(treated_at), area, logged_by, idempotency_key, to_db(now)],
        )
        created = cursor.rowcount == 1
        rows = list(self.db["sessions"].rows_where("idempotency_key = ?", [idempotency_key]))
        return _session(rows[0]), created

    def session(self, session_id: int) -> Session | None:
        rows = list(self.db["sessions"].rows_where("id = ?", [session_id], limit=1))
        return _session(rows[0]) if rows else None

    def sessions_since(self, patient_id: int, since: datetime) -> list[Session]:
        return [
            _session(r)
            for r in self.db["sessions"].rows_where(
                "patient_id = ? AND treated_at >= ?",
                [patient_id, to_db(since)],
                order_by="treated_at",
            )
        ]

    # --- planning ------------------------------------------------------------------------

    def upsert_plan(
        self, session: Session, planned: Iterable[PlannedReminder], now: datetime
    ) -> int:
        """Insert the session's planned reminders; re-planning moves rows that are still
        pending (or were cancelled by /stop or a block) and leaves every other row alone."""
        stamp = to_db(now)
        count = 0
        for item in planned:
            cursor = self.db.execute(
                """
                INSERT INTO reminders (patient_id, session_id, kind, step, due_at, deadline_at,
                                       routine, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                ON CONFLICT (session_id, kind, step) WHERE snoozed_from IS NULL DO UPDATE SET
                    due_at = excluded.due_at,
                    deadline_at = excluded.deadline_at,
                    routine = excluded.routine,
                    status = 'pending',
                    reason = NULL,
                    updated_at = excluded.updated_at
                WHERE reminders.status IN ('pending', 'cancelled')
                """,
                [
                    session.patient_id,
                    session.id,
                    item.kind,
                    item.step,
                    to_db(item.due_at),
                    to_db(item.deadline_at),
                    int(item.routine),
                    stamp,
                    stamp,
                ],
            )
            count += cursor.rowcount
        return count

    def snooze(
        self, reminder: Reminder, due_at: datetime, deadline_at: datetime, now: datetime
    ) -> int | None:
        """A copy of ``reminder`` due again later; ``None`` if it was already snoozed."""
        stamp = to_db(now)
        cursor = self.db.execute(
            """
            INSERT INTO reminders (patient_id, session_id, kind, step, snoozed_from, due_at,
                                   deadline_at, routine, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
            ON CONFLICT DO NOTHING
            """,
            [
                reminder.patient_id,
                reminder.session_id,
                reminder.kind,
                reminder.step,
                reminder.id,
                to_db(due_at),
                to_db(deadline_at),
                int(reminder.routine),
                stamp,
                stamp,
            ],
        )
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None

    # --- the sweep -----------------------------------------------------------------------

    def claim_due(
        self, *, now: datetime, limit: int, owner: str, lease_until: datetime
    ) -> list[Reminder]:
        """Atomically take up to ``limit`` due pending reminders, oldest due first."""
        with self._immediate():
            cursor = self.db.execute(
                """
                UPDATE reminders
                SET status = 'claimed', owner = ?, lease_until = ?, attempts = attempts + 1,
                    updated_at = ?
                WHERE id IN (
                    SELECT id FROM reminders
                    WHERE status = 'pending' AND due_at <= ?
                    ORDER BY due_at LIMIT ?
                )
                RETURNING *
                """,
                [owner, to_db(lease_until), to_db(now), to_db(now), limit],
            )
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
        reminders = [_reminder(dict(zip(columns, row, strict=True))) for row in rows]
        return sorted(reminders, key=lambda r: (r.due_at, r.id))

    def next_due_at(self) -> datetime | None:
        """The earliest pending reminder's due time (the sweep lag metric)."""
        row = self.db.execute(
            "SELECT due_at FROM reminders WHERE status = 'pending' ORDER BY due_at LIMIT 1"
        ).fetchone()
        return from_db(row[0]) if row else None

    def renew_leases(self, owner: str, lease_until: datetime) -> int:
        return leases.renew(self.db, "reminders", owner, lease_until)

    def reclaim_expired(self, now: datetime, *, except_owner: str | None = None) -> Reclaimed:
        """Put rows of dead claimers back to pending; report the ones that may have been sent.

        The caller's own rows (``except_owner``) are never taken back: they are in flight in
        this very process, and a fast-forwarded or time-scaled clock can outrun any lease.
        """
        with self._immediate():
            return leases.reclaim_expired(self.db, "reminders", now, except_owner)

    def mark_sending(self, reminder_id: int, owner: str, now: datetime) -> bool:
        """Record that the request is about to go out; False if the row is no longer ours."""
        return leases.mark_sending(self.db, "reminders", reminder_id, owner, now)

    def mark_claimed(self, reminder_id: int, owner: str) -> bool:
        """Back from *sending*: Telegram refused with 429, so nothing was delivered."""
        return leases.mark_claimed(self.db, "reminders", reminder_id, owner)

    def mark_sent(
        self, reminder_id: int, owner: str, telegram_message_id: int | None, now: datetime
    ) -> bool:
        return leases.mark_sent(self.db, "reminders", reminder_id, owner, telegram_message_id, now)

    def confirm_delivered(self, reminder_id: int, now: datetime) -> bool:
        """The patient answered it, so it arrived: *sent*, whatever the sender thought (a
        request that timed out, or one still in flight); it will not be sent again."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'sent', sent_at = COALESCE(sent_at, ?), owner = NULL, "
            "lease_until = NULL, reason = 'answered', updated_at = ? "
            "WHERE id = ? AND status IN ('pending', 'claimed', 'sending')",
            [to_db(now), to_db(now), reminder_id],
        )
        return cursor.rowcount == 1

    def release(
        self, reminder_id: int, owner: str, now: datetime, *, due_at: datetime | None = None,
        reason: str | None = None,
    ) -> bool:  # fmt: skip
        """Give a claimed row back as pending (optionally due later). Its claim had an outcome,
        so it does not count as an attempt (``attempts`` counts claims a dead process left)."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'pending', owner = NULL, lease_until = NULL, "
            "due_at = COALESCE(?, due_at), reason = ?, attempts = max(attempts - 1, 0), "
            "updated_at = ? WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
            [to_db(due_at) if due_at else None, reason, to_db(now), reminder_id, owner],
        )
        return cursor.rowcount == 1

    def retry_later(
        self, reminder_id: int, owner: str, now: datetime, *, due_at: datetime,
        maybe_delivered: bool,
    ) -> bool:  # fmt: skip
        """A network error, 5xx or timeout: pending again from ``due_at`` (the back-off), one
        more network failure, no attempt used up; ``maybe_delivered`` after a timeout."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'pending', owner = NULL, lease_until = NULL, "
            "due_at = ?, reason = 'network', attempts = max(attempts - 1, 0), "
            "network_failures = network_failures + 1, "
            "maybe_delivered = max(maybe_delivered, ?), updated_at = ? "
            "WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
            [to_db(due_at), int(maybe_delivered), to_db(now), reminder_id, owner],
        )
        return cursor.rowcount == 1

    def finish(
        self, reminder_id: int, owner: str, status: Status, reason: str, now: datetime
    ) -> bool:
        """End a claimed row as skipped, cancelled, missed or failed."""
        return leases.finish(self.db, "reminders", reminder_id, owner, status.value, reason, now)

    def cancel_pending(self, patient_id: int, reason: str, now: datetime) -> int:
        """Cancel a patient's pending reminders (/stop, blocked); re-planning revives them."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'cancelled', reason = ?, updated_at = ? "
            "WHERE patient_id = ? AND status = 'pending'",
            [reason, to_db(now), patient_id],
        )
        return cursor.rowcount

    def reminder(self, reminder_id: int) -> Reminder | None:
        rows = list(self.db["reminders"].rows_where("id = ?", [reminder_id], limit=1))
        return _reminder(rows[0]) if rows else None

    def pending_for(self, patient_id: int) -> list[Reminder]:
        return [
            _reminder(r)
            for r in self.db["reminders"].rows_where(
                "patient_id = ? AND status = 'pending'", [patient_id], order_by="due_at"
            )
        ]

    def open_checkin(self, patient_id: int, sent_since: datetime) -> Reminder | None:
        """The latest check-in sent to the patient since ``sent_since`` with no score yet."""
        rows = list(
            self.db["reminders"].rows_where(
                "patient_id = ? AND kind = 'checkin' AND status = 'sent' AND sent_at >= ? "
                "AND id NOT IN (SELECT reminder_id FROM checkin_answers)",
                [patient_id, to_db(sent_since)],
                order_by="sent_at DESC, id DESC",
                limit=1,
            )
        )
        return _reminder(rows[0]) if rows else None

    def count_by_status(self) -> dict[str, int]:
        return dict(
            self.db.execute("SELECT status, COUNT(*) FROM reminders GROUP BY status").fetchall()
        )

    # --- preferences ---------------------------------------------------------------------

    def disabled_kinds(self, patient_id: int) -> set[str]:
        rows = self.db.execute(
            "SELECT kind FROM reminder_prefs WHERE patient_id = ? AND enabled = 0", [patient_id]
        ).fetchall()
        return {r[0] for r in rows}

    def set_kind_enabled(self, patient_id: int, kind: str, enabled: bool) -> None:
        self.db.execute(
            "INSERT INTO reminder_prefs (patient_id, kind, enabled) VALUES (?, ?, ?) "
            "ON CONFLICT (patient_id, kind) DO UPDATE SET enabled = excluded.enabled",
            [patient_id, kind, int(enabled)],
        )

    # --- answers -------------------------------------------------------------------------

    def record_checkin(self, reminder: Reminder, score: int | None, now: datetime) -> bool:
        """Store the answer to a check-in; False if it was already answered (a second tap)."""
        cursor = self.db.execute(
            "INSERT INTO checkin_answers (reminder_id, session_id, patient_id, score, "
            "answered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (reminder_id) DO NOTHING",
            [reminder.id, reminder.session_id, reminder.patient_id, score, to_db(now)],
        )
        return cursor.rowcount == 1

    def record_breathing(self, reminder: Reminder, answer: bool, now: datetime) -> bool:
        """Store the breathing answer once (a check-in row is created if the score was not)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO checkin_answers (reminder_id, session_id, patient_id, answered_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (reminder_id) DO NOTHING",
                [reminder.id, reminder.session_id, reminder.patient_id, to_db(now)],
            )
            cursor = self.db.execute(
                "UPDATE checkin_answers SET breathing = ? WHERE reminder_id = ? "
                "AND breathing IS NULL",
                [int(answer), reminder.id],
            )
        return cursor.rowcount == 1

    def scores_for_session(self, session_id: int) -> list[CheckinAnswer]:
        return [
            _checkin(r)
            for r in self.db["checkin_answers"].rows_where(
                "session_id = ? AND score IS NOT NULL", [session_id], order_by="answered_at"
            )
        ]

    def scores_for_patient(self, patient_id: int) -> list[CheckinAnswer]:
        return [
            _checkin(r)
            for r in self.db["checkin_answers"].rows_where(
                "patient_id = ? AND score IS NOT NULL", [patient_id], order_by="answered_at"
            )
        ]

    def record_response(self, reminder: Reminder, response: str, now: datetime) -> bool:
        """Store 'done' or 'snooze' once per reminder; False for a repeated tap."""
        cursor = self.db.execute(
            "INSERT INTO reminder_responses (reminder_id, patient_id, response, answered_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (reminder_id) DO NOTHING",
            [reminder.id, reminder.patient_id, response, to_db(now)],
        )
        return cursor.rowcount == 1

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A write transaction that takes the lock up front (no upgrade races in WAL)."""
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.conn.rollback()
            raise
        self.db.execute("COMMIT")


def _session(row: dict[str, Any]) -> Session:
    return Session(
        id=row["id"],
        patient_id=row["patient_id"],
        treated_at=from_db(row["treated_at"]),
        area=row["area"],
        logged_by=row["logged_by"],
        created_at=from_db(row["created_at"]),
    )


def _reminder(row: dict[str, Any]) -> Reminder:
    return Reminder(
        id=row["id"],
        patient_id=row["patient_id"],
        session_id=row["session_id"],
        kind=row["kind"],
        step=row["step"],
        due_at=from_db(row["due_at"]),
        deadline_at=from_db(row["deadline_at"]),
        routine=bool(row["routine"]),
        status=Status(row["status"]),
        attempts=row["attempts"],
        snoozed_from=row["snoozed_from"],
        sent_at=maybe_from_db(row["sent_at"]),
        telegram_message_id=row["telegram_message_id"],
        network_failures=row.get("network_failures", 0),
        maybe_delivered=bool(row.get("maybe_delivered", 0)),
    )


def _checkin(row: dict[str, Any]) -> CheckinAnswer:
    breathing = row["breathing"]
    return CheckinAnswer(
        reminder_id=row["reminder_id"],
        session_id=row["session_id"],
        score=row["score"],
        breathing=None if breathing is None else bool(breathing),
        answered_at=from_db(row["answered_at"]),
    )


def ids(reminders: Sequence[Reminder]) -> list[int]:
    return [r.id for r in reminders]
