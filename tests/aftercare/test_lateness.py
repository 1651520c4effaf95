from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.aftercare.lateness import Lateness, deadline, judge

DUE = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def test_a_reminder_before_its_due_time_is_not_due() -> None:
    assert judge(DUE - timedelta(seconds=1), DUE, deadline(DUE, timedelta(hours=2))) is (
        Lateness.NOT_DUE
    )


def test_a_reminder_sent_within_the_slack_is_on_time() -> None:
    assert judge(DUE + timedelta(seconds=30), DUE, deadline(DUE, timedelta(hours=2))) is (
        Lateness.ON_TIME
    )


def test_a_24h_checkin_three_hours_late_is_still_sent() -> None:
    last = deadline(DUE, timedelta(hours=12))
    assert judge(DUE + timedelta(hours=3), DUE, last) is Lateness.LATE


def test_a_hydration_nudge_ten_hours_late_is_missed() -> None:
    last = deadline(DUE, timedelta(hours=2))
    assert judge(DUE + timedelta(hours=10), DUE, last) is Lateness.MISSED


def test_the_deadline_itself_is_still_in_time() -> None:
    last = deadline(DUE, timedelta(hours=2))
    assert judge(last, DUE, last) is Lateness.LATE
