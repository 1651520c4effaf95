"""Everything that is not a question: media, unknown commands, buttons from old messages."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import AftercareContext
from bot.telegram.replies import current_patient, locale_of, reply


async def explain_text_only(update: Update, context: AftercareContext) -> None:
    """Reply kindly to photos, stickers, voice notes and other non-text messages."""
    current_patient(update, context)
    await reply(
        update, context.messages.text("input.media_not_supported", locale_of(update, context))
    )


async def reject_unknown_command(update: Update, context: AftercareContext) -> None:
    """Say the command is unknown without echoing more than the command word."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    word = message.text.split(maxsplit=1)[0][:40] if message.text.strip() else "/"
    await reply(
        update,
        context.messages.text("input.unknown_command", locale_of(update, context), command=word),
    )


async def expire_stale_button(update: Update, context: AftercareContext) -> None:
    """Answer a button press nobody else understood, so the client stops spinning."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(context.messages.text("input.stale_button", locale_of(update, context)))
