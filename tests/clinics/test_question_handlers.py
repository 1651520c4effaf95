"""Asking the clinic through the real Application (``process_update``): the kind refusals and
hostile presses that change nothing. The whole loop over HTTP is in tests/e2e."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.clinics.questions import MAX_QUESTION_LENGTH
from bot.content import Messages, html_to_plain
from bot.storage.repository import Repository
from bot.telegram.callbacks import AskClinic, AskStep, StaffQuestion, StaffStep
from tests.buttons import button_in, decoded, has_button
from tests.conftest import NOW
from tests.fakes import Person, message_update

PATIENT, STAFF, OTHER = 7_500_000_001, 5_500_000_001, 7_500_000_002
DECLINED = "Can I bring my dog to my next appointment?"


def _said(messages: Messages, key: str, **params: Any) -> str:
    return html_to_plain(messages.text(key, **params))


def _clinic(repo: Repository) -> int:
    clinic = repo.clinics.create(name="Riverside", timezone="UTC", digest_time=None, now=NOW)
    repo.clinics.add_staff(
        clinic_id=clinic.id,
        telegram_user_id=STAFF,
        chat_id=STAFF,
        display_name="Alice Staff",
        invite_id=None,
        now=NOW,
    )
    patient = repo.patients.register(
        telegram_user_id=PATIENT, chat_id=PATIENT, display_name="Zeb", locale="en", now=NOW
    )
    repo.db.execute("UPDATE patients SET clinic_id = ? WHERE id = ?", [clinic.id, patient.id])
    return clinic.id


async def test_ask_needs_words_and_a_clinic(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    lonely = person(OTHER)
    assert (await lonely.command("ask")).only(OTHER).plain_text == _said(messages, "ask.usage")
    assert (await lonely.command("ask", "🙂")).only(OTHER).plain_text == _said(
        messages, "ask.usage"
    )
    reply = await lonely.command("ask", DECLINED)
    assert reply.only(OTHER).plain_text == _said(messages, "ask.no_clinic")
    # A declined question of a patient without a clinic carries no button.
    declined = (await lonely.say(DECLINED)).only(OTHER)
    assert declined.callback_data == []
    assert repo.db["question_drafts"].count == 0


async def test_a_draft_is_only_its_owners_and_cancel_sends_nothing(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    _clinic(repo)
    patient, other = person(PATIENT, "Zeb"), person(OTHER)
    long_question = "Can I bring my dog " + "really " * 400 + "?"
    confirm = (await patient.command("ask", long_question)).only(PATIENT)
    (draft,) = list(repo.db["question_drafts"].rows)
    assert len(draft["text"]) == MAX_QUESTION_LENGTH
    send = button_in(confirm.callback_data, AskClinic, step=AskStep.SEND)
    # Someone else pressing (a forged payload) is told it expired; nothing is sent.
    forged = await other.press(send, message_id=confirm.message_id or 0)
    assert forged.answers[0].params.get("text") == messages.raw("ask.expired")
    assert repo.db["clinic_questions"].count == 0
    cancel = button_in(confirm.callback_data, AskClinic, step=AskStep.CANCEL)
    cancelled = await patient.press(cancel)
    assert _said(messages, "ask.cancelled") in cancelled.text
    assert repo.db["question_drafts"].count == 0
    replayed = await patient.press(send, message_id=confirm.message_id or 0)
    assert replayed.answers[0].params.get("text") == messages.raw("ask.expired")
    assert repo.db["clinic_questions"].count == 0


async def test_staff_buttons_and_commands_refuse_non_staff_and_bad_input(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    clinic_id = _clinic(repo)
    patient, staff = person(PATIENT, "Zeb"), person(STAFF, "Alice")
    refused = await patient.command("questions")
    assert refused.only(PATIENT).plain_text == _said(messages, "staff.not_staff")
    forged = await patient.press(StaffQuestion(StaffStep.REPLY, 1), message_id=1)
    assert forged.answers[0].params.get("text") == messages.raw("staff.not_staff")
    missing = await staff.press(StaffQuestion(StaffStep.KEEP, 999), message_id=1)
    assert missing.answers[0].params.get("text") == messages.raw("staff.questions.not_yours")
    empty = await staff.command("answers")
    assert empty.only(STAFF).plain_text == _said(messages, "staff.questions.answers_empty")
    for args in (("edit", "1"), ("frobnicate", "1", "x"), ("remove", "abc")):
        usage = await staff.command("answers", *args)
        assert usage.only(STAFF).plain_text == _said(messages, "staff.questions.answers_usage")
    answer_id = repo.questions.add_clinic_answer(clinic_id, "Dogs welcome", ["dog?"], NOW)
    edited = await staff.command("answers", "edit", str(answer_id), "Dogs are welcome")
    assert edited.only(STAFF).plain_text == _said(
        messages, "staff.questions.answers_edited", answer=answer_id
    )
    added = await staff.command("answers", "example", str(answer_id), "Can my pet come?")
    assert added.only(STAFF).plain_text == _said(
        messages, "staff.questions.answers_example_added", answer=answer_id
    )
    listed = (await staff.command("answers")).only(STAFF).plain_text
    assert "Dogs are welcome" in listed
    # A staff member's /ask is an ordinary patient question (they are not in a clinic as one).
    assert (await staff.command("ask", DECLINED)).only(STAFF).plain_text == _said(
        messages, "ask.no_clinic"
    )


async def test_a_reply_to_a_bot_message_that_is_no_question_is_answered_as_usual(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    _clinic(repo)
    patient = person(PATIENT, "Zeb")
    first = (await patient.say(DECLINED)).only(PATIENT)
    update = message_update(PATIENT, DECLINED, first_name="Zeb")
    update["message"]["reply_to_message"] = {
        "message_id": first.message_id,
        "date": update["message"]["date"],
        "chat": {"id": PATIENT, "type": "private"},
        "from": {"id": 1, "is_bot": True, "first_name": "Aftercare"},
        "text": "…",
    }
    again = (await patient.send(update)).only(PATIENT)
    assert again.plain_text == _said(messages, "answers.not_covered")
    assert has_button(again.callback_data, AskClinic, step=AskStep.SHOW)


async def test_long_questions_are_shortened_in_the_list_and_sent_whole(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    _clinic(repo)
    patient, staff = person(PATIENT, "Zeb"), person(STAFF, "Alice")
    long_question = "Can I bring my dog " + "really " * 100 + "?"
    confirm = (await patient.command("ask", long_question)).only(PATIENT)
    send = button_in(confirm.callback_data, AskClinic, step=AskStep.SEND)
    sent = await patient.press(send)
    assert long_question.strip() in sent.only(STAFF).plain_text
    listing = (await staff.command("questions")).only(STAFF).plain_text
    assert "…" in listing and len(listing) < 400


async def test_staff_who_joined_later_answer_from_the_questions_list(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    clinic_id = _clinic(repo)
    patient = person(PATIENT, "Zeb")
    confirm = (await patient.command("ask", DECLINED)).only(PATIENT)
    await patient.press(button_in(confirm.callback_data, AskClinic, step=AskStep.SEND))
    (question,) = repo.questions.open_for_clinic(clinic_id)
    newcomer_id = 5_500_000_009
    repo.clinics.add_staff(
        clinic_id=clinic_id,
        telegram_user_id=newcomer_id,
        chat_id=newcomer_id,
        display_name="Nina New",
        invite_id=None,
        now=NOW,
    )
    newcomer = person(newcomer_id, "Nina")
    listed = (await newcomer.command("questions")).only(newcomer_id)
    reply = StaffQuestion(StaffStep.REPLY, question.id)
    assert decoded(listed.callback_data) == [reply]
    prompt = (await newcomer.press(reply)).only(newcomer_id)
    update = message_update(newcomer_id, "Dogs are welcome.", first_name="Nina")
    update["message"]["reply_to_message"] = {
        "message_id": prompt.message_id,
        "date": update["message"]["date"],
        "chat": {"id": newcomer_id, "type": "private"},
        "from": {"id": 1, "is_bot": True, "first_name": "Aftercare"},
        "text": "…",
    }
    answered = await newcomer.send(update)
    assert "Dogs are welcome." in answered.only(PATIENT).plain_text
    assert answered.to(newcomer_id).text
