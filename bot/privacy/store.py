"""A patient's data rights over the whole schema: export everything, erase everything.

Both walk the live schema instead of a hand-kept list of tables, so a table another area adds
later is covered the day it appears. A row is the patient's when it is their ``patients`` row,
has their ``patient_id``, ``telegram_user_id`` or ``chat_id``, or references (by foreign key) a
row that is theirs — a reminder through its session, say — followed to a fixed point.

Two tables are handled apart. The clinic's alert log keeps only that an alert existed (clinic,
kind, time, and who at the clinic handled it): patient, session, reason and text are cleared.
``clinic_staff`` and ``alert_notifications`` describe staff, not patients, and are never
matched by the identity columns (a staff member's chat id is not the patient's).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

IDENTITY_COLUMNS = ("patient_id", "telegram_user_id", "chat_id")
NOT_PATIENT_DATA = frozenset({"clinic_staff", "alert_notifications", "alerts"})
# Erased with the patient but not exported: the outbox is delivery bookkeeping (staff chat ids,
# retry counters); what it carries about the patient is in the alerts and replies exported.
NOT_EXPORTED = frozenset({"outbox"})
ERASED_REASON = "erased"


@dataclass(frozen=True)
class Erasure:
    rows_deleted: int
    alerts_anonymised: int
    staff_messages: list[tuple[int, int]]  # (chat id, message id) of alert notifications
    # (chat id, message id) of staff copies of the patient's questions to the clinic
    question_messages: list[tuple[int, int]] = field(default_factory=list)


class PrivacyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def export(self, patient_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the patient, by table (the alert log included)."""
        owned = self._owned(patient_id)
        owned["alerts"] = {
            int(r[0])
            for r in self.db.execute("SELECT rowid FROM alerts WHERE patient_id = ?", [patient_id])
        }
        result: dict[str, list[dict[str, Any]]] = {}
        for table, rowids in sorted(owned.items()):
            if not rowids or table in NOT_EXPORTED:
                continue
            rows = self.db.query(
                f"SELECT * FROM [{table}] WHERE rowid IN (SELECT value FROM json_each(?)) "
                "ORDER BY rowid",
                [_json_ids(rowids)],
            )
            result[table] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
        return result

    def erase(self, patient_id: int) -> Erasure:
        """Delete every row of the patient and anonymise their alerts, in one transaction."""
        with self.db.atomic():
            # Children and parents go in one transaction; checking foreign keys at commit lets
            # the order of deletes not matter.
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            owned = self._owned(patient_id)
            alert_ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM alerts WHERE patient_id = ?", [patient_id]
                )
            ]
            staff_messages = [
                (int(r[0]), int(r[1]))
                for r in self.db.execute(
                    "SELECT chat_id, message_id FROM alert_notifications "
                    "WHERE alert_id IN (SELECT value FROM json_each(?))",
                    [_json_ids(alert_ids)],
                )
            ]
            self.db.execute(
                "DELETE FROM alert_notifications "
                "WHERE alert_id IN (SELECT value FROM json_each(?))",
                [_json_ids(alert_ids)],
            )
            self.db.execute(
                "UPDATE alerts SET patient_id = NULL, session_id = NULL, reason = ?, "
                "detail = NULL WHERE patient_id = ?",
                [ERASED_REASON, patient_id],
            )
            question_messages = [
                (int(r[0]), int(r[1]))
                for r in self.db.execute(
                    "SELECT m.staff_chat_id, m.message_id FROM question_messages m "
                    "JOIN clinic_questions q ON q.id = m.question_id WHERE q.patient_id = ?",
                    [patient_id],
                )
            ]
            deleted = 0
            for table, rowids in owned.items():
                if rowids:
                    cursor = self.db.execute(
                        f"DELETE FROM [{table}] WHERE rowid IN (SELECT value FROM json_each(?))",
                        [_json_ids(rowids)],
                    )
                    deleted += cursor.rowcount
        return Erasure(deleted, len(alert_ids), staff_messages, question_messages)

    def _owned(self, patient_id: int) -> dict[str, set[int]]:
        identity = self.db.execute(
            "SELECT telegram_user_id, chat_id FROM patients WHERE id = ?", [patient_id]
        ).fetchone()
        if identity is None:
            return {}
        values = {
            "patient_id": patient_id,
            "telegram_user_id": identity[0],
            "chat_id": identity[1],
        }
        tables = [
            name
            for name in self.db.table_names()
            if name not in NOT_PATIENT_DATA and not name.startswith("_")
        ]
        owned: dict[str, set[int]] = {"patients": {patient_id}}
        columns = {name: {c.name for c in self.db.table(name).columns} for name in tables}
        for name in tables:
            if name == "patients":
                continue
            matches = [c for c in IDENTITY_COLUMNS if c in columns[name]]
            if not matches:
                continue
            where = " OR ".join(f"[{c}] = ?" for c in matches)
            found = self.db.execute(
                f"SELECT rowid FROM [{name}] WHERE {where}", [values[c] for c in matches]
            )
            owned.setdefault(name, set()).update(int(r[0]) for r in found)
        # Follow foreign keys to rows that hang off the patient's rows.
        changed = True
        while changed:
            changed = False
            for name in tables:
                for fk in self.db.table(name).foreign_keys:
                    parents = owned.get(fk.other_table)
                    if not parents or fk.other_table in NOT_PATIENT_DATA:
                        continue
                    found = self.db.execute(
                        f"SELECT rowid FROM [{name}] WHERE [{fk.column}] IN "
                        f"(SELECT [{fk.other_column}] FROM [{fk.other_table}] "
                        "WHERE rowid IN (SELECT value FROM json_each(?)))",
                        [_json_ids(parents)],
                    )
                    new = {int(r[0]) for r in found} - owned.get(name, set())
                    if new:
                        owned.setdefault(name, set()).update(new)
                        changed = True
        return owned


def _json_ids(ids: set[int] | list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in sorted(ids)) + "]"


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode()}
    return value
