"""The clinic's alert log: red-flag messages and worrying check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.storage.rows import last_id, present
from bot.storage.timefmt import from_db, maybe_from_db, to_db


@dataclass(frozen=True)
class Alert:
    id: int
    clinic_id: int | None
    patient_id: int | None
    session_id: int | None
    kind: str
    reason: str
    detail: str | None
    created_at: datetime
    handled_by: int | None
    handled_at: datetime | None


class AlertStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        *,
        clinic_id: int | None,
        patient_id: int,
        kind: str,
        reason: str,
        detail: str | None,
        now: datetime,
        session_id: int | None = None,
    ) -> Alert:
        """Store an alert; ``kind`` is 'red_flag' or 'checkin', ``reason`` the specific cause."""
        table = self.db.table("alerts")
        table.insert(
            {
                "clinic_id": clinic_id,
                "patient_id": patient_id,
                "session_id": session_id,
                "kind": kind,
                "reason": reason,
                "detail": detail,
                "created_at": to_db(now),
            }
        )
        return present(self.get(last_id(table)), "the alert just raised")

    def get(self, alert_id: int) -> Alert | None:
        rows = list(self.db["alerts"].rows_where("id = ?", [alert_id], limit=1))
        return row_to_alert(rows[0]) if rows else None

    def for_patient(self, patient_id: int) -> list[Alert]:
        return [
            row_to_alert(r)
            for r in self.db["alerts"].rows_where("patient_id = ?", [patient_id], order_by="id")
        ]


def row_to_alert(row: dict[str, Any]) -> Alert:
    return Alert(
        id=row["id"],
        clinic_id=row["clinic_id"],
        patient_id=row["patient_id"],
        session_id=row["session_id"],
        kind=row["kind"],
        reason=row["reason"],
        detail=row["detail"],
        created_at=from_db(row["created_at"]),
        handled_by=row["handled_by"],
        handled_at=maybe_from_db(row["handled_at"]),
    )
