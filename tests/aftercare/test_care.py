"""A patient's care facts, read once (``bot.aftercare.service.care_for``), on a real SQLite file:
the zone and plan fall back from the patient to their clinic to the bot; unreadable quiet hours
are none; the wording is the clinic's own where it has one."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from bot.aftercare.care import CareView
from bot.aftercare.plan import AftercarePlan
from bot.aftercare.quiet_hours import NO_QUIET_HOURS, QuietHours
from bot.aftercare.service import care_for
from bot.content import Messages, load_plan
from bot.patients.model import Patient
from bot.settings import Settings
from bot.storage.repository import Repository
from tests.conftest import NOW

PLAN = load_plan(Settings().plan_path)
PLAN_TEXT = Settings().plan_path.read_text(encoding="utf-8")


def _patient(repo: Repository, user_id: int = 501) -> Patient:
    return repo.patients.register(
        telegram_user_id=user_id, chat_id=user_id, display_name="Pat", locale="en", now=NOW
    )


def _care(repo: Repository, messages: Messages, patient: Patient) -> CareView:
    fresh = repo.patients.get(patient.id)
    assert fresh is not None
    return care_for(repo, messages, PLAN, fresh, default_timezone="Europe/Berlin")


def _in_clinic(repo: Repository, patient: Patient, zone: str = "Australia/Sydney") -> int:
    clinic = repo.clinics.create(name="Elm Physio", timezone=zone, digest_time=None, now=NOW)
    repo.patients.set_fields(patient.id, clinic_id=clinic.id)
    return clinic.id


def test_a_patient_without_clinic_or_zone_gets_the_bot_s_defaults(
    repo: Repository, messages: Messages
) -> None:
    care = _care(repo, messages, _patient(repo))
    assert care.zone == ZoneInfo("Europe/Berlin")
    assert care.quiet == QuietHours(time(21, 0), time(8, 0))  # the column's default
    assert care.plan is PLAN
    assert care.say("reminders.hydration") == messages.text("reminders.hydration", "en")
    assert care.timing.zone == care.zone and care.timing.quiet == care.quiet


def test_the_clinic_s_zone_applies_until_the_patient_chooses_their_own(
    repo: Repository, messages: Messages
) -> None:
    patient = _patient(repo)
    _in_clinic(repo, patient)
    assert _care(repo, messages, patient).zone == ZoneInfo("Australia/Sydney")
    repo.patients.set_timezone(patient.id, "America/Chicago")
    assert _care(repo, messages, patient).zone == ZoneInfo("America/Chicago")


def test_a_zone_nobody_can_read_falls_back_to_the_next_one(
    repo: Repository, messages: Messages
) -> None:
    patient = _patient(repo)
    _in_clinic(repo, patient, zone="Mars/Olympus_Mons")
    repo.patients.set_fields(patient.id, timezone="Not/A_Zone")
    assert _care(repo, messages, patient).zone == ZoneInfo("Europe/Berlin")


def test_unreadable_quiet_hours_mean_none_and_equal_ones_mean_none(
    repo: Repository, messages: Messages
) -> None:
    patient = _patient(repo)
    repo.patients.set_fields(patient.id, quiet_start="late", quiet_end="08:00")
    assert _care(repo, messages, patient).quiet == NO_QUIET_HOURS
    repo.patients.set_quiet_hours(patient.id, "22:00", "22:00")
    assert not _care(repo, messages, patient).quiet.enabled


def test_the_clinic_s_own_plan_is_parsed_once_into_the_view_and_a_broken_one_is_ignored(
    repo: Repository, messages: Messages
) -> None:
    patient = _patient(repo)
    clinic_id = _in_clinic(repo, patient)
    repo.clinics.set_plan_override(clinic_id, PLAN_TEXT.replace('snooze = "1h"', 'snooze = "2h"'))
    care = _care(repo, messages, patient)
    assert isinstance(care.plan, AftercarePlan) and care.plan is not PLAN
    assert care.plan.snooze.total_seconds() == 2 * 3600
    assert _care(repo, messages, patient).plan is care.plan  # the same text is parsed once
    repo.clinics.set_plan_override(clinic_id, "this is not toml [")
    assert _care(repo, messages, patient).plan is PLAN


def test_the_clinic_s_wording_replaces_the_catalog_s_for_its_patients_only(
    repo: Repository, messages: Messages
) -> None:
    patient, other = _patient(repo), _patient(repo, 502)
    clinic_id = _in_clinic(repo, patient)
    repo.clinics.set_text(clinic_id, "reminders.hydration", "en", "Water time at Elm!")
    assert _care(repo, messages, patient).say("reminders.hydration") == "Water time at Elm!"
    assert _care(repo, messages, other).say("reminders.hydration") == messages.text(
        "reminders.hydration", "en"
    )
