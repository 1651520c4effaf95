"""The reminder sweep: the one user of PTB's JobQueue.

A repeating job (every ``Settings.sweep_interval_seconds`` of real time, and once at start-up
right away: APScheduler's ``first=0`` would fire one whole interval late) asks the app's clock
for ``now``, writes what the database refused earlier (the outbox's spill), puts rows of dead
processes back (logging possible duplicates), renews this process's leases and wakes the paced
sender, which claims due outbox rows and reminders in small batches and sends them. Nothing
that matters lives in memory: the job and the sender's queue can vanish at any moment and the
rows in SQLite still say what is owed.

The job never overlaps itself (APScheduler ``max_instances=1`` plus a flag), never blocks the
loop for long (each SQLite call touches at most one small batch through the (status, due_at)
index), and the sender runs as its own task so a long burst does not hold the job. A write
refused by another process's lock ends this sweep early (nothing half-done: every step writes
before it sends); the next one tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any

from telegram import Bot

from bot.aftercare.sender import ReminderSender
from bot.clinics.digest import send_due_digests
from bot.clinics.question_outbox import retry_due
from bot.storage.lock_wait import is_busy
from bot.telegram.bots import unpaced_twin
from bot.telegram.context import Services
from bot.telegram.send_budget import SendBudget, budget_of

log = logging.getLogger(__name__)

SWEEP_KEY = "reminder_sweep"
# Real seconds a claim stays valid without renewal; the sweep renews it every interval.
LEASE_SECONDS = 30.0


class ReminderSweep:
    def __init__(
        self,
        services: Services,
        bot: Bot,
        *,
        lease_seconds: float = LEASE_SECONDS,
        budget: SendBudget | None = None,
        per_chat_interval: float = 1.0,
        reminders: bool = True,
    ) -> None:
        """``budget``: the application bot's (``start_reminder_sweep`` passes it); without one
        the sweep gets its own, with ``per_chat_interval`` (tests pass 0 to skip the spacing).
        ``reminders=False``: deliver only the outbox (tests that move reminders by hand)."""
        settings = services.settings
        self.services = services
        self.outbox = services.outbox
        self.owner = self.outbox.owner  # one owner per process for reminders and outbox
        lease = timedelta(seconds=max(lease_seconds, 2 * settings.sweep_interval_seconds))
        self.budget = budget or SendBudget(
            settings.send_rate_per_second, per_chat_interval=per_chat_interval
        )
        self.sender = ReminderSender(
            bot=bot,
            services=services,
            owner=self.owner,
            budget=self.budget,
            lease=lease * settings.time_scale,  # leases are in clock time
            outbox=self.outbox,
            reminders=reminders,
        )
        self._running = False
        # When the last sweep finished (monotonic seconds): /healthz reports a stuck sweep.
        self.finished_at: float | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._first: asyncio.Task[None] | None = None

    def recover(self) -> None:
        """Write what the database refused earlier; put back rows whose claimer died and log
        the ones that may already have been sent."""
        self.outbox.flush_spilled()
        self.outbox.recover()
        reclaimed = self.services.repo.aftercare.reclaim_expired(
            self.services.clock.now(), except_owner=self.sender.owner
        )
        for reminder_id in reclaimed.possible_duplicates:
            log.warning(
                "reminder %s was in flight when its sender stopped: it will be sent again "
                "and may arrive twice",
                reminder_id,
            )
        if reclaimed.requeued:
            log.info(
                "%d claimed reminders of a stopped sender are pending again",
                len(reclaimed.requeued),
            )

    async def tick(self, _context: Any = None) -> None:
        """One sweep: recover, renew, make sure the sender runs, and wake it."""
        if self._running:
            return
        self._running = True
        try:
            self.start_sender()
            try:
                self.recover()
                self.sender.renew_leases()
                self.outbox.renew_leases()
            except Exception as exc:  # the database refusing writes: the next sweep tries again
                if not is_busy(exc):
                    log.exception("sweep: could not recover or renew claims; retrying next sweep")
                else:
                    log.info("sweep: the database is locked by another process; next sweep")
            self.sender.wake()
            try:
                # The clinics' daily digests ride on the same sweep (cheap when none is due).
                await send_due_digests(
                    self.services, self.sender.bot, self.services.clock.now(), budget=self.budget
                )
                # Questions to clinics and their answers that did not arrive yet (and late ones).
                await retry_due(
                    self.services.repo,
                    self.services.messages,
                    self.sender.bot,
                    self.services.clock.now(),
                    budget=self.budget,
                )
            except Exception as exc:  # both claim before they send: nothing went out twice
                if not is_busy(exc):
                    raise
                log.info("sweep: the database is locked by another process; next sweep")
                return
            self.finished_at = time.monotonic()
        finally:
            self._running = False

    @property
    def busy(self) -> bool:
        """A sweep is running now (a graceful stop waits for it rather than cancelling it)."""
        return self._running

    def start_sender(self) -> None:
        """Make sure the sender's loop runs (it sends until ``stop``)."""
        if self._task is None or self._task.done():
            idle = self.services.settings.sweep_interval_seconds
            self._task = asyncio.create_task(self.sender.run(self._stop, idle), name="sender")

    def start_now(self) -> None:
        """Run the first sweep at once (start-up), without waiting for the JobQueue."""
        self._first = asyncio.get_running_loop().create_task(self.tick(), name="first-sweep")

    async def run_once(self) -> None:
        """Recover and send everything due now, then return (tests, fast-forward)."""
        self.recover()
        await self.sender.drain()

    async def stop(self, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Take no new work, let the requests in flight finish, and give every claimed row that
        was not sent back as pending (a restart sends it at once, not after its lease)."""
        self._stop.set()
        self.sender.wake()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=timeout)
        try:
            self.sender.give_back_queued()
        except Exception as exc:
            if not is_busy(exc):
                raise
            # Not lost: their leases run out and the next start claims them again.
            log.info("stop: the database is locked by another process; claims kept until expiry")


def reminder_bot(application: Any) -> Bot:
    """A Bot for reminder sends: the application bot's unpaced twin (the sender takes its turns
    from the shared send budget itself; see ``bot.aftercare.sender`` and
    ``bot.telegram.send_budget``)."""
    return unpaced_twin(application.bot)


def start_reminder_sweep(
    application: Any, *, lease_seconds: float = LEASE_SECONDS, bot: Bot | None = None
) -> ReminderSweep:
    """Register the repeating sweep on the application's JobQueue and run it once now (the
    JobQueue's ``first=0`` fired one interval late: 5.9 s after a restart at the default 5 s)."""
    services: Services = application.bot_data["services"]
    sweep = ReminderSweep(
        services,
        bot or reminder_bot(application),
        lease_seconds=lease_seconds,
        budget=budget_of(application.bot),  # one budget for replies and reminders
    )
    application.bot_data[SWEEP_KEY] = sweep
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    interval = services.settings.sweep_interval_seconds
    job_queue.run_repeating(
        sweep.tick,
        interval=interval,
        first=interval,
        name="reminder-sweep",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
    sweep.start_now()
    return sweep


async def stop_reminder_sweep(application: Any) -> None:
    sweep = application.bot_data.get(SWEEP_KEY)
    if isinstance(sweep, ReminderSweep):
        await sweep.stop()
