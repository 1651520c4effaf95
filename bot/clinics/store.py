"""Clinics, their staff and invites: the "clinics" migration set and ``ClinicStore``.

Invites keep only SHA-256 digests of their token and code (see ``bot.clinics.invites``). Using
an invite is one conditional ``UPDATE ... WHERE uses < max_uses``, so two patients racing for
the last use of a single-use invite cannot both get in. Wrong invite attempts are kept per
Telegram user for an hour (the throttle's window) and pruned as new ones arrive.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlite_utils import Database, Migrations

from bot.clinics.invites import DEFAULT_THROTTLE, Invite, digest
from bot.clinics.rules import Clinic, StaffMember
from bot.storage.rows import last_id, present
from bot.storage.timefmt import from_db, maybe_from_db, to_db

CLINIC_MIGRATIONS = Migrations("clinics")


@CLINIC_MIGRATIONS()
def create_staff_invites_and_bookkeeping(db: Database) -> None:
    db.execute("ALTER TABLE clinics ADD COLUMN plan_override TEXT")
    db.execute(
        """
        CREATE TABLE clinic_staff (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            telegram_user_id INTEGER NOT NULL UNIQUE,
            chat_id INTEGER NOT NULL,
            display_name TEXT,
            invite_id INTEGER,
            joined_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_clinic_staff_clinic ON clinic_staff (clinic_id)")
    db.execute(
        """
        CREATE TABLE invites (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            purpose TEXT NOT NULL CHECK (purpose IN ('staff', 'patient')),
            token_digest TEXT NOT NULL UNIQUE,
            code_digest TEXT NOT NULL UNIQUE,
            created_by INTEGER,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            max_uses INTEGER,
            uses INTEGER NOT NULL DEFAULT 0,
            revoked_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_invites_clinic ON invites (clinic_id, purpose)")
    db.execute(
        """
        CREATE TABLE invite_failures (
            id INTEGER PRIMARY KEY,
            telegram_user_id INTEGER NOT NULL,
            failed_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_invite_failures_user ON invite_failures (telegram_user_id)")
    db.execute(
        """
        CREATE TABLE invite_pending (
            patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
            invite_id INTEGER NOT NULL REFERENCES invites (id),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE clinic_joins (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            invite_id INTEGER,
            joined_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_clinic_joins_clinic ON clinic_joins (clinic_id, joined_at)")
    db.execute("CREATE INDEX idx_clinic_joins_patient ON clinic_joins (patient_id)")
    db.execute(
        """
        CREATE TABLE alert_notifications (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_alert_notifications_alert ON alert_notifications (alert_id)")
    db.execute(
        """
        CREATE TABLE clinic_texts (
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            key TEXT NOT NULL,
            locale TEXT NOT NULL,
            template TEXT NOT NULL,
            PRIMARY KEY (clinic_id, key, locale)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE clinic_digests (
            clinic_id INTEGER NOT NULL REFERENCES clinics (id),
            local_date TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (clinic_id, local_date)
        )
        """
    )


class ClinicError(ValueError):
    """A clinic operation cannot be done as asked (unknown clinic, already staff elsewhere)."""


class ClinicStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- clinics ---------------------------------------------------------------------------

    def create(
        self, *, name: str, timezone: str, digest_time: str | None, now: datetime
    ) -> Clinic:
        table = self.db.table("clinics")
        table.insert(
            {
                "name": name,
                "timezone": timezone,
                "digest_time": digest_time,
                "created_at": to_db(now),
            }
        )
        return present(self.get(last_id(table)), "the clinic just created")

    def get(self, clinic_id: int) -> Clinic | None:
        rows = list(self.db.table("clinics").rows_where("id = ?", [clinic_id], limit=1))
        return _clinic(rows[0]) if rows else None

    def require(self, clinic_id: int) -> Clinic:
        """A clinic another row points to (a staff member's, an invite's): ``MissingRowError``
        if it has gone, which the foreign keys should never allow."""
        return present(self.get(clinic_id), f"clinic {clinic_id}")

    def find(self, id_or_name: str) -> Clinic | None:
        """A clinic by id, or by its exact name (case-insensitive) when that is unique."""
        if id_or_name.isdigit():
            return self.get(int(id_or_name))
        rows = list(
            self.db.table("clinics").rows_where(
                "lower(name) = lower(?)", [id_or_name.strip()], limit=2
            )
        )
        return _clinic(rows[0]) if len(rows) == 1 else None

    def all(self) -> list[Clinic]:
        return [_clinic(r) for r in self.db.table("clinics").rows_where(order_by="id")]

    def with_digest(self) -> list[Clinic]:
        return [
            _clinic(r)
            for r in self.db.table("clinics").rows_where("digest_time IS NOT NULL", order_by="id")
        ]

    def set_digest_time(self, clinic_id: int, digest_time: str | None) -> None:
        self.db.table("clinics").update(clinic_id, {"digest_time": digest_time})

    def counts(self, clinic_id: int) -> tuple[int, int]:
        """(staff, patients) of a clinic."""
        staff = self.db.execute(
            "SELECT count(*) FROM clinic_staff WHERE clinic_id = ?", [clinic_id]
        ).fetchone()[0]
        patients = self.db.execute(
            "SELECT count(*) FROM patients WHERE clinic_id = ?", [clinic_id]
        ).fetchone()[0]
        return int(staff), int(patients)

    # -- per-clinic overrides -----------------------------------------------------------------

    def set_plan_override(self, clinic_id: int, plan_text: str | None) -> None:
        self.db.table("clinics").update(clinic_id, {"plan_override": plan_text})

    def plan_override(self, clinic_id: int) -> str | None:
        row = self.db.execute(
            "SELECT plan_override FROM clinics WHERE id = ?", [clinic_id]
        ).fetchone()
        return None if row is None else row[0]

    def set_text(self, clinic_id: int, key: str, locale: str, template: str | None) -> None:
        if template is None:
            self.db.execute(
                "DELETE FROM clinic_texts WHERE clinic_id = ? AND key = ? AND locale = ?",
                [clinic_id, key, locale],
            )
            return
        self.db.table("clinic_texts").upsert(
            {"clinic_id": clinic_id, "key": key, "locale": locale, "template": template},
            pk=("clinic_id", "key", "locale"),
        )

    def text_override(self, clinic_id: int, key: str, locale: str) -> str | None:
        row = self.db.execute(
            "SELECT template FROM clinic_texts WHERE clinic_id = ? AND key = ? "
            "AND locale IN (?, 'en') ORDER BY locale = ? DESC LIMIT 1",
            [clinic_id, key, locale, locale],
        ).fetchone()
        return None if row is None else str(row[0])

    def texts(self, clinic_id: int) -> dict[tuple[str, str], str]:
        return {
            (r["key"], r["locale"]): r["template"]
            for r in self.db.table("clinic_texts").rows_where("clinic_id = ?", [clinic_id])
        }

    # -- staff ---------------------------------------------------------------------------------

    def staff_of_user(self, telegram_user_id: int) -> StaffMember | None:
        """The membership behind a Telegram user: checked again on every staff action."""
        rows = list(
            self.db.table("clinic_staff").rows_where(
                "telegram_user_id = ?", [telegram_user_id], limit=1
            )
        )
        return _staff(rows[0]) if rows else None

    def staff(self, clinic_id: int) -> list[StaffMember]:
        return [
            _staff(r)
            for r in self.db.table("clinic_staff").rows_where(
                "clinic_id = ?", [clinic_id], order_by="id"
            )
        ]

    def add_staff(
        self,
        *,
        clinic_id: int,
        telegram_user_id: int,
        chat_id: int,
        display_name: str | None,
        invite_id: int | None,
        now: datetime,
    ) -> StaffMember:
        """Make a user staff of a clinic; refreshes the row when they already are."""
        current = self.staff_of_user(telegram_user_id)
        if current is not None and current.clinic_id != clinic_id:
            raise ClinicError("already staff of another clinic")
        if current is None:
            self.db.table("clinic_staff").insert(
                {
                    "clinic_id": clinic_id,
                    "telegram_user_id": telegram_user_id,
                    "chat_id": chat_id,
                    "display_name": display_name,
                    "invite_id": invite_id,
                    "joined_at": to_db(now),
                }
            )
        else:
            self.db.table("clinic_staff").update(
                current.id, {"chat_id": chat_id, "display_name": display_name}
            )
        return present(self.staff_of_user(telegram_user_id), "the staff member just added")

    def remove_staff(self, clinic_id: int, who: str) -> StaffMember | None:
        """Remove a staff member by staff id or Telegram user id; returns who was removed."""
        if not who.lstrip("-").isdigit():
            return None
        number = int(who)
        rows = list(
            self.db.table("clinic_staff").rows_where(
                "clinic_id = ? AND (id = ? OR telegram_user_id = ?)",
                [clinic_id, number, number],
                limit=1,
            )
        )
        if not rows:
            return None
        member = _staff(rows[0])
        self.db.execute("DELETE FROM clinic_staff WHERE id = ?", [member.id])
        return member

    # -- invites -------------------------------------------------------------------------------

    def create_invite(
        self,
        *,
        clinic_id: int,
        purpose: str,
        token: str,
        code: str,
        created_by: int | None,
        expires_at: datetime,
        max_uses: int | None,
        now: datetime,
    ) -> Invite:
        table = self.db.table("invites")
        table.insert(
            {
                "clinic_id": clinic_id,
                "purpose": purpose,
                "token_digest": digest(token),
                "code_digest": digest(code),
                "created_by": created_by,
                "created_at": to_db(now),
                "expires_at": to_db(expires_at),
                "max_uses": max_uses,
                "uses": 0,
            }
        )
        return present(self.invite(last_id(table)), "the invite just created")

    def invite(self, invite_id: int) -> Invite | None:
        rows = list(self.db.table("invites").rows_where("id = ?", [invite_id], limit=1))
        return _invite(rows[0]) if rows else None

    def invite_by_token(self, token: str) -> Invite | None:
        rows = list(
            self.db.table("invites").rows_where("token_digest = ?", [digest(token)], limit=1)
        )
        return _invite(rows[0]) if rows else None

    def invite_by_code(self, code: str) -> Invite | None:
        rows = list(
            self.db.table("invites").rows_where("code_digest = ?", [digest(code)], limit=1)
        )
        return _invite(rows[0]) if rows else None

    def invites(self, clinic_id: int, purpose: str, *, active_at: datetime) -> list[Invite]:
        """Invites not revoked and not expired at ``active_at``, newest first."""
        return [
            _invite(r)
            for r in self.db.table("invites").rows_where(
                "clinic_id = ? AND purpose = ? AND revoked_at IS NULL AND expires_at > ?",
                [clinic_id, purpose, to_db(active_at)],
                order_by="id DESC",
            )
        ]

    def revoke_invite(self, clinic_id: int, invite_id: int, now: datetime) -> bool:
        """Revoke one of the clinic's invites; False when it is not the clinic's or already so."""
        cursor = self.db.execute(
            "UPDATE invites SET revoked_at = ? "
            "WHERE id = ? AND clinic_id = ? AND revoked_at IS NULL",
            [to_db(now), invite_id, clinic_id],
        )
        return cursor.rowcount == 1

    def use_invite(self, invite_id: int, now: datetime) -> bool:
        """Take one use of a valid invite; False when it got used up, revoked or expired."""
        cursor = self.db.execute(
            "UPDATE invites SET uses = uses + 1 WHERE id = ? AND revoked_at IS NULL "
            "AND expires_at > ? AND (max_uses IS NULL OR uses < max_uses)",
            [invite_id, to_db(now)],
        )
        return cursor.rowcount == 1

    # -- guessing ------------------------------------------------------------------------------

    def record_failure(self, telegram_user_id: int, now: datetime) -> None:
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM invite_failures WHERE telegram_user_id = ? AND failed_at < ?",
                [telegram_user_id, to_db(now - DEFAULT_THROTTLE.window)],
            )
            self.db.table("invite_failures").insert(
                {"telegram_user_id": telegram_user_id, "failed_at": to_db(now)}
            )

    def recent_failures(self, telegram_user_id: int, now: datetime) -> list[datetime]:
        since = to_db(now - DEFAULT_THROTTLE.window)
        return [
            from_db(r["failed_at"])
            for r in self.db.table("invite_failures").rows_where(
                "telegram_user_id = ? AND failed_at >= ?", [telegram_user_id, since]
            )
        ]

    def clear_failures(self, telegram_user_id: int) -> None:
        self.db.execute(
            "DELETE FROM invite_failures WHERE telegram_user_id = ?", [telegram_user_id]
        )

    # -- patients joining ------------------------------------------------------------------------

    def set_pending(self, patient_id: int, invite_id: int, now: datetime) -> None:
        """Remember which invite a patient opened until they accept the privacy notice."""
        self.db.table("invite_pending").upsert(
            {"patient_id": patient_id, "invite_id": invite_id, "created_at": to_db(now)},
            pk="patient_id",
        )

    def pending(self, patient_id: int) -> int | None:
        row = self.db.execute(
            "SELECT invite_id FROM invite_pending WHERE patient_id = ?", [patient_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def clear_pending(self, patient_id: int) -> None:
        self.db.execute("DELETE FROM invite_pending WHERE patient_id = ?", [patient_id])

    def join(self, *, patient_id: int, invite: Invite, now: datetime) -> bool:
        """Use one invite and move the patient to its clinic, all or nothing."""
        with self.db.atomic():
            if not self.use_invite(invite.id, now):
                return False
            self.db.execute(
                "UPDATE patients SET clinic_id = ? WHERE id = ?", [invite.clinic_id, patient_id]
            )
            self.db.table("clinic_joins").insert(
                {
                    "clinic_id": invite.clinic_id,
                    "patient_id": patient_id,
                    "invite_id": invite.id,
                    "joined_at": to_db(now),
                }
            )
            self.db.execute("DELETE FROM invite_pending WHERE patient_id = ?", [patient_id])
        return True

    def joined_since(self, clinic_id: int, since: datetime) -> int:
        """Patients who joined the clinic since ``since`` and are still with it."""
        row = self.db.execute(
            "SELECT count(DISTINCT j.patient_id) FROM clinic_joins j "
            "JOIN patients p ON p.id = j.patient_id AND p.clinic_id = j.clinic_id "
            "WHERE j.clinic_id = ? AND j.joined_at >= ?",
            [clinic_id, to_db(since)],
        ).fetchone()
        return int(row[0])

    # -- alert notifications and digests ---------------------------------------------------------

    def record_notification(self, alert_id: int, chat_id: int, message_id: int) -> None:
        self.db.table("alert_notifications").insert(
            {"alert_id": alert_id, "chat_id": chat_id, "message_id": message_id}
        )

    def notifications(self, alert_id: int) -> list[tuple[int, int]]:
        return [
            (int(r["chat_id"]), int(r["message_id"]))
            for r in self.db.table("alert_notifications").rows_where(
                "alert_id = ?", [alert_id], order_by="id"
            )
        ]

    def mark_alert_handled(
        self, *, alert_id: int, clinic_id: int, handled_by: int, now: datetime
    ) -> bool:
        """Close an open alert of this clinic; False if not the clinic's or already closed."""
        cursor = self.db.execute(
            "UPDATE alerts SET handled_by = ?, handled_at = ? "
            "WHERE id = ? AND clinic_id = ? AND handled_at IS NULL",
            [handled_by, to_db(now), alert_id, clinic_id],
        )
        return cursor.rowcount == 1

    def open_alerts(self, clinic_id: int) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM alerts WHERE clinic_id = ? AND handled_at IS NULL "
            "AND patient_id IS NOT NULL",
            [clinic_id],
        ).fetchone()
        return int(row[0])

    def claim_digest(self, clinic_id: int, local_date: date, now: datetime) -> bool:
        """Claim a clinic's digest for one local date; False when it was already sent."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO clinic_digests (clinic_id, local_date, sent_at) "
            "VALUES (?, ?, ?)",
            [clinic_id, local_date.isoformat(), to_db(now)],
        )
        return cursor.rowcount == 1

    def last_digest_at(self, clinic_id: int, before: date) -> datetime | None:
        row = self.db.execute(
            "SELECT max(sent_at) FROM clinic_digests WHERE clinic_id = ? AND local_date < ?",
            [clinic_id, before.isoformat()],
        ).fetchone()
        return maybe_from_db(row[0]) if row else None


def _clinic(row: dict[str, Any]) -> Clinic:
    return Clinic(
        id=row["id"],
        name=row["name"],
        timezone=row["timezone"],
        digest_time=row["digest_time"],
        created_at=from_db(row["created_at"]),
    )


def _staff(row: dict[str, Any]) -> StaffMember:
    return StaffMember(
        id=row["id"],
        clinic_id=row["clinic_id"],
        telegram_user_id=row["telegram_user_id"],
        chat_id=row["chat_id"],
        display_name=row["display_name"],
        joined_at=from_db(row["joined_at"]),
    )


def _invite(row: dict[str, Any]) -> Invite:
    return Invite(
        id=row["id"],
        clinic_id=row["clinic_id"],
        purpose=row["purpose"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
        max_uses=row["max_uses"],
        uses=row["uses"],
        revoked_at=maybe_from_db(row["revoked_at"]),
    )
