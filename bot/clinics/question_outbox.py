"""Delivering questions to staff and answers to patients, and retrying what did not arrive.

Kept apart on purpose: it is a small outbox of its own (rows in ``question_deliveries``,
written with their cause by ``bot.clinics.questions_store``) until the bot has a generic one,
and then these functions move onto it unchanged. A delivery is tried at once by the handler
that caused it, and again from the reminder sweep (``retry_due``) with the sweep's share of the
send budget, backing off until it is done:

* a question is done once every staff member of the clinic has a copy (a staff member who
  blocked the bot is skipped, not retried for ever); until then it stays in ``/questions``;
* an answer is done once the patient has it; if the patient blocked the bot, staff copies say
  the answer was not delivered.

The overdue nudge (a question waiting longer than the clinic's reply window) rides along, once
per question. Logs carry ids only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.clinics.questions import (
    answered_text,
    patient_answer_text,
    staff_copy_text,
    staff_keyboard,
)
from bot.clinics.questions_store import COPY, TO_PATIENT, TO_STAFF, Delivery
from bot.content import Messages
from bot.storage.repository import Repository
from bot.telegram.send_budget import SendBudget

log = logging.getLogger(__name__)

#: How long a declined question waits for its "Ask my clinic" press before it is forgotten.
DRAFT_LIFETIME = timedelta(days=1)
#: Waits between attempts (the last one repeats).
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


async def _send(
    bot: Bot,
    budget: SendBudget | None,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message:
    if budget is None:
        return await bot.send_message(chat_id, text, reply_markup=markup)
    async with budget.turn(chat_id):
        return await bot.send_message(chat_id, text, reply_markup=markup)


async def deliver_question(
    bot: Bot,
    repo: Repository,
    messages: Messages,
    question_id: int,
    now: datetime,
    *,
    budget: SendBudget | None = None,
) -> int:
    """Send the question to every staff member who has no copy yet; returns how many now have
    one. The delivery is done when nobody who can be reached is left."""
    delivery = repo.questions.pending_delivery(question_id, TO_STAFF)
    question = repo.questions.get(question_id)
    if delivery is None or question is None:
        return 0
    staff = repo.clinics.staff(question.clinic_id)
    have = {chat for chat, _ in repo.questions.messages_of(question.id, COPY)}
    text = staff_copy_text(repo, messages, question)
    markup = staff_keyboard(messages, question.id, answered=not question.open)
    failed = 0
    for member in staff:
        if member.chat_id in have:
            continue
        try:
            sent = await _send(bot, budget, member.chat_id, text, markup)
        except Forbidden:
            log.warning("question %s: staff %s has blocked the bot", question.id, member.id)
            continue
        except TelegramError as exc:
            log.warning(
                "question %s: staff %s not reached (%s)",
                question.id,
                member.id,
                type(exc).__name__,
            )
            failed += 1
            continue
        await _record(
            repo,
            question.id,
            partial(repo.questions.record_message, question.id, COPY, member.chat_id,
                    sent.message_id),
        )  # fmt: skip
        have.add(member.chat_id)
    if failed or not staff:
        await _record(repo, question.id, partial(_retry_later, repo, delivery, now))
    else:
        await _record(repo, question.id, partial(repo.questions.delivery_done, delivery.id, now))
    log.info("question %s: %d staff copies, %d to retry", question.id, len(have), failed)
    return len(have)


async def deliver_answer(
    bot: Bot,
    repo: Repository,
    messages: Messages,
    question_id: int,
    now: datetime,
    *,
    budget: SendBudget | None = None,
) -> bool:
    """Send the answer to the patient; True once they have it."""
    delivery = repo.questions.pending_delivery(question_id, TO_PATIENT)
    question = repo.questions.get(question_id)
    if delivery is None or question is None:
        return False
    patient = repo.patients.get(question.patient_id)
    if patient is None:
        repo.questions.delivery_done(delivery.id, now)
        return False
    text = patient_answer_text(repo, messages, question, patient.locale)
    try:
        await _send(bot, budget, patient.chat_id, text)
    except Forbidden:
        log.warning(
            "answer to question %s: patient %s has blocked the bot", question.id, patient.id
        )

        def undeliverable() -> None:
            repo.questions.answer_undeliverable(question.id)
            repo.questions.delivery_done(delivery.id, now)

        await _record(repo, question.id, undeliverable)
        await refresh_staff_copies(bot, repo, messages, question.id)
        return False
    except TelegramError as exc:
        log.warning("answer to question %s not delivered (%s)", question.id, type(exc).__name__)
        await _record(repo, question.id, partial(_retry_later, repo, delivery, now))
        return False

    def delivered() -> None:
        repo.questions.answer_delivered(question.id, now)
        repo.questions.delivery_done(delivery.id, now)

    await _record(repo, question.id, delivered)
    log.info("answer to question %s delivered to patient %s", question.id, patient.id)
    return True


async def refresh_staff_copies(
    bot: Bot, repo: Repository, messages: Messages, question_id: int
) -> int:
    """Edit every staff copy to show who answered, when and what (only "Add" stays)."""
    question = repo.questions.get(question_id)
    if question is None or question.open:
        return 0
    text = answered_text(repo, messages, question)
    markup = staff_keyboard(messages, question.id, answered=True)
    edited = 0
    for chat_id, message_id in repo.questions.messages_of(question.id, COPY):
        try:
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
            edited += 1
        except BadRequest:
            continue  # too old, deleted, or already showing this
        except TelegramError as exc:
            log.info(
                "question %s: copy in chat %s not edited (%s)",
                question.id,
                chat_id,
                type(exc).__name__,
            )
    return edited


async def _record(repo: Repository, question_id: int, work: Callable[[], object]) -> None:
    """What a request did, written once the database takes it: another process's write lock is
    waited out (without blocking the event loop), since a copy or an answer already sent but not
    recorded would be sent again."""
    await repo.lock_wait.retry(
        lambda: _atomically(repo, work), what=f"delivery of question {question_id}"
    )


def _atomically(repo: Repository, work: Callable[[], object]) -> None:
    with repo.db.atomic():
        work()


def _retry_later(repo: Repository, delivery: Delivery, now: datetime) -> None:
    wait = BACKOFF[min(delivery.attempts, len(BACKOFF) - 1)]
    repo.questions.delivery_retry(delivery.id, now + wait)


async def retry_due(
    repo: Repository,
    messages: Messages,
    bot: Bot,
    now: datetime,
    *,
    budget: SendBudget | None = None,
) -> int:
    """One pass from the sweep: due deliveries again, then overdue nudges; returns sends."""
    done = 0
    for delivery in repo.questions.due_deliveries(now):
        try:
            if delivery.kind == TO_STAFF:
                done += await deliver_question(
                    bot, repo, messages, delivery.question_id, now, budget=budget
                )
            else:
                done += int(
                    await deliver_answer(
                        bot, repo, messages, delivery.question_id, now, budget=budget
                    )
                )
        except Exception:  # one broken row must not stop the others
            log.exception("question delivery %s failed; retried later", delivery.id)
            _retry_later(repo, delivery, now)
    done += await nudge_overdue(repo, messages, bot, now, budget=budget)
    repo.questions.purge_drafts(now - DRAFT_LIFETIME)
    return done


async def nudge_overdue(
    repo: Repository,
    messages: Messages,
    bot: Bot,
    now: datetime,
    *,
    budget: SendBudget | None = None,
) -> int:
    """Tell a clinic's staff once about questions older than its reply window."""
    sent = 0
    for clinic_id in repo.questions.clinics_with_unnudged():
        overdue = repo.questions.overdue_not_nudged(clinic_id, now)
        if not overdue:
            continue
        repo.questions.mark_nudged([q.id for q in overdue], now)
        text = messages.text(
            "staff.questions.nudge",
            questions=messages.plural("count.questions", len(overdue)),
        )
        for member in repo.clinics.staff(clinic_id):
            try:
                await _send(bot, budget, member.chat_id, text)
                sent += 1
            except TelegramError as exc:
                log.info(
                    "nudge of clinic %s: staff %s not reached (%s)",
                    clinic_id,
                    member.id,
                    type(exc).__name__,
                )
    return sent
