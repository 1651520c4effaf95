"""Clinics, their staff and invites: the "clinics" migration set and ``ClinicStore``.

Invites keep only SHA-256 digests of their token and code (see ``bot.clinics.invites``). Using
an invite is one conditional ``UPDATE ... WHERE uses < max_uses``, so two patients racing for
the last use of a single-use invite cannot both get in. Wrong invite attempts are kept per
Telegram user for an hour (the throttle's window) and pruned as new ones arrive; a success
never clears them. Wrong typed codes of all users together also count toward shared budgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database, Migrations

from bot.clinics.invites import DEFAULT_CODE_BUDGET, DEFAULT_THROTTLE, Invite, digest
from bot.clinics.rules import Clinic, StaffMember
from bot.ids import parse_number
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


@CLINIC_MIGRATIONS()
def count_wrong_codes_for_everyone(db: Database) -> None:
    """Wrong attempts say whether they were a typed code and which clinic it named, if any,
    so the shared budgets (``bot.clinics.invites.CodeBudget``) can be counted."""
    db.execute("ALTER TABLE invite_failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'code'")
    db.execute("ALTER TABLE invite_failures ADD COLUMN clinic_id INTEGER")
    db.execute("CREATE INDEX idx_invite_failures_time ON invite_failures (failed_at)")


@CLINIC_MIGRATIONS()
def remember_menus_to_reset(db: Database) -> None:
    """Staff removed while the bot could not be told: their staff command menu is reset on
    their next update (``bot.clinics.handlers.onboarding.reset_removed_staff_menu``)."""
    db.execute(
        """
        CREATE TABLE staff_menu_resets (
            telegram_user_id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )


@CLINIC_MIGRATIONS()
def keep_the_patient_list_in_order(db: Database) -> None:
    """``patient_list_order`` and ``clinic_list_counts``, kept by triggers for the staff list.

    The list sorts by "has an open alert", then the latest session, then id, and its header
    counts the clinic's patients and those with open alerts. Worked out per request, all that
    cost a pass over every patient of the clinic (130 ms at 100k patients for page 1, 0.5 s for
    the last, with the event loop stopped). Triggers on ``patients``, ``sessions`` and
    ``alerts`` keep each patient's sort key — and triggers on that, the clinic's counts — in the
    same transaction as their cause, whoever writes; an index then answers any page by keyset
    in a few steps.
    """
    db.execute(
        """
        CREATE TABLE patient_list_order (
            patient_id INTEGER PRIMARY KEY,
            clinic_id INTEGER,
            open_alert INTEGER NOT NULL DEFAULT 0,
            last_session_at TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_patient_list_order ON patient_list_order "
        "(clinic_id, open_alert, last_session_at, patient_id)"
    )
    db.execute(
        """
        CREATE TABLE clinic_list_counts (
            clinic_id INTEGER PRIMARY KEY,
            patients INTEGER NOT NULL DEFAULT 0,
            with_open_alerts INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    for statement in _PATIENT_LIST_TRIGGERS:
        db.execute(statement)
    db.execute(
        f"INSERT INTO patient_list_order (patient_id, clinic_id, open_alert, last_session_at) "
        f"SELECT p.id, p.clinic_id, {_OPEN_ALERT.format(patient='p.id')}, "
        f"{_LAST_SESSION.format(patient='p.id')} FROM patients p"
    )


# The two halves of a patient's sort key, for the patient whose id is ``{patient}``.
_OPEN_ALERT = "EXISTS (SELECT 1 FROM alerts WHERE patient_id = {patient} AND handled_at IS NULL)"
_LAST_SESSION = "coalesce((SELECT max(treated_at) FROM sessions WHERE patient_id = {patient}), '')"


def _refresh(patient: str, column: str, expression: str) -> str:
    return (
        f"UPDATE patient_list_order SET {column} = {expression.format(patient=patient)} "
        f"WHERE patient_id = {patient};"
    )


def _count(row: str, sign: str) -> str:
    """Add (``+``) or take away (``-``) one ``patient_list_order`` row from its clinic's counts."""
    return (
        f"INSERT INTO clinic_list_counts (clinic_id, patients, with_open_alerts) "
        f"SELECT {row}.clinic_id, {sign}1, {sign}{row}.open_alert "
        f"WHERE {row}.clinic_id IS NOT NULL ON CONFLICT (clinic_id) DO UPDATE SET "
        f"patients = patients + excluded.patients, "
        f"with_open_alerts = with_open_alerts + excluded.with_open_alerts;"
    )


_PATIENT_LIST_TRIGGERS = (
    f"""CREATE TRIGGER patient_list_on_patient_insert AFTER INSERT ON patients BEGIN
        INSERT INTO patient_list_order (patient_id, clinic_id, open_alert, last_session_at)
        VALUES (NEW.id, NEW.clinic_id, {_OPEN_ALERT.format(patient="NEW.id")},
                {_LAST_SESSION.format(patient="NEW.id")})
        ON CONFLICT (patient_id) DO UPDATE SET clinic_id = excluded.clinic_id,
            open_alert = excluded.open_alert, last_session_at = excluded.last_session_at;
    END""",
    """CREATE TRIGGER patient_list_on_patient_clinic AFTER UPDATE OF clinic_id ON patients BEGIN
        UPDATE patient_list_order SET clinic_id = NEW.clinic_id WHERE patient_id = NEW.id;
    END""",
    """CREATE TRIGGER patient_list_on_patient_delete AFTER DELETE ON patients BEGIN
        DELETE FROM patient_list_order WHERE patient_id = OLD.id;
    END""",
    """CREATE TRIGGER patient_list_on_session_insert AFTER INSERT ON sessions BEGIN
        UPDATE patient_list_order SET last_session_at = max(last_session_at, NEW.treated_at)
        WHERE patient_id = NEW.patient_id;
    END""",
    f"""CREATE TRIGGER patient_list_on_session_update
        AFTER UPDATE OF treated_at, patient_id ON sessions BEGIN
        {_refresh("OLD.patient_id", "last_session_at", _LAST_SESSION)}
        {_refresh("NEW.patient_id", "last_session_at", _LAST_SESSION)}
    END""",
    f"""CREATE TRIGGER patient_list_on_session_delete AFTER DELETE ON sessions BEGIN
        {_refresh("OLD.patient_id", "last_session_at", _LAST_SESSION)}
    END""",
    f"""CREATE TRIGGER patient_list_on_alert_insert AFTER INSERT ON alerts BEGIN
        {_refresh("NEW.patient_id", "open_alert", _OPEN_ALERT)}
    END""",
    f"""CREATE TRIGGER patient_list_on_alert_update
        AFTER UPDATE OF handled_at, patient_id ON alerts BEGIN
        {_refresh("OLD.patient_id", "open_alert", _OPEN_ALERT)}
        {_refresh("NEW.patient_id", "open_alert", _OPEN_ALERT)}
    END""",
    f"""CREATE TRIGGER patient_list_on_alert_delete AFTER DELETE ON alerts BEGIN
        {_refresh("OLD.patient_id", "open_alert", _OPEN_ALERT)}
    END""",
    # The clinic's counts follow its rows of the list.
    f"""CREATE TRIGGER clinic_counts_on_insert AFTER INSERT ON patient_list_order BEGIN
        {_count("NEW", "+")}
    END""",
    f"""CREATE TRIGGER clinic_counts_on_delete AFTER DELETE ON patient_list_order BEGIN
        {_count("OLD", "-")}
    END""",
    f"""CREATE TRIGGER clinic_counts_on_update
        AFTER UPDATE OF clinic_id, open_alert ON patient_list_order BEGIN
        {_count("OLD", "-")}
        {_count("NEW", "+")}
    END""",
)


class ClinicError(ValueError):
    """A clinic operation cannot be done as asked (unknown clinic, already staff elsewhere)."""


@dataclass(frozen=True)
class StaffRemoval:
    """Who was removed, and which of their open invites were revoked with them."""

    member: StaffMember
    revoked_joined_with: int | None  # the staff invite they joined with, if still open
    revoked_created: list[int]  # invites they had made for patients


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
        number = parse_number(id_or_name)
        if number is not None:
            return self.get(number)
        rows = list(
            self.db.table("clinics").rows_where(
                "lower(name) = lower(?)", [id_or_name.strip()], limit=2
            )
        )
        return _clinic(rows[0]) if len(rows) == 1 else None

    def name_taken(self, name: str) -> bool:
        """Whether a clinic already has this name, whatever the case (names are unique)."""
        row = self.db.execute(
            "SELECT 1 FROM clinics WHERE lower(name) = lower(?) LIMIT 1", [name.strip()]
        ).fetchone()
        return row is not None

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

    def timezone(self, clinic_id: int) -> str | None:
        """The clinic's zone name (one small read: a patient's zone falls back to it)."""
        row = self.db.execute("SELECT timezone FROM clinics WHERE id = ?", [clinic_id]).fetchone()
        return None if row is None else str(row[0])

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
        # Back on the staff (a new invite): their staff menu must not be reset any more.
        self.menu_reset_done(telegram_user_id)
        return present(self.staff_of_user(telegram_user_id), "the staff member just added")

    def join_as_staff(
        self,
        *,
        invite_id: int,
        clinic_id: int,
        telegram_user_id: int,
        chat_id: int,
        display_name: str | None,
        now: datetime,
    ) -> StaffMember | None:
        """Take one use of a staff invite and make the user staff, in one transaction: None when
        the invite is used up, revoked or expired. Raises ``ClinicError`` when the user is staff
        of another clinic, and then the invite keeps its use."""
        with self.db.atomic():
            if not self.use_invite(invite_id, now):
                return None
            return self.add_staff(
                clinic_id=clinic_id,
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                display_name=display_name,
                invite_id=invite_id,
                now=now,
            )

    def remove_staff(self, clinic_id: int, who: str, now: datetime) -> StaffRemoval | None:
        """Remove a staff member by staff id or Telegram user id, all in one transaction.

        Also revokes every invite of theirs that is still open — the staff invite they joined
        with (else its remaining uses would let them straight back in) and the invites they
        made — and remembers to reset their staff command menu. None when ``who`` is not staff
        of this clinic.
        """
        number = parse_number(who)
        if number is None:
            return None
        with self.db.atomic():
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
            joined_with = rows[0]["invite_id"]
            self.db.execute("DELETE FROM clinic_staff WHERE id = ?", [member.id])
            open_ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT id FROM invites WHERE clinic_id = ? AND revoked_at IS NULL "
                    "AND expires_at > ? AND (id = ? OR created_by = ?) ORDER BY id",
                    [clinic_id, to_db(now), joined_with, member.telegram_user_id],
                )
            ]
            self.db.execute(
                "UPDATE invites SET revoked_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                [to_db(now), "[" + ",".join(str(i) for i in open_ids) + "]"],
            )
            self.db.table("staff_menu_resets").upsert(
                {
                    "telegram_user_id": member.telegram_user_id,
                    "chat_id": member.chat_id,
                    "created_at": to_db(now),
                },
                pk="telegram_user_id",
            )
        return StaffRemoval(
            member=member,
            revoked_joined_with=joined_with if joined_with in open_ids else None,
            revoked_created=[i for i in open_ids if i != joined_with],
        )

    def menu_reset_due(self, telegram_user_id: int) -> int | None:
        """The chat whose staff command menu still has to be reset for this user, if any."""
        row = self.db.execute(
            "SELECT chat_id FROM staff_menu_resets WHERE telegram_user_id = ?", [telegram_user_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def menu_reset_done(self, telegram_user_id: int) -> None:
        self.db.execute(
            "DELETE FROM staff_menu_resets WHERE telegram_user_id = ?", [telegram_user_id]
        )

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

    def record_failure(
        self,
        telegram_user_id: int,
        now: datetime,
        *,
        kind: str = "code",
        clinic_id: int | None = None,
    ) -> None:
        """Keep one wrong attempt (``kind`` "code" or "token"; ``clinic_id`` when the code named
        a clinic's dead invite) and forget everyone's attempts older than the longest window."""
        window = max(DEFAULT_THROTTLE.window, DEFAULT_CODE_BUDGET.window)
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM invite_failures WHERE failed_at < ?", [to_db(now - window)]
            )
            self.db.table("invite_failures").insert(
                {
                    "telegram_user_id": telegram_user_id,
                    "failed_at": to_db(now),
                    "kind": kind,
                    "clinic_id": clinic_id,
                }
            )

    def recent_failures(self, telegram_user_id: int, now: datetime) -> list[datetime]:
        """One account's wrong attempts (codes and tokens) within the throttle's window."""
        since = to_db(now - DEFAULT_THROTTLE.window)
        return [
            from_db(r["failed_at"])
            for r in self.db.table("invite_failures").rows_where(
                "telegram_user_id = ? AND failed_at >= ?", [telegram_user_id, since]
            )
        ]

    def recent_wrong_codes(
        self, now: datetime, limit: int, *, clinic_id: int | None = None
    ) -> list[datetime]:
        """The latest ``limit`` wrong codes of all accounts within the budget's window (only
        those naming ``clinic_id``, if given), newest first."""
        since = to_db(now - DEFAULT_CODE_BUDGET.window)
        where = "kind = 'code' AND failed_at >= ?"
        params: list[Any] = [since]
        if clinic_id is not None:
            where += " AND clinic_id = ?"
            params.append(clinic_id)
        return [
            from_db(r["failed_at"])
            for r in self.db.table("invite_failures").rows_where(
                where, params, order_by="failed_at DESC", limit=limit
            )
        ]

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
