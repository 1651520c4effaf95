"""The core schema: clinics, patients and the alert log, the tables every other area refers to.

Each area of the bot owns a ``sqlite_utils.Migrations`` set beside its store; ``db.py``
applies them in a fixed order. A migration is never edited once released: add a new step.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

CORE_MIGRATIONS = Migrations("core")


@CORE_MIGRATIONS()
def create_clinics_patients_and_alerts(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE clinics (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            timezone TEXT NOT NULL,
            digest_time TEXT,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            telegram_user_id INTEGER NOT NULL UNIQUE,
            chat_id INTEGER NOT NULL,
            display_name TEXT,
            locale TEXT NOT NULL DEFAULT 'en',
            clinic_id INTEGER REFERENCES clinics (id),
            timezone TEXT,
            quiet_start TEXT NOT NULL DEFAULT '21:00',
            quiet_end TEXT NOT NULL DEFAULT '08:00',
            reminders_consent INTEGER,
            paused_until TEXT,
            reminders_stopped INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_patients_clinic ON patients (clinic_id)")
    db.execute(
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            clinic_id INTEGER,
            patient_id INTEGER,
            session_id INTEGER,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT,
            created_at TEXT NOT NULL,
            handled_by INTEGER,
            handled_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_alerts_clinic_open ON alerts (clinic_id, handled_at)")
    db.execute("CREATE INDEX idx_alerts_patient ON alerts (patient_id)")


@CORE_MIGRATIONS()
def create_clock_anchor(db: Database) -> None:
    """Where a time-scaled clock stood, so a restarted demo or acceptance run continues it."""
    db.execute(
        """
        CREATE TABLE clock_anchor (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            scale REAL NOT NULL,
            wall_origin TEXT NOT NULL,
            scaled_origin TEXT NOT NULL
        )
        """
    )
