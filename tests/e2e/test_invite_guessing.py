"""Guessing invite codes through the real bot: successes wipe nothing, many accounts share one
budget, and a paused code says so kindly while deep links keep working."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bot.clinics.invites import DEFAULT_CODE_BUDGET
from bot.telegram.callbacks import JoinClinic
from tests.buttons import decoded

from .harness import World, WorldConfig

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
STAFF_A, STAFF_B = 5_300_000_001, 5_300_000_002
GUESSER = 7_600_000_001
WRONG = "AAAAA-BBBBC"
JOIN = JoinClinic(join=True)


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW)


async def test_joining_between_wrong_codes_does_not_reset_the_throttle(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    await world.staffed_clinic("Hill Clinic", STAFF_B, "Bob Other")
    _, poster_a = await world.invite(STAFF_A, "multi")
    _, poster_b = await world.invite(STAFF_B, "multi")
    replies = []
    for n in range(6):
        replies.append((await world.say(GUESSER, f"/join {WRONG}")).only(GUESSER).plain_text)
        notice = (await world.say(GUESSER, f"/join {poster_a if n % 2 else poster_b}")).only(
            GUESSER
        )
        if JOIN in decoded(notice.callback_data):
            await world.press(GUESSER, notice.message_id or 0, JOIN, until="sendMessage")
    assert all("don't recognise" in (text or "") for text in replies[:5])
    assert "Too many attempts" in (replies[5] or ""), "joins in between wiped nothing"


async def test_many_accounts_share_one_budget_of_wrong_codes(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, code = await world.invite(STAFF_A, "multi")
    caplog.set_level(logging.WARNING)
    accounts = [8_100_000_000 + n for n in range(DEFAULT_CODE_BUDGET.overall // 4 + 1)]
    pushed = [
        world.standin.push_message(account, f"/join {WRONG}").update_id
        for account in accounts  # four wrong codes each: no account meets its own throttle
        for _ in range(4)
    ]
    for update_id in pushed:  # handled concurrently: the last one pushed may finish first
        await world.processed.wait_for(update_id, timeout=60)
    await world.standin.wait_until_idle(timeout=60, quiet=0.1)
    # Different accounts' messages are handled concurrently (each account's in order), so
    # which accounts meet the spent budget depends on arrival; how many attempts do not.
    replies = [r for a in accounts for r in world.standin.messages_to(a)]
    paused = [r for r in replies if "codes are paused" in (r.plain_text or "")]
    tried = len(accounts) * 4
    assert len(paused) == tried - DEFAULT_CODE_BUDGET.overall, "the budget let 100 through"
    assert "invite codes paused (overall)" in caplog.text and WRONG not in caplog.text
    # A newcomer with the right code is paused too, but the deep link opens as ever.
    right = (await world.say(GUESSER, f"/join {code}")).only(GUESSER).plain_text or ""
    assert "codes are paused" in right and "invitation link" in right
    notice = (await world.say(GUESSER, f"/start {token}")).only(GUESSER)
    assert JOIN in decoded(notice.callback_data)
