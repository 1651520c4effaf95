"""Hostile numbers and button payloads, end to end: a kind answer, nothing changed, no crash.

Staff commands take numbers people type; buttons carry numbers a client can forge. Every one
is read with ``bot.ids.parse_number``; every press is answered (the button never spins); and a
press is only ever about the presser's own chat, whatever message it claims to sit on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bot.telegram.callbacks import SessionWhen, When, encode

from .harness import World, WorldConfig

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
STAFF_A = 5_200_000_001
PATIENT_1, PATIENT_2 = 7_400_000_001, 7_400_000_002
APOLOGY = "something went wrong"


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW)


@pytest.mark.parametrize(
    "typed", ["99999999999999999999", "9223372036854775808", "²", "#²", "٣", "１２"]
)
async def test_patient_with_a_number_that_is_no_id_says_no_such_patient(
    world: World, typed: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    reply = (await world.say(STAFF_A, f"/patient {typed}")).only(STAFF_A).plain_text or ""
    assert "There is no patient #" in reply and APOLOGY not in reply
    logged = (await world.say(STAFF_A, f"/logsession {typed} neck")).only(STAFF_A)
    assert "There is no patient #" in (logged.plain_text or "")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_page_number_that_is_no_number_shows_the_first_page(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    for typed in ("²", "99999999999999999999", "-3"):
        reply = (await world.say(STAFF_A, f"/patients {typed}")).only(STAFF_A).plain_text or ""
        assert "no patients yet" in reply and APOLOGY not in reply


async def test_the_patient_command_still_takes_a_plain_number(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    patient = world.patient(PATIENT_1)
    for typed in (str(patient.id), f"#{patient.id}"):
        reply = (await world.say(STAFF_A, f"/patient {typed}")).only(STAFF_A).plain_text or ""
        assert "Zebedee Quill" in reply
    usage = (await world.say(STAFF_A, "/patient Zebedee")).only(STAFF_A).plain_text or ""
    assert "followed by the patient's number" in usage


@pytest.mark.parametrize(
    "data",
    [
        "a1:sh:zzzzzzzz",  # minutes past year 9999: OverflowError before
        "a1:ar:zzzzzzzz:neck",
        "a1:sw:x",  # a handler's prefix, but not its data: never answered before
        "a1:ck:zzzzzzzzzz:3",
        "a1:ck:",
        "a1:sw:n\n",
        "cl:ah:٣",
        "cl:ah:99999999999999999999",
        "cl:pg:5\n",
        "cl:rv:-1",
        "ob:join\n",
    ],
)
async def test_every_forged_press_is_answered_and_crashes_nothing(
    world: World, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    await world.say(PATIENT_1, "/start")
    message = world.standin.messages_to(PATIENT_1)[-1]
    sent = await world.press(PATIENT_1, message.message_id or 0, data, forged=True)
    assert world.standin.unanswered_callbacks == []
    assert len(sent.answers) == 1
    assert APOLOGY not in sent.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_press_carrying_another_chats_message_changes_nobodys_chat(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Patient 2 forges a press on a message of patient 1's chat: refused, nothing moves."""
    await world.say(PATIENT_1, "/session")
    await world.say(PATIENT_2, "/start")
    before = world.patient(PATIENT_2)
    ask = world.standin.messages_to(PATIENT_1)[-1]
    caplog.set_level(logging.WARNING)
    sent = await world.push(
        lambda: (
            world.standin.push_callback(
                PATIENT_1, ask.message_id or 0, encode(SessionWhen(When.NOW)), user_id=PATIENT_2
            ).update_id
        )
    )
    assert world.standin.unanswered_callbacks == []
    assert not sent.to(PATIENT_1), "nothing is sent to or edited in the other chat"
    assert world.patient(PATIENT_2).chat_id == before.chat_id == PATIENT_2
    assert world.patient(PATIENT_1).chat_id == PATIENT_1
    assert "refused" in caplog.text


async def test_a_press_whose_handler_fails_is_still_answered(world: World) -> None:
    """Telegram refuses the flow's own answer: the error handler answers the press itself."""
    await world.say(PATIENT_1, "/session")
    ask = world.standin.messages_to(PATIENT_1)[-1]
    world.standin.fail_next(1, 400, methods=["answerCallbackQuery"])
    sent = await world.press(PATIENT_1, ask.message_id or 0, SessionWhen(When.NOW))
    assert len(sent.answers) == 1, "the error handler's answer (the refused one left no record)"
    assert world.standin.unanswered_callbacks == []
