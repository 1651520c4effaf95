"""Answers to reminders: soreness scores (0–10 or skip), the breathing question, done/snooze.

A button carries only a reminder id. Before anything is stored the handler checks that the
reminder belongs to the patient who pressed it, is of the right kind, may have reached them (sent,
or sent in a request that timed out: the press proves it arrived, and it is not sent again), and
has not been answered yet; anything else gets a short "expired"/"already answered" notice and
changes nothing. A "yes" to the breathing question always gets the urgent instruction first.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TypeVar

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot.aftercare.answers import record_breathing_trouble, record_routine_answer, record_score
from bot.aftercare.reminders import Reminder
from bot.aftercare.views import local_time
from bot.outbox.courier import ReplyMode
from bot.patients.model import Patient
from bot.telegram.callbacks import BreathingAnswer, CheckinScore, RoutineAnswer
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import patient_press
from bot.telegram.replies import reply, send_recorded, unreached_after

log = logging.getLogger(__name__)

# A button that names a reminder.
R = TypeVar("R", CheckinScore, BreathingAnswer, RoutineAnswer)


async def record_soreness(update: Update, context: AftercareContext) -> None:
    """A score button (0–10 or skip) under a check-in."""
    found = await _own_reminder(update, context, CheckinScore, kinds=("checkin",))
    if found is None:
        return
    query, patient, reminder, button = found
    await answer_checkin(update, context, patient, reminder, button.score, query)


async def answer_checkin(
    update: Update,
    context: AftercareContext,
    patient: Patient,
    reminder: Reminder,
    score: int | None,
    query: CallbackQuery | None = None,
) -> None:
    """Store a 0–10 score (or a skip) with its reply and any alert, then send the reply.

    The one path for a check-in answer, whether tapped (``query``) or typed. Everything the
    answer owes is written first, in one transaction (``bot.aftercare.answers``): answering
    the button, removing it or sending the reply may fail afterwards and nothing is lost —
    the outbox delivers the rest."""
    locale = context.locale
    messages = context.messages
    if patient.reminders_stopped:
        await _acknowledge(query)
        await reply(update, messages.text("checkins.not_recorded_stopped", locale))
        return
    recorded = record_score(
        context.repo, context.outbox, messages, context.care.plan, patient=patient,
        reminder=reminder, score=score, now=context.now, unreached_after=unreached_after(context),
    )  # fmt: skip
    if recorded is None:
        if query is None:
            await reply(update, messages.text("reminders.already_answered", locale))
        else:
            await query.answer(messages.raw("reminders.already_answered", locale))
        return
    context.outbox.wake()
    if recorded.assessment is not None:
        log.info(
            "check-in %s answered: outcome=%s patient=%s alert=%s",
            reminder.id,
            recorded.assessment.outcome.value,
            patient.id,
            recorded.alert_id,
        )
    if query is not None:
        await _quietly(query.answer(), "answer", update)
        await _quietly(_drop_buttons(query), "remove the buttons of", update)
    else:
        await _drop_reminder_buttons(update, context, reminder)
    await context.outbox.send_now(context.bot, recorded.reply_row)


async def record_breathing(update: Update, context: AftercareContext) -> None:
    """Breathing difficulty or chest pain? "Yes" gets the urgent instruction at once."""
    found = await _own_reminder(update, context, BreathingAnswer, kinds=("checkin",))
    if found is None:
        return
    query, patient, reminder, button = found
    locale = context.locale
    messages = context.messages
    if button.trouble:
        # Written with the answer and the alert, then sent before anything else is awaited.
        def write(mode: ReplyMode) -> int | None:
            return record_breathing_trouble(
                context.repo, context.outbox, messages, patient=patient, reminder=reminder,
                now=context.now, unreached_after=unreached_after(context), mode=mode,
            )  # fmt: skip

        await send_recorded(
            update,
            context,
            text=messages.text("urgent.breathing", locale),
            write=write,
            what=f"breathing answer to reminder {reminder.id}",
        )
        await _quietly(query.answer(), "answer", update)
        await _quietly(_drop_buttons(query), "remove the buttons of", update)
        return
    if not context.repo.aftercare.record_breathing(reminder, False, context.now):
        await query.answer(messages.raw("reminders.already_answered", locale))
        return
    await query.answer()
    await _drop_buttons(query)
    await reply(update, messages.text("checkins.breathing_no", locale))


async def answer_routine_reminder(update: Update, context: AftercareContext) -> None:
    """ "Done" or "snooze" under a water or stretching reminder (one answer per reminder)."""
    found = await _own_reminder(
        update, context, RoutineAnswer, kinds=("hydration", "stretch", "followup")
    )
    if found is None:
        return
    query, _patient, reminder, button = found
    locale = context.locale
    messages = context.messages
    answered = record_routine_answer(
        context.repo, context.care, reminder, snooze=not button.done, now=context.now
    )
    if answered is None:
        await query.answer(messages.raw("reminders.already_answered", locale))
        return
    await query.answer()
    await _drop_buttons(query)
    if answered.snoozed_until is None:
        await reply(update, messages.text("reminders.done_ack", locale))
    else:
        when = local_time(messages, locale, answered.snoozed_until, context.care.zone)
        await reply(update, messages.text("reminders.snoozed", locale, when=when))


async def _own_reminder(
    update: Update, context: AftercareContext, kind: type[R], *, kinds: tuple[str, ...]
) -> tuple[CallbackQuery, Patient, Reminder, R] | None:
    """The pressed reminder and button if the reminder is the presser's, of one of ``kinds``,
    and was sent."""
    found = await patient_press(update, context, kind)
    if found is None:
        return None
    query, button, patient = found
    reminder = context.repo.aftercare.reminder(button.reminder_id)
    if (
        reminder is None
        or reminder.patient_id != patient.id
        or reminder.kind not in kinds
        or not reminder.may_have_arrived
    ):
        log.info("refused a reminder button from update %s", update.update_id)
        await query.answer(context.messages.raw("reminders.expired", context.locale))
        return None
    return query, patient, reminder, button


async def _quietly(call: Awaitable[object], what: str, update: Update) -> None:
    """A Telegram call whose failure must not stop the rest (the answer is already stored)."""
    try:
        await call
    except TelegramError as exc:
        log.info("could not %s update %s (%s)", what, update.update_id, type(exc).__name__)


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
