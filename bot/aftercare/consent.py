"""Asking for consent to reminders, then the time zone, then quiet hours.

``offer_reminders`` is called by any flow that wants to offer reminders (onboarding, the first
logged session); the buttons it sends are handled by ``bot.aftercare.handlers.reminders``, which
calls the
step functions below. No reminder is planned until the patient taps "yes".
"""

from __future__ import annotations

from telegram import Message

from bot.aftercare import keyboards
from bot.aftercare.service import (
    default_zone_name,
    patient_zone,
    update_and_replan,
)
from bot.aftercare.views import local_time
from bot.patients.model import Patient
from bot.telegram.context import AftercareContext


async def offer_reminders(message: Message, context: AftercareContext, patient: Patient) -> None:
    """Ask yes/no, saying exactly what the patient would receive."""
    locale = patient.locale
    await message.reply_text(
        context.messages.text("optin.offer", locale),
        reply_markup=keyboards.consent(context.messages, locale),
    )


async def ask_time_zone(message: Message, context: AftercareContext, patient: Patient) -> None:
    """Suggest the clinic's (or the bot's default) zone; /timezone changes it."""
    locale = patient.locale
    fallback = context.services.settings.default_timezone
    zone_name = patient.timezone or default_zone_name(context.repo, patient, fallback)
    zone = patient_zone(context.repo, patient, fallback)
    await message.reply_text(
        context.messages.text(
            "optin.ask_zone",
            locale,
            zone=zone_name,
            now=local_time(context.messages, locale, context.clock.now(), zone),
        ),
        reply_markup=keyboards.keep_zone(context.messages, locale, zone_name),
    )


async def ask_quiet_hours(message: Message, context: AftercareContext, patient: Patient) -> None:
    await message.reply_text(
        context.messages.text("optin.ask_quiet", patient.locale),
        reply_markup=keyboards.quiet_hours(context.messages, patient.locale),
    )


def quiet_label(context: AftercareContext, patient: Patient) -> str:
    if patient.quiet_start == patient.quiet_end:
        return context.messages.raw("optin.no_quiet", patient.locale)
    return f"{patient.quiet_start}–{patient.quiet_end}"


def update_settings(context: AftercareContext, patient_id: int, **fields: object) -> int:
    """Store reminder settings and re-plan in one transaction (see ``update_and_replan``)."""
    return update_and_replan(
        context.repo,
        context.plan,
        patient_id,
        context.clock.now(),
        context.services.settings.default_timezone,
        **fields,
    )
