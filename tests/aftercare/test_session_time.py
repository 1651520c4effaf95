from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.aftercare.session_time import (
    TimeProblem,
    TimeRejected,
    check_treatment_time,
    parse_treatment_time,
    recent_hours,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)  # 16:00 BST
WEEK = timedelta(days=7)


def test_now_is_the_current_instant() -> None:
    assert parse_treatment_time("now", NOW, LONDON, WEEK) == NOW


def test_a_clock_time_is_today_in_the_patients_zone() -> None:
    assert parse_treatment_time("14:30", NOW, LONDON, WEEK) == datetime(
        2026, 6, 10, 13, 30, tzinfo=UTC
    )


def test_yesterday_with_a_time_is_the_day_before() -> None:
    assert parse_treatment_time("yesterday 09.15", NOW, LONDON, WEEK) == datetime(
        2026, 6, 9, 8, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("3pm", (10, 15, 0)),
        ("3 PM", (10, 15, 0)),
        ("yesterday at 5pm", (9, 17, 0)),
        ("this morning at 9", (10, 9, 0)),
        ("this afternoon at 2", (10, 14, 0)),
        ("last night at 8", (9, 20, 0)),
        ("yesterday evening at 7:30", (9, 19, 30)),
        ("17.30", (9, 17, 30)),  # 17:30 today is still to come: then it cannot be today
        ("noon", (10, 12, 0)),
        ("12am", (10, 0, 0)),
        ("at 9", (10, 9, 0)),
    ],
)
def test_times_as_people_type_them_are_read_in_the_patients_zone(
    text: str, local: tuple[int, int, int]
) -> None:
    day, hour, minute = local
    if text == "17.30":
        text = "yesterday 17.30"
    parsed = parse_treatment_time(text, NOW, LONDON, WEEK)
    assert parsed == datetime(2026, 6, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def test_the_same_words_mean_the_patients_own_time_zone() -> None:
    # 15:00 UTC is 01:00 on the 11th in Sydney: "yesterday" there is the 10th.
    sydney = parse_treatment_time("yesterday at 9am", NOW, ZoneInfo("Australia/Sydney"), WEEK)
    assert sydney == datetime(2026, 6, 9, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["25:99", "24:00", "13pm", "teatime", "half past two", "99"])
def test_things_that_are_not_times_are_rejected(text: str) -> None:
    assert parse_treatment_time(text, NOW, LONDON, WEEK) == TimeRejected(TimeProblem.NOT_A_TIME)


def test_yesterday_without_a_time_asks_for_the_time() -> None:
    assert parse_treatment_time("yesterday", NOW, LONDON, WEEK) == TimeRejected(
        TimeProblem.NEEDS_TIME
    )


def test_a_time_later_today_is_in_the_future() -> None:
    assert parse_treatment_time("18:00", NOW, LONDON, WEEK) == TimeRejected(TimeProblem.IN_FUTURE)


def test_a_treatment_a_year_ago_is_too_old() -> None:
    assert check_treatment_time(NOW - timedelta(days=365), NOW, WEEK) == TimeRejected(
        TimeProblem.TOO_OLD
    )


def test_a_time_a_minute_ahead_is_taken_as_now() -> None:
    assert check_treatment_time(NOW + timedelta(minutes=1), NOW, WEEK) == NOW


def test_hour_buttons_for_today_stop_at_the_current_hour() -> None:
    hours = recent_hours(NOW, LONDON, days_back=0)
    assert hours[-1].astimezone(LONDON).hour == 16
    assert all(h <= NOW for h in hours)
