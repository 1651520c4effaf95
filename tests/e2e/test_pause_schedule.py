"""/pause asks for a duration with durations only, and every schedule the patient reads lists
what will really be sent: a pause's held-back reminders are said, not listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.telegram.callbacks import (
    PAUSE_DAYS,
    ChangeReminders,
    ReminderChange,
    SessionArea,
    SessionWhen,
    When,
)
from tests.buttons import button_in, decoded

from .harness import World, WorldConfig, said, said_until

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
PATIENT = 7_400_000_301


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW, default_timezone="Europe/London")


async def test_pause_asks_for_how_long_with_durations_only(world: World) -> None:
    await world.log_session(PATIENT)
    ask = (await world.say(PATIENT, "/pause")).only(PATIENT)
    assert ask.plain_text == said("reminders.pause_choose")
    assert decoded(ask.callback_data) == [
        ChangeReminders(ReminderChange.pause(days)) for days in PAUSE_DAYS
    ]


async def test_a_session_logged_while_paused_lists_only_what_will_be_sent(world: World) -> None:
    await world.log_session(PATIENT)
    await world.say(PATIENT, "/pause 1")
    (ask,) = await world.say(PATIENT, "/session")
    (areas,) = (await world.press(PATIENT, ask.message_id or 0, SessionWhen(When.NOW))).to(PATIENT)
    area = button_in(areas.callback_data, SessionArea, area="lower_back")
    sent = await world.press(PATIENT, areas.message_id or 0, area, until="sendMessage")
    schedule = sent.to(PATIENT).text
    held = said_until("reminders.held_back", "count")
    assert held in schedule
    water = said("reminders.kind.hydration")
    assert water not in schedule  # +2 h, inside the pause: it will not come
    assert said("reminders.only_if.still_sore") in schedule  # the 72-hour check-in
    overview = (await world.say(PATIENT, "/reminders")).only(PATIENT).plain_text or ""
    assert held in overview and water not in overview
    # And indeed nothing is sent during the pause's first hours.
    assert await world.sweep_at(timedelta(hours=3)) == []
