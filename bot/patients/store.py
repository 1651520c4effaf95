"""Patients: one row per Telegram user who has talked to the bot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.patients.model import Patient
from bot.storage.rows import present
from bot.storage.timefmt import from_db, maybe_from_db, to_db


class PatientStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def register(
        self,
        *,
        telegram_user_id: int,
        chat_id: int,
        display_name: str | None,
        locale: str,
        now: datetime,
    ) -> Patient:
        """The patient behind a private chat: created on first contact, written again only when
        their chat, name or language changed (with their last-seen time); most updates only
        read."""
        existing = self.by_telegram_user(telegram_user_id)
        if (
            existing is not None
            and existing.chat_id == chat_id
            and existing.display_name == display_name
            and existing.locale == locale
        ):
            return existing
        stamp = to_db(now)
        self.db.execute(
            """
            INSERT INTO patients (telegram_user_id, chat_id, display_name, locale,
                                  created_at, last_seen_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (telegram_user_id) DO UPDATE SET
                chat_id = excluded.chat_id,
                display_name = excluded.display_name,
                locale = excluded.locale,
                last_seen_at = excluded.last_seen_at
            """,
            [telegram_user_id, chat_id, display_name, locale, stamp, stamp],
        )
        return present(self.by_telegram_user(telegram_user_id), "the patient just registered")

    def get(self, patient_id: int) -> Patient | None:
        return self._one("id = ?", [patient_id])

    def by_telegram_user(self, telegram_user_id: int) -> Patient | None:
        return self._one("telegram_user_id = ?", [telegram_user_id])

    def set_fields(self, patient_id: int, **fields: Any) -> None:
        """Update columns of one patient; datetimes are stored as UTC text."""
        if not fields:
            return
        values = {k: to_db(v) if isinstance(v, datetime) else v for k, v in fields.items()}
        self.db.table("patients").update(patient_id, values)

    def mark_blocked(self, patient_id: int, blocked: bool = True) -> None:
        self.set_fields(patient_id, blocked=int(blocked))

    # Reminder settings, one typed write each; ``bot.aftercare.service`` wraps them in the
    # transaction that also re-plans.

    def set_consent(self, patient_id: int, agreed: bool) -> None:
        """Yes or no to reminders; either answer also lifts an earlier /stop."""
        self.set_fields(patient_id, reminders_consent=int(agreed), reminders_stopped=0)

    def set_timezone(self, patient_id: int, zone_name: str) -> None:
        self.set_fields(patient_id, timezone=zone_name)

    def set_quiet_hours(self, patient_id: int, start: str, end: str) -> None:
        """Quiet hours as 24-hour clock times (``"21:00"``); equal times mean none."""
        self.set_fields(patient_id, quiet_start=start, quiet_end=end)

    def pause_until(self, patient_id: int, until: datetime | None) -> None:
        self.set_fields(patient_id, paused_until=until)

    def set_stopped(self, patient_id: int, stopped: bool) -> None:
        self.set_fields(patient_id, reminders_stopped=int(stopped))

    def resume(self, patient_id: int) -> None:
        """Undo /pause and /stop."""
        self.set_fields(patient_id, paused_until=None, reminders_stopped=0)

    def _one(self, where: str, args: list[Any]) -> Patient | None:
        # One statement: ``rows_where`` first asks sqlite_master whether the table exists
        # (three more), and every update reads its patient at least once.
        cursor = self.db.execute(f"SELECT * FROM patients WHERE {where} LIMIT 1", args)
        row = cursor.fetchone()
        if row is None:
            return None
        return row_to_patient(dict(zip([c[0] for c in cursor.description], row, strict=True)))


def row_to_patient(row: dict[str, Any]) -> Patient:
    consent = row["reminders_consent"]
    return Patient(
        id=row["id"],
        telegram_user_id=row["telegram_user_id"],
        chat_id=row["chat_id"],
        display_name=row["display_name"],
        locale=row["locale"],
        clinic_id=row["clinic_id"],
        timezone=row["timezone"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        reminders_consent=None if consent is None else bool(consent),
        paused_until=maybe_from_db(row["paused_until"]),
        reminders_stopped=bool(row["reminders_stopped"]),
        blocked=bool(row["blocked"]),
        created_at=from_db(row["created_at"]),
        last_seen_at=from_db(row["last_seen_at"]),
    )
