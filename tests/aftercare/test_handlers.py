"""Aftercare commands given bad input, through the real Application with a recording Telegram
(``tests/fakes.py``): each gets the catalog's clear reply and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.content import Messages
from bot.settings import Settings
from bot.storage.repository import Repository
from bot.telegram.callbacks import SessionArea, SessionWhen, When
from tests.buttons import kinds
from tests.conftest import NOW
from tests.fakes import Person

PATIENT = 7_600_000_002


@pytest.mark.parametrize(
    ("command", "key", "params"),
    [
        ("/session 25:99", "sessions.bad_time", {"text": "25:99"}),
        ("/session yesterday teatime", "sessions.bad_time", {"text": "yesterday teatime"}),
        ("/session 23:59", "sessions.in_future", {}),
        ("/session yesterday", "sessions.needs_time", {}),
        ("/timezone Mars/Olympus", "optin.zone_unknown", {"zone": "Mars/Olympus"}),
        ("/pause forever", "reminders.pause_bad", {}),
    ],
)
async def test_bad_input_gets_a_clear_reply_and_changes_nothing(
    person: Callable[..., Person],
    messages: Messages,
    repo: Repository,
    command: str,
    key: str,
    params: dict[str, Any],
) -> None:
    patient = person(PATIENT)
    reply = (await patient.say(command)).only(PATIENT)
    assert reply.text == messages.text(key, **params)
    assert repo.db["sessions"].count == 0
    assert repo.db["reminders"].count == 0


async def _type_a_time(patient: Person) -> None:
    await patient.command("session")
    await patient.press(SessionWhen(When.TYPED))


async def test_a_plain_reply_after_type_a_time_is_the_sessions_time(
    person: Callable[..., Person], messages: Messages
) -> None:
    patient = person(PATIENT)
    await _type_a_time(patient)
    unreadable = (await patient.say("teatime")).only(PATIENT)
    assert unreadable.text == messages.text("sessions.bad_typed_time", text="teatime")
    areas = (await patient.say("yesterday at 5pm")).only(PATIENT)
    # 17:00 yesterday in the patient's zone (UTC here): the area question names it.
    assert areas.text.startswith(messages.text("sessions.ask_area", when="\0").split("\0")[0])
    assert "17:00" in areas.text and SessionArea in kinds(areas.callback_data)
    # Taken: the next message is a question again.
    again = (await patient.say("5pm")).only(PATIENT)
    assert SessionArea not in kinds(again.callback_data)


async def test_a_question_or_a_red_flag_after_type_a_time_is_not_taken_for_a_time(
    person: Callable[..., Person], messages: Messages
) -> None:
    patient = person(PATIENT)
    await _type_a_time(patient)
    urgent = (await patient.say("I can't breathe")).to(PATIENT)
    assert urgent[0].text == messages.text("urgent.breathing")
    await _type_a_time(patient)
    answer = (await patient.say("how long will I be sore after the session?")).to(PATIENT)
    assert messages.text("sessions.bad_typed_time", text="\0").split("\0")[0] not in answer.text
    assert answer.text


async def test_timezone_takes_a_city_and_suggests_the_closest_zone(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    suggested = (await patient.command("timezone", "sidney")).only(PATIENT)
    assert suggested.text == messages.text(
        "optin.zone_suggest", zone="sidney", suggestions="Australia/Sydney"
    )
    (await patient.command("timezone", "sydney")).only(PATIENT)
    record = repo.patients.by_telegram_user(PATIENT)
    assert record is not None and record.timezone == "Australia/Sydney"


async def test_the_session_areas_offered_are_the_clinic_s_own_plan_s(
    person: Callable[..., Person], repo: Repository
) -> None:
    """A clinic whose plan treats fewer areas: /session offers those, the ones it logs."""
    patient = person(PATIENT)
    await patient.say("/start")
    plan_text = Settings().plan_path.read_text(encoding="utf-8")
    # The clinic's plan without the chest-wall area.
    own = plan_text.replace(
        '[[area]]\ncode = "chest_wall"\nmessage = "sessions.area.chest_wall"\n'
        "breathing_check = true\n",
        "",
    )
    assert own != plan_text
    clinic = repo.clinics.create(name="Elm Physio", timezone="UTC", digest_time=None, now=NOW)
    repo.clinics.set_plan_override(clinic.id, own)
    row = repo.patients.by_telegram_user(PATIENT)
    assert row is not None
    repo.patients.set_fields(row.id, clinic_id=clinic.id)
    areas = (await patient.say("/session yesterday at 5pm")).only(PATIENT)
    offered = " ".join(areas.callback_data)
    assert "neck" in offered
    assert "chest_wall" not in offered
