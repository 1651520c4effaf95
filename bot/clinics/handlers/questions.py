"""Asking the clinic: the patient's /ask and "Ask my clinic" buttons, and the staff's side.

Patients: a declined question carries an "Ask my clinic" button (``bot.clinics.questions``
``offer_to_ask``); pressing it, or ``/ask <question>``, shows exactly what will be sent and to
whom, and "Send it" sends it. Red flags typed through /ask get the urgent reply and alert as
anywhere else. Staff: Reply (a ForceReply prompt; the answer itself is taken by
``bot.clinics.staff_answers``), "Add to our answers", ``/questions`` and ``/answers``.

Callback data names a draft or a question and grants nothing: the presser is looked up again,
a draft must be their own, a question their clinic's (``staff_only`` re-reads membership).
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import ForceReply, Update

from bot.clinics.handlers.staff import staff_only
from bot.clinics.question_outbox import deliver_question
from bot.clinics.questions import (
    MAX_QUESTION_LENGTH,
    confirm_keyboard,
    preview,
    refusal,
    reply_buttons,
    window_text,
    worth_asking,
)
from bot.clinics.questions_store import PROMPT
from bot.clinics.rules import StaffMember
from bot.content import Markup
from bot.ids import parse_number
from bot.knowledge.answer import answer_question
from bot.patients.model import Patient
from bot.telegram.callbacks import AskClinic, AskStep, StaffQuestion, StaffStep
from bot.telegram.context import AftercareContext
from bot.telegram.fallbacks import pressed
from bot.telegram.replies import reply, reply_urgently

log = logging.getLogger(__name__)


# -- patients -----------------------------------------------------------------------------------


async def ask_clinic(update: Update, context: AftercareContext) -> None:
    """``/ask <question>``: triage first, then the confirmation (or why it cannot be sent)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    messages, locale = context.messages, context.locale
    text = message.text.partition(" ")[2].strip()
    if not worth_asking(text):
        await reply(update, messages.text("ask.usage", locale))
        return
    patient = context.patient
    answer = answer_question(text, context.services.matcher, messages, locale=locale)
    if answer.kind == "urgent":
        # The same urgent reply and alert as a red flag typed as a plain message.
        await reply_urgently(
            update,
            context,
            answer.text,
            reason=answer.red_flag.value if answer.red_flag else "unspecified",
            detail=text,
        )
        return
    if patient is None:
        return
    if not await _can_ask(update, context, patient):
        return
    draft = context.repo.questions.save_draft(patient.id, text[:MAX_QUESTION_LENGTH], context.now)
    await _confirm(update, context, patient, draft.id, draft.text)


async def _can_ask(update: Update, context: AftercareContext, patient: Patient) -> bool:
    messages, locale = context.messages, context.locale
    if patient.clinic_id is None:
        await reply(update, messages.text("ask.no_clinic", locale))
        return False
    refused = refusal(context.repo, patient, context.now)
    if refused is not None:
        log.info("question of patient %s refused: %s", patient.id, refused.key)
        await reply(update, messages.text(refused.key, locale, count=refused.count))
        return False
    return True


async def _confirm(
    update: Update, context: AftercareContext, patient: Patient, draft_id: int, text: str
) -> None:
    repo, messages, locale = context.repo, context.messages, context.locale
    clinic = repo.clinics.require(patient.clinic_id or 0)
    hours = repo.questions.reply_settings(clinic.id).reply_window_hours
    await reply(
        update,
        messages.text(
            "ask.confirm",
            locale,
            clinic=clinic.name,
            question=text,
            window=window_text(messages, hours, locale),
        ),
        reply_markup=confirm_keyboard(messages, draft_id, locale),
    )


async def answer_ask_button(update: Update, context: AftercareContext) -> None:
    """Show, send or drop the patient's own draft (``AskClinic``)."""
    found = await pressed(update, context, AskClinic)
    if found is None:
        return
    query, button = found
    repo, messages, locale = context.repo, context.messages, context.locale
    patient = context.patient
    draft = repo.questions.draft(button.draft_id)
    if patient is None or draft is None or draft.patient_id != patient.id:
        await query.answer(messages.raw("ask.expired", locale), show_alert=True)
        return
    await query.answer()
    if button.step is AskStep.CANCEL:
        repo.questions.drop_draft(draft.id)
        await query.edit_message_text(messages.text("ask.cancelled", locale))
        return
    if not await _can_ask(update, context, patient):
        return
    if button.step is AskStep.SHOW:
        await _confirm(update, context, patient, draft.id, draft.text)
        return
    clinic = repo.clinics.require(patient.clinic_id or 0)
    now = context.now
    question = repo.questions.submit(draft, clinic.id, now)
    log.info("patient %s asked clinic %s: question %s", patient.id, clinic.id, question.id)
    hours = repo.questions.reply_settings(clinic.id).reply_window_hours
    await query.edit_message_text(
        messages.text(
            "ask.sent", locale, clinic=clinic.name, window=window_text(messages, hours, locale)
        )
    )
    await deliver_question(context.bot, repo, messages, question.id, now)


# -- staff --------------------------------------------------------------------------------------


@staff_only
async def answer_staff_button(
    update: Update, context: AftercareContext, member: StaffMember
) -> None:
    """Reply asks for the answer; "add to our answers" makes an answered question clinic
    knowledge. Only a question of the presser's own clinic."""
    found = await pressed(update, context, StaffQuestion)
    if found is None:
        return
    query, button = found
    repo, messages, locale = context.repo, context.messages, context.locale
    question_id = button.question_id
    question = repo.questions.get(question_id)
    if question is None or question.clinic_id != member.clinic_id:
        log.warning("staff %s: button for question %s refused", member.id, question_id)
        await query.answer(messages.raw("staff.questions.not_yours", locale), show_alert=True)
        return
    if button.step is StaffStep.KEEP:
        stored = repo.questions.approve(question, context.now)
        if stored is None:
            await query.answer(
                messages.raw("staff.questions.not_answered_yet", locale), show_alert=True
            )
            return
        log.info(
            "question %s approved as clinic answer %s by staff %s",
            question.id,
            stored.id,
            member.id,
        )
        await query.answer(messages.raw("staff.questions.approved_toast", locale))
        await reply(update, messages.text("staff.questions.approved", locale, answer=stored.id))
        return
    if not question.open:
        await query.answer(
            messages.raw(
                "staff.questions.already_answered",
                locale,
                question=question.id,
                who=question.answerer_name or messages.raw("staff.alert.former_staff"),
            ),
            show_alert=True,
        )
        return
    await query.answer()
    chat = update.effective_chat
    if chat is None:
        return
    prompt = await context.bot.send_message(
        chat.id,
        messages.text("staff.questions.prompt", locale, question=question.id),
        reply_markup=ForceReply(selective=True),
    )
    repo.questions.record_message(question.id, PROMPT, chat.id, prompt.message_id)


@staff_only
async def list_questions(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """``/questions``: the clinic's open questions, oldest first; late ones marked."""
    repo, messages, locale = context.repo, context.messages, context.locale
    clinic = repo.clinics.require(member.clinic_id)
    questions = repo.questions.open_for_clinic(clinic.id)
    if not questions:
        await reply(update, messages.text("staff.questions.list_empty", locale))
        return
    now = context.now
    hours = repo.questions.reply_settings(clinic.id).reply_window_hours
    lines = [messages.text("staff.questions.list_header", locale, count=len(questions))]
    for question in questions:
        patient = repo.patients.get(question.patient_id)
        late = (now - question.asked_at).total_seconds() > hours * 3600
        lines.append(
            messages.text(
                "staff.questions.list_item",
                locale,
                late=Markup(messages.text("staff.questions.late_mark", locale) if late else ""),
                question=question.id,
                id=question.patient_id,
                name=(patient.display_name if patient else None) or messages.raw("staff.no_name"),
                asked=messages.when(
                    question.asked_at, "day_time", locale, zone=ZoneInfo(clinic.timezone)
                ),
                text=preview(question.text),
            )
        )
    markup = reply_buttons(messages, [q.id for q in questions])
    await reply(update, "\n".join(lines), reply_markup=markup)


@staff_only
async def manage_answers(update: Update, context: AftercareContext, member: StaffMember) -> None:
    """``/answers`` lists the clinic's answers; ``edit N text``, ``example N question`` and
    ``remove N`` change one of this clinic's (another clinic's number is "not found")."""
    repo, messages, locale = context.repo, context.messages, context.locale
    message = update.effective_message
    words = (message.text or "").split(maxsplit=3) if message else []
    args = words[1:]
    clinic = repo.clinics.require(member.clinic_id)
    if not args:
        answers = repo.questions.clinic_answers(clinic.id)
        if not answers:
            await reply(update, messages.text("staff.questions.answers_empty", locale))
            return
        lines = [
            messages.text(
                "staff.questions.answers_header", locale, clinic=clinic.name, count=len(answers)
            )
        ]
        for answer in answers:
            lines.append(
                messages.text(
                    "staff.questions.answers_item",
                    locale,
                    answer=answer.id,
                    example=preview(answer.examples[0]) if answer.examples else "",
                    text=preview(answer.answer),
                )
            )
        lines.append(messages.text("staff.questions.answers_usage", locale))
        await reply(update, "\n\n".join(lines))
        return
    action = args[0].lower()
    answer_id = parse_number(args[1]) if len(args) > 1 else None
    rest = args[2].strip() if len(args) > 2 else ""
    now = context.now
    if (
        action not in ("edit", "example", "remove")
        or answer_id is None
        or (action != "remove" and not rest)
    ):
        await reply(update, messages.text("staff.questions.answers_usage", locale))
        return
    if action == "remove":
        done = repo.questions.remove_clinic_answer(clinic.id, answer_id)
        key = "staff.questions.answers_removed"
    elif action == "edit":
        done = repo.questions.edit_clinic_answer(
            clinic.id, answer_id, rest[:MAX_QUESTION_LENGTH], now
        )
        key = "staff.questions.answers_edited"
    else:
        done = repo.questions.add_example(clinic.id, answer_id, rest[:MAX_QUESTION_LENGTH])
        key = "staff.questions.answers_example_added"
    if not done:
        key = "staff.questions.answers_not_found"
    log.info("staff %s: /answers %s %s -> %s", member.id, action, answer_id, done)
    await reply(update, messages.text(key, locale, answer=answer_id))
