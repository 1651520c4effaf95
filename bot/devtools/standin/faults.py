"""Fault injection and traffic accounting: the parts of Telegram that push back.

Telegram's documented limits are about 30 messages per second overall and about one message per
second per chat; beyond them it answers 429 with `retry_after`. A user who blocked the bot yields
403. Both must be handled by the bot's sending code, so the stand-in can produce them on demand.
So can the network: a 5xx answer, a dropped connection, an answer that comes only after the
client gave up (the call *was* carried out: a "maybe delivered" timeout), each for the next N
calls or, as an outage, until lifted; optionally only for some methods or chats.
Not thread-safe on its own: `World` calls it under its lock.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import Literal

from bot.devtools.standin.errors import ApiError, forbidden, too_many_requests
from bot.devtools.standin.records import StandInCounters

#: Calls that count towards Telegram's flood limits.
RATE_LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendSticker",
        "sendVoice",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
#: Calls a user who blocked the bot refuses.
CHAT_BOUND_METHODS = RATE_LIMITED_METHODS | {"sendChatAction"}

FailureKind = int | Literal["disconnect", "late"]
#: How late a "late" answer comes unless told otherwise (beyond the bot's default timeout).
DEFAULT_LATE_SECONDS = 6.0


class Disconnect(Exception):
    """Drop the connection without an answer, as a flaky network or proxy would."""


class AnswerLate(Exception):
    """The call was carried out; answer it only after ``delay`` seconds (the client has
    usually given up by then)."""

    def __init__(self, delay: float, result: object) -> None:
        super().__init__(f"answer after {delay} s")
        self.delay = delay
        self.result = result


@dataclass(frozen=True)
class _RateLimit:
    per_second: int
    retry_after: int


@dataclass
class _PlannedFailures:
    remaining: int | None  # None: until lifted (an outage)
    kind: FailureKind
    methods: frozenset[str] | None
    chats: frozenset[int | str] | None = None
    delay: float = DEFAULT_LATE_SECONDS


class FaultPlan:
    def __init__(self) -> None:
        self.blocked_chats: set[int | str] = set()
        self._rate_limit: _RateLimit | None = None
        self._failures: list[_PlannedFailures] = []
        self._window: deque[float] = deque()
        self._last_send_by_chat: dict[int | str, float] = {}
        self._min_interval_by_chat: dict[int | str, float] = {}
        self._requests: Counter[str] = Counter()
        self._rate_limited = 0
        self._blocked = 0
        self._injected = 0
        self._per_chat_violations = 0
        self._peak = 0

    def set_rate_limit(self, per_second: int | None, retry_after: int) -> None:
        self._rate_limit = None if per_second is None else _RateLimit(per_second, retry_after)

    def plan_failures(
        self,
        count: int | None,
        kind: FailureKind,
        methods: frozenset[str] | None,
        *,
        chats: frozenset[int | str] | None = None,
        delay: float = DEFAULT_LATE_SECONDS,
    ) -> None:
        """The next ``count`` matching calls fail (``None``: every one until ``lift``)."""
        self._failures.append(_PlannedFailures(count, kind, methods, chats, delay))

    def lift(self) -> None:
        """End every planned failure and outage: the network is back."""
        self._failures = []

    def admit(self, method: str, chat_id: int | str | None, now: float) -> float | None:
        """Count the call and raise whatever fault applies to it, in Telegram's order; returns
        a delay when the call is to be carried out but answered late."""
        self._requests[method] += 1
        late = self._maybe_fail(method, chat_id)
        if chat_id is not None and method in CHAT_BOUND_METHODS and chat_id in self.blocked_chats:
            self._blocked += 1
            raise forbidden("bot was blocked by the user")
        if method not in RATE_LIMITED_METHODS:
            return late
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        limit = self._rate_limit
        if limit is not None and len(self._window) >= limit.per_second:
            self._rate_limited += 1
            raise too_many_requests(limit.retry_after)
        return late

    def accepted(self, method: str, chat_id: int | str | None, now: float) -> None:
        """Account for a sending call that succeeded (only those occupy the flood window)."""
        if method not in RATE_LIMITED_METHODS:
            return
        self._window.append(now)
        self._peak = max(self._peak, len(self._window))
        if chat_id is None:
            return
        previous = self._last_send_by_chat.get(chat_id)
        self._last_send_by_chat[chat_id] = now
        if previous is None:
            return
        interval = now - previous
        if interval < 1.0:
            self._per_chat_violations += 1
        best = self._min_interval_by_chat.get(chat_id)
        self._min_interval_by_chat[chat_id] = interval if best is None else min(best, interval)

    def _maybe_fail(self, method: str, chat_id: int | str | None) -> float | None:
        for plan in self._failures:
            applies = method in plan.methods if plan.methods else method != "getUpdates"
            if plan.chats is not None and chat_id not in plan.chats:
                applies = False
            if (plan.remaining is None or plan.remaining > 0) and applies:
                if plan.remaining is not None:
                    plan.remaining -= 1
                self._injected += 1
                self._failures = [
                    p for p in self._failures if p.remaining is None or p.remaining > 0
                ]
                if plan.kind == "disconnect":
                    raise Disconnect
                if plan.kind == "late":
                    return plan.delay
                raise ApiError(plan.kind, _failure_description(plan.kind))
        return None

    def counters(self) -> StandInCounters:
        return StandInCounters(
            requests=sum(self._requests.values()),
            requests_by_method=dict(self._requests),
            rate_limited=self._rate_limited,
            blocked=self._blocked,
            injected_failures=self._injected,
            per_chat_violations=self._per_chat_violations,
            min_interval_by_chat=dict(self._min_interval_by_chat),
            peak_sends_per_second=self._peak,
        )


def _failure_description(status: int) -> str:
    if status == 502:
        return "Bad Gateway"
    if status >= 500:
        return "Internal Server Error"
    return "Bad Request: injected failure"
