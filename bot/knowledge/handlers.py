"""Free-text messages: safety triage first, then an answer from the articles.

The reply itself comes from ``bot.knowledge.answer`` so that the CLI (``python -m bot ask``) and
the bot can never disagree. An urgent reply is written to the outbox together with the alert for
the clinic (``bot.telegram.replies.reply_urgently``), then sent at once; if that send fails the
outbox retries it, and the patient later hears whether the clinic was reached.
"""

from __future__ import annotations

import logging
import time

from telegram import Update

from bot import metrics
from bot.clinics.questions import clinic_answer_lookup, offer_to_ask
from bot.clinics.staff_answers import take_staff_answer
from bot.knowledge.answer import Reply, answer_question
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply, reply_urgently

log = logging.getLogger(__name__)


async def reply_to_question(update: Update, context: AftercareContext) -> None:
    """Answer a patient's free-text message (or give urgent instructions for a red flag)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    if await take_staff_answer(update, context):
        return  # a staff member's reply to a patient's question
    started = time.perf_counter()
    patient = context.known_patient  # a question alone registers nobody
    locale = context.locale
    services = context.services
    answer = answer_question(
        message.text,
        services.matcher,
        context.messages,
        locale=locale,
        clinic_answer=clinic_answer_lookup(
            context.repo, context.messages, services.matcher, patient, locale
        ),
    )
    if answer.kind == "urgent":
        await _answer_urgently(update, context, answer, message.text)
    else:
        markup = None
        if answer.kind == "unknown" or answer.declined_part:
            # A question the articles do not cover can go to the patient's clinic in one tap.
            markup = offer_to_ask(
                context.repo, context.messages, patient, message.text, context.now, locale
            )
        await reply(update, answer.text, reply_markup=markup)
    metrics.ANSWER_SECONDS.observe(time.perf_counter() - started)
    metrics.count_reply(answer.kind)
    log.info(
        "answered update %s in chat %s: kind=%s sources=%d",
        update.update_id,
        message.chat_id,
        answer.kind,
        len(answer.sources),
    )


async def triage_edited_message(update: Update, context: AftercareContext) -> None:
    """Re-check an edited message for red flags; ordinary edits are ignored on purpose.

    A patient may edit "I'm fine" into "I can't breathe": that must not go unnoticed, but
    answering every edited typo again would be noise.
    """
    message = update.edited_message
    if message is None or message.text is None:
        return
    answer = answer_question(
        message.text, context.services.matcher, context.messages, locale=context.locale
    )
    if answer.kind != "urgent":
        return
    await _answer_urgently(update, context, answer, message.text)


async def triage_caption(update: Update, context: AftercareContext) -> None:
    """Check a photo's or file's caption for red flags; otherwise say only text is read.

    "I can't breathe" under a photo is as urgent as the same words typed; answering it with
    "I can only read text messages" would be false and unsafe.
    """
    message = update.effective_message
    if message is None:
        return
    caption = message.caption or ""
    answer = answer_question(
        caption, context.services.matcher, context.messages, locale=context.locale
    )
    if answer.kind == "urgent":
        log.info("urgent caption in update %s, chat %s", update.update_id, message.chat_id)
        await _answer_urgently(update, context, answer, caption)
        return
    context.meet_patient()
    await reply(update, context.messages.text("input.media_not_supported", context.locale))


async def _answer_urgently(
    update: Update, context: AftercareContext, answer: Reply, text: str
) -> None:
    await reply_urgently(
        update,
        context,
        answer.text,
        reason=answer.red_flag.value if answer.red_flag else "unspecified",
        detail=text,
    )
