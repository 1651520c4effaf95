"""Read-only views for clinic staff: the patient list, one patient's record, the digest figures.

Every query takes the staff member's ``clinic_id`` and filters on it inside SQL, so a patient of
another clinic is indistinguishable from a patient who does not exist. The list is ordered for
triage — open alerts first, then the most recent session — and paged in SQL; the per-patient
figures are correlated subqueries over the ``(patient_id, time)`` indexes of the aftercare
tables, so a page costs one pass over the clinic's patients, not one query per patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.storage.timefmt import from_db, maybe_from_db, to_db


@dataclass(frozen=True)
class PatientRow:
    id: int
    display_name: str | None
    last_session_at: datetime | None
    last_area: str | None
    last_score: int | None
    open_alerts: int


@dataclass(frozen=True)
class PatientPage:
    rows: list[PatientRow]
    page: int
    pages: int
    total: int
    with_open_alerts: int


@dataclass(frozen=True)
class SessionLine:
    id: int
    treated_at: datetime
    area: str
    logged_by: str


@dataclass(frozen=True)
class CheckinLine:
    session_id: int
    score: int | None
    breathing: bool | None
    answered_at: datetime


@dataclass(frozen=True)
class ReminderLine:
    id: int
    session_id: int
    kind: str
    due_at: datetime
    status: str
    answered: bool


@dataclass(frozen=True)
class AlertLine:
    id: int
    kind: str
    reason: str
    session_id: int | None
    created_at: datetime
    handled_at: datetime | None


@dataclass(frozen=True)
class PatientRecord:
    id: int
    display_name: str | None
    joined_at: datetime
    timezone: str | None
    reminders_consent: bool | None
    sessions: list[SessionLine]
    checkins: list[CheckinLine]
    reminders: list[ReminderLine]
    alerts: list[AlertLine]


@dataclass(frozen=True)
class DigestFigures:
    new_patients: int
    checkins_answered: int
    open_alerts: int
    silent_patients: list[tuple[int, str | None]]
    # Alerts with a copy Telegram refused for good in the period (a staff member blocked the
    # bot, say): the clinic must hear that someone was not told.
    undelivered_alerts: int = 0


@dataclass(frozen=True)
class PageCursor:
    """Where a page turn starts: the patient at the edge of the page on screen.

    ``forward``: the page after that patient (the "next" button, cursor = last row shown);
    else the page before them ("previous", cursor = first row shown).
    """

    patient_id: int
    forward: bool


# The list's order, on the index of ``patient_list_order`` (kept by triggers, see the store).
_ORDER_DESC = "open_alert DESC, last_session_at DESC, patient_id DESC"
_ORDER_ASC = "open_alert, last_session_at, patient_id"
_KEY = "(open_alert, last_session_at, patient_id)"

# What a page shows of each of its (at most PAGE_SIZE) patients.
_ROWS_SQL = """
SELECT
    p.id,
    p.display_name,
    (SELECT c.score FROM checkin_answers c WHERE c.patient_id = p.id AND c.score IS NOT NULL
        ORDER BY c.answered_at DESC LIMIT 1) AS last_score,
    (SELECT count(*) FROM alerts a WHERE a.patient_id = p.id
        AND a.handled_at IS NULL) AS open_alerts,
    s.treated_at,
    s.area
FROM patients p
LEFT JOIN sessions s ON s.id = (
    SELECT s2.id FROM sessions s2 WHERE s2.patient_id = p.id ORDER BY s2.treated_at DESC LIMIT 1
)
WHERE p.id IN (SELECT value FROM json_each(:ids)) AND p.clinic_id = :clinic
"""


class ClinicViewStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def patients_page(
        self, clinic_id: int, page: int, page_size: int, cursor: PageCursor | None = None
    ) -> PatientPage:
        """One page of the clinic's patients, open alerts first, then the latest session.

        With a ``cursor`` (a button press) the page is found by keyset on the list's index: a
        few index steps whatever the page number. ``page`` alone (``/patients 40``) skips
        ``(page - 1) * page_size`` index entries: cheap, but it grows with the page number.
        ``page`` is only the label when a cursor is given; a cursor whose patient left the
        clinic falls back to it.
        """
        counts = self.db.execute(
            "SELECT patients, with_open_alerts FROM clinic_list_counts WHERE clinic_id = ?",
            [clinic_id],
        ).fetchone()
        total, alerting = counts if counts is not None else (0, 0)
        pages = max(1, -(-int(total) // page_size))
        page = min(max(page, 1), pages)
        ids = None
        if cursor is not None:
            ids = self._ids_from(clinic_id, cursor, page_size)
            if ids is not None and not cursor.forward and len(ids) < page_size:
                ids, page = None, 1  # "previous" reached the top: that is the first page
        if not ids:
            ids = [
                int(r[0])
                for r in self.db.execute(
                    f"SELECT patient_id FROM patient_list_order WHERE clinic_id = ? "
                    f"ORDER BY {_ORDER_DESC} LIMIT ? OFFSET ?",
                    [clinic_id, page_size, (page - 1) * page_size],
                )
            ]
        found = {
            r["id"]: PatientRow(
                id=r["id"],
                display_name=r["display_name"],
                last_session_at=maybe_from_db(r["treated_at"]),
                last_area=r["area"],
                last_score=r["last_score"],
                open_alerts=r["open_alerts"],
            )
            for r in self.db.query(_ROWS_SQL, {"clinic": clinic_id, "ids": _json_ids(ids)})
        }
        rows = [found[i] for i in ids if i in found]
        return PatientPage(rows, page, pages, int(total), int(alerting))

    def _ids_from(self, clinic_id: int, cursor: PageCursor, page_size: int) -> list[int] | None:
        """The ids of the page next to the cursor's patient, in list order; None when that
        patient is not (any more) on this clinic's list."""
        key = self.db.execute(
            "SELECT open_alert, last_session_at, patient_id FROM patient_list_order "
            "WHERE patient_id = ? AND clinic_id = ?",
            [cursor.patient_id, clinic_id],
        ).fetchone()
        if key is None:
            return None
        comparison, order = ("<", _ORDER_DESC) if cursor.forward else (">", _ORDER_ASC)
        ids = [
            int(r[0])
            for r in self.db.execute(
                f"SELECT patient_id FROM patient_list_order WHERE clinic_id = ? "
                f"AND {_KEY} {comparison} (?, ?, ?) ORDER BY {order} LIMIT ?",
                [clinic_id, *key, page_size],
            )
        ]
        return ids if cursor.forward else ids[::-1]

    def patient_record(
        self, clinic_id: int, patient_id: int, limit: int = 10
    ) -> PatientRecord | None:
        """One patient of this clinic, or None (also when the patient is another clinic's)."""
        found = list(
            self.db.query(
                "SELECT id, display_name, created_at, timezone, reminders_consent FROM patients "
                "WHERE id = ? AND clinic_id = ?",
                [patient_id, clinic_id],
            )
        )
        if not found:
            return None
        row = found[0]
        sessions = [
            SessionLine(r["id"], from_db(r["treated_at"]), r["area"], r["logged_by"])
            for r in self.db.query(
                "SELECT id, treated_at, area, logged_by FROM sessions WHERE patient_id = ? "
                "ORDER BY treated_at DESC LIMIT ?",
                [patient_id, limit],
            )
        ]
        checkins = [
            CheckinLine(
                r["session_id"],
                r["score"],
                None if r["breathing"] is None else bool(r["breathing"]),
                from_db(r["answered_at"]),
            )
            for r in self.db.query(
                "SELECT session_id, score, breathing, answered_at FROM checkin_answers "
                "WHERE patient_id = ? ORDER BY answered_at DESC LIMIT ?",
                [patient_id, limit],
            )
        ]
        reminders = [
            ReminderLine(
                r["id"],
                r["session_id"],
                r["kind"],
                from_db(r["due_at"]),
                r["status"],
                bool(r["answered"]),
            )
            for r in self.db.query(
                "SELECT r.id, r.session_id, r.kind, r.due_at, r.status, "
                "(EXISTS (SELECT 1 FROM checkin_answers c WHERE c.reminder_id = r.id) OR "
                " EXISTS (SELECT 1 FROM reminder_responses x WHERE x.reminder_id = r.id)) "
                "AS answered "
                "FROM reminders r WHERE r.patient_id = ? ORDER BY r.due_at DESC LIMIT ?",
                [patient_id, limit * 2],
            )
        ]
        alerts = [
            AlertLine(
                r["id"],
                r["kind"],
                r["reason"],
                r["session_id"],
                from_db(r["created_at"]),
                maybe_from_db(r["handled_at"]),
            )
            for r in self.db.query(
                "SELECT id, kind, reason, session_id, created_at, handled_at FROM alerts "
                "WHERE patient_id = ? AND clinic_id = ? ORDER BY id DESC LIMIT ?",
                [patient_id, clinic_id, limit],
            )
        ]
        consent = row["reminders_consent"]
        return PatientRecord(
            id=row["id"],
            display_name=row["display_name"],
            joined_at=from_db(row["created_at"]),
            timezone=row["timezone"],
            reminders_consent=None if consent is None else bool(consent),
            sessions=sessions,
            checkins=checkins,
            reminders=reminders,
            alerts=alerts,
        )

    def session_summary(self, session_id: int) -> tuple[datetime, str] | None:
        row = self.db.execute(
            "SELECT treated_at, area FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        return None if row is None else (from_db(row[0]), str(row[1]))

    def latest_session_before(
        self, patient_id: int, moment: datetime
    ) -> tuple[int, datetime, str] | None:
        row = self.db.execute(
            "SELECT id, treated_at, area FROM sessions WHERE patient_id = ? AND treated_at <= ? "
            "ORDER BY treated_at DESC LIMIT 1",
            [patient_id, to_db(moment)],
        ).fetchone()
        return None if row is None else (int(row[0]), from_db(row[1]), str(row[2]))

    def digest_figures(self, clinic_id: int, since: datetime, now: datetime) -> DigestFigures:
        """What the daily digest reports for the period ``since`` .. ``now``."""
        window = {"clinic": clinic_id, "since": to_db(since), "now": to_db(now)}
        new_patients = self.db.execute(
            "SELECT count(DISTINCT j.patient_id) FROM clinic_joins j "
            "JOIN patients p ON p.id = j.patient_id AND p.clinic_id = j.clinic_id "
            "WHERE j.clinic_id = :clinic AND j.joined_at >= :since AND j.joined_at < :now",
            window,
        ).fetchone()[0]
        answered = self.db.execute(
            "SELECT count(*) FROM checkin_answers c JOIN patients p ON p.id = c.patient_id "
            "WHERE p.clinic_id = :clinic AND c.answered_at >= :since AND c.answered_at < :now",
            window,
        ).fetchone()[0]
        open_alerts = self.db.execute(
            "SELECT count(*) FROM alerts WHERE clinic_id = :clinic AND handled_at IS NULL "
            "AND patient_id IS NOT NULL",
            window,
        ).fetchone()[0]
        silent = [
            (int(r["id"]), r["display_name"])
            for r in self.db.query(_SILENT_SQL, {"clinic": clinic_id, "now": to_db(now)})
        ]
        undelivered = self.db.execute(
            "SELECT count(DISTINCT o.alert_id) FROM outbox o JOIN alerts a ON a.id = o.alert_id "
            "WHERE a.clinic_id = :clinic AND o.purpose = 'alert_copy' "
            "AND o.status IN ('failed', 'expired') "
            "AND o.updated_at >= :since AND o.updated_at < :now",
            window,
        ).fetchone()[0]
        return DigestFigures(
            int(new_patients), int(answered), int(open_alerts), silent, int(undelivered)
        )


# Patients whose two most recent check-ins that were sent (or went out of date unsent) have no
# answer: "stopped responding".
_SILENT_SQL = """
WITH recent AS (
    SELECT r.patient_id, r.id,
           EXISTS (SELECT 1 FROM checkin_answers c WHERE c.reminder_id = r.id) AS answered,
           row_number() OVER (PARTITION BY r.patient_id ORDER BY r.due_at DESC) AS nth
    FROM reminders r JOIN patients p ON p.id = r.patient_id
    WHERE p.clinic_id = :clinic AND r.kind = 'checkin' AND r.due_at <= :now
      AND r.status IN ('sent', 'missed')
)
SELECT p.id, p.display_name FROM patients p
WHERE p.id IN (
    SELECT patient_id FROM recent WHERE nth <= 2 GROUP BY patient_id
    HAVING count(*) = 2 AND sum(answered) = 0
)
ORDER BY p.id
"""


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
