"""Reminder texts read naturally: the area as a phrase, a later check-in worded by the last
score."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.aftercare.plan import AftercarePlan
from bot.aftercare.reminders import Reminder, Status, send_time_under_pause
from bot.aftercare.store import Session
from bot.aftercare.views import reminder_message
from bot.content import Messages, html_to_plain, load_plan
from bot.settings import Settings

TREATED = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def plan() -> AftercarePlan:
    return load_plan(Settings().plan_path)


def _text(
    messages: Messages, plan: AftercarePlan, kind: str, step: int, area: str, score: int | None
) -> str:
    plan_step = plan.step(kind, step)
    assert plan_step is not None
    session = Session(1, 1, TREATED, area, "patient", TREATED)
    reminder = Reminder(1, 1, 1, kind, step, TREATED, TREATED, False, Status.CLAIMED, 1)
    text, _ = reminder_message(
        messages, "en", plan, plan_step, reminder, session, ZoneInfo("UTC"), latest_score=score
    )
    return html_to_plain(text)


@pytest.mark.parametrize("area", ["neck", "upper_back", "lower_back", "hips_legs", "chest_wall"])
def test_every_area_reads_as_a_phrase_not_a_button_label(
    messages: Messages, plan: AftercarePlan, area: str
) -> None:
    for kind, step in [("checkin", 1), ("checkin", 2), ("stretch", 1), ("stretch", 2)]:
        text = _text(messages, plan, kind, step, area, 2)
        assert messages.raw(f"sessions.area_phrase.{area}") in text
        assert messages.raw(f"sessions.area.{area}") not in text
        assert "/" not in text.split("\n")[0]
        assert "near the chest" not in text


def test_an_area_without_a_phrase_reads_as_the_treated_area(
    messages: Messages, plan: AftercarePlan
) -> None:
    text = _text(messages, plan, "checkin", 1, "left_ear", None)
    assert messages.raw("sessions.area_phrase.other") in text


@pytest.mark.parametrize(
    ("score", "key"),
    [(8, "last_time_high"), (5, "last_time_moderate"), (2, "last_time_mild")],
)
def test_the_72_hour_checkin_follows_the_last_score(
    messages: Messages, plan: AftercarePlan, score: int, key: str
) -> None:
    third = max(s.step for s in plan.steps if s.kind == "checkin")
    text = _text(messages, plan, "checkin", third, "neck", score)
    assert text.startswith(messages.raw(f"reminders.{key}", score=score))
    assert len(re.findall(r"\bsore last time\b", text)) <= 1


def test_a_pause_moves_a_reminder_to_its_end_or_holds_it_back() -> None:
    due = TREATED + timedelta(hours=2)
    reminder = Reminder(
        1, 1, 1, "hydration", 1, due, due + timedelta(hours=4), True, Status.PENDING, 0
    )
    assert send_time_under_pause(reminder, None) == due
    assert send_time_under_pause(reminder, due - timedelta(minutes=1)) == due
    assert send_time_under_pause(reminder, due + timedelta(hours=1)) == due + timedelta(hours=1)
    assert send_time_under_pause(reminder, due + timedelta(days=1)) is None
