"""Asking for consent to reminders, then the time zone, then quiet hours.

``offer_reminders`` is called by any flow that wants to offer reminders (onboarding, the first
logged session); the buttons it sends are handled by ``bot.aftercare.handlers.reminders``, which
calls the step functions below. No reminder is planned until the patient taps "yes". Each step
speaks about the patient of the update (``context.care``): a flow that has just changed them
calls ``context.refresh_patient()`` first.
"""

from __future__ import annotations

from telegram import Message

from bot.aftercare import keyboards
from bot.aftercare.views import local_time
from bot.telegram.context import AftercareContext


async def offer_reminders(message: Message, context: AftercareContext) -> None:
    """Ask yes/no, saying exactly what the patient would receive."""
    locale = context.locale
    await message.reply_text(
        context.messages.text("optin.offer", locale),
        reply_markup=keyboards.consent(context.messages, locale),
    )


async def ask_time_zone(message: Message, context: AftercareContext) -> None:
    """Suggest the patient's zone as it stands (the clinic's or the bot's default until they
    choose one); /timezone changes it."""
    locale = context.locale
    zone = context.care.zone
    await message.reply_text(
        context.messages.text(
            "optin.ask_zone",
            locale,
            zone=zone.key,
            now=local_time(context.messages, locale, context.now, zone),
        ),
        reply_markup=keyboards.keep_zone(context.messages, locale, zone.key),
    )


async def ask_quiet_hours(message: Message, context: AftercareContext) -> None:
    await message.reply_text(
        context.messages.text("optin.ask_quiet", context.locale),
        reply_markup=keyboards.quiet_hours(context.messages, context.locale),
    )


def quiet_label(context: AftercareContext) -> str:
    """``21:00–08:00``, or "no quiet hours": the hours the sender actually keeps."""
    quiet = context.care.quiet
    if not quiet.enabled:
        return context.messages.raw("optin.no_quiet", context.locale)
    return f"{quiet.start:%H:%M}–{quiet.end:%H:%M}"
