"""Delivering outbox rows: one attempt and its outcome, the hooks features hang on it, and the
spill for the rare write the database refuses.

``Outbox`` is what the rest of the bot holds (``Services.outbox``). Flows write their effects
with ``add`` inside the transaction that records their cause, or through ``write``, which runs
the whole transaction and, if SQLite refuses it (disk full, read-only file), keeps the work in
memory and runs it again on every sweep until it is written: an alert is never dropped because
one write failed, though it cannot outlive the process until it is on disk. Another process's
write lock is only a wait: ``write`` says ``LOCKED`` at once, and ``write_when_free`` waits for
the lock without blocking the event loop, spilling only if it outlasts the caller's patience.

``attempt`` makes one request for one claimed row and records what happened:

* delivered → *sent*, and the purpose's ``delivered`` hook runs in the same transaction (an
  alert copy records its message id and releases "your clinic was told");
* 429 → the row is not delivered; the budget pauses for ``retry_after`` and the row waits;
* network error, 5xx, timeout → *pending* again after a capped back-off (1, 2, 4 … 30 s of real
  time); never counted against a give-up budget. A timeout may have delivered the message
  (Telegram has no idempotency key), so the row is flagged and logged as a possible duplicate;
* 403 / 400 → *failed*, with a log line (ids only) and the ``gave_up`` hook; a passed deadline
  → *expired*, the same way. A purpose's ``cancel_reason`` hook may end a row that is no
  longer wanted (an alert handled by staff) before any request.

Each of those writes waits out another process's write lock (``bot.storage.lock_wait``, without
blocking the event loop) rather than fail: a delivered message whose row could not be marked
*sent* would be sent again after its lease, and a claimed row dropped on an error stays claimed
by this process until it restarts.

The reminder sender (``bot.aftercare.sender``) claims due rows and calls ``attempt`` with the
shared send budget; a handler that must answer at once (the urgent reply) writes its row
claimed and calls ``send_now`` with the application's own (paced) bot.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import partial
from typing import Any, TypeVar

from sqlite_utils import Database
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.outbox.effects import Effect, Purpose, RowStatus, retry_delay, scaled
from bot.outbox.store import OutboxRow, OutboxStore, Reclaimed
from bot.storage.lock_wait import DatabaseLocked, LockWait, is_busy
from bot.telegram.send_budget import SendBudget, retry_after_seconds

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Real seconds a claim stays valid without renewal (the sweep renews it every interval).
LEASE_SECONDS = 30.0
MAX_TEXT = 4096


def _never(_row: OutboxRow) -> str | None:
    return None


def _nothing(_row: OutboxRow, _detail: Any) -> None:
    return None


@dataclass(frozen=True)
class Hooks:
    """What a feature does around the delivery of its rows.

    ``cancel_reason``: checked right before a request; a reason ends the row as *cancelled*.
    ``delivered``: runs in the transaction that marks the row *sent* (with the message id).
    ``gave_up``: runs in the transaction that ends the row as *failed* or *expired*.
    ``orphaned``: the message went out but its row was gone (the patient erased meanwhile).
    """

    cancel_reason: Callable[[OutboxRow], str | None] = _never
    delivered: Callable[[OutboxRow, int | None], None] = _nothing
    gave_up: Callable[[OutboxRow, str], None] = _nothing
    orphaned: Callable[[OutboxRow, int | None], None] = _nothing


NO_HOOKS = Hooks()


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"  # pending again after a back-off
    RATE_LIMITED = "rate_limited"  # still claimed; try again after ``pause``
    ENDED = "ended"  # failed, expired or cancelled
    LOST = "lost"  # the row is no longer ours (lease taken over, erased)


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    pause: float = 0.0


class ReplyMode(Enum):
    """How a write that may be retried from the spill should treat its reply row."""

    NOW = "now"  # add it claimed: the caller sends it at once (``send_now``)
    LATER = "later"  # add it pending: the sender delivers it
    DELIVERED = "delivered"  # it went out directly while the database refused: add nothing


class Spilled:
    """What ``Outbox.write`` returns when SQLite refused the write (the work is kept)."""

    def __repr__(self) -> str:
        return "SPILLED"


SPILLED = Spilled()


class Locked:
    """What ``Outbox.write`` returns when another process held the write lock: nothing was
    written and nothing kept; the caller decides how long to wait (``write_when_free``)."""

    def __repr__(self) -> str:
        return "LOCKED"


LOCKED = Locked()


@dataclass
class _Spill:
    what: str
    work: Callable[[], object]


def new_owner() -> str:
    """This process's name on the claims it makes (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Outbox:
    """The outbox at run time: write effects with their cause, deliver claimed rows."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        time_scale: float = 1.0,
        owner: str | None = None,
        lease_seconds: float = LEASE_SECONDS,
        lock_wait: LockWait | None = None,
    ) -> None:
        self.db = db
        self.lock_wait = lock_wait or LockWait(db)
        self.store = OutboxStore(db)
        self.clock = clock
        self.time_scale = time_scale
        self.owner = owner or new_owner()
        self.lease = timedelta(seconds=lease_seconds)
        self.hooks: dict[str, Hooks] = {}
        self._wakers: list[Callable[[], None]] = []
        self._spilled: list[_Spill] = []

    # --- wiring --------------------------------------------------------------------------

    def register(self, purpose: Purpose, hooks: Hooks) -> None:
        self.hooks[purpose.value] = hooks

    def on_wake(self, callback: Callable[[], None]) -> None:
        """``callback`` runs whenever new rows may be due (a sender's wake-up)."""
        self._wakers.append(callback)

    def wake(self) -> None:
        for callback in self._wakers:
            callback()

    def lease_until(self, now: datetime) -> datetime:
        return now + scaled(self.lease, self.time_scale)

    # --- writing -------------------------------------------------------------------------

    def add(self, effect: Effect, *, claim: bool = False) -> int:
        """Insert a row (inside the caller's transaction); ``claim``: the caller sends it now
        with ``send_now`` (if this process dies first, its lease runs out and it is resent)."""
        now = self.clock.now()
        if not claim:
            return self.store.add(effect, now)
        return self.store.add(effect, now, owner=self.owner, lease_until=self.lease_until(now))

    def add_reply(self, effect: Effect, mode: ReplyMode) -> int | None:
        """``add`` for a reply the caller may already have delivered (see ``ReplyMode``)."""
        if mode is ReplyMode.DELIVERED:
            return None
        return self.add(effect, claim=mode is ReplyMode.NOW)

    def write(self, work: Callable[[], T], *, what: str) -> T | Spilled | Locked:
        """Run ``work`` in one transaction; if SQLite refuses it, keep it and retry later —
        unless another process holds the write lock (``LOCKED``: nothing kept).

        ``what`` names the write in logs (ids only, never text)."""
        try:
            with self.db.atomic():
                return work()
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return LOCKED
            return self._spill(work, what, exc)

    async def write_when_free(
        self, work: Callable[[], T], *, what: str, give_up_at: float
    ) -> T | Spilled:
        """``write``, waiting out another process's lock (without blocking the event loop)
        until ``give_up_at``; then, or on any other refusal, the work is spilled."""

        def atomically() -> T:
            with self.db.atomic():
                return work()

        try:
            return await self.lock_wait.retry(atomically, what=what, give_up_at=give_up_at)
        except (sqlite3.OperationalError, DatabaseLocked) as exc:
            return self._spill(work, what, exc)

    def _spill(self, work: Callable[[], object], what: str, exc: Exception) -> Spilled:
        log.error(
            "%s: the database refused the write (%s); kept in memory and retried on every sweep",
            what,
            type(exc).__name__,
        )
        self._spilled.append(_Spill(what, work))
        return SPILLED

    @property
    def spilled(self) -> int:
        return len(self._spilled)

    def flush_spilled(self) -> int:
        """Write what the database refused earlier, oldest first; returns how many now are."""
        written = 0
        while self._spilled:
            spill = self._spilled[0]
            try:
                with self.db.atomic():
                    spill.work()
            except sqlite3.OperationalError as exc:
                log.warning("%s: still not written (%s)", spill.what, type(exc).__name__)
                break
            self._spilled.pop(0)
            written += 1
            log.warning("%s: written after all; it will be delivered now", spill.what)
        if written:
            self.wake()
        return written

    # --- the sender's side ---------------------------------------------------------------

    def claim_due(self, limit: int) -> list[OutboxRow]:
        now = self.clock.now()
        return self.store.claim_due(
            now=now, limit=limit, owner=self.owner, lease_until=self.lease_until(now)
        )

    def renew_leases(self) -> None:
        self.store.renew_leases(self.owner, self.lease_until(self.clock.now()))

    def recover(self) -> Reclaimed:
        """Rows a stopped process had claimed are pending again; log possible duplicates."""
        reclaimed = self.store.reclaim_expired(self.clock.now(), except_owner=self.owner)
        for row_id in reclaimed.possible_duplicates:
            log.warning(
                "outbox %s was in flight when its sender stopped: it will be sent again and "
                "may arrive twice",
                row_id,
            )
        if reclaimed.requeued:
            log.info("%d claimed outbox rows of a stopped sender are pending again",
                     len(reclaimed.requeued))  # fmt: skip
        return reclaimed

    def seconds_until_due(self) -> float | None:
        """Real seconds until the next pending row is due (None: nothing pending)."""
        due = self.store.next_due_at()
        if due is None:
            return None
        clock_seconds = (due - self.clock.now()).total_seconds()
        return max(0.0, clock_seconds / self.time_scale)

    # --- delivering ----------------------------------------------------------------------

    async def send_now(self, bot: Bot, row_id: int) -> Outcome:
        """Deliver a row this process claimed when it wrote it (``add(..., claim=True)``).

        ``bot`` is the application's bot, which takes its own turn from the send budget."""
        row = self.store.get(row_id)
        if row is None or row.status is not RowStatus.CLAIMED:
            return Outcome.LOST
        result = await self.attempt(bot, row)
        if result.outcome is Outcome.RATE_LIMITED:
            now = self.clock.now()
            await self._write(row, lambda: self.store.retry_later(
                row.id, self.owner, now=now, reason="rate_limited", failed=False,
                due_at=now + scaled(timedelta(seconds=result.pause), self.time_scale),
            ))  # fmt: skip
        if result.outcome is not Outcome.SENT:
            self.wake()  # the sender takes it from here
        return result.outcome

    async def attempt(
        self, bot: Bot, row: OutboxRow, *, budget: SendBudget | None = None
    ) -> Attempt:
        """One request for a row claimed by this process, and its outcome recorded."""
        hooks = self.hooks.get(row.purpose, NO_HOOKS)
        now = self.clock.now()
        reason = hooks.cancel_reason(row)
        if reason is not None:
            cancel = partial(
                self.store.finish, row.id, self.owner, RowStatus.CANCELLED, reason, now
            )
            if await self._write(row, cancel):
                log.info("outbox %s (%s) cancelled: %s", row.id, row.purpose, reason)
            self.wake()  # rows waiting on this one may go now
            return Attempt(Outcome.ENDED)
        if row.deadline_at is not None and now > row.deadline_at:
            await self._give_up(row, hooks, RowStatus.EXPIRED, "deadline passed")
            return Attempt(Outcome.ENDED)
        turn = None
        if budget is not None:
            new_message = row.edit_message_id is None
            turn = await budget.acquire(row.chat_id if new_message else None, urgent=True)
        try:
            sending = partial(self.store.mark_sending, row.id, self.owner, self.clock.now())
            if not await self._write(row, sending):
                log.warning("outbox %s: claim lost before sending; not sent here", row.id)
                return Attempt(Outcome.LOST)
            if row.maybe_delivered:
                log.warning(
                    "outbox %s: sending again after a request that may have been delivered "
                    "(possible duplicate)",
                    row.id,
                )
            try:
                message_id = await self._request(bot, row)
            except RetryAfter as exc:
                pause = retry_after_seconds(exc)
                if budget is not None:
                    budget.pause(pause)
                # Refused, so not delivered.
                await self._write(row, partial(self.store.mark_claimed, row.id, self.owner))
                return Attempt(Outcome.RATE_LIMITED, pause)
            except Forbidden:
                await self._give_up(row, hooks, RowStatus.FAILED, "blocked")
                return Attempt(Outcome.ENDED)
            except BadRequest as exc:
                if row.edit_message_id is not None and "not modified" in exc.message.lower():
                    message_id = row.edit_message_id  # already says this: done
                else:
                    await self._give_up(row, hooks, RowStatus.FAILED, "refused")
                    return Attempt(Outcome.ENDED)
            except (TimedOut, NetworkError) as exc:
                await self._retry(
                    row, timed_out=isinstance(exc, TimedOut), error=type(exc).__name__
                )
                return Attempt(Outcome.RETRY)
        finally:
            if turn is not None and budget is not None:
                budget.done(turn)
        await self._delivered(row, hooks, message_id)
        return Attempt(Outcome.SENT)

    async def _write(self, row: OutboxRow, work: Callable[[], T]) -> T:
        """One write about ``row``, made once the database takes it (however long that is)."""
        return await self.lock_wait.retry(work, what=f"outbox {row.id}")

    async def _request(self, bot: Bot, row: OutboxRow) -> int:
        markup = InlineKeyboardMarkup.de_json(row.markup, bot) if row.markup else None
        text = _clip(row.text)
        if row.edit_message_id is not None:
            await bot.edit_message_text(
                text,
                chat_id=row.chat_id,
                message_id=row.edit_message_id,
                reply_markup=markup,
                parse_mode=ParseMode.HTML,
            )
            return row.edit_message_id
        message = await bot.send_message(
            row.chat_id, text, reply_markup=markup, parse_mode=ParseMode.HTML
        )
        return message.message_id

    async def _delivered(self, row: OutboxRow, hooks: Hooks, message_id: int | None) -> None:
        def mark_sent() -> bool:
            with self.db.atomic():
                ours = self.store.mark_sent(row.id, self.owner, message_id, self.clock.now())
                if ours:
                    hooks.delivered(row, message_id)
            return ours

        def orphaned() -> None:
            with self.db.atomic():
                hooks.orphaned(row, message_id)

        if not await self._write(row, mark_sent):
            if self.store.get(row.id) is None:
                await self._write(row, orphaned)
            else:
                log.warning("outbox %s sent but its claim had been taken over", row.id)
        self.wake()  # rows waiting on this one (or released by it) may be due now

    async def _retry(self, row: OutboxRow, *, timed_out: bool, error: str) -> None:
        now = self.clock.now()
        wait = retry_delay(row.failures + 1)
        await self._write(row, lambda: self.store.retry_later(
            row.id, self.owner, now=now, due_at=now + scaled(wait, self.time_scale),
            reason="timeout" if timed_out else "network", failed=True, maybe_delivered=timed_out,
        ))  # fmt: skip
        if timed_out:
            log.warning(
                "outbox %s (%s): the request timed out; it may have been delivered and will be "
                "sent again, so it may arrive twice",
                row.id,
                row.purpose,
            )
        else:
            log.info(
                "outbox %s (%s): %s, retry %d in %.0f s",
                row.id,
                row.purpose,
                error,
                row.failures + 1,
                wait.total_seconds(),
            )

    async def _give_up(self, row: OutboxRow, hooks: Hooks, status: RowStatus, reason: str) -> None:
        def finish() -> None:
            with self.db.atomic():
                if self.store.finish(row.id, self.owner, status, reason, self.clock.now()):
                    hooks.gave_up(row, reason)

        await self._write(row, finish)
        log.warning(
            "outbox %s (%s) to chat %s %s: %s (alert %s, patient %s)",
            row.id,
            row.purpose,
            row.chat_id,
            status.value,
            reason,
            row.alert_id,
            row.patient_id,
        )
        self.wake()  # rows waiting on this one, or made due by the hook, may go now


def _clip(text: str) -> str:
    """Keep a message within Telegram's limit without cutting an HTML tag in half."""
    if len(text) <= MAX_TEXT:
        return text
    cut = text[: MAX_TEXT - 1]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut + "…"
