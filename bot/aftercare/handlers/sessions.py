"""/session: log a treatment (when, then which area), then plan its aftercare reminders.

Stateless: each step's state travels in the buttons' callback data (the chosen time as minutes
since 2020, then the area code), so a restart between two taps loses nothing. The idempotency
key is the chat and the message holding the area buttons, so a double tap or a retried button
logs one session. A time typed as an argument (``/session yesterday 14:30``) skips the buttons.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.aftercare import keyboards
from bot.aftercare.consent import offer_reminders
from bot.aftercare.service import SessionRejected, log_session
from bot.aftercare.session_time import (
    TimeProblem,
    TimeRejected,
    check_treatment_time,
    parse_treatment_time,
    recent_hours,
)
from bot.aftercare.views import area_label, local_time, schedule_lines
from bot.content import Markup
from bot.knowledge.safety import triage
from bot.knowledge.triage_loader import default_model
from bot.telegram.callbacks import SessionArea, SessionHour, SessionWhen, When
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import patient_press
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

# After "Type a time", the patient's next plain message is the time for this long.
AWAITING_TIME = "sessions.awaiting_time_since"
TYPED_TIME_WINDOW = timedelta(minutes=30)
# "yesterday evening at 7:30 pm" is six words; anything longer is a sentence, not a time.
MAX_TIME_WORDS = 6


async def start_session_log(update: Update, context: AftercareContext) -> None:
    """Ask when the session was, or take the time typed after /session."""
    patient = context.patient
    if patient is None:
        return
    locale = context.locale
    text = " ".join(context.args or [])
    if not text:
        await reply(
            update,
            context.messages.text("sessions.ask_when", locale),
            reply_markup=keyboards.session_when(context.messages, locale),
        )
        return
    zone = context.care.zone
    now = context.now
    parsed = parse_treatment_time(text, now, zone, context.care.plan.max_session_age)
    if isinstance(parsed, TimeRejected):
        await reply(update, _time_problem(context, locale, parsed.problem, text))
        return
    await _ask_area(update, context, parsed, edit=False)


async def choose_session_when(update: Update, context: AftercareContext) -> None:
    """Handle the "when" buttons: now, an hour earlier today or yesterday, or "type a time"
    ("Log a session" under the welcome asks the question first)."""
    found = await patient_press(update, context, SessionWhen)
    if found is None:
        return
    query, button, _patient = found
    locale = context.locale
    messages = context.messages
    zone = context.care.zone
    now = context.now
    await query.answer()
    if button.when is When.MENU:
        await reply(
            update,
            messages.text("sessions.ask_when", locale),
            reply_markup=keyboards.session_when(messages, locale),
        )
    elif button.when is When.NOW:
        await _ask_area(update, context, now, edit=True)
    elif button.when is When.TYPED:
        if context.user_data is not None:
            context.user_data[AWAITING_TIME] = now
        await _edit(query.message, messages.text("sessions.ask_typed", locale, zone=zone.key))
    else:
        days_back = 0 if button.when is When.EARLIER else 1
        hours = recent_hours(now, zone, days_back=days_back)
        if not hours:
            await _edit(query.message, messages.text("sessions.no_hours", locale))
            return
        labels = [(messages.when(h, "time", locale, zone=zone), h) for h in hours]
        await _edit(
            query.message,
            messages.text("sessions.ask_hour", locale, zone=zone.key),
            keyboards.session_hours(labels),
        )


async def choose_session_hour(update: Update, context: AftercareContext) -> None:
    """An hour tapped in the list: checked again (an old list may name a time now too old)."""
    found = await patient_press(update, context, SessionHour)
    if found is None:
        return
    query, button, _patient = found
    await query.answer()
    moment = check_treatment_time(button.at, context.now, context.care.plan.max_session_age)
    if isinstance(moment, TimeRejected):
        await reply(update, _time_problem(context, context.locale, moment.problem, ""))
        return
    await _ask_area(update, context, moment, edit=True)


async def take_typed_time(update: Update, context: AftercareContext) -> None:
    """A plain reply after "Type a time" is the session's time, not a question.

    Runs before the question handlers (its own group) and stops them only when it takes the
    message: a red flag, a command, a question, or a reply long after the prompt goes on to
    the usual handlers (triage first). A time it cannot read gets an example and a second try.
    """
    message = update.effective_message
    asked = context.user_data.get(AWAITING_TIME) if context.user_data is not None else None
    if message is None or message.text is None or not isinstance(asked, datetime):
        return
    text = message.text
    now = context.now
    if now - asked > TYPED_TIME_WINDOW or triage(text, default_model()) is not None:
        _stop_awaiting(context)
        return
    patient = context.patient
    if patient is None:
        return
    locale = context.locale
    zone = context.care.zone
    parsed = parse_treatment_time(text, now, zone, context.care.plan.max_session_age)
    if isinstance(parsed, TimeRejected):
        if parsed.problem is TimeProblem.NOT_A_TIME and _reads_as_a_question(text):
            _stop_awaiting(context)
            return
        example = context.messages.text("sessions.bad_typed_time", locale, text=text[:40])
        problem = _time_problem(context, locale, parsed.problem, text)
        await reply(update, example if parsed.problem is TimeProblem.NOT_A_TIME else problem)
        raise ApplicationHandlerStop
    _stop_awaiting(context)
    await _ask_area(update, context, parsed, edit=False)
    raise ApplicationHandlerStop


def _stop_awaiting(context: AftercareContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(AWAITING_TIME, None)


def _reads_as_a_question(text: str) -> bool:
    return "?" in text or len(text.split()) > MAX_TIME_WORDS


async def choose_session_area(update: Update, context: AftercareContext) -> None:
    """Log the session for the tapped area (once per message, however often it is tapped)."""
    found = await patient_press(update, context, SessionArea)
    if found is None:
        return
    query, button, patient = found
    if query.message is None:
        return
    locale = context.locale
    messages = context.messages
    services = context.services
    now = context.now
    key = f"tg:{query.message.chat.id}:{query.message.message_id}"
    try:
        logged = log_session(
            context.repo,
            context.care.plan,
            patient,
            treated_at=button.at,
            area=button.area,
            logged_by="patient",
            idempotency_key=key,
            now=now,
            default_timezone=services.settings.default_timezone,
        )
    except SessionRejected as exc:
        await query.answer()
        problem = exc.problem
        text = (
            _time_problem(context, locale, problem, "")
            if isinstance(problem, TimeProblem)
            else messages.text("sessions.unknown_area", locale)
        )
        await reply(update, text)
        return
    await query.answer()
    zone = context.care.zone
    session = logged.session
    params = {
        "area": area_label(messages, locale, context.care.plan, session.area),
        "when": local_time(messages, locale, session.treated_at, zone),
    }
    if not logged.created:
        await reply(update, messages.text("sessions.already_logged", locale, **params))
        return
    await _edit(query.message, messages.text("sessions.logged", locale, **params))
    if patient.reminders_consent is None:
        if isinstance(query.message, Message):
            await offer_reminders(query.message, context)
    elif not patient.reminders_consent:
        await reply(update, messages.text("sessions.reminders_off", locale))
    elif patient.reminders_stopped:
        await reply(update, messages.text("sessions.reminders_stopped", locale))
    else:
        pending = [
            r for r in context.repo.aftercare.pending_for(patient.id) if r.session_id == session.id
        ]
        header = messages.text("sessions.schedule_header", locale, zone=zone.key)
        paused = (
            patient.paused_until if patient.paused_until and patient.paused_until > now else None
        )
        lines = schedule_lines(
            messages,
            locale,
            pending,
            zone,
            plan=context.care.plan,
            paused_until=paused,
        )
        await reply(update, header + "\n" + lines)


async def _ask_area(
    update: Update, context: AftercareContext, treated_at: datetime, *, edit: bool
) -> None:
    locale, zone = context.locale, context.care.zone
    when = local_time(context.messages, locale, treated_at, zone)
    text = context.messages.text("sessions.ask_area", locale, when=when)
    markup = keyboards.session_areas(context.messages, locale, context.care.plan.areas, treated_at)
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        await _edit(query.message, text, markup)
    else:
        await reply(update, text, reply_markup=markup)


async def _edit(message: object, text: str, markup: object = None) -> None:
    if isinstance(message, Message):
        await message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


def _time_problem(
    context: AftercareContext, locale: str, problem: TimeProblem | str, text: str
) -> str:
    messages = context.messages
    if problem is TimeProblem.NOT_A_TIME:
        return messages.text("sessions.bad_time", locale, text=text[:40])
    if problem is TimeProblem.NEEDS_TIME:
        return messages.text("sessions.needs_time", locale)
    if problem is TimeProblem.IN_FUTURE:
        return messages.text("sessions.in_future", locale)
    days = messages.plural("count.days", context.care.plan.max_session_age.days, locale)
    return messages.text("sessions.too_old", locale, days=Markup(days))
