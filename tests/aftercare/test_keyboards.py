"""The aftercare keyboards carry exactly the buttons their flows read back (through the codec)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup

from bot.aftercare import keyboards
from bot.content import Messages, load_plan
from bot.ids import MAX_ID
from bot.settings import Settings
from bot.telegram.callbacks import (
    Button,
    ChangeReminders,
    CheckinScore,
    ReminderChange,
    SessionArea,
    SessionHour,
    SessionWhen,
    ToggleKind,
    When,
)
from tests.buttons import decoded


def _buttons(markup: InlineKeyboardMarkup) -> list[Button | None]:
    return decoded([str(b.callback_data) for row in markup.inline_keyboard for b in row])


def test_a_checkin_offers_every_score_and_a_skip_for_its_reminder(messages: Messages) -> None:
    markup = keyboards.checkin(messages, "en", MAX_ID)
    assert _buttons(markup) == [
        *(CheckinScore(MAX_ID, n) for n in range(11)),
        CheckinScore(MAX_ID, None),
    ]


def test_session_buttons_carry_the_time_to_the_minute(messages: Messages) -> None:
    at = datetime(2026, 6, 10, 9, 30, 59, tzinfo=UTC)
    minute = at.replace(second=0)
    assert _buttons(keyboards.session_hours([("09:30", at)])) == [SessionHour(minute)]
    plan = load_plan(Settings().plan_path)
    areas = keyboards.session_areas(messages, "en", plan.areas, at)
    assert _buttons(areas) == [SessionArea(minute, area.code) for area in plan.areas]
    assert _buttons(keyboards.session_when(messages, "en")) == [
        SessionWhen(When.NOW),
        SessionWhen(When.EARLIER),
        SessionWhen(When.YESTERDAY),
        SessionWhen(When.TYPED),
    ]


def test_reminder_settings_offer_resume_only_when_paused_or_stopped(messages: Messages) -> None:
    running = _buttons(
        keyboards.reminder_settings(messages, "en", {"stretch": True}, stopped=False, paused=False)
    )
    assert running == [
        ToggleKind("stretch"),
        *(ChangeReminders(ReminderChange.pause(d)) for d in (1, 3, 7)),
        ChangeReminders(ReminderChange.STOP),
    ]
    stopped = _buttons(
        keyboards.reminder_settings(messages, "en", {"stretch": False}, stopped=True, paused=False)
    )
    assert stopped == [ToggleKind("stretch"), ChangeReminders(ReminderChange.RESUME)]
