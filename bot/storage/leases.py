"""The lease steps shared by every table a sender delivers from (reminders, the outbox).

A row is *claimed* by one sender (``owner``) under a lease, marked *sending* just before its
request goes out (so a kill mid-request is known as a possible duplicate), put back to
*claimed* when Telegram refused with 429 (nothing was delivered), and *sent* at the end. Each
step only applies while the row is still the caller's, so a sender whose lease ran out can
never overwrite a row another sender has taken over. The table name is one of this module's
callers' own constants, never input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlite_utils import Database

from bot.storage.timefmt import to_db

LeasedTable = Literal["reminders", "outbox"]


@dataclass(frozen=True)
class Reclaimed:
    """Rows a dead claimer held, back to pending: ``possible_duplicates`` were *sending* (their
    request may have arrived), ``requeued`` were only claimed."""

    requeued: list[int]
    possible_duplicates: list[int]


def renew(db: Database, table: LeasedTable, owner: str, lease_until: datetime) -> int:
    """Extend every lease ``owner`` holds; the number of rows still theirs."""
    cursor = db.execute(
        f"UPDATE {table} SET lease_until = ? WHERE owner = ? AND status IN ('claimed', 'sending')",
        [to_db(lease_until), owner],
    )
    return cursor.rowcount


def reclaim_expired(
    db: Database, table: LeasedTable, now: datetime, except_owner: str | None
) -> Reclaimed:
    """Rows whose lease ran out go back to pending (the caller holds the write lock); the
    caller's own rows (``except_owner``) are never taken back: they are in flight in this very
    process, and a fast-forwarded or time-scaled clock can outrun any lease."""
    rows = db.execute(
        f"""
        UPDATE {table} SET
            maybe_delivered = CASE status WHEN 'sending' THEN 1 ELSE maybe_delivered END,
            reason = CASE status WHEN 'sending' THEN 'possible_duplicate' ELSE reason END,
            status = 'pending', owner = NULL, lease_until = NULL, updated_at = ?
        WHERE status IN ('claimed', 'sending') AND lease_until <= ? AND owner IS NOT ?
        RETURNING id, reason
        """,
        [to_db(now), to_db(now), except_owner],
    ).fetchall()
    return Reclaimed(
        requeued=sorted(r[0] for r in rows if r[1] != "possible_duplicate"),
        possible_duplicates=sorted(r[0] for r in rows if r[1] == "possible_duplicate"),
    )


def mark_sending(db: Database, table: LeasedTable, row_id: int, owner: str, now: datetime) -> bool:
    """The request is about to go out; False if the row is no longer ours."""
    cursor = db.execute(
        f"UPDATE {table} SET status = 'sending', updated_at = ? "
        "WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
        [to_db(now), row_id, owner],
    )
    return cursor.rowcount == 1


def mark_claimed(db: Database, table: LeasedTable, row_id: int, owner: str) -> bool:
    """Back from *sending* to *claimed*: Telegram refused (429), so nothing was delivered."""
    cursor = db.execute(
        f"UPDATE {table} SET status = 'claimed' WHERE id = ? AND owner = ? AND status = 'sending'",
        [row_id, owner],
    )
    return cursor.rowcount == 1


def mark_sent(
    db: Database,
    table: LeasedTable,
    row_id: int,
    owner: str,
    telegram_message_id: int | None,
    now: datetime,
) -> bool:
    """Delivered: the row leaves its owner for good."""
    cursor = db.execute(
        f"UPDATE {table} SET status = 'sent', sent_at = ?, telegram_message_id = ?, "
        "owner = NULL, lease_until = NULL, updated_at = ? "
        "WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
        [to_db(now), telegram_message_id, to_db(now), row_id, owner],
    )
    return cursor.rowcount == 1


def finish(
    db: Database,
    table: LeasedTable,
    row_id: int,
    owner: str,
    status: str,
    reason: str,
    now: datetime,
) -> bool:
    """End a row the caller holds with a final ``status`` (failed, expired, cancelled …)."""
    cursor = db.execute(
        f"UPDATE {table} SET status = ?, reason = ?, owner = NULL, lease_until = NULL, "
        "updated_at = ? WHERE id = ? AND owner = ? AND status IN ('claimed', 'sending')",
        [status, reason, to_db(now), row_id, owner],
    )
    return cursor.rowcount == 1
