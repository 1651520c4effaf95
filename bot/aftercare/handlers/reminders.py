"""Reminder settings: consent, time zone, quiet hours, /reminders, /pause, /stop, /timezone.

Every change takes effect at once: /stop and /pause are written to the patient row (and /stop
cancels pending rows), and the sender checks the patient again right before each message.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update

from bot.aftercare import keyboards
from bot.aftercare.consent import (
    ask_quiet_hours,
    ask_time_zone,
    offer_reminders,
    quiet_label,
    update_settings,
)
from bot.aftercare.plan import KINDS
from bot.aftercare.service import parse_zone, patient_zone, plan_for, stop_reminders
from bot.aftercare.views import local_time, schedule_lines
from bot.aftercare.zones import find_zone
from bot.content import Markup
from bot.ids import parse_number
from bot.patients.model import Patient
from bot.telegram.context import AftercareContext
from bot.telegram.replies import current_patient, locale_of, reply

log = logging.getLogger(__name__)

MAX_PAUSE_DAYS = 30


async def answer_consent(update: Update, context: AftercareContext) -> None:
    """Store yes/no to reminders; a yes goes on to the time zone question."""
    query, callback, patient = _press(update, context)
    if query is None or callback is None or patient is None or query.message is None:
        return
    agreed = callback.args[0] == "y"
    # The answer and the plan it leads to are stored before any request to Telegram.
    update_settings(context, patient.id, reminders_consent=int(agreed), reminders_stopped=0)
    await query.answer()
    message = query.message
    locale = locale_of(update, context)
    if isinstance(message, Message):
        await message.edit_reply_markup(None)
    if not agreed:
        await reply(update, context.messages.text("optin.declined", locale))
        return
    updated = context.repo.patients.get(patient.id) or patient
    if isinstance(message, Message):
        await ask_time_zone(message, context, updated)


async def keep_time_zone(update: Update, context: AftercareContext) -> None:
    """Keep the suggested zone, then ask about quiet hours."""
    query, callback, patient = _press(update, context)
    if query is None or callback is None or patient is None:
        return
    zone = patient_zone(context.repo, patient, context.services.settings.default_timezone)
    update_settings(context, patient.id, timezone=zone.key)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(None)
        await ask_quiet_hours(query.message, context, patient)


async def choose_quiet_hours(update: Update, context: AftercareContext) -> None:
    """Store the chosen quiet hours and re-plan."""
    query, callback, patient = _press(update, context)
    if query is None or callback is None or patient is None:
        return
    code = callback.args[0]
    start, end = ("00:00", "00:00") if code == "off" else (f"{code[:2]}:00", f"{code[2:]}:00")
    update_settings(context, patient.id, quiet_start=start, quiet_end=end)
    await query.answer()
    updated = context.repo.patients.get(patient.id) or patient
    zone = patient_zone(context.repo, updated, context.services.settings.default_timezone)
    locale = locale_of(update, context)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(None)
    await reply(
        update,
        context.messages.text(
            "optin.done", locale, zone=zone.key, quiet=quiet_label(context, updated)
        ),
    )


async def set_time_zone(update: Update, context: AftercareContext) -> None:
    """/timezone Europe/London or /timezone sydney: set the zone (an IANA name or its city)
    and move reminders to match."""
    patient = current_patient(update, context)
    if patient is None:
        return
    locale = locale_of(update, context)
    messages = context.messages
    fallback = context.services.settings.default_timezone
    name = " ".join(context.args or []).strip()
    if not name:
        zone = patient_zone(context.repo, patient, fallback)
        await reply(update, messages.text("optin.zone_current", locale, zone=zone.key))
        return
    match = find_zone(name)
    chosen = parse_zone(match.name) if match.name else None
    if chosen is None:
        key = "optin.zone_suggest" if match.suggestions else "optin.zone_unknown"
        suggestions = ", ".join(match.suggestions)
        await reply(update, messages.text(key, locale, zone=name[:64], suggestions=suggestions))
        return
    update_settings(context, patient.id, timezone=chosen.key)
    now = local_time(context.messages, locale, context.clock.now(), chosen)
    await reply(update, messages.text("optin.zone_set", locale, zone=chosen.key, now=now))


async def show_reminders(update: Update, context: AftercareContext) -> None:
    """/reminders: what is scheduled, and buttons to turn kinds on/off, pause, resume, stop."""
    patient = current_patient(update, context)
    if patient is None:
        return
    locale = locale_of(update, context)
    message = update.effective_message
    if patient.reminders_consent is None and isinstance(message, Message):
        await offer_reminders(message, context, patient)
        return
    text, markup = _overview(context, patient, locale)
    await reply(update, text, reply_markup=markup)


async def change_reminders(update: Update, context: AftercareContext) -> None:
    """Buttons under /reminders: toggle a kind, pause, resume or stop."""
    query, callback, patient = _press(update, context)
    if query is None or callback is None or patient is None:
        return
    locale = locale_of(update, context)
    messages = context.messages
    now = context.clock.now()
    repo = context.repo
    if callback.verb == "rk":
        kind = callback.args[0]
        enabled = kind not in repo.aftercare.disabled_kinds(patient.id)
        repo.aftercare.set_kind_enabled(patient.id, kind, not enabled)
        await query.answer()
    else:
        action = callback.args[0]
        if action == "st":
            stop_reminders(repo, patient, now)
            await query.answer(messages.raw("reminders.stopped", locale)[:190])
        elif action == "re":
            await _resume(context, patient)
            await query.answer()
        else:
            days = int(action[1:])
            repo.patients.set_fields(patient.id, paused_until=now + timedelta(days=days))
            await query.answer()
    updated = repo.patients.get(patient.id) or patient
    text, markup = _overview(context, updated, locale)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def pause_reminders(update: Update, context: AftercareContext) -> None:
    """/pause [days]: hold reminders for a while (checked again at send time)."""
    patient = current_patient(update, context)
    if patient is None:
        return
    locale = locale_of(update, context)
    messages = context.messages
    args = context.args or []
    if not args:
        await reply(
            update,
            messages.text("reminders.pause_choose", locale),
            reply_markup=keyboards.pause_durations(messages, locale),
        )
        return
    days = parse_number(args[0], minimum=1, maximum=MAX_PAUSE_DAYS)
    if days is None or len(args) > 1:
        await reply(update, messages.text("reminders.pause_bad", locale))
        return
    until = context.clock.now() + timedelta(days=days)
    context.repo.patients.set_fields(patient.id, paused_until=until)
    zone = patient_zone(context.repo, patient, context.services.settings.default_timezone)
    until_text = local_time(messages, locale, until, zone)
    await reply(update, messages.text("reminders.paused", locale, until=until_text))


async def stop_all_reminders(update: Update, context: AftercareContext) -> None:
    """/stop: no more reminders at all, at once."""
    patient = current_patient(update, context)
    if patient is None:
        return
    cancelled = stop_reminders(context.repo, patient, context.clock.now())
    log.info("patient %s stopped reminders (%d cancelled)", patient.id, cancelled)
    await reply(update, context.messages.text("reminders.stopped", locale_of(update, context)))


async def resume_reminders(update: Update, context: AftercareContext) -> None:
    """/resume: undo /pause or /stop."""
    patient = current_patient(update, context)
    if patient is None:
        return
    locale = locale_of(update, context)
    if not patient.reminders_consent:
        message = update.effective_message
        if isinstance(message, Message):
            await offer_reminders(message, context, patient)
        return
    await _resume(context, patient)
    await reply(update, context.messages.text("reminders.resumed", locale))


async def _resume(context: AftercareContext, patient: Patient) -> None:
    update_settings(context, patient.id, paused_until=None, reminders_stopped=0)


def _press(
    update: Update, context: AftercareContext
) -> tuple[CallbackQuery | None, keyboards.Callback | None, Patient | None]:
    query = update.callback_query
    callback = keyboards.decode(query.data if query else None)
    return query, callback, current_patient(update, context)


def _overview(
    context: AftercareContext, patient: Patient, locale: str
) -> tuple[str, InlineKeyboardMarkup]:
    messages = context.messages
    repo = context.repo
    now = context.clock.now()
    zone = patient_zone(repo, patient, context.services.settings.default_timezone)
    paused = patient.paused_until is not None and patient.paused_until > now
    if not patient.reminders_consent:
        state = messages.text("reminders.state_off", locale)
    elif patient.reminders_stopped:
        state = messages.text("reminders.state_stopped", locale)
    elif patient.blocked:
        state = messages.text("reminders.state_blocked", locale)
    elif paused and patient.paused_until is not None:
        state = messages.text(
            "reminders.state_paused",
            locale,
            until=local_time(messages, locale, patient.paused_until, zone),
        )
    else:
        state = messages.text("reminders.state_on", locale)
    disabled = repo.aftercare.disabled_kinds(patient.id)
    kinds = context.plan.kinds or KINDS
    pending = [r for r in repo.aftercare.pending_for(patient.id) if r.kind not in disabled]
    text = messages.text(
        "reminders.overview",
        locale,
        state=Markup(state),
        zone=zone.key,
        quiet=quiet_label(context, patient),
        schedule=Markup(
            schedule_lines(
                messages,
                locale,
                pending,
                zone,
                plan=plan_for(repo, context.plan, patient),
                paused_until=patient.paused_until if paused else None,
            )
        ),
    )
    markup = keyboards.reminder_settings(
        messages,
        locale,
        {kind: kind not in disabled for kind in kinds},
        stopped=patient.reminders_stopped or not patient.reminders_consent,
        paused=paused,
    )
    return text, markup
