"""The one global error handler: log ids (never message text), apologise, keep running."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.context import AftercareContext

log = logging.getLogger(__name__)

# Refusals every bot meets in normal use: an edit that changes nothing (a double tap) and a
# button press answered too late (after downtime). Telegram's wording, lower-cased.
_ROUTINE_REFUSALS = ("message is not modified", "query is too old")


async def handle_error(update: object, context: AftercareContext) -> None:
    """Log the failure with update and chat ids, and tell the patient something went wrong."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    chat_id = chat.id if chat else None
    if isinstance(error, Forbidden):
        log.info("update %s: chat %s has blocked the bot", update_id, chat_id)
        return
    if isinstance(error, BadRequest) and error.message.lower().startswith(_ROUTINE_REFUSALS):
        log.info("update %s chat %s: stale edit or button press refused", update_id, chat_id)
        return
    # PTB's BadRequest is a NetworkError, but any other one means Telegram refused what we sent
    # (markup, length, a missing chat): our bug, so it is an error and the patient hears of it.
    if isinstance(error, (RetryAfter, TimedOut, NetworkError)) and not isinstance(
        error, BadRequest
    ):
        log.warning(
            "update %s chat %s: Telegram unavailable (%s)",
            update_id,
            chat_id,
            type(error).__name__,
        )
        return
    # Only the frames and the exception type: an exception's message could quote patient text.
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("update %s chat %s failed: %s\n%s", update_id, chat_id, type(error).__name__, frames)
    if isinstance(update, Update):
        await apologise(update, context, "errors.generic")


async def apologise(update: Update, context: AftercareContext, key: str) -> None:
    """Tell the person their update was not handled (catalog text ``key``), and stop the
    spinner of a pressed button; a failure here is only logged."""
    await _stop_the_spinner(update)
    chat = update.effective_chat
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, context.messages.text(key))
    except Exception:
        log.warning("update %s: could not send the apology to chat %s", update.update_id, chat.id)


async def _stop_the_spinner(update: Update) -> None:
    """A press whose handler failed is still answered, so the button does not spin on."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer()
    except Exception:
        log.info("update %s: the failed button press could not be answered", update.update_id)
