"""The paced sender: claims due reminders and outbox rows, checks them again, and sends them
within Telegram's limits without ever losing one.

Outbox rows (alerts to staff, urgent replies to retry, scrubs; see ``bot.outbox``) are claimed
first and sent before reminders; ``Outbox.attempt`` decides what their outcome means. Both kinds
retry network errors, 5xx answers and timeouts after a capped back-off (``retry_delay``: 1, 2,
4 … 30 s of real time, stored as a later ``due_at`` so nothing sleeps while holding a slot),
and none of those count towards giving up: a reminder ends only when it is sent, refused (400,
403) or past its deadline (*missed*), an alert copy only when it is delivered, refused or the
alert is handled.

Pacing comes from the one ``SendBudget`` the whole bot shares (``bot.telegram.send_budget``): the
sender takes a turn (a slot in the sliding 1 s window and a chat whose last message is more
than a second old) before each request, and patient replies, which go through the same budget
via the application bot's rate limiter, are served first. Reminder requests themselves go
through an unpaced twin of the application bot (``bot.telegram.bots.unpaced_twin``) so they are
not paced twice and a 429 reaches this code: it pauses the shared budget for ``retry_after``
and puts the reminder back at the head of the queue.

Row states (see ``bot.aftercare.store``): a claimed row is re-checked (consent, /stop,
/pause, quiet hours, lateness, kind switched off) right before its request; it becomes
*sending* just before the request and *sent* right after Telegram's answer. A kill in between
leaves it *sending*: after its lease expires it is sent again and logged as a possible
duplicate. So at most the requests in flight at the kill (≤ ``max_in_flight``, in practice
rate × round-trip time, one or two) can reach a patient twice — plus any request that timed
out: Telegram may have delivered it, and it is sent again (logged "may arrive twice"), because
a duplicate check-in is harmless and a lost one is not.

Another process holding the database's write lock (``bot.storage.lock_wait``) pauses claiming
without blocking the event loop, and every write about a row this process already claimed —
deciding it, marking it *sending*, recording Telegram's answer — waits for the lock instead of
failing: a claimed row dropped on an error would stay claimed by this process until it
restarts, and a sent one left *sending* would be sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.aftercare.reminders import Action, Reminder, Status, decide_at_send
from bot.aftercare.service import block_patient
from bot.aftercare.views import reminder_message, step_for
from bot.outbox.courier import Outbox, Outcome
from bot.outbox.effects import retry_delay, scaled
from bot.outbox.store import OutboxRow
from bot.storage.lock_wait import is_busy
from bot.telegram.context import Services, patient_view
from bot.telegram.send_budget import SendBudget, Turn, retry_after_seconds

log = logging.getLogger(__name__)

T = TypeVar("T")

# Claims of one row that ended without an outcome (the process died) before it is marked
# failed: a row that kills its sender must not do so forever. Network errors never count.
MAX_ATTEMPTS = 8
PREPARE_CHUNK = 4  # claimed rows prepared between two turns of the event loop
#: After an unexpected error in the loop itself (the database refusing a claim, say).
LOOP_ERROR_PAUSE = 1.0


@dataclass
class Outgoing:
    reminder: Reminder
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    maybe_delivered: bool = False


@dataclass
class SenderStats:
    sent: int = 0
    missed: int = 0
    skipped: int = 0
    cancelled: int = 0
    failed: int = 0
    waited: int = 0
    rate_limited: int = 0
    retried: int = 0
    possible_duplicates: int = 0
    first_send_at: float | None = None


class ReminderSender:
    """Owns the claimed rows of this process and sends them as fast as the budget allows.

    ``outbox``: also deliver outbox rows (first); ``reminders=False``: only those."""

    def __init__(
        self,
        *,
        bot: Bot,
        services: Services,
        owner: str,
        budget: SendBudget,
        lease: timedelta,
        max_in_flight: int = 16,
        outbox: Outbox | None = None,
        reminders: bool = True,
    ) -> None:
        self.bot = bot
        self.services = services
        self.owner = owner
        self.budget = budget
        self.lease = lease
        self.outbox = outbox
        self.reminders = reminders
        self.batch = max(1, budget.capacity * 2)
        self.queue: deque[Outgoing] = deque()
        self.outbox_queue: deque[OutboxRow] = deque()
        self.stats = SenderStats()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._wake = asyncio.Event()
        if outbox is not None:
            outbox.on_wake(self.wake)

    # --- claiming ------------------------------------------------------------------------

    @property
    def queued(self) -> int:
        return len(self.queue) + len(self.outbox_queue)

    async def refill(self) -> int:
        """Claim due rows (if the queue is short) and prepare them; returns how many queued.

        Outbox rows first. Preparing a reminder takes a few queries; the loop gets a turn every
        few rows so a batch never holds it for long (patients' messages and in-flight sends
        keep moving)."""
        queued = 0
        if self.outbox is not None and len(self.outbox_queue) < self.batch:
            rows = self.outbox.claim_due(self.batch - len(self.outbox_queue))
            self.outbox_queue.extend(rows)
            queued += len(rows)
        if not self.reminders or len(self.queue) >= self.batch:
            return queued
        now = self.services.clock.now()
        claimed = self.services.repo.aftercare.claim_due(
            now=now, limit=self.batch, owner=self.owner, lease_until=now + self.lease
        )
        for index, reminder in enumerate(claimed):
            if index and index % PREPARE_CHUNK == 0:
                await asyncio.sleep(0)
            item = await self._write(reminder, partial(self._prepare, reminder, now))
            if item is not None:
                self.queue.append(item)
                queued += 1
        return queued

    def renew_leases(self) -> None:
        now = self.services.clock.now()
        self.services.repo.aftercare.renew_leases(self.owner, now + self.lease)

    def wake(self) -> None:
        self._wake.set()

    def give_back_queued(self) -> int:
        """On a graceful stop: queued rows (claimed, no request made) go back to pending now,
        instead of waiting for their lease to expire. Returns how many."""
        now = self.services.clock.now()
        store = self.services.repo.aftercare
        given = 0
        while self.queue:
            item = self.queue.popleft()
            given += store.release(item.reminder.id, self.owner, now, reason="stopped")
        if given:
            log.info("%d claimed reminders given back as pending at stop", given)
        rows = 0
        while self.outbox is not None and self.outbox_queue:
            row = self.outbox_queue.popleft()
            rows += self.outbox.store.retry_later(
                row.id, self.owner, due_at=now, now=now, reason="stopped", failed=False
            )
        if rows:
            log.info("%d claimed outbox rows given back as pending at stop", rows)
        return given + rows

    def _prepare(self, reminder: Reminder, now: datetime) -> Outgoing | None:
        """Decide about a claimed row; settle it unless it is to be sent now."""
        repo = self.services.repo
        store = repo.aftercare
        patient = repo.patients.get(reminder.patient_id)
        session = store.session(reminder.session_id)
        if patient is None or session is None:
            store.finish(reminder.id, self.owner, Status.CANCELLED, "gone", now)
            self.stats.cancelled += 1
            return None
        # The same view of the patient a handler gets for an update, built for this row.
        view = patient_view(self.services, patient, now) if self.services.plan else None
        care = view.care if view is not None else None
        step = step_for(care.plan, reminder) if care is not None else None
        if view is None or care is None or step is None:
            store.finish(reminder.id, self.owner, Status.SKIPPED, "not_in_plan", now)
            self.stats.skipped += 1
            return None
        scores = store.scores_for_session(reminder.session_id)
        decision = decide_at_send(
            reminder,
            patient,
            kind_enabled=reminder.kind not in store.disabled_kinds(patient.id),
            zone=care.zone,
            quiet=care.quiet,
            only_if=step.only_if if reminder.snoozed_from is None else None,
            latest_score=scores[-1].score if scores else None,
            now=now,
        )
        if decision.action is Action.SEND:
            if reminder.attempts > MAX_ATTEMPTS:
                store.finish(reminder.id, self.owner, Status.FAILED, "too_many_attempts", now)
                self.stats.failed += 1
                log.warning(
                    "reminder %s failed: %d claims ended without an outcome (the sender "
                    "stopped each time)",
                    reminder.id,
                    reminder.attempts - 1,
                )
                return None
            text, markup = reminder_message(
                self.services.messages, view.locale, care.plan, step, reminder, session,
                care.zone, say=care.say, latest_score=scores[-1].score if scores else None,
            )  # fmt: skip
            return Outgoing(
                reminder, patient.chat_id, text, markup, maybe_delivered=reminder.maybe_delivered
            )
        if decision.action is Action.WAIT:
            store.release(
                reminder.id, self.owner, now, due_at=decision.until, reason=decision.reason
            )
            self.stats.waited += 1
        else:
            status = {
                Action.SKIP: Status.SKIPPED,
                Action.MISS: Status.MISSED,
                Action.CANCEL: Status.CANCELLED,
            }[decision.action]
            store.finish(reminder.id, self.owner, status, decision.reason, now)
            setattr(self.stats, status.value, getattr(self.stats, status.value) + 1)
        log.info("reminder %s %s (%s)", reminder.id, decision.action.value, decision.reason)
        return None

    # --- sending -------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, idle_wait: float) -> None:
        """Send until ``stop`` is set; when nothing is due, sleep until woken, until the next
        outbox row is due, or ``idle_wait``. An error in the loop itself (the database refusing
        a claim) is logged and the loop carries on: it is the only thing that sends."""
        while not stop.is_set():
            try:
                if self.queued < self.batch // 2:
                    await self.refill()  # top up before the queue runs dry
                if not self.queued:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self._idle(idle_wait))
                    continue
                await self.send_next()
            except Exception as exc:
                if is_busy(exc):  # a claim refused by another process's lock: wait for it
                    log.info("sender: the database is locked by another process; waiting")
                    await self.services.repo.lock_wait.until_writable()
                    continue
                log.exception("the sender's loop failed; carrying on")
                await asyncio.sleep(LOOP_ERROR_PAUSE)
        await self.settle()

    def _idle(self, idle_wait: float) -> float:
        if self.outbox is None:
            return idle_wait
        due_in = self.outbox.seconds_until_due()
        return idle_wait if due_in is None else max(0.005, min(idle_wait, due_in))

    async def drain(self) -> None:
        """Send everything due now and wait for the answers (tests and one-shot sweeps)."""
        while True:
            if not self.queued:
                await self.refill()
            if not self.queued:
                if not self._in_flight:
                    break
                await self.settle()  # a refused request comes back to the queue
                continue
            await self.send_next()

    async def settle(self) -> None:
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    async def send_next(self) -> None:
        """Start a task for the first queued outbox row, else for the first queued reminder
        whose chat may receive; the task waits for its turn from the budget (up to
        ``max_in_flight`` tasks wait or send at once)."""
        if self.outbox_queue:
            row = self.outbox_queue.popleft()
            await self._slots.acquire()
            task = asyncio.create_task(self._deliver(row))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
            return
        now = self.budget.now()
        item = self._pick_ready(now)
        if item is None:
            soonest = min(self.budget.chat_free_at(i.chat_id) for i in self.queue)
            await asyncio.sleep(max(0.005, soonest - now))
            return
        await self._slots.acquire()
        task = asyncio.create_task(self._send(item))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    def _pick_ready(self, now: float) -> Outgoing | None:
        for index, item in enumerate(self.queue):
            if self.budget.chat_free_at(item.chat_id) <= now:
                del self.queue[index]
                return item
        return None

    async def _deliver(self, row: OutboxRow) -> None:
        try:
            if self.outbox is None:
                raise RuntimeError("an outbox row queued by a sender without an outbox")
            result = await self.outbox.attempt(self.bot, row, budget=self.budget)
            if result.outcome is Outcome.RATE_LIMITED:
                self.stats.rate_limited += 1
                self.outbox_queue.appendleft(row)  # still claimed; the budget is paused
        except Exception:
            log.exception(
                "outbox %s: unexpected failure; it stays claimed until its lease ends", row.id
            )
        finally:
            self._slots.release()

    async def _send(self, item: Outgoing) -> None:
        turn: Turn | None = None
        try:
            if not await self._still_wanted(item):
                return
            # The turn is taken after the checks and right before the row is marked sending,
            # so the budget's clock runs from a moment very close to the request itself.
            turn = await self.budget.acquire(item.chat_id)
            await self._attempt(item, turn)
        except Exception:
            log.exception(
                "reminder %s: unexpected failure; it stays claimed until its lease ends",
                item.reminder.id,
            )
        finally:
            if turn is not None:
                self.budget.done(turn)
            self._slots.release()

    async def _write(self, reminder: Reminder, work: Callable[[], T]) -> T:
        """One write about a claimed ``reminder``, made once the database takes it."""
        return await self.services.repo.lock_wait.retry(work, what=f"reminder {reminder.id}")

    async def _attempt(self, item: Outgoing, turn: Turn) -> None:
        store = self.services.repo.aftercare
        clock = self.services.clock
        reminder = item.reminder
        write = partial(self._write, reminder)
        if not await write(partial(store.mark_sending, reminder.id, self.owner, clock.now())):
            log.warning(
                "reminder %s: lease lost before sending; not sent by this process", reminder.id
            )
            return
        if item.maybe_delivered:
            self.stats.possible_duplicates += 1
            log.warning(
                "reminder %s: sending again after a request that may have been delivered "
                "(possible duplicate)",
                reminder.id,
            )
        try:
            message = await self.bot.send_message(
                item.chat_id, item.text, reply_markup=item.markup, parse_mode=ParseMode.HTML
            )
        except RetryAfter as exc:
            self.budget.done(turn)
            self.budget.pause(retry_after_seconds(exc))
            self.stats.rate_limited += 1
            # Refused, so certainly not delivered.
            await write(partial(store.mark_claimed, reminder.id, self.owner))
            self.queue.appendleft(item)
            return
        except Forbidden:
            now = clock.now()
            await write(
                partial(store.finish, reminder.id, self.owner, Status.CANCELLED, "blocked", now)
            )
            cancelled = await write(
                partial(block_patient, self.services.repo, reminder.patient_id, now)
            )
            self.stats.cancelled += 1
            log.info(
                "patient %s blocked the bot; %d reminders cancelled",
                reminder.patient_id,
                cancelled,
            )
            return
        except BadRequest as exc:
            reason = f"bad_request: {exc.message[:80]}"
            await write(
                partial(store.finish, reminder.id, self.owner, Status.FAILED, reason, clock.now())
            )
            self.stats.failed += 1
            log.warning("reminder %s failed: Telegram refused the request", reminder.id)
            return
        except (TimedOut, NetworkError) as exc:
            # Pending again after a back-off; no give-up budget is used. A timeout may have
            # delivered it: sent again all the same (a duplicate is harmless, a loss is not).
            self.budget.done(turn)
            timed_out = isinstance(exc, TimedOut)
            failures = reminder.network_failures + 1
            wait = retry_delay(failures)
            now = clock.now()
            await write(partial(
                store.retry_later, reminder.id, self.owner, now,
                due_at=now + scaled(wait, self.services.settings.time_scale),
                maybe_delivered=timed_out,
            ))  # fmt: skip
            self.stats.retried += 1
            if timed_out:
                log.warning(
                    "reminder %s: the request timed out; it may have been delivered and will "
                    "be sent again, so it may arrive twice",
                    reminder.id,
                )
            else:
                log.info(
                    "reminder %s: %s, retry %d in %.0f s",
                    reminder.id,
                    type(exc).__name__,
                    failures,
                    wait.total_seconds(),
                )
            return
        self.budget.done(turn)
        if self.stats.first_send_at is None:
            self.stats.first_send_at = time.monotonic()
        self.stats.sent += 1
        sent = partial(store.mark_sent, reminder.id, self.owner, message.message_id, clock.now())
        if not await write(sent):
            log.warning("reminder %s sent but its lease had been taken over", reminder.id)

    async def _still_wanted(self, item: Outgoing) -> bool:
        """/stop, /pause and a block take effect even for rows already in the queue."""
        patient = self.services.repo.patients.get(item.reminder.patient_id)
        now = self.services.clock.now()
        if patient is not None and patient.receives_reminders(now):
            return True
        # Settles the row (cancelled, skipped, waiting) unless it is to be sent after all.
        prepared = await self._write(item.reminder, partial(self._prepare, item.reminder, now))
        return prepared is not None
