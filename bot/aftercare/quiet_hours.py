"""Quiet hours and local wall times in a patient's time zone.

Wall times are built with ``zoneinfo`` from a local date and clock time, never by adding hours to
a UTC instant, so daylight-saving changes neither shift a reminder by an hour nor create a second
one. A wall time that does not exist (the spring-forward gap) resolves to the instant the same
number of minutes after the gap opened (e.g. 01:30 in London on the spring-forward day is 02:30
BST); an ambiguous one (the fall-back fold) resolves to its first occurrence. Either way one wall
time gives exactly one instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ClockTimeError(ValueError):
    """Text that is not a 24-hour clock time such as 21:00."""


def parse_clock(text: str) -> time:
    """``"21:00"`` → ``time(21, 0)``; anything else raises ClockTimeError."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ClockTimeError(f"{text!r} is not a 24-hour time like 21:00")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class QuietHours:
    """A nightly window (local wall time) in which routine reminders are not sent.

    ``start == end`` means no quiet hours. ``start > end`` wraps past midnight (21:00–08:00).
    """

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        return cls(parse_clock(start), parse_clock(end))

    @property
    def enabled(self) -> bool:
        return self.start != self.end

    def contains(self, wall: time) -> bool:
        if not self.enabled:
            return False
        if self.start < self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end


NO_QUIET_HOURS = QuietHours(time(0, 0), time(0, 0))


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time on a local date (gaps and folds resolved, see top)."""
    return datetime.combine(day, wall, tzinfo=zone).replace(fold=0).astimezone(UTC)


def is_quiet(moment: datetime, zone: ZoneInfo, quiet: QuietHours) -> bool:
    local = moment.astimezone(zone)
    return quiet.contains(local.time().replace(tzinfo=None))


def end_of_quiet_hours(moment: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """``moment`` if it is outside quiet hours, else the instant the quiet hours end."""
    local = moment.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    if not quiet.contains(wall):
        return moment
    day = local.date()
    if quiet.start > quiet.end and wall >= quiet.start:
        day += timedelta(days=1)
    end = local_instant(day, quiet.end, zone)
    # In a spring-forward gap the end can resolve before ``moment``; never move backwards.
    return max(end, moment.astimezone(UTC))
