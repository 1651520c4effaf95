"""The one send budget shared by everything that talks to Telegram.

Telegram refuses (429) more than about 30 messages a second per bot and asks for about one
message a second per chat. Two independent pacers (PTB's ``AIORateLimiter`` for replies, the
reminder sender's own cadence) each stayed "under 30" and together went over; a token bucket
that refills steadily also lets a late request bunch up with the next ones. So there is one
``SendBudget`` per bot token, with a sliding window over the sends themselves: a send may start
only when fewer than ``capacity`` sends are unanswered or were answered within the last ``window +
margin``, and a new message to a private chat only when the previous one to that chat was answered
more than ``per_chat_interval + margin`` ago. Telegram (and the stand-in) count a request when it
arrives, which is somewhere between our start and our receipt of the answer; keying on start times
alone needs a margin as large as the worst start-to-arrival jitter, and an event loop busy for 100
ms (a claim batch, an answer being ranked) makes that jitter 100 ms. The answer time is
a bound that needs no guessing and costs one round trip per window (a few ms locally).

Patient replies (``urgent``) go before reminders: a reminder takes a free slot only when no
urgent sender could take it. Replies are spaced from reminders (a reply waits until a second
after a reminder to that chat, and a reminder until a second after any message to that chat),
but not from each other: a handler answering the patient's own message with two messages is a
short burst Telegram tolerates. Updates of different patients are handled at the same time
(``bot.telegram.update_order``), so every reply due at a moment is waiting here at that moment
and takes the next free slot before any reminder. A 429 that gets through anyway pauses the
whole budget for its ``retry_after``.

``BudgetRateLimiter`` plugs the budget into PTB (``ExtBot(rate_limiter=...)``) for the
application's bot and retries a 429 a bounded number of times; the reminder sender calls
``SendBudget.acquire`` itself, just before it marks a row *sending*, so a row is never shown as
in flight while it is only waiting for its turn.

The clock and the sleep are injected so the tests run without real time passing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot import metrics
from bot.telegram.attempts import note_request
from bot.telegram.update_order import waiting_aside

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

#: Extra room on top of the window and the per-chat interval (clock rounding, server counting).
DEFAULT_MARGIN = 0.005
#: How often a waiter looks again while the send it waits on is still unanswered.
POLL = 0.005
#: An unanswered request counts as arrived this long after its start (a hung one must not
#: hold every other send until its timeout).
IN_FLIGHT_CAP = 1.0
#: Bot API methods that put a new message in a chat (these get the per-chat spacing).
_COPY_OR_FORWARD = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})


def is_new_message(endpoint: str) -> bool:
    return (endpoint.startswith("send") and endpoint != "sendChatAction") or (
        endpoint in _COPY_OR_FORWARD
    )


def counts_toward_flood_limit(endpoint: str) -> bool:
    """Sends, copies, forwards and edits count; reads, answers and chat actions do not."""
    return is_new_message(endpoint) or endpoint.startswith("editMessage")


def private_chat(chat_id: object) -> int | None:
    """The id of a private chat (positive integer), else ``None`` (groups, @channels)."""
    if isinstance(chat_id, bool):
        return None
    if isinstance(chat_id, int):
        return chat_id if chat_id > 0 else None
    if isinstance(chat_id, str) and chat_id.isdigit():
        return int(chat_id)
    return None


def retry_after_seconds(exc: RetryAfter) -> float:
    pause = exc.retry_after
    return pause.total_seconds() if isinstance(pause, timedelta) else float(pause)


@dataclass(eq=False)
class _Waiter:
    urgent: bool
    seq: int
    chat: int | None

    def ahead_of(self, other: _Waiter) -> bool:
        """Urgent before not urgent, then first come first served."""
        return (not self.urgent, self.seq) < (not other.urgent, other.seq)


@dataclass(eq=False)
class Turn:
    """One send: when it was allowed to start and, once answered, when the answer came."""

    start: float
    chat: int | None
    urgent: bool
    end: float | None = None


@dataclass
class BudgetStats:
    granted: int = 0
    urgent: int = 0
    paused: int = 0


class SendBudget:
    """At most ``rate`` sends per second over a sliding window, plus per-chat spacing."""

    def __init__(
        self,
        rate: float,
        *,
        margin: float = DEFAULT_MARGIN,
        per_chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        # 30/s → 30 sends per 1 s; 0.5/s → 1 send per 2 s; 28.5/s → 28 sends per 0.98 s.
        self.capacity = max(1, math.floor(rate))
        self.window = self.capacity / rate + margin
        self.chat_gap = per_chat_interval + margin if per_chat_interval > 0 else 0.0
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        self._recent: list[Turn] = []  # turns that may still be in the server's window
        self._last_by_chat: OrderedDict[int, Turn] = OrderedDict()
        self._paused_until = -math.inf
        self._waiting: list[_Waiter] = []
        self._seq = count()
        self.stats = BudgetStats()

    # --- queries ---------------------------------------------------------------------------

    def now(self) -> float:
        return self._clock()

    def window_free_at(self) -> float:
        """When fewer than ``capacity`` sends could still be in a window ending then.

        A send arrived somewhere between its start and its answer, so one answered more than
        ``window`` ago is out of every window that matters; the others, in flight included,
        are counted (answers come back out of order, so this is not simply the oldest one)."""
        now = self._clock()
        self._recent = [t for t in self._recent if t.end is None or t.end + self.window > now]
        excess = len(self._recent) - self.capacity
        if excess < 0:
            return self._paused_until
        arrivals = sorted(self._arrived_by(t) for t in self._recent)
        return max(self._paused_until, arrivals[excess] + self.window)

    def chat_free_at(self, chat_id: object, *, urgent: bool = False) -> float:
        """When a new message to ``chat_id`` may start (``-inf``: now)."""
        return self._chat_free(private_chat(chat_id), urgent)

    # --- changes ---------------------------------------------------------------------------

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends for ``seconds`` (plus the margin)."""
        metrics.RATE_LIMITED.inc()
        until = self._clock() + seconds + self.margin
        if until > self._paused_until:
            self._paused_until = until
            self.stats.paused += 1

    async def acquire(self, chat_id: object = None, *, urgent: bool = False) -> Turn:
        """Wait for a turn to send to ``chat_id``; start the request at once, and call
        ``done(turn)`` when its answer (or error) is in.

        ``chat_id`` None: a call that counts toward the overall limit but is not a new message
        to a chat (an edit).
        """
        waiter = _Waiter(urgent, next(self._seq), private_chat(chat_id))
        self._waiting.append(waiter)
        try:
            while True:
                now = self._clock()
                ready = max(self.window_free_at(), self._chat_free(waiter.chat, waiter.urgent))
                if ready <= now:
                    if not self._someone_ahead_could_go(waiter, now):
                        return self._grant(waiter, now)
                    ready = now + POLL  # let the one ahead take it, then look again
                await self._sleep(ready - now)
        finally:
            self._waiting.remove(waiter)

    def done(self, turn: Turn) -> None:
        """The request of ``turn`` has been answered (or failed): it arrived by now."""
        if turn.end is None:
            turn.end = self._clock()

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: object = None, *, urgent: bool = False) -> AsyncIterator[Turn]:
        """``async with budget.turn(chat): await request``: acquire, then ``done``."""
        taken = await self.acquire(chat_id, urgent=urgent)
        try:
            yield taken
        finally:
            self.done(taken)

    # --- internals -------------------------------------------------------------------------

    def _arrived_by(self, turn: Turn) -> float:
        """The latest moment the server can have counted ``turn``'s request: its answer time;
        while unanswered, "not yet" (a moment from now), but never more than ``IN_FLIGHT_CAP``
        after its start, so one hung request cannot stop every send."""
        if turn.end is not None:
            return turn.end
        return min(self._clock() + POLL, turn.start + IN_FLIGHT_CAP)

    def _chat_free(self, chat: int | None, urgent: bool) -> float:
        if chat is None or not self.chat_gap:
            return -math.inf
        last = self._last_by_chat.get(chat)
        if last is None or (urgent and last.urgent):
            return -math.inf  # replies are not spaced from replies
        return self._arrived_by(last) + self.chat_gap

    def _someone_ahead_could_go(self, waiter: _Waiter, now: float) -> bool:
        return any(
            other is not waiter
            and other.ahead_of(waiter)
            and self._chat_free(other.chat, other.urgent) <= now
            for other in self._waiting
        )

    def _grant(self, waiter: _Waiter, now: float) -> Turn:
        turn = Turn(now, waiter.chat, waiter.urgent)
        self._recent.append(turn)
        self.stats.granted += 1
        metrics.SENDS.labels("reply" if waiter.urgent else "background").inc()
        if waiter.urgent:
            self.stats.urgent += 1
        if waiter.chat is not None and self.chat_gap:
            self._last_by_chat[waiter.chat] = turn
            self._last_by_chat.move_to_end(waiter.chat)
            # Oldest first: forget chats whose spacing has run out (O(1) amortised).
            while self._last_by_chat:
                chat, oldest = next(iter(self._last_by_chat.items()))
                if oldest.end is None or now - oldest.end <= self.chat_gap:
                    break
                del self._last_by_chat[chat]
        return turn


class BudgetRateLimiter(BaseRateLimiter[int]):
    """PTB's rate limiter hook over a ``SendBudget``: paces the application bot's sends and
    retries a 429 after its ``retry_after`` (at most ``max_retries`` times; ``rate_limit_args``
    overrides that per call, as with ``AIORateLimiter``)."""

    def __init__(self, budget: SendBudget, *, urgent: bool = True, max_retries: int = 3) -> None:
        self.budget = budget
        self.urgent = urgent
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up: the budget lives as long as the bot."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Take a turn from the budget (sending calls only), then make the request."""
        note_request(endpoint)  # an update handled again must not repeat it
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        counted = counts_toward_flood_limit(endpoint)
        chat = data.get("chat_id") if is_new_message(endpoint) else None
        attempt = 0
        while True:
            try:
                turn = await self.budget.acquire(chat, urgent=self.urgent) if counted else None
                return await self._answered(callback, args, kwargs, turn)
            except RetryAfter as exc:
                self.budget.pause(retry_after_seconds(exc))
                if attempt >= retries:
                    log.warning("%s: still rate limited after %d retries", endpoint, retries)
                    raise
                log.info("%s: rate limited, retrying after %s", endpoint, exc.retry_after)
                attempt += 1

    async def _answered(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        turn: Turn | None,
    ) -> JSONResult:
        """The request, and its answer noted in the budget. While Telegram answers, the update
        making it lets another one go on (``bot.telegram.update_order``): a slow or hung
        request holds up nobody else's update."""
        async with waiting_aside():
            try:
                return await callback(*args, **kwargs)
            finally:
                if turn is not None:
                    self.budget.done(turn)  # before taking a slot again: the window frees on time


def budget_of(bot: object) -> SendBudget | None:
    """The send budget of a bot built by ``bot.telegram.bots.build_bot`` (else ``None``)."""
    limiter = getattr(bot, "rate_limiter", None)
    return limiter.budget if isinstance(limiter, BudgetRateLimiter) else None


__all__ = ["BudgetRateLimiter", "SendBudget", "budget_of"]
