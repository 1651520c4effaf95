"""Everything that is not a question: media, unknown commands, buttons from old or other chats."""

from __future__ import annotations

import logging
from typing import TypeVar

from telegram import CallbackQuery, Update
from telegram.ext import BaseHandler

from bot.patients.model import Patient
from bot.telegram.callbacks import Button, decode_as
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

B = TypeVar("B", bound=Button)


async def explain_text_only(update: Update, context: AftercareContext) -> None:
    """Reply kindly to photos, stickers, voice notes and other non-text messages."""
    context.meet_patient()
    await reply(update, context.messages.text("input.media_not_supported", context.locale))


async def reject_unknown_command(update: Update, context: AftercareContext) -> None:
    """Say the command is unknown without echoing more than the command word."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    word = message.text.split(maxsplit=1)[0][:40] if message.text.strip() else "/"
    await reply(
        update,
        context.messages.text("input.unknown_command", context.locale, command=word),
    )


async def expire_stale_button(update: Update, context: AftercareContext) -> None:
    """Answer a button press nobody else understood, so the client stops spinning."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(context.messages.text("input.stale_button", context.locale))


async def pressed(
    update: Update, context: AftercareContext, kind: type[B]
) -> tuple[CallbackQuery, B] | None:
    """The press and its button, read as ``kind`` by the one codec (``bot.telegram.callbacks``).

    A handler's pattern lets only data of its kind through, so this reads again what the
    pattern accepted; anything else is answered as an expired button (the client stops
    spinning), and None tells the handler to do nothing.
    """
    query = update.callback_query
    if query is None:
        return None
    button = decode_as(kind, query.data)
    if button is None:
        log.info("update %s: button data that is not a %s", update.update_id, kind.__name__)
        await expire_stale_button(update, context)
        return None
    return query, button


async def patient_press(
    update: Update, context: AftercareContext, kind: type[B]
) -> tuple[CallbackQuery, B, Patient] | None:
    """``pressed`` for a patient's flow: the press, its button and the presser as a patient."""
    found = await pressed(update, context, kind)
    if found is None:
        return None
    query, button = found
    patient = context.patient
    if patient is None:  # not a patient's private chat: nothing to do, but no spinner either
        await expire_stale_button(update, context)
        return None
    return query, button, patient


def is_foreign_press(update: object) -> bool:
    """A button press that is not on a message in the presser's own private chat.

    The bot speaks only in private chats, where the chat id is the user's id. A press whose
    message sits in another chat (forged: Telegram never sends one), that has no message (an
    inline message) or that carries no data would otherwise let a flow take the chat from the
    message — and rebind the presser to someone else's chat. Identity comes from ``from_user``.
    """
    if not isinstance(update, Update) or update.callback_query is None:
        return False
    query = update.callback_query
    message = query.message
    return message is None or message.chat.id != query.from_user.id or not query.data


async def refuse_foreign_press(update: Update, context: AftercareContext) -> None:
    """Answer a foreign press as stale (the spinner stops) and change nothing."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    log.warning(
        "update %s: button press by user %s on chat %s refused",
        update.update_id,
        query.from_user.id,
        message.chat.id if message is not None else None,
    )
    await query.answer(context.messages.raw("input.stale_button", context.locale))


class ForeignPressHandler(BaseHandler[Update, AftercareContext, None]):
    """First in the handler table: takes every foreign press, so no flow ever sees one."""

    def __init__(self) -> None:
        super().__init__(refuse_foreign_press)

    def check_update(self, update: object) -> bool:
        return is_foreign_press(update)
