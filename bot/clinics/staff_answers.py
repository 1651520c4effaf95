"""A staff member's reply to a patient's question: recorded, sent, and shown on every copy.

Staff answer by replying to the "type your answer" prompt (Telegram's ForceReply) or to their
copy of the question. The free-text handler of ``bot.knowledge`` asks this module first, since
a reply is a text message like any other; everything is checked against the database now: the
message replied to must be one of this staff member's own question messages, the question must
be their clinic's, and they must still be staff. The first answer wins.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.clinics.question_outbox import deliver_answer, refresh_staff_copies
from bot.clinics.questions import MAX_QUESTION_LENGTH
from bot.telegram.context import AftercareContext
from bot.telegram.replies import reply

log = logging.getLogger(__name__)


async def take_staff_answer(update: Update, context: AftercareContext) -> bool:
    """True when this message was a reply to a question message (answered or refused)."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.text is None:
        return False
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or not replied.from_user.is_bot:
        return False
    repo, messages, locale = context.repo, context.messages, context.locale
    question_id = repo.questions.question_of_message(message.chat_id, replied.message_id)
    if question_id is None:
        return False
    question = repo.questions.get(question_id)
    member = repo.clinics.staff_of_user(user.id)
    if question is None or member is None or member.clinic_id != question.clinic_id:
        log.warning(
            "answer to question %s refused: user %s is not its staff", question_id, user.id
        )
        await reply(update, messages.text("staff.questions.not_yours", locale))
        return True
    now = context.now
    text = message.text.strip()[:MAX_QUESTION_LENGTH]
    if not repo.questions.record_answer(
        question.id,
        member.clinic_id,
        by=member.telegram_user_id,
        name=member.display_name,
        text=text,
        now=now,
    ):
        current = repo.questions.get(question.id)
        who = (current.answerer_name if current else None) or messages.raw(
            "staff.alert.former_staff"
        )
        await reply(
            update,
            messages.text(
                "staff.questions.already_answered", locale, question=question.id, who=who
            ),
        )
        return True
    log.info("question %s answered by staff %s", question.id, member.id)
    # The patient first: the answer row and its delivery are stored, so a failure here (or
    # below) leaves the sweep to retry it.
    await deliver_answer(context.bot, repo, context.messages, question.id, now)
    await refresh_staff_copies(context.bot, repo, context.messages, question.id)
    await reply(update, messages.text("staff.questions.answer_sent", locale, question=question.id))
    return True
