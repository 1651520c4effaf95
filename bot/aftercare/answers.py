"""Recording answers to reminders together with everything they owe the patient and the clinic.

A soreness score, the reply that assesses it, the alert it may raise (with its staff copies and
what the patient hears next) and the breathing question that may follow are written in one
transaction, so a Telegram call that fails afterwards (answering the button, removing it,
sending the reply) can lose none of them: the outbox delivers what is still owed, and a second
press finds the answer already stored. Nothing here makes a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.aftercare import keyboards
from bot.aftercare.care import CareView
from bot.aftercare.checkins import Assessment, Outcome, Reason, assess
from bot.aftercare.plan import AftercarePlan
from bot.aftercare.quiet_hours import end_of_quiet_hours
from bot.aftercare.reminders import Reminder
from bot.aftercare.views import step_for
from bot.clinics.alerting import record_alert
from bot.content import Messages
from bot.outbox.courier import Outbox, ReplyMode
from bot.outbox.effects import Effect, Purpose
from bot.patients.model import Patient
from bot.storage.repository import Repository

#: How long an answer's reply that could not go at once is still worth sending.
REPLY_DEADLINE = timedelta(days=1)

_OUTCOME_KEYS = {
    Outcome.NONE: "checkins.none",
    Outcome.EXPECTED: "checkins.expected",
    Outcome.MODERATE: "checkins.moderate",
    Outcome.LINGERING: "checkins.lingering",
}
_CONTACT_KEYS = {
    Reason.HIGH_SCORE: "checkins.contact_high_score",
    Reason.RISING: "checkins.contact_rising",
    Reason.NOT_EASED: "checkins.contact_not_eased",
}


@dataclass(frozen=True)
class ScoreRecorded:
    reply_row: int  # the outbox row of the reply, claimed for sending at once
    assessment: Assessment | None  # None for a skip
    alert_id: int | None


def _reply(
    patient: Patient,
    text: str,
    now: datetime,
    *,
    markup: dict[str, Any] | None = None,
    after: int | None = None,
) -> Effect:
    return Effect(
        Purpose.REPLY, patient.chat_id, text, due_at=now, deadline_at=now + REPLY_DEADLINE,
        patient_id=patient.id, markup=markup, after=after,
    )  # fmt: skip


def record_score(
    repo: Repository,
    outbox: Outbox,
    messages: Messages,
    plan: AftercarePlan,
    *,
    patient: Patient,
    reminder: Reminder,
    score: int | None,
    now: datetime,
    unreached_after: timedelta,
) -> ScoreRecorded | None:
    """Store a 0–10 score (or a skip, ``None``) and all it owes; None if already answered.
    ``plan`` is the patient's own (``CareView.plan``): it says whether the area asks about
    breathing."""
    locale = patient.locale
    with repo.db.atomic():
        previous = [a.score for a in repo.aftercare.scores_for_session(reminder.session_id)]
        if not repo.aftercare.record_checkin(reminder, score, now):
            return None
        repo.aftercare.confirm_delivered(reminder.id, now)
        session = repo.aftercare.session(reminder.session_id)
        result = None
        alert_id = None
        if score is None or session is None:
            text = messages.text("checkins.skipped", locale)
        else:
            hours = (now - session.treated_at).total_seconds() / 3600
            result = assess(score, hours, [s for s in previous if s is not None])
            text = (
                messages.text("checkins.answer_line", locale, score=score)
                + "\n"
                + assessment_text(messages, locale, result)
            )
        reply_row = outbox.add(_reply(patient, text, now), claim=True)
        if result is not None and result.alerts_clinic and result.reason is not None:
            alert = record_alert(
                repo, outbox, messages, patient=patient, kind="checkin",
                reason=result.reason.value, detail=f"score {score}/10 at {hours:.0f} h", now=now,
                unreached_after=unreached_after, session_id=reminder.session_id, after=reply_row,
            )  # fmt: skip
            alert_id = alert.id
        area = plan.area(session.area) if session else None
        if area is not None and area.breathing_check:
            markup = keyboards.breathing(messages, locale, reminder.id).to_dict()
            question = messages.text("checkins.breathing_question", locale)
            outbox.add(_reply(patient, question, now, markup=markup, after=reply_row))
    return ScoreRecorded(reply_row, result, alert_id)


def record_breathing_trouble(
    repo: Repository,
    outbox: Outbox,
    messages: Messages,
    *,
    patient: Patient,
    reminder: Reminder,
    now: datetime,
    unreached_after: timedelta,
    mode: ReplyMode,
) -> int | None:
    """ "Yes" to the breathing question: the urgent text (every time it is pressed) and, the
    first time, the answer and an alert. Runs inside the caller's transaction."""
    first = repo.aftercare.record_breathing(reminder, True, now)
    text = messages.text("urgent.breathing", patient.locale)
    row = outbox.add_reply(_reply(patient, text, now), mode)
    if first:
        record_alert(
            repo, outbox, messages, patient=patient, kind="checkin",
            reason=Reason.BREATHING.value, detail="breathing yes", now=now,
            unreached_after=unreached_after, session_id=reminder.session_id, after=row,
        )  # fmt: skip
    return row


@dataclass(frozen=True)
class RoutineAnswered:
    #: When a snoozed reminder comes back (out of quiet hours); None after "done".
    snoozed_until: datetime | None


def record_routine_answer(
    repo: Repository, care: CareView, reminder: Reminder, *, snooze: bool, now: datetime
) -> RoutineAnswered | None:
    """ "Done" or "snooze" under a water, stretching or follow-up reminder, in one transaction:
    the answer, the proof it arrived and, for a snooze, the reminder planned again after the
    plan's snooze (never inside quiet hours). None if it was answered before."""
    plan = care.plan
    with repo.db.atomic():
        if not repo.aftercare.record_response(reminder, "snooze" if snooze else "done", now):
            return None
        repo.aftercare.confirm_delivered(reminder.id, now)
        if not snooze:
            return RoutineAnswered(None)
        due = now + plan.snooze
        if reminder.routine:
            due = end_of_quiet_hours(due, care.zone, care.quiet)
        step = step_for(plan, reminder)
        window = step.late_window if step else plan.snooze
        repo.aftercare.snooze(reminder, due, due + window, now)
    return RoutineAnswered(due)


def assessment_text(messages: Messages, locale: str, result: Assessment) -> str:
    if result.outcome is Outcome.CONTACT_CLINIC and result.reason is not None:
        return messages.text(_CONTACT_KEYS[result.reason], locale)
    return messages.text(_OUTCOME_KEYS[result.outcome], locale)
