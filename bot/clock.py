"""The one clock of the application.

Domain functions take ``now`` as a parameter; the application asks this clock. Tests use a
``ManualClock`` that only moves when told to, and the demo (or an acceptance run) uses a
``ScaledClock`` that runs N times faster than real time and can be fast-forwarded, so a +24 h
check-in can be seen without waiting a day.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, timezone-aware UTC."""
        ...

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (fast-forward); real clocks refuse."""
        ...


class SystemClock:
    """Real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def advance(self, delta: timedelta) -> None:
        raise RuntimeError("the system clock cannot be fast-forwarded")


class ScaledClock:
    """Time that runs ``scale`` times faster than real time from the moment it was created."""

    def __init__(self, scale: float = 1.0, *, start: datetime | None = None) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self._scale = scale
        self._origin = start or datetime.now(UTC)
        self._monotonic_origin = time.monotonic()
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._monotonic_origin) * self._scale
        with self._lock:
            return self._origin + timedelta(seconds=elapsed) + self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += delta


class ManualClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)
