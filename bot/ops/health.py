"""Is the bot alive? What ``GET /healthz`` answers, decided from three facts:

* the database takes a write (a one-row upsert through the bot's own connection, at most once a
  second: a read-only file, a full disk or a lost volume fail it as they would fail the bot;
  another process's write lock only once it has lasted ``LOCK_TOLERATED``, since the bot waits
  such locks out and a CLI command holds one for milliseconds);
* the reminder sweep finished a run within a few sweep periods (a stopped scheduler or a hung
  sweep would otherwise go unnoticed until patients miss their check-ins);
* Telegram answered recently, and no other instance is polling with the same token (409).

Telegram's side is observed, not probed on every request: every HTTP answer from the Bot API
marks it reachable (``TelegramWatch`` is fed by the bot's request objects), and in webhook mode,
where nothing may be sent for a while, a cheap ``getMe`` every minute keeps the fact fresh.
All times are monotonic seconds from an injected clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.storage.lock_wait import is_busy

#: A sweep that has not finished for this many periods (and at least ``SWEEP_GRACE`` s) is stuck.
SWEEP_PERIODS = 3
SWEEP_GRACE = 15.0
#: Without any answer from Telegram for this long, it counts as unreachable.
TELEGRAM_STALE = 180.0
#: How long a 409 Conflict (a second poller) keeps the bot unhealthy.
CONFLICT_WINDOW = 60.0
#: The database write is repeated at most this often (the endpoint may be polled every second).
DB_PROBE_EVERY = 1.0
#: How long another process may hold the write lock before the database counts as stuck.
LOCK_TOLERATED = 60.0

Monotonic = Callable[[], float]


@dataclass
class TelegramWatch:
    """What the bot's HTTP requests to Telegram have seen lately."""

    clock: Monotonic = time.monotonic
    answered_at: float | None = None
    failure: str | None = None
    conflict_at: float | None = None

    def answered(self, status: int) -> None:
        """Any HTTP answer means Telegram is reachable; 409 means someone else polls too."""
        now = self.clock()
        self.answered_at = now
        if status == 409:
            self.conflict_at = now

    def failed(self, error: BaseException) -> None:
        self.failure = type(error).__name__

    def quiet_for(self) -> float:
        """Seconds since the last answer (infinite before the first)."""
        return float("inf") if self.answered_at is None else self.clock() - self.answered_at


@dataclass(frozen=True)
class HealthReport:
    checks: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        body: dict[str, object] = {"status": "ok" if self.healthy else "unhealthy"}
        body["checks"] = {**self.checks, **self.problems}
        return body


class HealthCheck:
    """Answers ``/healthz`` from the database probe, the sweep's last run and ``TelegramWatch``."""

    def __init__(
        self,
        *,
        probe_database: Callable[[], None],
        sweep_finished_at: Callable[[], float | None],
        sweep_interval: float,
        telegram: TelegramWatch,
        clock: Monotonic = time.monotonic,
    ) -> None:
        self._probe_database = probe_database
        self._sweep_finished_at = sweep_finished_at
        self._sweep_limit = max(SWEEP_PERIODS * sweep_interval, SWEEP_GRACE)
        self.telegram = telegram
        self._clock = clock
        self._started_at = clock()
        self._db_checked_at: float | None = None
        self._db_problem: str | None = None
        self._db_locked_since: float | None = None

    def report(self) -> HealthReport:
        checks: dict[str, str] = {}
        problems: dict[str, str] = {}
        for name, problem in (
            ("database", self._database_problem()),
            ("sweep", self._sweep_problem()),
            ("telegram", self._telegram_problem()),
        ):
            if problem is None:
                checks[name] = "ok"
            else:
                problems[name] = problem
        return HealthReport(checks, problems)

    def _database_problem(self) -> str | None:
        now = self._clock()
        if self._db_checked_at is None or now - self._db_checked_at >= DB_PROBE_EVERY:
            self._db_checked_at = now
            try:
                self._probe_database()
                self._db_problem = self._db_locked_since = None
            except Exception as exc:  # any failure to write is the answer, not a crash
                self._db_problem = self._lock_problem(now, exc)
        return self._db_problem

    def _lock_problem(self, now: float, exc: Exception) -> str | None:
        if not is_busy(exc):
            self._db_locked_since = None
            return f"not writable ({type(exc).__name__}: {exc})"[:200]
        if self._db_locked_since is None:
            self._db_locked_since = now
        locked = now - self._db_locked_since
        if locked < LOCK_TOLERATED:
            return None
        return f"locked by another process for {locked:.0f} s"

    def _sweep_problem(self) -> str | None:
        finished = self._sweep_finished_at()
        since = self._clock() - (finished if finished is not None else self._started_at)
        if since <= self._sweep_limit:
            return None
        if finished is None:
            return f"the reminder sweep has not run since start-up {since:.0f} s ago"
        return f"the reminder sweep last finished {since:.0f} s ago"

    def _telegram_problem(self) -> str | None:
        watch = self.telegram
        now = self._clock()
        if watch.conflict_at is not None and now - watch.conflict_at <= CONFLICT_WINDOW:
            return "409 Conflict: another instance is polling with this token"
        quiet = watch.quiet_for()
        if quiet <= TELEGRAM_STALE:
            return None
        failure = f" (last error: {watch.failure})" if watch.failure else ""
        if watch.answered_at is None:
            return f"Telegram has not answered since start-up{failure}"
        return f"Telegram has not answered for {quiet:.0f} s{failure}"
