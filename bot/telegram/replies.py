"""Small helpers every handler needs: replying safely, urgently and durably (who is talking,
and in which language, is ``context.patient`` and ``context.locale``).

Handlers never import each other; what two flows share lives here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram import Message, Update
from telegram.error import TelegramError

from bot.clinics.alerting import follow_up, record_alert
from bot.outbox.courier import Locked, ReplyMode, Spilled
from bot.outbox.effects import Effect, Purpose
from bot.patients.model import Patient
from bot.telegram.context import AftercareContext

log = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4096
#: How long a reply that could not go at once is still worth sending.
NOTE_DEADLINE = timedelta(days=1)


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


def unreached_after(context: AftercareContext) -> timedelta:
    """How long an alert may go without reaching staff before the patient is told to call."""
    return timedelta(minutes=context.services.settings.alert_unreached_minutes)


def patient_note(patient: Patient, text: str, now: datetime) -> Effect:
    """A reply to the patient that the outbox retries for a day if it cannot go at once."""
    return Effect(
        Purpose.REPLY, patient.chat_id, clip(text), due_at=now, deadline_at=now + NOTE_DEADLINE,
        patient_id=patient.id,
    )  # fmt: skip


async def send_recorded(
    update: Update,
    context: AftercareContext,
    *,
    text: str,
    write: Callable[[ReplyMode], int | None],
    what: str,
    unreached_key: str = "urgent.clinic_not_reached",
) -> None:
    """Urgent text that must never wait on, or be lost with, what it causes (an alert).

    ``write(mode)`` records the facts and the reply row (claimed when ``mode`` is NOW) and
    returns the row's id; it runs in one transaction, then the reply is sent at once and the
    outbox retries it if that fails. If the database refuses the write, the text goes out
    directly anyway, followed by ``unreached_key`` (contact the clinic yourself; for self-harm,
    crisis support), and the write is retried on every sweep (without the reply if that was
    delivered).

    Another process holding the write lock does not hold the text back either: it goes out
    directly at once, and the write (without the reply, if that was delivered) waits for the
    lock, without blocking the event loop, for up to the lock's patience; only if the lock
    outlasts that is it spilled as above and the patient told to contact the clinic.
    """
    outbox = context.outbox
    mode = ReplyMode.NOW

    def work() -> int | None:
        return write(mode)

    row = outbox.write(work, what=what)
    mode = ReplyMode.LATER
    if isinstance(row, Locked):
        if await _reply_directly(update, text, what):
            mode = ReplyMode.DELIVERED
        give_up_at = context.repo.lock_wait.deadline()
        row = await outbox.write_when_free(work, what=what, give_up_at=give_up_at)
        if not isinstance(row, Spilled):
            outbox.wake()  # the alert's copies for staff (and the reply, if it failed)
            return
    if isinstance(row, Spilled):
        if mode is ReplyMode.LATER and await _reply_directly(update, text, what):
            mode = ReplyMode.DELIVERED
        try:
            await reply(update, context.messages.text(unreached_key, context.locale))
        except TelegramError:
            log.warning("%s: could not ask the patient to contact the clinic", what)
        return
    outbox.wake()
    if row is None:  # nobody to record it for (not a patient's private chat): just answer
        await reply(update, text)
    else:
        await outbox.send_now(context.bot, row)


async def _reply_directly(update: Update, text: str, what: str) -> bool:
    """The urgent text, sent without a row behind it; True if Telegram took it."""
    try:
        await reply(update, text)
    except TelegramError as exc:
        log.warning("%s: urgent reply not delivered (%s)", what, type(exc).__name__)
        return False
    return True


async def reply_urgently(
    update: Update,
    context: AftercareContext,
    text: str,
    *,
    reason: str,
    detail: str,
) -> None:
    """The urgent reply to a red flag, and the alert to the patient's clinic, never lost."""
    services = context.services
    now = context.now  # when the patient wrote, even if the write has to wait

    def write(mode: ReplyMode) -> int | None:
        # Met inside the transaction (not taken from the update's view): if SQLite refuses
        # it, the retried write registers a first-time patient again with the alert.
        context.refresh_patient()
        patient = context.patient
        if patient is None:
            return None
        row = context.outbox.add_reply(patient_note(patient, text, now), mode)
        record_alert(
            services.repo, context.outbox, services.messages, patient=patient, kind="red_flag",
            reason=reason, detail=detail, now=now, unreached_after=unreached_after(context),
            after=row,
        )  # fmt: skip
        return row

    await send_recorded(
        update,
        context,
        text=text,
        write=write,
        what=f"red flag in update {update.update_id}",
        unreached_key=follow_up("red_flag", reason).unreached or "urgent.clinic_not_reached",
    )
