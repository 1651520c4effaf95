"""A soreness score typed instead of tapped ("8", "about a 6", "seven out of ten").

With a check-in waiting, the typed score answers it through the very function a button press
calls (:func:`bot.aftercare.handlers.checkins.answer_checkin`): same assessment, same alert,
same breathing question. With none waiting, a number gets a short hint instead of "please type
your question in words".

Safety first: the filter lets a message through only when it reads as a score *and* triage sees
no red flag in it, so anything urgent still reaches the question handler, whose triage runs
before everything else.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Message, Update
from telegram.ext import filters

from bot.aftercare.handlers.checkins import answer_checkin
from bot.aftercare.typed_scores import read_score
from bot.knowledge.safety import triage
from bot.knowledge.triage_loader import default_model
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply

log = logging.getLogger(__name__)

# A check-in stays open for a typed answer this long after it was sent (the next one comes 24 h
# later; a score typed days after would be about a different day).
OPEN_FOR = timedelta(hours=24)


class _TypedScore(filters.MessageFilter):
    """Text that is a score and nothing urgent."""

    def filter(self, message: Message) -> bool:
        text = message.text or ""
        return read_score(text) is not None and triage(text, default_model()) is None


TYPED_SCORE = _TypedScore(name="typed_score")


async def answer_typed_score(update: Update, context: AftercareContext) -> None:
    """Answer the open check-in with the typed score, or say how scores are given."""
    message = update.effective_message
    patient = context.patient
    if message is None or patient is None:
        return
    typed = read_score(message.text or "")
    if typed is None:
        return
    locale = context.locale
    since = context.now - OPEN_FOR
    reminder = context.repo.aftercare.open_checkin(patient.id, since)
    if reminder is None:
        log.info("a typed number with no check-in open, update %s", update.update_id)
        await reply(update, context.messages.text("checkins.typed_no_checkin", locale))
        return
    if typed.value is None:
        await reply(update, context.messages.text("checkins.typed_out_of_range", locale))
        return
    log.info("typed answer to check-in %s, update %s", reminder.id, update.update_id)
    await answer_checkin(update, context, patient, reminder, typed.value)
