"""How late a reminder may still be sent, per kind.

Each plan step carries a lateness window (``late_window`` in the plan file). When a reminder is
planned its deadline is fixed as *due time + window* and stored with the row, so a later change
to the plan file never changes the fate of reminders already planned. At send time a reminder
whose deadline has passed is *missed*: a hydration nudge hours late is pointless, while a 24 h
check-in a few hours late is still useful, so the windows differ per kind.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum


class Lateness(Enum):
    NOT_DUE = "not_due"
    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"


# Sent within this long after its due time, a reminder counts as on time (a sweep interval or a
# short rate-limit pause), not late.
ON_TIME_SLACK = timedelta(minutes=2)


def deadline(due_at: datetime, window: timedelta) -> datetime:
    """The last moment a reminder due at ``due_at`` may still be sent."""
    return due_at + window


def judge(now: datetime, due_at: datetime, deadline_at: datetime) -> Lateness:
    """Whether a reminder is not yet due, on time, late but still useful, or missed."""
    if now < due_at:
        return Lateness.NOT_DUE
    if now > deadline_at:
        return Lateness.MISSED
    if now - due_at <= ON_TIME_SLACK:
        return Lateness.ON_TIME
    return Lateness.LATE
