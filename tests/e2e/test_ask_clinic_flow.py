"""Asking the clinic end to end: a declined question reaches staff in one tap, one staff reply
comes back to the patient, and an approved answer becomes the clinic's own knowledge.

The real Application polls the Bot API stand-in over HTTP; the clinic is made with the CLI
function, staff join through their link, patients through an invite.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.clinics.digest import send_due_digests
from bot.clinics.question_outbox import retry_due
from bot.clinics.questions import DAILY_CAP, MAX_OPEN
from bot.telegram.callbacks import (
    AskClinic,
    AskStep,
    ConfirmDelete,
    MarkAlertHandled,
    StaffQuestion,
    StaffStep,
)
from tests.buttons import button_in, decoded, kinds

from .harness import CATALOG, Sent, World, WorldConfig, said, said_until
from .test_clinic_flow import _remove_staff

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

STAFF_A, STAFF_B, STAFF_C = 5_200_000_001, 5_200_000_002, 5_200_000_003
PATIENT_1, PATIENT_2, PATIENT_3 = 7_400_000_001, 7_400_000_002, 7_400_000_003
QUESTION = "Can I bring my dog to my next appointment?"
PARAPHRASE = "Is it ok to bring my dog along to my appointment?"
ANSWER = "Yes, well-behaved dogs are welcome in the waiting room."


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW)


async def _clinic_with_two_staff(world: World) -> int:
    clinic_id, token = world.clinic("Riverside Physio")
    await world.say(STAFF_A, f"/start {token}", "Alice Staff")
    await world.say(STAFF_B, f"/start {token}", "Bob Staff")
    return clinic_id


async def _ask_through_the_button(world: World, patient: int, text: str = QUESTION) -> Sent:
    """Decline → "Ask my clinic" → confirmation → "Send it"; returns what "Send it" caused."""
    declined = (await world.say(patient, text)).only(patient)
    ask = button_in(declined.callback_data, AskClinic, step=AskStep.SHOW)
    confirm = (await world.press(patient, declined.message_id or 0, ask)).only(patient)
    send = button_in(confirm.callback_data, AskClinic, step=AskStep.SEND)
    return await world.press(patient, confirm.message_id or 0, send)


async def _staff_reply(world: World, staff: int, copy_message_id: int, question_id: int) -> Sent:
    """Reply → ForceReply prompt → the answer typed as a reply to the prompt."""
    reply = StaffQuestion(StaffStep.REPLY, question_id)
    prompt = (await world.press(staff, copy_message_id, reply)).only(staff)
    assert prompt.reply_markup is not None and prompt.reply_markup.get("force_reply")
    return await world.push(
        lambda: (
            world.standin.push_message(
                staff, ANSWER, first_name="Alice Staff", reply_to_message_id=prompt.message_id
            ).update_id
        )
    )


async def test_a_declined_question_reaches_staff_and_the_first_answer_comes_back(
    world: World,
) -> None:
    await _clinic_with_two_staff(world)
    token, _ = await world.invite(STAFF_A, "multi")
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    declined = (await world.say(PATIENT_1, QUESTION)).only(PATIENT_1)
    assert declined.plain_text == said("answers.not_covered")
    (ask,) = decoded(declined.callback_data)
    assert isinstance(ask, AskClinic) and ask.step is AskStep.SHOW
    confirm = (await world.press(PATIENT_1, declined.message_id or 0, ask)).only(PATIENT_1)
    assert confirm.plain_text == said(
        "ask.confirm",
        clinic="Riverside Physio",
        question=QUESTION,
        window=CATALOG.raw("ask.window_day"),
    )
    assert world.services.repo.questions.open_for_clinic(1) == [], "nothing sent before confirming"
    send = button_in(confirm.callback_data, AskClinic, step=AskStep.SEND)
    sent = await world.press(PATIENT_1, confirm.message_id or 0, send)
    assert sent.to(PATIENT_1).text == said(
        "ask.sent", clinic="Riverside Physio", window=CATALOG.raw("ask.window_day")
    )
    copy_a, copy_b = sent.only(STAFF_A), sent.only(STAFF_B)
    (question,) = world.services.repo.questions.open_for_clinic(1)
    reply = StaffQuestion(StaffStep.REPLY, question.id)
    keep = StaffQuestion(StaffStep.KEEP, question.id)
    for copy in (copy_a, copy_b):
        assert QUESTION in (copy.plain_text or "") and "Zebedee Quill" in (copy.plain_text or "")
        assert decoded(copy.callback_data) == [reply, keep]
    listed = (await world.say(STAFF_B, "/questions")).only(STAFF_B)
    assert f"#{question.id}" in (listed.plain_text or "") and QUESTION in (listed.plain_text or "")
    assert decoded(listed.callback_data) == [reply]

    replied = await _staff_reply(world, STAFF_A, copy_a.message_id or 0, question.id)
    to_patient = replied.only(PATIENT_1).plain_text or ""
    assert to_patient == said(
        "ask.answer",
        clinic="Riverside Physio",
        who=CATALOG.raw("ask.answer_who", name="Alice"),
        question=QUESTION,
        answer=ANSWER,
    )
    edits = [r for r in replied if r.method == "editMessageText"]
    assert {r.chat_id for r in edits} == {STAFF_A, STAFF_B}
    assert all(
        "Alice Staff" in (r.plain_text or "") and ANSWER in (r.plain_text or "") for r in edits
    )
    assert all(decoded(r.callback_data) == [keep] for r in edits)
    # A second answer (Bob, replying to his own copy) is refused: the first one was sent.
    late = await world.push(
        lambda: (
            world.standin.push_message(
                STAFF_B,
                "Another answer",
                first_name="Bob Staff",
                reply_to_message_id=copy_b.message_id,
            ).update_id
        )
    )
    assert not late.to(PATIENT_1)
    assert late.only(STAFF_B).plain_text == said(
        "staff.questions.already_answered", question=question.id, who="Alice Staff"
    )
    assert (await world.say(STAFF_A, "/questions")).only(STAFF_A).plain_text == said(
        "staff.questions.list_empty"
    )


async def test_approved_answers_serve_the_same_clinic_only(world: World) -> None:
    await _clinic_with_two_staff(world)
    other_id, other_token = world.clinic("Hill Clinic")
    await world.say(STAFF_C, f"/start {other_token}", "Cara Other")
    token, _ = await world.invite(STAFF_A, "multi")
    other_invite, _ = await world.invite(STAFF_C, "multi")
    await world.onboard(PATIENT_1, token)
    await world.onboard(PATIENT_2, token)
    await world.onboard(PATIENT_3, other_invite)
    sent = await _ask_through_the_button(world, PATIENT_1)
    copy = sent.only(STAFF_A)
    (question,) = world.services.repo.questions.open_for_clinic(1)
    # Approving before answering is refused kindly.
    keep = StaffQuestion(StaffStep.KEEP, question.id)
    early = await world.press(STAFF_A, copy.message_id or 0, keep)
    assert early.answers[0].params.get("text") == CATALOG.raw("staff.questions.not_answered_yet")
    await _staff_reply(world, STAFF_A, copy.message_id or 0, question.id)
    approved = await world.press(STAFF_A, copy.message_id or 0, keep)
    assert said_until("staff.questions.approved", "answer") in approved.to(STAFF_A).text
    # Another patient of the same clinic asks in other words: answered from the clinic's answers.
    reply = (await world.say(PATIENT_2, PARAPHRASE)).only(PATIENT_2)
    assert reply.plain_text == said("ask.clinic_reply", answer=ANSWER, clinic="Riverside Physio")
    # A patient of another clinic asking the same is not.
    elsewhere = (await world.say(PATIENT_3, QUESTION)).only(PATIENT_3)
    assert ANSWER not in (elsewhere.plain_text or "")
    # /answers lists it; removing it stops it.
    listed = (await world.say(STAFF_B, "/answers")).only(STAFF_B).plain_text or ""
    assert ANSWER in listed
    (stored,) = world.services.repo.questions.clinic_answers(1)
    refused = await world.say(STAFF_C, f"/answers remove {stored.id}")
    assert refused.only(STAFF_C).plain_text == said(
        "staff.questions.answers_not_found", answer=stored.id
    )
    await world.say(STAFF_A, f"/answers remove {stored.id}")
    again = (await world.say(PATIENT_2, PARAPHRASE)).only(PATIENT_2)
    assert ANSWER not in (again.plain_text or "")
    assert other_id != 1


async def test_red_flags_typed_through_ask_take_the_urgent_path(world: World) -> None:
    await _clinic_with_two_staff(world)
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    sent = await world.say(PATIENT_1, "/ask I can't breathe and my chest hurts")
    assert said("urgent.breathing") in sent.to(PATIENT_1).text
    assert said("urgent.clinic_told") in sent.to(PATIENT_1).text
    assert kinds(sent.only(STAFF_A).callback_data) == [MarkAlertHandled]
    assert world.services.repo.questions.open_for_clinic(1) == []


async def test_caps_no_clinic_and_removed_or_foreign_staff(world: World) -> None:
    clinic_id = await _clinic_with_two_staff(world)
    other_id, other_token = world.clinic("Hill Clinic")
    await world.say(STAFF_C, f"/start {other_token}", "Cara Other")
    # Without a clinic: told plainly, nothing stored.
    lonely = await world.say(PATIENT_3, f"/ask {QUESTION}")
    assert lonely.only(PATIENT_3).plain_text == said("ask.no_clinic")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    for n in range(MAX_OPEN):
        await _ask_through_the_button(world, PATIENT_1, f"{QUESTION} ({n})")
    capped = await world.say(PATIENT_1, f"/ask {QUESTION}")
    assert capped.only(PATIENT_1).plain_text == said("ask.too_many_open", count=MAX_OPEN)
    questions = world.services.repo.questions.open_for_clinic(clinic_id)
    assert len(questions) == MAX_OPEN
    first = questions[0]
    reply = StaffQuestion(StaffStep.REPLY, first.id)
    copy_b = next(
        m for m in world.standin.messages_to(STAFF_B) if reply in decoded(m.callback_data)
    )
    # Another clinic's staff forging the Reply button is refused.
    welcome_c = world.standin.messages_to(STAFF_C)[0]
    forged = await world.press(STAFF_C, welcome_c.message_id or 0, reply, forged=True)
    assert forged.answers[0].params.get("text") == CATALOG.raw("staff.questions.not_yours")
    assert not forged.to(STAFF_C)
    # A removed staff member can no longer answer, even replying to their old copy.
    await asyncio.to_thread(_remove_staff, world, clinic_id, STAFF_B, with_token=False)
    refused = await world.push(
        lambda: (
            world.standin.push_message(
                STAFF_B, ANSWER, first_name="Bob Staff", reply_to_message_id=copy_b.message_id
            ).update_id
        )
    )
    assert said("staff.questions.not_yours") in refused.to(STAFF_B).text
    assert not refused.to(PATIENT_1)
    refreshed = world.services.repo.questions.get(first.id)
    assert refreshed is not None and refreshed.open
    assert other_id != clinic_id
    # The daily cap: answered questions still count toward today's.
    repo = world.services.repo
    for question in repo.questions.open_for_clinic(clinic_id):
        repo.questions.record_answer(
            question.id, clinic_id, by=STAFF_A, name="Alice", text="ok", now=world.clock.now()
        )
    for n in range(DAILY_CAP - MAX_OPEN):
        await _ask_through_the_button(world, PATIENT_1, f"{QUESTION} [{n}]")
    daily = await world.say(PATIENT_1, f"/ask {QUESTION}")
    assert daily.only(PATIENT_1).plain_text == said("ask.daily_cap", count=DAILY_CAP)


async def test_undelivered_questions_are_retried_and_delete_leaves_no_trace(
    world: World,
) -> None:
    clinic_id = await _clinic_with_two_staff(world)
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    declined = (await world.say(PATIENT_1, QUESTION)).only(PATIENT_1)
    ask = button_in(declined.callback_data, AskClinic, step=AskStep.SHOW)
    confirm = await world.press(PATIENT_1, declined.message_id or 0, ask)
    confirm_msg = confirm.only(PATIENT_1)
    # Telegram fails the first staff copy (Alice's): Bob gets his, Alice's is retried.
    world.standin.fail_next(1, 500, methods=["sendMessage"])
    send = button_in(confirm_msg.callback_data, AskClinic, step=AskStep.SEND)
    sent = await world.press(PATIENT_1, confirm_msg.message_id or 0, send)
    assert sent.only(STAFF_B) and not [r for r in sent.to(STAFF_A) if r.is_new_message]
    (question,) = world.services.repo.questions.open_for_clinic(clinic_id)
    listing = (await world.say(STAFF_B, "/questions")).only(STAFF_B).plain_text or ""
    assert f"#{question.id}" in listing, "a question not yet delivered to all stays listed"
    # The next sweep pass after the back-off reaches Alice.
    world.clock.advance(timedelta(minutes=2))
    before = len(world.standin.sent)
    await retry_due(world.services.repo, world.services.messages, world.app.bot, world.clock.now())
    late = Sent(world.standin.sent[before:])
    assert StaffQuestion(StaffStep.REPLY, question.id) in decoded(late.only(STAFF_A).callback_data)
    assert not late.to(STAFF_B), "nobody gets a second copy"
    # /export includes the question; /delete erases it.
    exported = await world.say(PATIENT_1, "/export", until="sendDocument")
    document = next(r for r in exported if r.method == "sendDocument")
    exported_questions = json.loads(document.document or b"{}")["tables"]["clinic_questions"]
    assert [q["text"] for q in exported_questions] == [QUESTION]
    before = len(world.standin.sent)
    really = (await world.say(PATIENT_1, "/delete")).only(PATIENT_1)
    await world.press(PATIENT_1, really.message_id or 0, ConfirmDelete(erase=True))
    dump = "\n".join(world.services.repo.db.iterdump())
    assert QUESTION not in dump
    erased = [
        r
        for r in world.standin.sent[before:]
        if r.method == "editMessageText" and r.chat_id in (STAFF_A, STAFF_B)
    ]
    assert {r.chat_id for r in erased} == {STAFF_A, STAFF_B}
    assert all(r.plain_text == said("staff.questions.erased") for r in erased)


async def test_late_questions_are_flagged_and_an_answer_to_a_blocked_patient_is_marked(
    world: World,
) -> None:
    clinic_id = await _clinic_with_two_staff(world)
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    sent = await _ask_through_the_button(world, PATIENT_1)
    copy = sent.only(STAFF_A)
    (question,) = world.services.repo.questions.open_for_clinic(clinic_id)
    # Past the reply window (24 h by default): flagged in /patients, and staff nudged once.
    world.clock.advance(timedelta(hours=25))
    repo, messages = world.services.repo, world.services.messages
    before = len(world.standin.sent)
    await retry_due(repo, messages, world.app.bot, world.clock.now())
    nudges = [r for r in world.standin.sent[before:] if r.is_new_message]
    assert {r.chat_id for r in nudges} == {STAFF_A, STAFF_B}
    assert all(
        r.plain_text
        == said("staff.questions.nudge", questions=CATALOG.plural("count.questions", 1))
        for r in nudges
    )
    before = len(world.standin.sent)
    await retry_due(repo, messages, world.app.bot, world.clock.now())
    assert not [r for r in world.standin.sent[before:] if r.is_new_message], "only once"
    listing = (await world.say(STAFF_A, "/patients")).only(STAFF_A).plain_text or ""
    assert said_until("staff.questions.overdue", "count") in listing
    # The daily digest counts it.
    repo.clinics.set_digest_time(clinic_id, world.clock.now().strftime("%H:%M"))
    before = len(world.standin.sent)
    await send_due_digests(world.services, world.app.bot, world.clock.now())
    digests = [r for r in world.standin.sent[before:] if r.is_new_message]
    assert digests and all(
        said("staff.questions.digest_part", count=1) in (r.plain_text or "") for r in digests
    )
    # The patient blocks the bot; the answer cannot be delivered and staff copies say so.
    world.standin.block_chat(PATIENT_1, notify=False)
    await _staff_reply(world, STAFF_A, copy.message_id or 0, question.id)
    copies = [r for r in world.standin.sent if r.method == "editMessageText"]
    assert said("staff.questions.undelivered") in (copies[-1].plain_text or "")
    answered = repo.questions.get(question.id)
    assert answered is not None and answered.answer_undeliverable
    assert not repo.questions.due_deliveries(world.clock.now() + timedelta(days=1))
    record = (await world.say(STAFF_B, f"/patient {question.patient_id}")).only(STAFF_B)
    assert said("staff.questions.history_header") in (record.plain_text or "")
    assert ANSWER in (record.plain_text or "")


async def test_an_answer_telegram_fails_to_deliver_is_retried_from_the_sweep(
    world: World,
) -> None:
    clinic_id = await _clinic_with_two_staff(world)
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    copy = (await _ask_through_the_button(world, PATIENT_1)).only(STAFF_A)
    (question,) = world.services.repo.questions.open_for_clinic(clinic_id)
    reply = StaffQuestion(StaffStep.REPLY, question.id)
    prompt = (await world.press(STAFF_A, copy.message_id or 0, reply)).only(STAFF_A)
    world.standin.fail_next(1, 500, methods=["sendMessage"])
    replied = await world.push(
        lambda: (
            world.standin.push_message(
                STAFF_A, ANSWER, first_name="Alice Staff", reply_to_message_id=prompt.message_id
            ).update_id
        )
    )
    assert not [r for r in replied.to(PATIENT_1) if r.is_new_message]
    assert said("staff.questions.answer_sent", question=question.id) in replied.to(STAFF_A).text
    world.clock.advance(timedelta(minutes=2))
    before = len(world.standin.sent)
    await retry_due(world.services.repo, world.services.messages, world.app.bot, world.clock.now())
    delivered = Sent(world.standin.sent[before:]).only(PATIENT_1)
    assert ANSWER in (delivered.plain_text or "")
    answered = world.services.repo.questions.get(question.id)
    assert answered is not None and answered.answer_delivered_at is not None
