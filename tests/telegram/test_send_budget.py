"""The shared send budget, on a fake clock: the sliding window, per-chat spacing, replies before
reminders, 429 pauses and the PTB rate limiter's bounded retries. No real time passes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.settings import Secret, Settings
from bot.telegram.bots import build_bot
from bot.telegram.send_budget import BudgetRateLimiter, SendBudget, budget_of

CHAT_A, CHAT_B = 7_100_000_001, 7_100_000_002


class FakeTime:
    """A monotonic clock that only moves when a task sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)  # let the other tasks look at the new time


def _budget(time: FakeTime, rate: float = 30, **kwargs: Any) -> SendBudget:
    return SendBudget(rate, clock=time.clock, sleep=time.sleep, **kwargs)


async def _send(budget: SendBudget, chat: object, rtt: float = 0.0) -> float:
    turn = await budget.acquire(chat)
    turn.end = turn.start + rtt  # answered after ``rtt``
    return turn.start


async def test_thirty_sends_go_at_once_and_the_thirty_first_waits_a_window_after_the_answers():
    time = FakeTime()
    budget = _budget(time, margin=0.01)
    starts = [await _send(budget, 7_000_000_000 + n, rtt=0.02) for n in range(31)]
    assert starts[:30] == [1000.0] * 30
    assert starts[30] == pytest.approx(1000.0 + 0.02 + 1.01)


async def test_in_any_window_no_more_than_thirty_sends_start_over_a_long_run():
    time = FakeTime()
    budget = _budget(time)
    starts = [await _send(budget, 7_000_000_000 + n, rtt=0.005) for n in range(300)]
    for index in range(len(starts) - 30):
        assert starts[index + 30] - starts[index] >= 1.0
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert rate >= 0.95 * 30


async def test_an_unanswered_send_holds_its_place_in_the_window_until_answered_or_capped():
    time = FakeTime()
    budget = _budget(time, rate=1, margin=0)
    first = await budget.acquire(CHAT_A)  # never answered
    second = await budget.acquire(CHAT_B)
    assert second.start - first.start == pytest.approx(2.0, abs=0.01)  # 1 s cap + 1 s window


async def test_two_reminders_to_one_chat_are_a_second_apart_but_other_chats_are_not_held_up():
    time = FakeTime()
    budget = _budget(time, margin=0.01)
    a1 = await _send(budget, CHAT_A)
    b1 = await _send(budget, CHAT_B)
    assert b1 == a1
    assert budget.chat_free_at(CHAT_A) == pytest.approx(a1 + 1.01)
    a2 = await _send(budget, CHAT_A)
    assert a2 - a1 == pytest.approx(1.01)


async def test_groups_and_edits_are_not_spaced_per_chat():
    time = FakeTime()
    budget = _budget(time)
    group = [await _send(budget, -100_123) for _ in range(3)]
    edits = [await _send(budget, None) for _ in range(3)]
    assert group == edits == [1000.0] * 3


async def test_replies_are_spaced_from_reminders_but_not_from_each_other():
    time = FakeTime()
    budget = _budget(time, margin=0.01)
    reply1 = await budget.acquire(CHAT_A, urgent=True)
    budget.done(reply1)
    reply2 = await budget.acquire(CHAT_A, urgent=True)
    budget.done(reply2)
    assert reply2.start == reply1.start  # a handler's two messages are a short burst
    reminder = await budget.acquire(CHAT_A)
    budget.done(reminder)
    assert reminder.start - reply2.start == pytest.approx(1.01)
    reply3 = await budget.acquire(CHAT_A, urgent=True)
    assert reply3.start - reminder.start == pytest.approx(1.01)


async def test_a_reply_takes_the_next_free_slot_before_waiting_reminders():
    time = FakeTime()
    budget = _budget(time, rate=2, margin=0)
    for chat in (1, 2):
        await _send(budget, chat)  # the window is full until 1001.0
    order: list[str] = []

    async def reminder(chat: int) -> None:
        await _send(budget, chat)
        order.append(f"reminder {chat}")

    async def reply() -> None:  # asks after both reminders (a later place in the queue)
        turn = await budget.acquire(CHAT_A, urgent=True)
        budget.done(turn)
        order.append("reply")

    await asyncio.gather(reminder(3), reminder(4), reply())
    assert order[0] == "reply"
    assert sorted(order[1:]) == ["reminder 3", "reminder 4"]


async def test_a_429_pauses_every_sender_for_retry_after():
    time = FakeTime()
    budget = _budget(time, margin=0.01)
    budget.pause(3)
    start = await _send(budget, CHAT_A)
    assert start == pytest.approx(1003.01)


async def test_the_rate_limiter_retries_a_429_after_retry_after_and_gives_up_after_its_limit():
    time = FakeTime()
    budget = _budget(time, margin=0)
    limiter = BudgetRateLimiter(budget, max_retries=2)
    calls: list[float] = []

    async def refused(*_args: Any, **_kwargs: Any) -> bool:
        calls.append(time.now)
        raise RetryAfter(2)

    with pytest.raises(RetryAfter):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": CHAT_A}, None)
    assert calls == [1000.0, 1002.0, 1004.0]

    answers: Iterator[RetryAfter | bool] = iter([RetryAfter(1), True])

    async def second_time_lucky(*_args: Any, **_kwargs: Any) -> bool:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    result = await limiter.process_request(
        second_time_lucky, (), {}, "sendMessage", {"chat_id": CHAT_B}, None
    )
    assert result is True


async def test_reading_calls_do_not_use_the_budget():
    time = FakeTime()
    budget = _budget(time, rate=1)
    limiter = BudgetRateLimiter(budget)

    async def ok(*_args: Any, **_kwargs: Any) -> bool:
        return True

    for _ in range(5):
        await limiter.process_request(ok, (), {}, "answerCallbackQuery", {}, None)
        await limiter.process_request(ok, (), {}, "getMe", {}, None)
    assert budget.stats.granted == 0 and time.now == 1000.0


def test_the_application_bot_carries_the_budget_the_reminder_sender_shares() -> None:
    settings = Settings(
        token=Secret("123456789:fake-token-for-tests-only"),
        api_base_url="http://127.0.0.1:9/bot",
        send_rate_per_second=25,
    )
    budget = budget_of(build_bot(settings))
    assert budget is not None and budget.capacity == 25


def test_fractional_and_slow_rates_become_a_count_per_window() -> None:
    assert (SendBudget(0.5, margin=0).capacity, SendBudget(0.5, margin=0).window) == (1, 2.0)
    assert SendBudget(28.5, margin=0).capacity == 28
    with pytest.raises(ValueError):
        SendBudget(0)
