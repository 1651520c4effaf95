"""The buttons under /reminders (pause, resume, stop), through the real Application with a
recording Telegram: each change is stored, and the overview it leaves behind shows the patient
as the change left them (the update's view is refreshed, never the stale one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.aftercare.views import local_time
from bot.content import Messages
from bot.storage.repository import Repository
from bot.telegram.callbacks import (
    ChangeReminders,
    KeepTimeZone,
    QuietHoursPreset,
    ReminderChange,
    ReminderConsent,
    SessionArea,
    SessionWhen,
    When,
)
from tests.buttons import button_in
from tests.conftest import NOW
from tests.fakes import Call, Person

PATIENT = 7_600_000_031


async def _with_reminders_on(patient: Person) -> None:
    await patient.command("start")
    await patient.command("session")
    areas = (await patient.press(SessionWhen(When.NOW))).to(PATIENT)
    await patient.press(button_in([d for c in areas for d in c.callback_data], SessionArea))
    await patient.press(ReminderConsent(agreed=True))
    await patient.press(KeepTimeZone())
    await patient.press(QuietHoursPreset("2108"))


def _edited(calls: list[Call]) -> str:
    return next(c.text for c in calls if c.method == "editMessageText")


async def test_pause_resume_and_stop_under_reminders_show_the_patient_as_changed(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    patient = person(PATIENT)
    await _with_reminders_on(patient)
    overview = (await patient.command("reminders")).only(PATIENT)
    assert messages.text("reminders.state_on") in overview.text

    paused = _edited(await patient.press(ChangeReminders(ReminderChange.PAUSE_3)))
    until = NOW + timedelta(days=3)
    when = local_time(messages, "en", until, ZoneInfo("UTC"))
    assert messages.text("reminders.state_paused", until=when) in paused
    record = repo.patients.by_telegram_user(PATIENT)
    assert record is not None and record.paused_until == until

    resumed = _edited(await patient.press(ChangeReminders(ReminderChange.RESUME)))
    assert messages.text("reminders.state_on") in resumed

    stopped = _edited(await patient.press(ChangeReminders(ReminderChange.STOP)))
    assert messages.text("reminders.state_stopped") in stopped
    record = repo.patients.by_telegram_user(PATIENT)
    assert record is not None and record.reminders_stopped
    assert repo.aftercare.pending_for(record.id) == []
