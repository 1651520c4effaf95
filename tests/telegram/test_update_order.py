"""Updates handled concurrently across people and in order for each one, by the production
Application (``build_application``) fed through its update queue as polling feeds it; and what
that does for replies during a reminder burst: every reply waiting at a moment waits in the send
budget at that moment, so the next free slots are the replies'.

Telegram is the in-memory ``RecordingRequest`` (one subclass holds chosen chats' messages until
the test lets them go); the send budget runs on a manual clock the test moves.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update

from bot.app import AftercareApp, build_application
from bot.settings import Settings
from bot.telegram.context import Services
from bot.telegram.send_budget import BudgetRateLimiter, SendBudget
from bot.telegram.update_order import PerPersonOrder, sender_key
from tests.fakes import RecordingRequest, callback_update, message_update
from tests.waiting import until

ALICE, BOB, CAROL = 7_300_000_001, 7_300_000_002, 7_300_000_003
QUESTION = "how long will I be sore?"


class HeldRequest(RecordingRequest):
    """Holds every new message to a chat in ``held`` until ``let_go``; notes each request."""

    def __init__(self) -> None:
        super().__init__()
        self.held: set[int] = set()
        self.holding: list[int] = []
        self.on_send: Callable[[int], None] = lambda _chat: None
        self._gate = asyncio.Event()

    def let_go(self) -> None:
        self._gate.set()

    async def do_request(self, url: str, method: str, request_data: Any = None, *args: Any,
                         **kwargs: Any) -> tuple[int, bytes]:  # fmt: skip
        name = url.rsplit("/", 1)[-1]
        chat = request_data.parameters.get("chat_id") if request_data else None
        if name == "sendMessage" and chat is not None:
            if int(chat) in self.held and not self._gate.is_set():
                self.holding.append(int(chat))
                await self._gate.wait()
            self.on_send(int(chat))
        return await super().do_request(url, method, request_data, *args, **kwargs)


class ManualTime:
    """A monotonic clock for the send budget that moves only when the test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleepers = 0
        self.free = False
        self._moved = asyncio.Event()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        until = self.now + max(seconds, 0.0)
        self.sleepers += 1
        try:
            while self.now < until and not self.free:
                await self._moved.wait()
        finally:
            self.sleepers -= 1
        self.now = max(self.now, until)
        await asyncio.sleep(0)

    def run_free(self) -> None:
        """From now on every sleep moves the clock itself (a failed test must not hang)."""
        self.free = True
        self.move_to(self.now)

    def move_to(self, moment: float) -> None:
        self.now = moment
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()


@asynccontextmanager
async def started(
    settings: Settings, services: Services, request: RecordingRequest
) -> AsyncIterator[AftercareApp]:
    """The production Application taking updates from its queue (as polling puts them)."""
    app = build_application(settings, services=services, request=request)
    await app.initialize()
    await app.start()
    try:
        yield app
    finally:
        if isinstance(request, HeldRequest):
            request.let_go()  # a failed test must not leave an update held for ever
        await app.stop()
        await app.shutdown()


async def push(app: AftercareApp, *updates: dict[str, Any]) -> None:
    for update in updates:
        await app.update_queue.put(Update.de_json(update, app.bot))


def sent_to(request: RecordingRequest, chat: int) -> list[str]:
    return [c.plain_text for c in request.calls.to(chat).of("sendMessage")]


def test_updates_are_keyed_by_their_sender() -> None:
    pressed = Update.de_json(callback_update(BOB, "a1:ck:1:3", message_id=5), None)
    typed = Update.de_json(message_update(ALICE, "hi"), None)
    assert (sender_key(typed), sender_key(pressed)) == (ALICE, BOB)
    assert sender_key(Update(update_id=1)) is None
    assert sender_key("not an update") is None


async def test_two_patients_are_answered_at_once_and_one_patients_messages_stay_in_order(
    settings: Settings, services: Services
) -> None:
    request = HeldRequest()
    request.held.add(ALICE)
    async with started(settings, services, request) as app:
        assert isinstance(app.update_processor, PerPersonOrder)
        await push(
            app,
            message_update(ALICE, QUESTION),
            message_update(ALICE, "/help"),
            message_update(BOB, "/help"),
        )
        # Bob is answered while Alice's first reply is held up...
        await until(lambda: bool(sent_to(request, BOB)), "Bob answered during Alice's wait")
        # ...and Alice's second message waits for her first one to be done.
        assert request.holding == [ALICE]
        request.let_go()
        await until(lambda: len(sent_to(request, ALICE)) == 2, "both of Alice's replies")
    first, second = sent_to(request, ALICE)
    assert second == sent_to(request, BOB)[0], "her /help was answered second, as Bob's was"
    assert first != second


async def test_one_persons_waiting_updates_hold_no_slot_another_person_needs() -> None:
    processor = PerPersonOrder(limit=2)
    alice_may_go = asyncio.Event()
    handled: list[str] = []

    async def handle(name: str) -> None:
        if name.startswith("alice"):
            await alice_may_go.wait()
        handled.append(name)

    def update(user: int) -> Update:
        return Update.de_json(message_update(user, "hi"), None)

    tasks = [
        asyncio.create_task(processor.process_update(update(ALICE), handle(f"alice {n}")))
        for n in range(5)
    ]
    tasks.append(asyncio.create_task(processor.process_update(update(BOB), handle("bob"))))
    tasks.append(asyncio.create_task(processor.process_update(Update(9), handle("nobody"))))
    await until(lambda: len(handled) == 2, "Bob's and the anonymous update, past Alice's five")
    alice_may_go.set()
    await asyncio.gather(*tasks)
    assert handled == ["bob", "nobody"] + [f"alice {n}" for n in range(5)]


async def test_replies_asked_at_once_during_a_burst_take_the_next_slots_before_reminders(
    settings: Settings, services: Services
) -> None:
    request = HeldRequest()
    time = ManualTime()
    order: list[str] = []
    request.on_send = lambda _chat: order.append("reply")
    async with started(settings, services, request) as app:
        limiter = app.bot.rate_limiter
        assert isinstance(limiter, BudgetRateLimiter)
        budget = limiter.budget = SendBudget(3, margin=0, clock=time.clock, sleep=time.sleep)
        for chat in (1, 2, 3):  # the burst has filled the window until 1001.0
            budget.done(await budget.acquire(chat))

        async def reminder(chat: int) -> None:
            turn = await budget.acquire(chat)
            order.append("reminder")
            budget.done(turn)

        burst = [asyncio.create_task(reminder(chat)) for chat in range(10, 16)]
        try:
            await until(lambda: time.sleepers == 6, "the burst's reminders waiting for a slot")
            await push(app, *(message_update(chat, QUESTION) for chat in (ALICE, BOB, CAROL)))
            await until(lambda: time.sleepers == 9, "all three replies waiting for a slot")

            time.move_to(1001.0)  # three slots free up
            await until(lambda: len(order) == 3, "three sends")
            assert order == ["reply"] * 3
            time.move_to(1001.005)  # the reminders look again: the window is full until 1002.0
            time.move_to(1002.0)
            await until(lambda: len(order) == 6, "the next three sends")
            assert order == ["reply"] * 3 + ["reminder"] * 3
        finally:
            time.run_free()
            await asyncio.gather(*burst)
