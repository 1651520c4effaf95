"""The aftercare service: logging a session and (re)planning a patient's reminders.

Kept outside ``handlers`` because the patient's ``/session`` flow and the clinic's staff side
both log sessions, and the reminder settings (consent, time zone, quiet hours, /stop) all end in
the same re-planning. Nothing here talks to Telegram. Re-planning is an upsert that only moves
rows that are still pending (or were cancelled by /stop or a block), so it is safe to run any
number of times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.aftercare.care import CareView
from bot.aftercare.plan import (
    AftercarePlan,
    PatientTiming,
    PlanError,
    SessionFacts,
    plan_reminders,
)
from bot.aftercare.quiet_hours import NO_QUIET_HOURS, ClockTimeError, QuietHours
from bot.aftercare.session_time import TimeProblem, TimeRejected, check_treatment_time
from bot.aftercare.store import Session
from bot.clinics.service import clinic_text
from bot.content import Messages, parse_plan_text
from bot.patients.model import Patient
from bot.storage.repository import Repository

log = logging.getLogger(__name__)


class SessionRejected(ValueError):
    """A session that cannot be logged; ``problem`` says why (for a specific reply)."""

    def __init__(self, problem: TimeProblem | str) -> None:
        super().__init__(problem.value if isinstance(problem, TimeProblem) else problem)
        self.problem = problem


@dataclass(frozen=True)
class LoggedSession:
    session: Session
    created: bool  # False: the same idempotency key was logged before (a double tap)
    reminders_planned: int


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def parse_zone(name: str) -> ZoneInfo | None:
    """An IANA zone by exact name (``Europe/London``), or None for anything else."""
    name = name.strip()
    if name not in _zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def default_zone_name(repo: Repository, patient: Patient, fallback: str) -> str:
    """The clinic's time zone if the patient has a clinic, else the bot's default."""
    if patient.clinic_id is not None:
        zone = repo.clinics.timezone(patient.clinic_id)
        if zone is not None and parse_zone(zone):
            return zone
    return fallback


def patient_zone(repo: Repository, patient: Patient, fallback: str) -> ZoneInfo:
    """The patient's own zone, else their clinic's, else ``fallback``, else UTC (the clinic is
    read only when the patient has not chosen a zone)."""
    own = parse_zone(patient.timezone) if patient.timezone else None
    return own or parse_zone(default_zone_name(repo, patient, fallback)) or ZoneInfo("UTC")


def patient_quiet_hours(patient: Patient) -> QuietHours:
    try:
        return QuietHours.parse(patient.quiet_start, patient.quiet_end)
    except ClockTimeError:
        return NO_QUIET_HOURS


def patient_timing(repo: Repository, patient: Patient, fallback: str) -> PatientTiming:
    return PatientTiming(patient_zone(repo, patient, fallback), patient_quiet_hours(patient))


def plan_for(repo: Repository, default: AftercarePlan, patient: Patient) -> AftercarePlan:
    """The clinic's own plan if it stored a valid override, else the default plan."""
    if patient.clinic_id is None:
        return default
    override = repo.clinics.plan_override(patient.clinic_id)
    if not override:
        return default
    try:
        return _parsed_plan(override, f"clinic {patient.clinic_id} plan")
    except PlanError as exc:
        log.error(
            "clinic %s plan override is invalid, using the default: %s", patient.clinic_id, exc
        )
        return default


def care_for(
    repo: Repository,
    messages: Messages,
    default_plan: AftercarePlan,
    patient: Patient,
    *,
    default_timezone: str,
) -> CareView:
    """The patient's zone, quiet hours, plan and clinic wording, read once (see ``care.py``)."""
    return CareView(
        zone=patient_zone(repo, patient, default_timezone),
        quiet=patient_quiet_hours(patient),
        plan=plan_for(repo, default_plan, patient),
        say=partial(clinic_text, repo, messages, patient.clinic_id, locale=patient.locale),
    )


@lru_cache(maxsize=64)
def _parsed_plan(text: str, source: str) -> AftercarePlan:
    """A clinic's plan, parsed once per text (a plan is immutable; a changed plan is new text,
    so nothing goes stale). Every update and every reminder of the clinic's patients needs it,
    and parsing the TOML takes about a millisecond, hundreds of times the query that reads it
    (``bench/queries_per_update.py``)."""
    return parse_plan_text(text, source=source)


def plans_reminders(patient: Patient) -> bool:
    return (
        bool(patient.reminders_consent) and not patient.reminders_stopped and not patient.blocked
    )


def log_session(
    repo: Repository,
    plan: AftercarePlan,
    patient: Patient,
    *,
    treated_at: datetime,
    area: str,
    logged_by: str,
    idempotency_key: str,
    now: datetime,
    default_timezone: str = "UTC",
) -> LoggedSession:
    """Store a treatment once per ``idempotency_key`` and plan its reminders if the patient
    agreed to them, in one transaction. Raises SessionRejected for a bad time or area.

    ``logged_by`` is ``"patient"`` or e.g. ``"staff:12"``; the caller picks the key (the
    patient flow uses its Telegram message, the clinic side its own request id).
    """
    plan = plan_for(repo, plan, patient)
    checked = check_treatment_time(treated_at, now, plan.max_session_age)
    if isinstance(checked, TimeRejected):
        raise SessionRejected(checked.problem)
    if plan.area(area) is None:
        raise SessionRejected("unknown_area")
    with repo.db.atomic():
        session, created = repo.aftercare.add_session(
            patient_id=patient.id,
            treated_at=checked,
            area=area,
            logged_by=logged_by,
            idempotency_key=idempotency_key,
            now=now,
        )
        planned = 0
        if created and plans_reminders(patient):
            planned = _plan_session(repo, plan, patient, session, now, default_timezone)
    log.info(
        "session %s for patient %s: created=%s reminders=%d",
        session.id,
        patient.id,
        created,
        planned,
    )
    return LoggedSession(session, created, planned)


def replan_patient(
    repo: Repository, plan: AftercarePlan, patient: Patient, now: datetime, default_timezone: str
) -> int:
    """Plan (or move) reminders for every recent session of the patient; after consent, a new
    time zone or quiet hours, a resume after /stop or after unblocking the bot."""
    if not plans_reminders(patient):
        return 0
    plan = plan_for(repo, plan, patient)
    count = 0
    with repo.db.atomic():
        for session in repo.aftercare.sessions_since(patient.id, now - plan.horizon):
            count += _plan_session(repo, plan, patient, session, now, default_timezone)
    return count


def _plan_session(
    repo: Repository,
    plan: AftercarePlan,
    patient: Patient,
    session: Session,
    now: datetime,
    default_timezone: str,
) -> int:
    timing = patient_timing(repo, patient, default_timezone)
    planned = plan_reminders(SessionFacts(session.treated_at, session.area), plan, timing, now)
    return repo.aftercare.upsert_plan(session, planned, now)


@dataclass(frozen=True)
class ReminderSettings:
    """Changing a patient's reminder settings, each change with the re-planning it leads to in
    one transaction: a process killed in between must not leave "reminders on" with none
    planned. Without consent, what is pending is cancelled. Each returns the patient as the
    change left them (None if they have gone)."""

    repo: Repository
    plan: AftercarePlan
    default_timezone: str

    def consent(self, patient_id: int, agreed: bool, now: datetime) -> Patient | None:
        """Yes or no to reminders (either lifts an earlier /stop); yes plans them at once."""
        return self._replan(
            patient_id, now, lambda: self.repo.patients.set_consent(patient_id, agreed)
        )

    def time_zone(self, patient_id: int, zone: ZoneInfo, now: datetime) -> Patient | None:
        """The patient's own zone; pending reminders move to the same wall times in it."""
        return self._replan(
            patient_id, now, lambda: self.repo.patients.set_timezone(patient_id, zone.key)
        )

    def quiet_hours(self, patient_id: int, quiet: QuietHours, now: datetime) -> Patient | None:
        """New quiet hours (``NO_QUIET_HOURS`` for none); pending reminders move out of them."""
        start, end = f"{quiet.start:%H:%M}", f"{quiet.end:%H:%M}"
        return self._replan(
            patient_id, now, lambda: self.repo.patients.set_quiet_hours(patient_id, start, end)
        )

    def resume(self, patient_id: int, now: datetime) -> Patient | None:
        """Undo /pause and /stop, and plan again what is still useful."""
        return self._replan(patient_id, now, lambda: self.repo.patients.resume(patient_id))

    def pause(self, patient_id: int, until: datetime) -> Patient | None:
        """Hold reminders until ``until`` (the sender checks it again before each one)."""
        self.repo.patients.pause_until(patient_id, until)
        return self.repo.patients.get(patient_id)

    def _replan(
        self, patient_id: int, now: datetime, change: Callable[[], None]
    ) -> Patient | None:
        repo = self.repo
        with repo.db.atomic():
            change()
            patient = repo.patients.get(patient_id)
            if patient is None:
                return None
            if not patient.reminders_consent:
                repo.aftercare.cancel_pending(patient_id, "no_consent", now)
            else:
                replan_patient(repo, self.plan, patient, now, self.default_timezone)
        return patient


def stop_reminders(repo: Repository, patient: Patient, now: datetime) -> int:
    """/stop: nothing more is sent (also checked at send time); returns how many were cancelled."""
    with repo.db.atomic():
        repo.patients.set_stopped(patient.id, True)
        return repo.aftercare.cancel_pending(patient.id, "stopped", now)


def block_patient(repo: Repository, patient_id: int, now: datetime) -> int:
    """The patient blocked the bot (403): mark them and cancel what is pending."""
    with repo.db.atomic():
        repo.patients.mark_blocked(patient_id, True)
        return repo.aftercare.cancel_pending(patient_id, "blocked", now)


def unblock_patient(
    repo: Repository, plan: AftercarePlan, patient_id: int, now: datetime, default_timezone: str
) -> int:
    """The patient is back after blocking the bot (/start): unmark them and re-plan what is
    still useful, in one transaction. Returns how many reminders were (re)planned."""
    with repo.db.atomic():
        repo.patients.mark_blocked(patient_id, False)
        patient = repo.patients.get(patient_id)
        if patient is None:
            return 0
        return replan_patient(repo, plan, patient, now, default_timezone)
