"""When was the treatment? Parsing what a patient types or taps into an instant.

Accepted: ``now``, ``14:30`` / ``14.30`` (today), ``today 14:30``, ``yesterday 14:30`` in the
patient's time zone. Rejected with a specific reason (the handler turns it into a sentence):
times that are not 24-hour clock times (``25:99``, ``3pm``), a time in the future, a treatment
older than the plan allows. A bare "earlier today" or "yesterday" needs a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot.aftercare.quiet_hours import local_instant

# A treatment logged a little "in the future" is usually the phone's clock or a typo of minutes.
FUTURE_TOLERANCE = timedelta(minutes=5)

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DAY_WORDS = {"today": 0, "yesterday": 1}


class TimeProblem(Enum):
    NOT_A_TIME = "not_a_time"  # 25:99, 3pm, gibberish
    NEEDS_TIME = "needs_time"  # "yesterday" without a time
    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"


@dataclass(frozen=True)
class TimeRejected:
    problem: TimeProblem


def parse_treatment_time(
    text: str, now: datetime, zone: ZoneInfo, max_age: timedelta
) -> datetime | TimeRejected:
    """The treatment instant (UTC) the patient meant, or why it cannot be used."""
    words = text.strip().lower().split()
    if not words:
        return TimeRejected(TimeProblem.NEEDS_TIME)
    if words == ["now"]:
        return now.astimezone(UTC)
    days_back = 0
    if words[0] in _DAY_WORDS:
        days_back = _DAY_WORDS[words[0]]
        words = words[1:]
        if words[:1] == ["at"]:
            words = words[1:]
    elif words[:2] == ["earlier", "today"]:
        words = words[2:]
    if not words:
        return TimeRejected(TimeProblem.NEEDS_TIME)
    if len(words) != 1:
        return TimeRejected(TimeProblem.NOT_A_TIME)
    match = _TIME.match(words[0])
    if not match:
        return TimeRejected(TimeProblem.NOT_A_TIME)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return TimeRejected(TimeProblem.NOT_A_TIME)
    day = now.astimezone(zone).date() - timedelta(days=days_back)
    return check_treatment_time(local_instant(day, time(hour, minute), zone), now, max_age)


def check_treatment_time(
    treated_at: datetime, now: datetime, max_age: timedelta
) -> datetime | TimeRejected:
    """Reject a treatment time in the future or older than ``max_age`` (also for button data)."""
    if treated_at > now + FUTURE_TOLERANCE:
        return TimeRejected(TimeProblem.IN_FUTURE)
    if treated_at < now - max_age:
        return TimeRejected(TimeProblem.TOO_OLD)
    return min(treated_at, now).astimezone(UTC)


def recent_hours(now: datetime, zone: ZoneInfo, *, days_back: int) -> list[datetime]:
    """Whole local hours to offer as buttons: today's up to now (07:00 on), or yesterday's."""
    local_now = now.astimezone(zone)
    day = local_now.date() - timedelta(days=days_back)
    hours = range(7, 22)
    choices = [local_instant(day, time(h, 0), zone) for h in hours]
    return [c for c in choices if c <= now][-12:]
