"""The one clock of the application.

Domain functions take ``now`` as a parameter; the application asks this clock. Tests use a
``ManualClock`` that only moves when told to, and the demo (or an acceptance run) uses a
``ScaledClock`` that runs N times faster than real time and can be fast-forwarded, so a +24 h
check-in can be seen without waiting a day.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class ClockAnchor:
    """Where a scaled clock stood at a real moment: enough to resume it after a restart."""

    scale: float
    wall_origin: datetime
    scaled_origin: datetime

    def at(self, wall: datetime) -> datetime:
        """The scaled time at real time ``wall`` (downtime counts, scaled, like any time)."""
        return self.scaled_origin + (wall - self.wall_origin) * self.scale


def _wall() -> datetime:
    return datetime.now(UTC)


class ScaledClock:
    """Time that runs ``scale`` times faster than real time, and can be fast-forwarded.

    ``resume_from`` continues a clock saved by an earlier process, so a restarted bot (demo or
    acceptance run) neither re-lives hours it already passed nor jumps back; ``on_change`` is
    told of every new anchor (after a fast-forward) so the caller can save it.
    """

    def __init__(
        self,
        scale: float = 1.0,
        *,
        start: datetime | None = None,
        resume_from: ClockAnchor | None = None,
        on_change: Callable[[ClockAnchor], None] | None = None,
        wall: Callable[[], datetime] = _wall,
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        wall_now = wall()
        origin = resume_from.at(wall_now) if resume_from is not None else start or wall_now
        self._scale = scale
        self._wall = wall
        self._on_change = on_change
        self._lock = threading.Lock()
        self._anchor = ClockAnchor(scale, wall_now, origin)
        self._monotonic_origin = time.monotonic()

    @property
    def anchor(self) -> ClockAnchor:
        """The current anchor, re-based on the present moment."""
        now = self.now()
        return ClockAnchor(self._scale, self._wall(), now)

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._monotonic_origin) * self._scale
        with self._lock:
            return self._anchor.scaled_origin + timedelta(seconds=elapsed)

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._anchor = replace(self._anchor, scaled_origin=self._anchor.scaled_origin + delta)
        if self._on_change is not None:
            self._on_change(self.anchor)


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
