"""Inline keyboards of the aftercare flows: sessions, check-ins, reminders and their settings.

Each button's data is written by the bot's one button codec (``bot.telegram.callbacks``), which
also reads it back for the handlers; this module only lays buttons out. Callback data never
carries authority: a check-in button carries only the reminder id, and the handler checks that
the reminder belongs to the patient who pressed it. Button labels come from the message catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.aftercare.plan import Area
from bot.content import Messages
from bot.telegram.callbacks import (
    PAUSE_DAYS,
    QUIET_PRESETS,
    SCORES,
    BreathingAnswer,
    Button,
    ChangeReminders,
    CheckinScore,
    KeepTimeZone,
    QuietHoursPreset,
    ReminderChange,
    ReminderConsent,
    RoutineAnswer,
    SessionArea,
    SessionHour,
    SessionWhen,
    ToggleKind,
    When,
    encode,
)


def _button(label: str, button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(button))


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def session_when(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    def when(key: str, choice: When) -> InlineKeyboardButton:
        return _button(messages.raw(f"sessions.button_{key}", locale), SessionWhen(choice))

    return InlineKeyboardMarkup(
        [
            [when("now", When.NOW)],
            [when("earlier", When.EARLIER), when("yesterday", When.YESTERDAY)],
            [when("typed", When.TYPED)],
        ]
    )


def session_hours(hours: Sequence[tuple[str, datetime]]) -> InlineKeyboardMarkup:
    """Hour buttons; labels are local clock times such as ``14:00`` (not catalog text)."""
    return InlineKeyboardMarkup(_rows([_button(label, SessionHour(at)) for label, at in hours], 4))


def session_areas(
    messages: Messages, locale: str, areas: Sequence[Area], treated_at: datetime
) -> InlineKeyboardMarkup:
    buttons = [
        _button(messages.raw(a.message, locale), SessionArea(treated_at, a.code)) for a in areas
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def checkin(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    scores = [_button(str(n), CheckinScore(reminder_id, n)) for n in SCORES]
    skip = _button(messages.raw("checkins.button_skip", locale), CheckinScore(reminder_id, None))
    return InlineKeyboardMarkup([scores[:6], scores[6:], [skip]])


def breathing(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    return _one_row(
        messages,
        locale,
        ("checkins.button_breathing_yes", BreathingAnswer(reminder_id, trouble=True)),
        ("checkins.button_breathing_no", BreathingAnswer(reminder_id, trouble=False)),
    )


def done_snooze(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    return _one_row(
        messages,
        locale,
        ("reminders.button_done", RoutineAnswer(reminder_id, done=True)),
        ("reminders.button_snooze", RoutineAnswer(reminder_id, done=False)),
    )


def consent(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    return _one_row(
        messages,
        locale,
        ("optin.button_yes", ReminderConsent(agreed=True)),
        ("optin.button_no", ReminderConsent(agreed=False)),
    )


def _one_row(
    messages: Messages, locale: str, *buttons: tuple[str, Button]
) -> InlineKeyboardMarkup:
    """Buttons side by side: (catalog key of the label, button)."""
    return InlineKeyboardMarkup([[_button(messages.raw(key, locale), b) for key, b in buttons]])


def keep_zone(messages: Messages, locale: str, zone: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(messages.raw("optin.button_keep_zone", locale, zone=zone), KeepTimeZone())]]
    )


def quiet_hours(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    buttons = [
        _button(
            messages.raw("optin.button_no_quiet", locale)
            if code == "off"
            else f"{code[:2]}:00–{code[2:]}:00",
            QuietHoursPreset(code),
        )
        for code in QUIET_PRESETS
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def reminder_settings(
    messages: Messages, locale: str, enabled: dict[str, bool], *, stopped: bool, paused: bool
) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                messages.raw(
                    "reminders.button_kind_on" if on else "reminders.button_kind_off",
                    locale,
                    kind=messages.raw(f"reminders.kind.{kind}", locale),
                ),
                ToggleKind(kind),
            )
        ]
        for kind, on in enabled.items()
    ]
    if stopped or paused:
        resume = ChangeReminders(ReminderChange.RESUME)
        rows.append([_button(messages.raw("reminders.button_resume", locale), resume)])
    if not stopped:
        rows.append(_pause_row(messages, locale))
        stop = ChangeReminders(ReminderChange.STOP)
        rows.append([_button(messages.raw("reminders.button_stop", locale), stop)])
    return InlineKeyboardMarkup(rows)


def pause_durations(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    """The answers to "for how long?" under /pause: durations only."""
    return InlineKeyboardMarkup([_pause_row(messages, locale)])


def _pause_row(messages: Messages, locale: str) -> list[InlineKeyboardButton]:
    return [
        _button(
            messages.raw("reminders.button_pause", locale, days=d),
            ChangeReminders(ReminderChange.pause(d)),
        )
        for d in PAUSE_DAYS
    ]


def log_session_button(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    """The "Log a session" button under /start's welcome."""
    return InlineKeyboardMarkup(
        [[_button(messages.raw("sessions.button_log", locale), SessionWhen(When.MENU))]]
    )
