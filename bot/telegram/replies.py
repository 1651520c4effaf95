"""Small helpers every handler needs: who is talking, and replying safely.

Handlers never import each other; what two flows share lives here.
"""

from __future__ import annotations

from telegram import Message, Update

from bot.clinics.alerting import raise_alert
from bot.patients.model import Patient
from bot.telegram.context import AftercareContext

MAX_MESSAGE_LENGTH = 4096


def current_patient(update: Update, context: AftercareContext) -> Patient | None:
    """The patient behind a private-chat update (registering them on first contact).

    A private chat's id is its user's id; an update whose chat is someone else's (a forged
    button press carrying another chat's message) names no patient, so it can never move a
    patient's chat elsewhere.
    """
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot or chat.type != chat.PRIVATE:
        return None
    if chat.id != user.id:
        return None
    repo = context.repo
    existing = repo.patients.by_telegram_user(user.id)
    now = context.clock.now()
    if (
        existing is not None
        and existing.chat_id == chat.id
        and existing.display_name == (user.full_name or None)
    ):
        return existing
    return repo.patients.register(
        telegram_user_id=user.id,
        chat_id=chat.id,
        display_name=user.full_name or None,
        locale=context.messages.resolve_locale(user.language_code),
        now=now,
    )


def locale_of(update: Update, context: AftercareContext) -> str:
    user = update.effective_user
    return context.messages.resolve_locale(user.language_code if user else None)


def clip(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """Keep a reply within Telegram's length limit without cutting an HTML tag in half."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut + "…"


async def reply(update: Update, text: str, **kwargs: object) -> Message | None:
    """Reply in the chat the update came from (HTML is the application's default)."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(clip(text), **kwargs)  # type: ignore[arg-type]


async def alert_clinic(
    context: AftercareContext,
    patient: Patient,
    *,
    kind: str,
    reason: str,
    detail: str | None,
    session_id: int | None = None,
) -> int:
    """Record an alert for the patient's clinic and tell its staff; returns how many were told."""
    services = context.services
    _, told = await raise_alert(
        bot=context.bot,
        repo=services.repo,
        messages=services.messages,
        deliver=services.alert_delivery,
        patient=patient,
        kind=kind,
        reason=reason,
        detail=detail,
        now=context.clock.now(),
        session_id=session_id,
    )
    return told
