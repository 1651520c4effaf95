"""When was the treatment? Parsing what a patient types or taps into an instant.

Accepted, in the patient's time zone: ``now``; a clock time (``14:30``, ``14.30``, ``17h30``,
``5pm``, ``5:30 pm``, ``noon``); with a day before it (``today``, ``yesterday``, ``this
morning``, ``this afternoon``, ``this evening``, ``tonight``, ``last night``, ``yesterday
evening``), with or without ``at``. A part of the day settles an hour without am/pm ("this
evening at 7" is 19:00). Rejected with a specific reason (the handler turns it into a sentence
with an example): what is not a time (``25:99``, ``teatime``), a time in the future, a treatment
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

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$")
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
# (days back, part of the day: "am", "pm" or None) for the words before a time.
_DAYS: dict[tuple[str, ...], tuple[int, str | None]] = {
    ("today",): (0, None),
    ("earlier", "today"): (0, None),
    ("yesterday",): (1, None),
    ("this", "morning"): (0, "am"),
    ("this", "afternoon"): (0, "pm"),
    ("this", "evening"): (0, "pm"),
    ("tonight",): (0, "pm"),
    ("last", "night"): (1, "pm"),
    ("yesterday", "morning"): (1, "am"),
    ("yesterday", "afternoon"): (1, "pm"),
    ("yesterday", "evening"): (1, "pm"),
}
_FILLER = {"at", "around", "about", "~", "ish", "o'clock", "oclock"}


class TimeProblem(Enum):
    NOT_A_TIME = "not_a_time"  # 25:99, teatime, gibberish
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
    folded = re.sub(r"(\d)\s+(am|pm|a\.m\.|p\.m\.)\b", r"\1\2", text.strip().lower())
    words = [w for w in folded.rstrip(".!").replace(",", " ").split() if w not in _FILLER]
    if not words:
        return TimeRejected(TimeProblem.NEEDS_TIME)
    if words == ["now"] or words == ["just", "now"]:
        return now.astimezone(UTC)
    days_back, part = 0, None
    for length in (2, 1):
        if tuple(words[:length]) in _DAYS:
            days_back, part = _DAYS[tuple(words[:length])]
            words = words[length:]
            break
    if not words:
        return TimeRejected(TimeProblem.NEEDS_TIME)
    if len(words) != 1:
        return TimeRejected(TimeProblem.NOT_A_TIME)
    clock = read_clock_time(words[0], part)
    if clock is None:
        return TimeRejected(TimeProblem.NOT_A_TIME)
    day = now.astimezone(zone).date() - timedelta(days=days_back)
    return check_treatment_time(local_instant(day, clock, zone), now, max_age)


def read_clock_time(word: str, part: str | None = None) -> time | None:
    """``17:30``, ``17.30``, ``5pm``, ``5:30am``, ``noon``; ``part`` ("am"/"pm", from "this
    evening") settles an hour written without one."""
    if word in _NAMED_TIMES:
        return _NAMED_TIMES[word]
    match = _CLOCK.match(word)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "") or None
    if suffix is None and match.group(2) is None and part is None and hour > 23:
        return None
    meridiem = suffix or (part if hour <= 12 else None)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


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
