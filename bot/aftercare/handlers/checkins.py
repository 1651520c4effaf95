"""Answers to reminders: soreness scores (0–10 or skip), the breathing question, done/snooze.

A button carries only a reminder id. Before anything is stored the handler checks that the
reminder belongs to the patient who pressed it, is of the right kind, was actually sent, and
has not been answered yet; anything else gets a short "expired"/"already answered" notice and
changes nothing. A "yes" to the breathing question always gets the urgent instruction first.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot.aftercare import keyboards
from bot.aftercare.checkins import Assessment, Outcome, Reason, assess
from bot.aftercare.quiet_hours import end_of_quiet_hours
from bot.aftercare.reminders import Reminder, Status
from bot.aftercare.service import patient_quiet_hours, patient_zone, plan_for
from bot.aftercare.views import local_time, step_for
from bot.patients.model import Patient
from bot.telegram.context import AftercareContext
from bot.telegram.replies import alert_clinic, current_patient, locale_of, reply

log = logging.getLogger(__name__)

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


async def record_soreness(update: Update, context: AftercareContext) -> None:
    """A score button (0–10 or skip) under a check-in."""
    found = await _own_reminder(update, context, kinds=("checkin",))
    if found is None:
        return
    query, patient, reminder, value = found
    await answer_checkin(
        update, context, patient, reminder, None if value == "s" else int(value), query
    )


async def answer_checkin(
    update: Update,
    context: AftercareContext,
    patient: Patient,
    reminder: Reminder,
    score: int | None,
    query: CallbackQuery | None = None,
) -> None:
    """Store a 0–10 score (or a skip), reply per the assessment, alert the clinic if needed.

    The one path for a check-in answer, whether tapped (``query``) or typed."""
    locale = locale_of(update, context)
    messages = context.messages
    repo = context.repo
    now = context.clock.now()
    if patient.reminders_stopped:
        await _acknowledge(query)
        await reply(update, messages.text("checkins.not_recorded_stopped", locale))
        return
    previous = [a.score for a in repo.aftercare.scores_for_session(reminder.session_id)]
    if not repo.aftercare.record_checkin(reminder, score, now):
        if query is None:
            await reply(update, messages.text("reminders.already_answered", locale))
        else:
            await query.answer(messages.raw("reminders.already_answered", locale))
        return
    await _acknowledge(query)
    if query is not None:
        await _drop_buttons(query)
    else:
        await _drop_reminder_buttons(update, context, reminder)
    session = repo.aftercare.session(reminder.session_id)
    if session is None:
        return
    if score is None:
        await reply(update, messages.text("checkins.skipped", locale))
    else:
        hours = (now - session.treated_at).total_seconds() / 3600
        result = assess(score, hours, [s for s in previous if s is not None])
        text = messages.text("checkins.answer_line", locale, score=score)
        await reply(update, text + "\n" + _assessment_text(context, locale, result))
        log.info(
            "check-in %s answered: outcome=%s patient=%s",
            reminder.id,
            result.outcome.value,
            patient.id,
        )
        if result.alerts_clinic and result.reason is not None:
            await _alert(
                update,
                context,
                patient,
                reminder,
                result.reason.value,
                f"score {score}/10 at {hours:.0f} h",
            )
    area = plan_for(repo, context.plan, patient).area(session.area)
    if area is not None and area.breathing_check:
        await reply(
            update,
            messages.text("checkins.breathing_question", locale),
            reply_markup=keyboards.breathing(messages, locale, reminder.id),
        )


async def record_breathing(update: Update, context: AftercareContext) -> None:
    """Breathing difficulty or chest pain? "Yes" gets the urgent instruction at once."""
    found = await _own_reminder(update, context, kinds=("checkin",))
    if found is None:
        return
    query, patient, reminder, value = found
    locale = locale_of(update, context)
    messages = context.messages
    if value == "y":
        # Urgent text first: never delayed by storage, alerts or an earlier answer.
        await query.answer()
        await reply(update, messages.text("urgent.breathing", locale))
        first = context.repo.aftercare.record_breathing(reminder, True, context.clock.now())
        await _drop_buttons(query)
        if first:
            await _alert(
                update, context, patient, reminder, Reason.BREATHING.value, "breathing yes"
            )
        return
    if not context.repo.aftercare.record_breathing(reminder, False, context.clock.now()):
        await query.answer(messages.raw("reminders.already_answered", locale))
        return
    await query.answer()
    await _drop_buttons(query)
    await reply(update, messages.text("checkins.breathing_no", locale))


async def answer_routine_reminder(update: Update, context: AftercareContext) -> None:
    """ "Done" or "snooze" under a water or stretching reminder (one answer per reminder)."""
    found = await _own_reminder(update, context, kinds=("hydration", "stretch", "followup"))
    if found is None:
        return
    query, patient, reminder, value = found
    locale = locale_of(update, context)
    messages = context.messages
    repo = context.repo
    now = context.clock.now()
    response = "done" if value == "d" else "snooze"
    plan = plan_for(repo, context.plan, patient)
    zone = patient_zone(repo, patient, context.services.settings.default_timezone)
    due = now + plan.snooze
    with repo.db.atomic():
        if not repo.aftercare.record_response(reminder, response, now):
            answered = False
        else:
            answered = True
            if response == "snooze":
                step = step_for(plan, reminder)
                if reminder.routine:
                    due = end_of_quiet_hours(due, zone, patient_quiet_hours(patient))
                window = step.late_window if step else plan.snooze
                repo.aftercare.snooze(reminder, due, due + window, now)
    if not answered:
        await query.answer(messages.raw("reminders.already_answered", locale))
        return
    await query.answer()
    await _drop_buttons(query)
    if response == "done":
        await reply(update, messages.text("reminders.done_ack", locale))
    else:
        when = local_time(messages, locale, due, zone)
        await reply(update, messages.text("reminders.snoozed", locale, when=when))


async def _own_reminder(
    update: Update, context: AftercareContext, *, kinds: tuple[str, ...]
) -> tuple[CallbackQuery, Patient, Reminder, str] | None:
    """The pressed reminder if it is the presser's, of one of ``kinds``, and was sent."""
    query = update.callback_query
    if query is None:
        return None
    callback = keyboards.decode(query.data)
    patient = current_patient(update, context)
    locale = locale_of(update, context)
    reminder = None
    if callback is not None and patient is not None:
        reminder = context.repo.aftercare.reminder(keyboards.from_b36(callback.args[0]))
    if (
        callback is None
        or patient is None
        or reminder is None
        or reminder.patient_id != patient.id
        or reminder.kind not in kinds
        or reminder.status is not Status.SENT
    ):
        log.info("refused a reminder button from update %s", update.update_id)
        await query.answer(context.messages.raw("reminders.expired", locale))
        return None
    return query, patient, reminder, callback.args[1]


def _assessment_text(context: AftercareContext, locale: str, result: Assessment) -> str:
    if result.outcome is Outcome.CONTACT_CLINIC and result.reason is not None:
        return context.messages.text(_CONTACT_KEYS[result.reason], locale)
    return context.messages.text(_OUTCOME_KEYS[result.outcome], locale)


async def _alert(
    update: Update,
    context: AftercareContext,
    patient: Patient,
    reminder: Reminder,
    reason: str,
    detail: str,
) -> None:
    told = await alert_clinic(
        context,
        patient,
        kind="checkin",
        reason=reason,
        detail=detail,
        session_id=reminder.session_id,
    )
    if told:
        await reply(
            update, context.messages.text("checkins.clinic_told", locale_of(update, context))
        )


async def _acknowledge(query: CallbackQuery | None) -> None:
    if query is not None:
        await query.answer()


async def _drop_reminder_buttons(
    update: Update, context: AftercareContext, reminder: Reminder
) -> None:
    """A typed answer: the check-in's own buttons go, as after a tap (best effort)."""
    chat = update.effective_chat
    if chat is None or reminder.telegram_message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(
            chat_id=chat.id, message_id=reminder.telegram_message_id, reply_markup=None
        )
    except TelegramError as exc:
        log.info("kept the buttons of reminder %s: %s", reminder.id, type(exc).__name__)


async def _drop_buttons(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(None)
