"""A soreness score typed instead of tapped, end to end against the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from .harness import World, WorldConfig, said

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
PATIENT = 7_400_000_101


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW, default_timezone="Europe/London")


async def test_a_typed_score_answers_the_open_checkin_like_a_button(world: World) -> None:
    hint = (await world.say(PATIENT, "8")).only(PATIENT)
    assert hint.plain_text == said("checkins.typed_no_checkin")

    await world.log_session(PATIENT)
    await world.sweep_at(timedelta(hours=24))
    replies = (await world.say(PATIENT, "8")).to(PATIENT)
    assert said("checkins.answer_line", score=8) in replies.text
    assert said("checkins.contact_high_score") in replies.text
    repo = world.services.repo
    patient = world.patient(PATIENT)
    assert [a.reason for a in repo.alerts.for_patient(patient.id)] == ["high_score"]
    assert [a.score for a in repo.aftercare.scores_for_patient(patient.id)] == [8]
    # Answered: the next number has nothing to answer.
    again = (await world.say(PATIENT, "8")).only(PATIENT)
    assert again.plain_text == said("checkins.typed_no_checkin")


async def test_words_and_out_of_ten_are_read_and_out_of_range_is_explained(
    world: World,
) -> None:
    await world.log_session(PATIENT)
    await world.sweep_at(timedelta(hours=24))
    wrong = (await world.say(PATIENT, "12")).only(PATIENT)
    assert wrong.plain_text == said("checkins.typed_out_of_range")
    replies = (await world.say(PATIENT, "my soreness is about three out of 10")).to(PATIENT)
    assert said("checkins.answer_line", score=3) in replies.text
    assert said("checkins.expected") in replies.text


async def test_a_red_flag_typed_with_a_score_goes_the_urgent_way(world: World) -> None:
    await world.log_session(PATIENT)
    await world.sweep_at(timedelta(hours=24))
    replies = (await world.say(PATIENT, "10, and I can't breathe")).to(PATIENT)
    assert replies[0].plain_text == said("urgent.breathing")
    assert world.services.repo.db["checkin_answers"].count == 0
