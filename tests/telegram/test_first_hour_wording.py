"""Messages a first-time patient reads, through the real Application and a recording
Telegram: each says plainly what applies to this patient (no clinic, self-harm)."""

from __future__ import annotations

from collections.abc import Callable

from bot.content import Markup, Messages
from bot.storage.repository import Repository
from tests.conftest import NOW
from tests.fakes import Person

PATIENT = 7_600_000_201


async def test_self_harm_without_a_clinic_points_to_crisis_support_not_the_clinic(
    person: Callable[..., Person], messages: Messages
) -> None:
    sent = (await person(PATIENT).say("i want to kill myself")).to(PATIENT)
    assert [call.text for call in sent] == [
        messages.text("urgent.self_harm"),
        messages.text("urgent.self_harm_support"),
    ]
    assert messages.text("urgent.no_clinic") not in sent.text


async def test_a_physical_red_flag_without_a_clinic_still_says_to_contact_the_clinic(
    person: Callable[..., Person], messages: Messages
) -> None:
    sent = (await person(PATIENT).say("since the session I can't breathe")).to(PATIENT)
    assert sent[-1].text == messages.text("urgent.no_clinic")


async def test_privacy_without_a_clinic_says_only_the_patient_sees_the_data(
    person: Callable[..., Person], messages: Messages
) -> None:
    text = (await person(PATIENT).command("privacy")).only(PATIENT).text
    who = Markup(messages.text("privacy.who_no_clinic"))
    assert text == messages.text("privacy.text", who=who)
    assert "clinic (" not in text


async def test_privacy_with_a_clinic_names_it(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    clinic = repo.clinics.create(name="Elm Physio", timezone="UTC", digest_time=None, now=NOW)
    record = repo.patients.by_telegram_user(PATIENT)
    assert record is not None
    repo.db.table("patients").update(record.id, {"clinic_id": clinic.id})
    text = (await patient.command("privacy")).only(PATIENT).text
    who = Markup(messages.text("privacy.who_clinic", clinic="Elm Physio"))
    assert text == messages.text("privacy.text", who=who)
