"""Asking the clinic: the limits that protect staff, and the words around a question.

Shared by the question flow (a declined question's "Ask my clinic" button, ``bot.knowledge``)
and the clinic's handlers, so neither imports the other. Texts come from the catalog; logs carry
ids only, never what a patient asked.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clinics.questions_store import Question
from bot.content import Markup, Messages
from bot.knowledge.clinic_answers import ClinicAnswer, index_for
from bot.knowledge.matcher import Matcher
from bot.knowledge.semantic import Embed
from bot.knowledge.text import has_words
from bot.patients.model import Patient
from bot.storage.lock_wait import is_busy
from bot.storage.repository import Repository
from bot.telegram.callbacks import AskClinic, AskStep, StaffQuestion, StaffStep, encode

log = logging.getLogger(__name__)

#: Open (unanswered) questions one patient may have at a time.
MAX_OPEN = 3
#: Questions one patient may send in any 24 hours.
DAILY_CAP = 5
#: How much of a question or answer a list line shows (``/questions``, ``/answers``).
LIST_PREVIEW = 200
#: The longest question sent to a clinic (Telegram's message limit leaves room for the rest).
MAX_QUESTION_LENGTH = 1500


@dataclass(frozen=True)
class Refusal:
    """Why a question cannot be sent now: the catalog key and its count."""

    key: str
    count: int


def refusal(repo: Repository, patient: Patient, now: datetime) -> Refusal | None:
    """The cap a new question would break, or None."""
    open_now, today = repo.questions.counts_for_patient(patient.id, now - timedelta(days=1))
    if open_now >= MAX_OPEN:
        return Refusal("ask.too_many_open", open_now)
    if today >= DAILY_CAP:
        return Refusal("ask.daily_cap", today)
    return None


def worth_asking(text: str) -> bool:
    """Words a clinic could answer (not emoji, not a blank)."""
    return has_words(text) and len(text.strip()) >= 3


def window_text(messages: Messages, hours: int, locale: str | None = None) -> str:
    if hours == 24:
        return messages.raw("ask.window_day", locale)
    return messages.raw(
        "ask.window_hours", locale, hours=messages.plural("count.hours", hours, locale)
    )


def ask_button(messages: Messages, draft_id: int, locale: str | None) -> InlineKeyboardMarkup:
    label = messages.raw("ask.button", locale)
    return InlineKeyboardMarkup([[_button(label, AskClinic(AskStep.SHOW, draft_id))]])


def confirm_keyboard(
    messages: Messages, draft_id: int, locale: str | None
) -> InlineKeyboardMarkup:
    send = _button(messages.raw("ask.send_button", locale), AskClinic(AskStep.SEND, draft_id))
    cancel = _button(
        messages.raw("ask.cancel_button", locale), AskClinic(AskStep.CANCEL, draft_id)
    )
    return InlineKeyboardMarkup([[send, cancel]])


def staff_keyboard(
    messages: Messages, question_id: int, *, answered: bool
) -> InlineKeyboardMarkup:
    approve = _button(
        messages.raw("staff.questions.approve_button"), StaffQuestion(StaffStep.KEEP, question_id)
    )
    if answered:
        return InlineKeyboardMarkup([[approve]])
    reply = _button(
        messages.raw("staff.questions.reply_button"), StaffQuestion(StaffStep.REPLY, question_id)
    )
    return InlineKeyboardMarkup([[reply, approve]])


def reply_buttons(messages: Messages, question_ids: list[int]) -> InlineKeyboardMarkup | None:
    """Under ``/questions``: a Reply button per open question (for staff who joined after it
    was sent, or whose copy is gone), three to a row."""
    buttons = [
        _button(
            messages.raw("staff.questions.list_reply_button", question=question_id),
            StaffQuestion(StaffStep.REPLY, question_id),
        )
        for question_id in question_ids
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup(rows) if rows else None


def _button(label: str, button: AskClinic | StaffQuestion) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(button))


def offer_to_ask(
    repo: Repository,
    messages: Messages,
    patient: Patient | None,
    text: str,
    now: datetime,
    locale: str | None,
) -> InlineKeyboardMarkup | None:
    """The "Ask my clinic" button under a declined question, for a patient with a clinic.

    The question is kept as the patient's one draft (replaced by the next) so the button can
    show exactly what will be sent; nothing reaches the clinic before the patient confirms.
    While another process holds the database's write lock the draft cannot be kept, and the
    answer goes without the button rather than wait (it tells them to ask their clinic, and
    /ask still does that).
    """
    if patient is None or patient.clinic_id is None or not worth_asking(text):
        return None
    try:
        draft = repo.questions.save_draft(patient.id, text[:MAX_QUESTION_LENGTH], now)
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
        log.info("patient %s: no Ask button (the database is locked by another process)",
                 patient.id)  # fmt: skip
        return None
    return ask_button(messages, draft.id, locale)


def clinic_answer_lookup(
    repo: Repository,
    messages: Messages,
    matcher: Matcher,
    patient: Patient | None,
    locale: str | None,
) -> Callable[[str], str | None] | None:
    """A function answering from the patient's own clinic's answers (None without a clinic)."""
    if patient is None or patient.clinic_id is None:
        return None
    clinic = repo.clinics.get(patient.clinic_id)
    stored = repo.questions.clinic_answers(patient.clinic_id)
    if clinic is None or not stored:
        return None
    answers = [ClinicAnswer(a.id, a.answer, a.examples) for a in stored]
    embed = _embed_of(matcher)
    index = index_for(answers, embed)

    def lookup(question: str) -> str | None:
        found = index.find(question, embed)
        if found is None:
            return None
        return messages.text("ask.clinic_reply", locale, answer=found.answer, clinic=clinic.name)

    return lookup


def _embed_of(matcher: Matcher) -> Embed | None:
    """The articles' encoder, when the semantic matcher is ready (else word matching)."""
    ready = getattr(matcher, "ready", False)
    embed = getattr(matcher, "embed", None)
    return embed if ready and callable(embed) else None


# -- texts -------------------------------------------------------------------------------------


def staff_copy_text(repo: Repository, messages: Messages, question: Question) -> str:
    """What each staff member sees: who asks, what, their last session and soreness."""
    patient = repo.patients.get(question.patient_id)
    clinic = repo.clinics.require(question.clinic_id)
    latest = repo.clinic_views.latest_session_before(question.patient_id, question.asked_at)
    if latest is None:
        session = messages.text("staff.alert.no_session")
    else:
        session = messages.text(
            "staff.alert.session",
            session=latest[0],
            date=messages.when(latest[1], "day_time", zone=ZoneInfo(clinic.timezone)),
            area=latest[2],
        )
    score = repo.questions.last_soreness(question.patient_id)
    score_part = (
        messages.text("staff.questions.score_part", score=score) if score is not None else ""
    )
    name = (patient.display_name if patient else None) or messages.raw("staff.no_name")
    return messages.text(
        "staff.questions.copy",
        question=question.id,
        id=question.patient_id,
        name=name,
        text=question.text,
        session=Markup(session),
        score=Markup(score_part),
    )


def answered_text(repo: Repository, messages: Messages, question: Question) -> str:
    """A staff copy once answered: the question, then who answered, when and what."""
    clinic = repo.clinics.require(question.clinic_id)
    line = messages.text(
        "staff.questions.answered",
        who=question.answerer_name or messages.raw("staff.alert.former_staff"),
        time=messages.when(
            question.answered_at or question.asked_at,
            "day_time",
            zone=ZoneInfo(clinic.timezone),
        ),
        answer=question.answer or "",
    )
    text = staff_copy_text(repo, messages, question) + "\n\n" + line
    if question.answer_undeliverable:
        text += "\n" + messages.text("staff.questions.undelivered")
    return text


def patient_answer_text(
    repo: Repository, messages: Messages, question: Question, locale: str | None
) -> str:
    clinic = repo.clinics.require(question.clinic_id)
    settings = repo.questions.reply_settings(clinic.id)
    first_name = (question.answerer_name or "").split(" ")[0]
    who = (
        messages.text("ask.answer_who", locale, name=first_name)
        if settings.show_staff_names and first_name
        else ""
    )
    return messages.text(
        "ask.answer",
        locale,
        clinic=clinic.name,
        who=Markup(who),
        question=question.text,
        answer=question.answer or "",
    )


def overdue_line(repo: Repository, messages: Messages, clinic_id: int, now: datetime) -> str:
    """For ``/patients``: the open questions older than the clinic's reply window, or ""."""
    hours = repo.questions.reply_settings(clinic_id).reply_window_hours
    late = [
        q
        for q in repo.questions.open_for_clinic(clinic_id)
        if (now - q.asked_at).total_seconds() > hours * 3600
    ]
    if not late:
        return ""
    listed = ", ".join(
        messages.raw("staff.questions.overdue_item", question=q.id, id=q.patient_id) for q in late
    )
    return messages.text(
        "staff.questions.overdue",
        count=messages.plural("count.questions", len(late)),
        questions=listed,
    )


def history_text(
    repo: Repository, messages: Messages, patient_id: int, timezone: str, locale: str | None
) -> str:
    """For ``/patient ID``: the patient's questions to the clinic and their answers, or ""."""
    questions = repo.questions.for_patient(patient_id)
    if not questions:
        return ""
    lines = [messages.text("staff.questions.history_header", locale)]
    for question in questions:
        state = (
            messages.text("staff.questions.history_open", locale)
            if question.open
            else messages.text(
                "staff.questions.history_answered",
                locale,
                who=question.answerer_name or messages.raw("staff.alert.former_staff"),
                answer=question.answer or "",
            )
        )
        lines.append(
            messages.text(
                "staff.questions.history_item",
                locale,
                question=question.id,
                date=messages.when(question.asked_at, "day_time", locale, zone=ZoneInfo(timezone)),
                text=question.text,
                state=Markup(state),
            )
        )
    return "\n".join(lines)


def preview(text: str, limit: int = LIST_PREVIEW) -> str:
    """The start of a long text for a list line (whole words, with an ellipsis)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
