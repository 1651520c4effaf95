from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.aftercare.quiet_hours import (
    NO_QUIET_HOURS,
    QuietHours,
    end_of_quiet_hours,
    is_quiet,
    local_instant,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = QuietHours(time(21), time(8))


def test_a_window_past_midnight_contains_late_evening_and_early_morning() -> None:
    assert NIGHT.contains(time(21, 0))
    assert NIGHT.contains(time(3, 0))
    assert not NIGHT.contains(time(8, 0))
    assert not NIGHT.contains(time(20, 59))


def test_a_daytime_window_does_not_wrap() -> None:
    siesta = QuietHours(time(13), time(15))
    assert siesta.contains(time(14))
    assert not siesta.contains(time(16))


def test_equal_start_and_end_means_no_quiet_hours() -> None:
    assert not NO_QUIET_HOURS.contains(time(3))


def test_a_reminder_due_late_evening_moves_to_next_morning() -> None:
    due = datetime(2026, 6, 10, 21, 30, tzinfo=LONDON)
    moved = end_of_quiet_hours(due.astimezone(UTC), LONDON, NIGHT)
    assert moved.astimezone(LONDON) == datetime(2026, 6, 11, 8, 0, tzinfo=LONDON)


def test_a_reminder_due_after_midnight_moves_to_the_same_mornings_end() -> None:
    due = datetime(2026, 6, 11, 2, 0, tzinfo=LONDON)
    moved = end_of_quiet_hours(due.astimezone(UTC), LONDON, NIGHT)
    assert moved.astimezone(LONDON) == datetime(2026, 6, 11, 8, 0, tzinfo=LONDON)


def test_a_reminder_outside_quiet_hours_is_left_alone() -> None:
    due = datetime(2026, 6, 11, 12, 0, tzinfo=UTC)
    assert end_of_quiet_hours(due, LONDON, NIGHT) == due


def test_quiet_hours_end_at_local_eight_on_the_spring_forward_night_in_london() -> None:
    # 2026-03-29: clocks go 01:00 GMT -> 02:00 BST.
    due = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 23:00 GMT
    moved = end_of_quiet_hours(due, LONDON, NIGHT)
    assert moved == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 08:00 BST


def test_quiet_hours_end_once_on_the_fall_back_night_in_new_york() -> None:
    # 2026-11-01: clocks go 02:00 EDT -> 01:00 EST; 01:30 happens twice.
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert end_of_quiet_hours(first, NEW_YORK, NIGHT) == end_of_quiet_hours(
        second, NEW_YORK, NIGHT
    )
    assert end_of_quiet_hours(first, NEW_YORK, NIGHT) == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)


def test_a_wall_time_in_the_spring_forward_gap_resolves_to_one_instant_after_it() -> None:
    # 2026-03-08 in New York: 02:30 does not exist.
    instant = local_instant(datetime(2026, 3, 8).date(), time(2, 30), NEW_YORK)
    assert instant == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


def test_quiet_hours_that_end_inside_the_gap_never_move_a_reminder_backwards() -> None:
    gap_night = QuietHours(time(1, 0), time(2, 30))
    due = datetime(2026, 3, 8, 6, 10, tzinfo=UTC)  # 01:10 EST, quiet
    moved = end_of_quiet_hours(due, NEW_YORK, gap_night)
    assert moved >= due
    assert not is_quiet(moved, NEW_YORK, gap_night)
