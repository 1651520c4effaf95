"""The ``outbox`` table: rows owed to a chat, and every state change as one conditional UPDATE.

A row moves ``pending → claimed → sending → sent`` (or ``failed / expired / cancelled``), like a
reminder (``bot.aftercare.store``): claiming is one ``UPDATE … RETURNING`` under ``BEGIN
IMMEDIATE``; a claim carries an owner and a lease; a row whose claimer died goes back to
*pending*, and one that was *sending* is flagged ``maybe_delivered`` (Telegram has no
idempotency key, so it may arrive twice). A network failure puts a row back to *pending* with a
later ``due_at`` and one more in ``failures`` (which only sets the back-off; it never ends a
delivery). A row with ``after_id`` is not claimed until that row has ended; a *held* row waits
until a delivery releases it.

The chat column is ``to_chat`` (not ``chat_id``) on purpose: a staff copy is addressed to a staff
chat, and the privacy store matches ``chat_id`` columns against a patient's chat. Rows about a
patient carry ``patient_id`` and are erased with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database, Migrations

from bot.outbox.effects import LIVE, Effect, Purpose, RowStatus
from bot.storage import leases
from bot.storage.leases import Reclaimed
from bot.storage.timefmt import from_db, maybe_from_db, to_db

OUTBOX_MIGRATIONS = Migrations("outbox")


@OUTBOX_MIGRATIONS()
def create_outbox(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            purpose TEXT NOT NULL,
            to_chat INTEGER NOT NULL,
            text TEXT NOT NULL,
            markup TEXT,
            edit_message_id INTEGER,
            patient_id INTEGER,
            alert_id INTEGER,
            after_id INTEGER,
            status TEXT NOT NULL,
            reason TEXT,
            due_at TEXT NOT NULL,
            deadline_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            maybe_delivered INTEGER NOT NULL DEFAULT 0,
            owner TEXT,
            lease_until TEXT,
            telegram_message_id INTEGER,
            sent_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_outbox_due ON outbox (status, due_at)")
    db.execute("CREATE INDEX idx_outbox_alert ON outbox (alert_id, purpose)")
    db.execute("CREATE INDEX idx_outbox_patient ON outbox (patient_id)")


@dataclass(frozen=True)
class OutboxRow:
    id: int
    purpose: str
    chat_id: int
    text: str
    markup: dict[str, Any] | None
    edit_message_id: int | None
    patient_id: int | None
    alert_id: int | None
    after_id: int | None
    status: RowStatus
    reason: str | None
    due_at: datetime
    deadline_at: datetime | None
    failures: int
    maybe_delivered: bool
    telegram_message_id: int | None


_LIVE = tuple(s.value for s in LIVE)


class OutboxStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing effects -----------------------------------------------------------------

    def add(
        self,
        effect: Effect,
        now: datetime,
        *,
        owner: str | None = None,
        lease_until: datetime | None = None,
    ) -> int:
        """Insert one row; with ``owner`` it is claimed at once (the caller sends it now)."""
        if effect.held:
            status = RowStatus.HELD
        elif owner is not None:
            status = RowStatus.CLAIMED
        else:
            status = RowStatus.PENDING
        stamp = to_db(now)
        cursor = self.db.execute(
            """
            INSERT INTO outbox (purpose, to_chat, text, markup, edit_message_id, patient_id,
                                alert_id, after_id, status, due_at, deadline_at, owner,
                                lease_until, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                effect.purpose.value,
                effect.chat_id,
                effect.text,
                json.dumps(dict(effect.markup)) if effect.markup is not None else None,
                effect.edit_message_id,
                effect.patient_id,
                effect.alert_id,
                effect.after,
                status.value,
                to_db(effect.due_at),
                to_db(effect.deadline_at) if effect.deadline_at else None,
                owner if status is RowStatus.CLAIMED else None,
                to_db(lease_until) if lease_until and status is RowStatus.CLAIMED else None,
                stamp,
                stamp,
            ],
        )
        if cursor.lastrowid is None:
            raise RuntimeError("no row id after inserting into outbox")
        return int(cursor.lastrowid)

    # --- claiming ------------------------------------------------------------------------

    def claim_due(
        self, *, now: datetime, limit: int, owner: str, lease_until: datetime
    ) -> list[OutboxRow]:
        """Take up to ``limit`` due rows whose predecessor (if any) has ended, oldest first."""
        with self._immediate():
            cursor = self.db.execute(
                f"""
                UPDATE outbox
                SET status = 'claimed', owner = ?, lease_until = ?, updated_at = ?
                WHERE id IN (
                    SELECT o.id FROM outbox o
                    WHERE o.status = 'pending' AND o.due_at <= ?
                      AND (o.after_id IS NULL OR NOT EXISTS (
                          SELECT 1 FROM outbox p
                          WHERE p.id = o.after_id AND p.status IN ({_marks(_LIVE)})
                      ))
                    ORDER BY o.due_at, o.id LIMIT ?
                )
                RETURNING *
                """,
                [owner, to_db(lease_until), to_db(now), to_db(now), *_LIVE, limit],
            )
            columns = [c[0] for c in cursor.description]
            rows = [_row(dict(zip(columns, r, strict=True))) for r in cursor.fetchall()]
        return sorted(rows, key=lambda r: (r.due_at, r.id))

    def next_due_at(self) -> datetime | None:
        row = self.db.execute(
            "SELECT due_at FROM outbox WHERE status = 'pending' ORDER BY due_at LIMIT 1"
        ).fetchone()
        return from_db(row[0]) if row else None

    def renew_leases(self, owner: str, lease_until: datetime) -> int:
        return leases.renew(self.db, "outbox", owner, lease_until)

    def reclaim_expired(self, now: datetime, *, except_owner: str | None = None) -> Reclaimed:
        """Rows of a claimer that died go back to pending; *sending* ones may have arrived."""
        with self._immediate():
            return leases.reclaim_expired(self.db, "outbox", now, except_owner)

    # --- one delivery --------------------------------------------------------------------

    def mark_sending(self, row_id: int, owner: str, now: datetime) -> bool:
        return leases.mark_sending(self.db, "outbox", row_id, owner, now)

    def mark_claimed(self, row_id: int, owner: str) -> bool:
        """Back from *sending*: Telegram refused with 429, so nothing was delivered."""
        return leases.mark_claimed(self.db, "outbox", row_id, owner)

    def mark_sent(
        self, row_id: int, owner: str, telegram_message_id: int | None, now: datetime
    ) -> bool:
        return leases.mark_sent(self.db, "outbox", row_id, owner, telegram_message_id, now)

    def retry_later(
        self,
        row_id: int,
        owner: str,
        *,
        due_at: datetime,
        now: datetime,
        reason: str,
        failed: bool,
        maybe_delivered: bool = False,
    ) -> bool:
        """Pending again from ``due_at``; ``failed`` counts one more failure for the back-off."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL, "
            "due_at = ?, reason = ?, failures = failures + ?, "
            "maybe_delivered = max(maybe_delivered, ?), updated_at = ? "
            "WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
            [to_db(due_at), reason, int(failed), int(maybe_delivered), to_db(now), row_id, owner],
        )
        return cursor.rowcount == 1

    def finish(
        self, row_id: int, owner: str, status: RowStatus, reason: str, now: datetime
    ) -> bool:
        """End a claimed row as failed, expired or cancelled."""
        return leases.finish(self.db, "outbox", row_id, owner, status.value, reason, now)

    # --- rows of one alert ---------------------------------------------------------------

    def release_held(self, alert_id: int, purpose: Purpose, now: datetime) -> int:
        """Held rows of an alert become due now (e.g. "your clinic was told")."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', due_at = ?, updated_at = ? "
            "WHERE alert_id = ? AND purpose = ? AND status = 'held'",
            [to_db(now), to_db(now), alert_id, purpose.value],
        )
        return cursor.rowcount

    def hasten(self, alert_id: int, purpose: Purpose, now: datetime) -> int:
        """Pending rows of an alert due later become due now."""
        cursor = self.db.execute(
            "UPDATE outbox SET due_at = ?, updated_at = ? "
            "WHERE alert_id = ? AND purpose = ? AND status = 'pending' AND due_at > ?",
            [to_db(now), to_db(now), alert_id, purpose.value, to_db(now)],
        )
        return cursor.rowcount

    def count_for_alert(self, alert_id: int, purpose: Purpose, statuses: tuple[str, ...]) -> int:
        row = self.db.execute(
            f"SELECT count(*) FROM outbox WHERE alert_id = ? AND purpose = ? "
            f"AND status IN ({_marks(statuses)})",
            [alert_id, purpose.value, *statuses],
        ).fetchone()
        return int(row[0])

    # --- reading -------------------------------------------------------------------------

    def get(self, row_id: int) -> OutboxRow | None:
        rows = list(self.db["outbox"].rows_where("id = ?", [row_id], limit=1))
        return _row(rows[0]) if rows else None

    def rows(self, where: str = "1", args: list[Any] | None = None) -> list[OutboxRow]:
        return [_row(r) for r in self.db["outbox"].rows_where(where, args or [], order_by="id")]

    def count_by_status(self) -> dict[str, int]:
        return dict(
            self.db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
        )

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


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" for _ in values)


def _row(row: dict[str, Any]) -> OutboxRow:
    return OutboxRow(
        id=row["id"],
        purpose=row["purpose"],
        chat_id=row["to_chat"],
        text=row["text"],
        markup=json.loads(row["markup"]) if row["markup"] else None,
        edit_message_id=row["edit_message_id"],
        patient_id=row["patient_id"],
        alert_id=row["alert_id"],
        after_id=row["after_id"],
        status=RowStatus(row["status"]),
        reason=row["reason"],
        due_at=from_db(row["due_at"]),
        deadline_at=maybe_from_db(row["deadline_at"]),
        failures=row["failures"],
        maybe_delivered=bool(row["maybe_delivered"]),
        telegram_message_id=row["telegram_message_id"],
    )
