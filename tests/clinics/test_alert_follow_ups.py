"""What a patient hears after an alert, through the real Application and a recording Telegram
(the outbox delivered as the running sender would): the clinic was told, or — nobody there can
be — to contact it directly; after self-harm, never that, but crisis support."""

from __future__ import annotations

from collections.abc import Callable

from bot.content import Messages
from bot.storage.repository import Repository
from tests.conftest import NOW
from tests.fakes import Person

PATIENT, STAFF = 7_600_000_301, 5_600_000_301


def _join_clinic(repo: Repository, *, staffed: bool) -> None:
    clinic = repo.clinics.create(name="Elm Physio", timezone="UTC", digest_time=None, now=NOW)
    if staffed:
        repo.clinics.add_staff(
            clinic_id=clinic.id, telegram_user_id=STAFF, chat_id=STAFF, display_name="Ann",
            invite_id=None, now=NOW,
        )  # fmt: skip
    patient = repo.patients.by_telegram_user(PATIENT)
    assert patient is not None
    repo.patients.set_fields(patient.id, clinic_id=clinic.id)


async def test_a_clinic_with_nobody_to_tell_means_contact_it_directly_at_once(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    _join_clinic(repo, staffed=False)
    sent = (await patient.say("since the session I can't breathe")).to(PATIENT)
    assert sent[-1].text == messages.text("urgent.clinic_not_reached")
    record = repo.patients.by_telegram_user(PATIENT)
    assert record is not None and len(repo.alerts.for_patient(record.id)) == 1


async def test_self_harm_is_never_answered_with_contact_your_clinic(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    _join_clinic(repo, staffed=False)
    sent = (await patient.say("i want to kill myself")).to(PATIENT)
    assert [call.text for call in sent] == [
        messages.text("urgent.self_harm"),
        messages.text("urgent.self_harm_support"),
    ]


async def test_the_patient_hears_the_clinic_was_told_once_a_staff_copy_arrived(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    await patient.command("start")
    _join_clinic(repo, staffed=True)
    sent = await patient.say("i want to kill myself")
    assert [call.text for call in sent.to(PATIENT)] == [
        messages.text("urgent.self_harm"),
        messages.text("urgent.clinic_told"),
    ]
    assert "Ann" not in sent.to(STAFF).text and len(sent.to(STAFF)) == 1
