"""Inline keyboards and their compact callback data.

Callback data is ``a1:<verb>:<args>`` (``a1`` = aftercare, format 1), at most 64 bytes, parsed
strictly: anything else — an old format, a forged payload, a tampered or out-of-range number —
decodes to ``None``. The handlers' patterns are ``decode`` itself (``pattern``), so such a press
never reaches a flow that would have to refuse it: the catch-all answers it as a stale button
and the client stops spinning. Callback data never carries authority: a
check-in button carries only the reminder id, and the handler checks that the reminder belongs
to the patient who pressed it. Button labels come from the message catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.aftercare.plan import KINDS, Area
from bot.content import Messages
from bot.ids import MAX_ID

PREFIX = "a1"
MAX_BYTES = 64
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# A session time on a button is minutes since 2020; anything past 2200 is forged (and a big
# enough number would overflow ``datetime``).
MAX_MINUTE = int((datetime(2200, 1, 1, tzinfo=UTC) - _EPOCH).total_seconds() // 60)

QUIET_PRESETS = ("2108", "2207", "2309", "off")
PAUSE_DAYS = (1, 3, 7)


@dataclass(frozen=True)
class Callback:
    verb: str
    args: tuple[str, ...]


# verb -> pattern of the rest (after "a1:verb:"), with groups for the arguments.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "sw": re.compile(r"(m|n|e|y|t)"),  # session: menu / now / earlier today / yesterday / typed
    "sh": re.compile(r"([0-9a-z]{1,8})"),  # session: an hour chosen (minutes since 2020)
    "ar": re.compile(r"([0-9a-z]{1,8}):([a-z][a-z_]{1,23})"),  # session: time + area
    "ck": re.compile(r"([0-9a-z]{1,10}):(10|[0-9]|s)"),  # check-in score or skip
    "br": re.compile(r"([0-9a-z]{1,10}):(y|n)"),  # breathing difficulty / chest pain?
    "rd": re.compile(r"([0-9a-z]{1,10}):(d|z)"),  # routine reminder: done / snooze
    "op": re.compile(r"(y|n)"),  # reminders consent
    "tz": re.compile(r"(k)"),  # keep the suggested time zone
    "qh": re.compile(r"(" + "|".join(QUIET_PRESETS) + r")"),  # quiet hours preset
    "rk": re.compile(r"(" + "|".join(KINDS) + r")"),  # toggle a kind
    "rs": re.compile(r"(p1|p3|p7|re|st)"),  # pause N days / resume / stop
}


# verb -> (index of a base-36 argument, its largest value): numbers are bounded at decoding.
_BOUNDS: dict[str, tuple[int, int]] = {
    "sh": (0, MAX_MINUTE),
    "ar": (0, MAX_MINUTE),
    "ck": (0, MAX_ID),
    "br": (0, MAX_ID),
    "rd": (0, MAX_ID),
}


def pattern(*verbs: str) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: data that ``decode`` accepts, with one of these verbs.

    Data that only *starts* like ours (``a1:sh:zzzzzzzz``) does not match, so it falls through
    to the catch-all that answers stale buttons instead of reaching a handler unanswered.
    """
    wanted = frozenset(verbs)

    def matches(data: object) -> bool:
        callback = decode(data) if isinstance(data, str) else None
        return callback is not None and callback.verb in wanted

    return matches


def encode(verb: str, *args: str) -> str:
    data = ":".join((PREFIX, verb, *args))
    if verb not in _PATTERNS or decode(data) is None:
        raise ValueError(f"not valid callback data: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The callback, or None for anything not produced by ``encode``."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    verb_pattern = _PATTERNS.get(parts[1])
    match = verb_pattern.fullmatch(parts[2]) if verb_pattern else None
    if match is None:
        return None
    bound = _BOUNDS.get(parts[1])
    if bound is not None and from_b36(match.group(bound[0] + 1)) > bound[1]:
        return None
    return Callback(parts[1], match.groups())


def b36(number: int) -> str:
    if number < 0:
        raise ValueError("only non-negative numbers")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def from_b36(text: str) -> int:
    return int(text, 36)


def encode_minute(moment: datetime) -> str:
    return b36(int((moment - _EPOCH).total_seconds() // 60))


def decode_minute(text: str) -> datetime:
    return _EPOCH + timedelta(minutes=from_b36(text))


def _button(label: str, verb: str, *args: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(verb, *args))


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def session_when(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(messages.raw("sessions.button_now", locale), "sw", "n")],
            [
                _button(messages.raw("sessions.button_earlier", locale), "sw", "e"),
                _button(messages.raw("sessions.button_yesterday", locale), "sw", "y"),
            ],
            [_button(messages.raw("sessions.button_typed", locale), "sw", "t")],
        ]
    )


def session_hours(hours: Sequence[tuple[str, datetime]]) -> InlineKeyboardMarkup:
    """Hour buttons; labels are local clock times such as ``14:00`` (not catalog text)."""
    return InlineKeyboardMarkup(
        _rows([_button(label, "sh", encode_minute(at)) for label, at in hours], 4)
    )


def session_areas(
    messages: Messages, locale: str, areas: Sequence[Area], treated_at: datetime
) -> InlineKeyboardMarkup:
    minute = encode_minute(treated_at)
    buttons = [_button(messages.raw(a.message, locale), "ar", minute, a.code) for a in areas]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def checkin(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    rid = b36(reminder_id)
    scores = [_button(str(n), "ck", rid, str(n)) for n in range(11)]
    return InlineKeyboardMarkup(
        [
            scores[:6],
            scores[6:],
            [_button(messages.raw("checkins.button_skip", locale), "ck", rid, "s")],
        ]
    )


def breathing(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    rid = b36(reminder_id)
    return InlineKeyboardMarkup(
        [
            [
                _button(messages.raw("checkins.button_breathing_yes", locale), "br", rid, "y"),
                _button(messages.raw("checkins.button_breathing_no", locale), "br", rid, "n"),
            ]
        ]
    )


def done_snooze(messages: Messages, locale: str, reminder_id: int) -> InlineKeyboardMarkup:
    rid = b36(reminder_id)
    return InlineKeyboardMarkup(
        [
            [
                _button(messages.raw("reminders.button_done", locale), "rd", rid, "d"),
                _button(messages.raw("reminders.button_snooze", locale), "rd", rid, "z"),
            ]
        ]
    )


def consent(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(messages.raw("optin.button_yes", locale), "op", "y"),
                _button(messages.raw("optin.button_no", locale), "op", "n"),
            ]
        ]
    )


def keep_zone(messages: Messages, locale: str, zone: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(messages.raw("optin.button_keep_zone", locale, zone=zone), "tz", "k")]]
    )


def quiet_hours(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    buttons = [
        _button(
            messages.raw("optin.button_no_quiet", locale)
            if code == "off"
            else f"{code[:2]}:00–{code[2:]}:00",
            "qh",
            code,
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
                "rk",
                kind,
            )
        ]
        for kind, on in enabled.items()
    ]
    if stopped or paused:
        rows.append([_button(messages.raw("reminders.button_resume", locale), "rs", "re")])
    if not stopped:
        rows.append(
            [
                _button(messages.raw("reminders.button_pause", locale, days=d), "rs", f"p{d}")
                for d in PAUSE_DAYS
            ]
        )
        rows.append([_button(messages.raw("reminders.button_stop", locale), "rs", "st")])
    return InlineKeyboardMarkup(rows)


def pause_durations(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    """The answers to "for how long?" under /pause: durations only."""
    return InlineKeyboardMarkup(
        [
            [
                _button(messages.raw("reminders.button_pause", locale, days=d), "rs", f"p{d}")
                for d in PAUSE_DAYS
            ]
        ]
    )


def log_session_button(messages: Messages, locale: str) -> InlineKeyboardMarkup:
    """The "Log a session" button under /start's welcome."""
    return InlineKeyboardMarkup(
        [[_button(messages.raw("sessions.button_log", locale), "sw", "m")]]
    )
