"""Reminder settings: consent, time zone, quiet hours, /reminders, /pause, /stop, /timezone.

Every change takes effect at once: /stop and /pause are written to the patient row (and /stop
cancels pending rows), and the sender checks the patient again right before each message. Each
change goes through a function of ``bot.aftercare.service`` that owns its transaction; after it,
the handler hands the changed patient to ``context.refresh_patient`` before saying what changed.
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
)
from bot.aftercare.plan import KINDS
from bot.aftercare.quiet_hours import NO_QUIET_HOURS, QuietHours
from bot.aftercare.service import ReminderSettings, parse_zone, stop_reminders
from bot.aftercare.views import local_time, schedule_lines
from bot.aftercare.zones import find_zone
from bot.content import Markup
from bot.ids import parse_number
from bot.patients.model import Patient
from bot.telegram.callbacks import (
    ChangeReminders,
    KeepTimeZone,
    QuietHoursPreset,
    ReminderChange,
    ReminderConsent,
    ToggleKind,
)
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import patient_press
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

MAX_PAUSE_DAYS = 30


async def answer_consent(update: Update, context: AftercareContext) -> None:
    """Store yes/no to reminders; a yes goes on to the time zone question."""
    found = await patient_press(update, context, ReminderConsent)
    if found is None:
        return
    query, button, patient = found
    if query.message is None:
        return
    agreed = button.agreed
    # The answer and the plan it leads to are stored before any request to Telegram.
    context.refresh_patient(_settings(context).consent(patient.id, agreed, context.now))
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        await message.edit_reply_markup(None)
    if not agreed:
        await reply(update, context.messages.text("optin.declined", context.locale))
        return
    if isinstance(message, Message):
        await ask_time_zone(message, context)


async def keep_time_zone(update: Update, context: AftercareContext) -> None:
    """Keep the suggested zone, then ask about quiet hours."""
    found = await patient_press(update, context, KeepTimeZone)
    if found is None:
        return
    query, _keep, patient = found
    zone = context.care.zone
    context.refresh_patient(_settings(context).time_zone(patient.id, zone, context.now))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(None)
        await ask_quiet_hours(query.message, context)


async def choose_quiet_hours(update: Update, context: AftercareContext) -> None:
    """Store the chosen quiet hours and re-plan."""
    found = await patient_press(update, context, QuietHoursPreset)
    if found is None:
        return
    query, button, patient = found
    code = button.preset  # "2108" (21:00–08:00) or "off"
    quiet = (
        NO_QUIET_HOURS if code == "off" else QuietHours.parse(f"{code[:2]}:00", f"{code[2:]}:00")
    )
    context.refresh_patient(_settings(context).quiet_hours(patient.id, quiet, context.now))
    await query.answer()
    locale = context.locale
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(None)
    await reply(
        update,
        context.messages.text(
            "optin.done", locale, zone=context.care.zone.key, quiet=quiet_label(context)
        ),
    )


async def set_time_zone(update: Update, context: AftercareContext) -> None:
    """/timezone Europe/London or /timezone sydney: set the zone (an IANA name or its city)
    and move reminders to match."""
    patient = context.patient
    if patient is None:
        return
    locale = context.locale
    messages = context.messages
    name = " ".join(context.args or []).strip()
    if not name:
        zone = context.care.zone
        await reply(update, messages.text("optin.zone_current", locale, zone=zone.key))
        return
    match = find_zone(name)
    chosen = parse_zone(match.name) if match.name else None
    if chosen is None:
        key = "optin.zone_suggest" if match.suggestions else "optin.zone_unknown"
        suggestions = ", ".join(match.suggestions)
        await reply(update, messages.text(key, locale, zone=name[:64], suggestions=suggestions))
        return
    context.refresh_patient(_settings(context).time_zone(patient.id, chosen, context.now))
    now = local_time(context.messages, locale, context.now, chosen)
    await reply(update, messages.text("optin.zone_set", locale, zone=chosen.key, now=now))


async def show_reminders(update: Update, context: AftercareContext) -> None:
    """/reminders: what is scheduled, and buttons to turn kinds on/off, pause, resume, stop."""
    patient = context.patient
    if patient is None:
        return
    message = update.effective_message
    if patient.reminders_consent is None and isinstance(message, Message):
        await offer_reminders(message, context)
        return
    text, markup = _overview(context, patient)
    await reply(update, text, reply_markup=markup)


async def toggle_reminder_kind(update: Update, context: AftercareContext) -> None:
    """A kind's button under /reminders: turn that kind of reminder on or off."""
    found = await patient_press(update, context, ToggleKind)
    if found is None:
        return
    query, button, patient = found
    # The kinds switched off live beside the patient, not in them.
    enabled = button.kind not in context.repo.aftercare.disabled_kinds(patient.id)
    context.repo.aftercare.set_kind_enabled(patient.id, button.kind, not enabled)
    await query.answer()
    await _show_overview(context, query)


async def change_reminders(update: Update, context: AftercareContext) -> None:
    """Pause, resume or stop (under /reminders, and /pause's durations)."""
    found = await patient_press(update, context, ChangeReminders)
    if found is None:
        return
    query, button, patient = found
    days = button.change.pause_days
    if button.change is ReminderChange.STOP:
        stop_reminders(context.repo, patient, context.now)
        context.refresh_patient()
        await query.answer(context.messages.raw("reminders.stopped", context.locale)[:190])
    elif button.change is ReminderChange.RESUME:
        _resume(context, patient)
        await query.answer()
    elif days is not None:
        until = context.now + timedelta(days=days)
        context.refresh_patient(_settings(context).pause(patient.id, until))
        await query.answer()
    await _show_overview(context, query)


async def _show_overview(context: AftercareContext, query: CallbackQuery) -> None:
    """The /reminders message again, as the change left it."""
    updated = context.patient
    if updated is None:
        return
    text, markup = _overview(context, updated)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def pause_reminders(update: Update, context: AftercareContext) -> None:
    """/pause [days]: hold reminders for a while (checked again at send time)."""
    patient = context.patient
    if patient is None:
        return
    locale = context.locale
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
    until = context.now + timedelta(days=days)
    context.refresh_patient(_settings(context).pause(patient.id, until))
    until_text = local_time(messages, locale, until, context.care.zone)
    await reply(update, messages.text("reminders.paused", locale, until=until_text))


async def stop_all_reminders(update: Update, context: AftercareContext) -> None:
    """/stop: no more reminders at all, at once."""
    patient = context.patient
    if patient is None:
        return
    cancelled = stop_reminders(context.repo, patient, context.now)
    context.refresh_patient()
    log.info("patient %s stopped reminders (%d cancelled)", patient.id, cancelled)
    await reply(update, context.messages.text("reminders.stopped", context.locale))


async def resume_reminders(update: Update, context: AftercareContext) -> None:
    """/resume: undo /pause or /stop."""
    patient = context.patient
    if patient is None:
        return
    if not patient.reminders_consent:
        message = update.effective_message
        if isinstance(message, Message):
            await offer_reminders(message, context)
        return
    _resume(context, patient)
    await reply(update, context.messages.text("reminders.resumed", context.locale))


def _resume(context: AftercareContext, patient: Patient) -> None:
    context.refresh_patient(_settings(context).resume(patient.id, context.now))


def _settings(context: AftercareContext) -> ReminderSettings:
    return ReminderSettings(context.repo, context.plan, context.services.settings.default_timezone)


def _overview(context: AftercareContext, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    messages = context.messages
    repo = context.repo
    locale = context.locale
    now = context.now
    care = context.care
    zone = care.zone
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
        quiet=quiet_label(context),
        schedule=Markup(
            schedule_lines(
                messages,
                locale,
                pending,
                zone,
                plan=care.plan,
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
