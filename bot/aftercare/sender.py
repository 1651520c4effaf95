"""The reminder sender: claims due rows, checks them again, and sends them within Telegram's
limits without ever losing one.

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
rate × round-trip time, one or two) can reach a patient twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.aftercare.reminders import Action, Reminder, Status, decide_at_send
from bot.aftercare.service import block_patient, patient_quiet_hours, patient_zone, plan_for
from bot.aftercare.views import reminder_message, step_for
from bot.clinics.service import clinic_text
from bot.telegram.context import Services
from bot.telegram.send_budget import SendBudget, Turn, retry_after_seconds

log = logging.getLogger(__name__)

MAX_NETWORK_RETRIES = 4
MAX_ATTEMPTS = 8  # claims of one row before it is marked failed
PREPARE_CHUNK = 4  # claimed rows prepared between two turns of the event loop


@dataclass
class Outgoing:
    reminder: Reminder
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    tries: int = 0
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
    """Owns the claimed rows of this process and sends them as fast as the budget allows."""

    def __init__(
        self,
        *,
        bot: Bot,
        services: Services,
        owner: str,
        budget: SendBudget,
        lease: timedelta,
        max_in_flight: int = 16,
        retry_delay: timedelta = timedelta(seconds=30),
    ) -> None:
        self.bot = bot
        self.services = services
        self.owner = owner
        self.budget = budget
        self.lease = lease
        self.retry_delay = retry_delay
        self.batch = max(1, budget.capacity * 2)
        self.queue: deque[Outgoing] = deque()
        self.stats = SenderStats()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._wake = asyncio.Event()

    # --- claiming ------------------------------------------------------------------------

    async def refill(self) -> int:
        """Claim due rows (if the queue is short) and prepare them; returns how many queued.

        Preparing a row takes a few queries; the loop gets a turn every few rows so a batch
        never holds it for long (patients' messages and in-flight sends keep moving)."""
        if len(self.queue) >= self.batch:
            return 0
        now = self.services.clock.now()
        claimed = self.services.repo.aftercare.claim_due(
            now=now, limit=self.batch, owner=self.owner, lease_until=now + self.lease
        )
        queued = 0
        for index, reminder in enumerate(claimed):
            if index and index % PREPARE_CHUNK == 0:
                await asyncio.sleep(0)
            item = self._prepare(reminder, now)
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
        return given

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
        default_zone = self.services.settings.default_timezone
        plan = plan_for(repo, self.services.plan, patient) if self.services.plan else None
        step = step_for(plan, reminder) if plan else None
        if plan is None or step is None:
            store.finish(reminder.id, self.owner, Status.SKIPPED, "not_in_plan", now)
            self.stats.skipped += 1
            return None
        zone = patient_zone(repo, patient, default_zone)
        scores = store.scores_for_session(reminder.session_id)
        decision = decide_at_send(
            reminder,
            patient,
            kind_enabled=reminder.kind not in store.disabled_kinds(patient.id),
            zone=zone,
            quiet=patient_quiet_hours(patient),
            only_if=step.only_if if reminder.snoozed_from is None else None,
            latest_score=scores[-1].score if scores else None,
            now=now,
        )
        if decision.action is Action.SEND:
            if reminder.attempts > MAX_ATTEMPTS:
                store.finish(reminder.id, self.owner, Status.FAILED, "too_many_attempts", now)
                self.stats.failed += 1
                return None
            messages = self.services.messages
            say = partial(clinic_text, repo, messages, patient.clinic_id, locale=patient.locale)
            text, markup = reminder_message(
                messages, patient.locale, plan, step, reminder, session, zone, say=say,
                latest_score=scores[-1].score if scores else None,
            )  # fmt: skip
            return Outgoing(reminder, patient.chat_id, text, markup)
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
        """Send until ``stop`` is set; when nothing is due, sleep until woken or ``idle_wait``."""
        while not stop.is_set():
            if len(self.queue) < self.batch // 2:
                await self.refill()  # top up before the queue runs dry: no gap between batches
            if not self.queue:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), idle_wait)
                continue
            await self.send_next()
        await self.settle()

    async def drain(self) -> None:
        """Send everything due now and wait for the answers (tests and one-shot sweeps)."""
        while True:
            if not self.queue:
                await self.refill()
            if not self.queue:
                if not self._in_flight:
                    break
                await self.settle()  # a refused request comes back to the queue
                continue
            await self.send_next()

    async def settle(self) -> None:
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    async def send_next(self) -> None:
        """Start a task for the first queued reminder whose chat may receive; the task waits
        for its turn from the budget (up to ``max_in_flight`` tasks wait or send at once)."""
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

    async def _send(self, item: Outgoing) -> None:
        turn: Turn | None = None
        try:
            if not self._still_wanted(item):
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

    async def _attempt(self, item: Outgoing, turn: Turn) -> None:
        store = self.services.repo.aftercare
        clock = self.services.clock
        reminder = item.reminder
        if not store.mark_sending(reminder.id, self.owner, clock.now()):
            log.warning(
                "reminder %s: lease lost before sending; not sent by this process", reminder.id
            )
            return
        if item.maybe_delivered:
            self.stats.possible_duplicates += 1
            log.warning("reminder %s: possible duplicate (retry after a timeout)", reminder.id)
        try:
            message = await self.bot.send_message(
                item.chat_id, item.text, reply_markup=item.markup, parse_mode=ParseMode.HTML
            )
        except RetryAfter as exc:
            self.budget.done(turn)
            self.budget.pause(retry_after_seconds(exc))
            self.stats.rate_limited += 1
            store.mark_claimed(reminder.id, self.owner)  # refused, so certainly not delivered
            self.queue.appendleft(item)
            return
        except Forbidden:
            now = clock.now()
            store.finish(reminder.id, self.owner, Status.CANCELLED, "blocked", now)
            cancelled = block_patient(self.services.repo, reminder.patient_id, now)
            self.stats.cancelled += 1
            log.info(
                "patient %s blocked the bot; %d reminders cancelled",
                reminder.patient_id,
                cancelled,
            )
            return
        except BadRequest as exc:
            store.finish(
                reminder.id,
                self.owner,
                Status.FAILED,
                f"bad_request: {exc.message[:80]}",
                clock.now(),
            )
            self.stats.failed += 1
            log.warning("reminder %s failed: Telegram refused the request", reminder.id)
            return
        except (TimedOut, NetworkError) as exc:
            self.budget.done(turn)  # before the back-off sleep, which must not hold the window
            item.tries += 1
            item.maybe_delivered = item.maybe_delivered or isinstance(exc, TimedOut)
            self.stats.retried += 1
            if item.tries <= MAX_NETWORK_RETRIES:
                await asyncio.sleep(min(0.5 * 2**item.tries, 8.0))
                store.mark_claimed(reminder.id, self.owner)
                self.queue.appendleft(item)
            else:
                store.release(
                    reminder.id, self.owner, clock.now(), due_at=clock.now() + self.retry_delay,
                    reason="network",
                )  # fmt: skip
                log.warning("reminder %s: network trouble, retrying later", reminder.id)
            return
        self.budget.done(turn)
        if self.stats.first_send_at is None:
            self.stats.first_send_at = time.monotonic()
        self.stats.sent += 1
        if not store.mark_sent(reminder.id, self.owner, message.message_id, clock.now()):
            log.warning("reminder %s sent but its lease had been taken over", reminder.id)

    def _still_wanted(self, item: Outgoing) -> bool:
        """/stop, /pause and a block take effect even for rows already in the queue."""
        patient = self.services.repo.patients.get(item.reminder.patient_id)
        now = self.services.clock.now()
        if patient is not None and patient.receives_reminders(now):
            return True
        # Settles the row (cancelled, skipped, waiting) unless it is to be sent after all.
        return self._prepare(item.reminder, now) is not None
