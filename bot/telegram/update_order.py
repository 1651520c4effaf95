"""Updates of different people handled at the same time; one person's updates in order.

PTB handled updates one at a time, so 200 patients asking at once were answered one after the
other, and while one reply had not yet asked the send budget for a slot, reminders took every
slot that came free: during a burst of 5,000 reminders, replies waited a median 6.1 s (11.0 s at
worst; ``bench/reply_wait.py``, figures in ``bench/RESULTS.md``). With updates handled
concurrently, every reply due at a moment waits in the budget at that moment, and the budget
gives the next slot to a waiting reply before any reminder (``bot.telegram.send_budget``): a
median of about 4 s, about 7 s at worst, against 6.5 s at worst with no burst at all.

One person's updates must still run in the order they were sent: "/session" then the tap on
its area, a score then the breathing question, a typed time after "Type a time" (kept in
``user_data``). ``PerPersonOrder`` keys each update by its sender (``effective_user``, else its
chat) and runs the updates of one key one after another; updates with neither (none the bot
handles) each run on their own line.

At most ``limit`` updates are active at once: running handler code, or waiting in the send
budget for a slot (so the budget's waiters stay few: each freed slot is looked at by every
waiter). An update waiting for Telegram to answer, or for another process's database lock,
steps aside (``waiting_aside``) and lets another one go on meanwhile. Measured with
``bench/reply_wait.py``: bounding all running updates at 64 made replies with no burst slower
than one at a time (64 updates ready to run at once, about 10 ms each, queued every answer from
Telegram behind them, and the budget saw its sends answered late); bounding them at a few,
waiting included, would let a handful of hung requests or lock waits hold up every other
patient, and a question must be answered during a lock.

PTB takes a slot of its own semaphore before it hands an update here, so that one is set wide
(``WAITING``): an update waiting behind its sender's previous one must hold nothing another
sender needs, or one person sending fifty messages would stall everyone else. PTB starts each
update's task in arrival order and nothing here awaits before an update joins its sender's
line, so the order within a line is the order of arrival.

What makes concurrency safe in this code base: handlers keep no state between awaits except
in SQLite and in the sender's own ``user_data``; no transaction stays open across an ``await``
(each store call or ``with db.atomic()`` block runs to its end between two awaits, so two
updates' writes never interleave on the one connection); and rules that two people could race
on (first staff answer wins, an invite's last use, a reminder answered once) are conditional
writes in SQLite.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

#: Updates running handler code or waiting for a send slot at the same time.
ACTIVE = 8
#: PTB's own bound, taken before an update reaches ``do_process_update``: wide open.
WAITING = 100_000


def sender_key(update: object) -> int | None:
    """Whose updates must stay in order: the user's id, else the chat's (None: nobody's)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class _Line:
    """One sender's updates: a lock taken in arrival order, and how many hold or want it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class _Slot:
    """One update's place among the active ones, given back while it waits."""

    __slots__ = ("held", "slots")

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self.slots = slots
        self.held = False

    async def take(self) -> None:
        await self.slots.acquire()
        self.held = True

    def give_back(self) -> None:
        if self.held:
            self.held = False
            self.slots.release()


#: The slot of the update this task is handling (each update runs in its own task).
_current: ContextVar[_Slot | None] = ContextVar("active_update_slot", default=None)


@asynccontextmanager
async def waiting_aside() -> AsyncIterator[None]:
    """While the block waits (a request, a lock), the update handled in this task lets another
    one go on; it takes its place again afterwards. Outside an update: nothing to give."""
    slot = _current.get()
    if slot is None or not slot.held:
        yield
        return
    slot.give_back()
    try:
        yield
    finally:
        await slot.take()


class PerPersonOrder(BaseUpdateProcessor):
    """Concurrent across senders, in order within one; at most ``limit`` active at once."""

    def __init__(self, limit: int = ACTIVE) -> None:
        super().__init__(max_concurrent_updates=WAITING)
        self.limit = limit
        self._active = asyncio.Semaphore(limit)
        self._lines: dict[int | None, _Line] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = sender_key(update)
        line = self._lines.get(key) if key is not None else None
        if line is None:
            line = _Line()
            if key is not None:
                self._lines[key] = line
        line.users += 1
        slot = _Slot(self._active)
        try:
            async with line.lock:
                await slot.take()
                token = _current.set(slot)
                try:
                    await coroutine
                finally:
                    _current.reset(token)
                    slot.give_back()
        finally:
            line.users -= 1
            if not line.users and key is not None:
                del self._lines[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down: PTB waits for the updates in progress before this."""
