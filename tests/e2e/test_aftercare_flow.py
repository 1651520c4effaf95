"""Aftercare end to end: the real Application polling the Bot API stand-in over HTTP, a manual
clock, and the reminder sweep called directly (time moves by the clock, never by sleeping)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.aftercare.reminders import Status
from bot.aftercare.service import log_session
from bot.telegram.callbacks import BreathingAnswer, CheckinScore, ReminderConsent, RoutineAnswer
from tests.buttons import button_in, decoded, kinds

from .harness import World, WorldConfig, said, said_until

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 10:00 in London
PATIENT, OTHER = 7_400_000_001, 7_400_000_002


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW, default_timezone="Europe/London")


async def test_a_logged_session_brings_hydration_then_a_checkin_with_a_breathing_question(
    world: World,
) -> None:
    await world.log_session(PATIENT, "chest_wall")
    repo = world.services.repo
    pending = repo.aftercare.pending_for(world.patient(PATIENT).id)
    assert {r.kind for r in pending} == {"hydration", "stretch", "checkin", "followup"}

    (hydration,) = await world.sweep_at(timedelta(hours=2))
    assert hydration.plain_text == said("reminders.hydration")
    done = RoutineAnswer(pending[0].id, done=True)
    assert done in decoded(hydration.callback_data)
    thanks = await world.press(PATIENT, hydration.message_id or 0, done)
    assert said("reminders.done_ack") in thanks.to(PATIENT).text
    again = await world.press(PATIENT, hydration.message_id or 0, done, forged=True)
    assert again.to(PATIENT) == []

    sent = await world.sweep_at(timedelta(hours=22))  # +24 h; the 19:00 stretch is missed
    checkin = next(r for r in sent if CheckinScore in kinds(r.callback_data))
    phrase = said("sessions.area_phrase.chest_wall")
    assert said("checkins.breathing_note", area=phrase) in (checkin.plain_text or "")
    score = button_in(checkin.callback_data, CheckinScore, score=3)
    replies = (
        await world.press(PATIENT, checkin.message_id or 0, score, expect=BreathingAnswer)
    ).to(PATIENT)
    assert said("checkins.expected") in replies.text
    question = next(r for r in replies if BreathingAnswer in kinds(r.callback_data))
    yes = button_in(question.callback_data, BreathingAnswer, trouble=True)
    urgent = (await world.press(PATIENT, question.message_id or 0, yes)).to(PATIENT)
    assert urgent[0].plain_text == said("urgent.breathing")
    alerts = repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [(a.kind, a.reason) for a in alerts] == [("checkin", "breathing")]
    statuses = repo.aftercare.count_by_status()
    assert statuses.get("missed") == 1 and statuses.get("sent") == 3


async def test_a_double_tap_on_the_area_logs_one_session_and_one_set_of_reminders(
    world: World,
) -> None:
    areas, data, _ = await world.log_session(PATIENT)
    again = (await world.press(PATIENT, areas.message_id or 0, data, forged=True)).to(PATIENT)
    assert said_until("sessions.already_logged", "area") in again.text
    repo = world.services.repo
    assert repo.db["sessions"].count == 1
    assert repo.db["reminders"].count == len(repo.aftercare.pending_for(world.patient(PATIENT).id))


async def test_no_reminder_is_planned_before_consent_and_none_after_declining(
    world: World,
) -> None:
    _, _, sent = await world.log_session(PATIENT, consent=False)
    assert said("optin.offer") in sent.text
    repo = world.services.repo
    assert repo.db["reminders"].count == 0
    no = ReminderConsent(agreed=False)
    offer = next(r for r in sent if no in decoded(r.callback_data))
    await world.press(PATIENT, offer.message_id or 0, no)
    assert await world.sweep_at(timedelta(days=2)) == []


async def test_a_high_score_advises_the_clinic_and_raises_an_alert(world: World) -> None:
    await world.log_session(PATIENT)
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if CheckinScore in kinds(r.callback_data))
    eight = button_in(checkin.callback_data, CheckinScore, score=8)
    replies = (await world.press(PATIENT, checkin.message_id or 0, eight)).to(PATIENT)
    assert said("checkins.contact_high_score") in replies.text
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [a.reason for a in alerts] == ["high_score"]
    # The same button again: answered once, nothing new stored.
    await world.press(PATIENT, checkin.message_id or 0, eight, forged=True)
    assert len(world.services.repo.alerts.for_patient(world.patient(PATIENT).id)) == 1


async def test_stop_works_at_once_and_old_buttons_change_nothing(world: World) -> None:
    await world.log_session(PATIENT)
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if CheckinScore in kinds(r.callback_data))
    assert (await world.say(PATIENT, "/stop")).only(PATIENT).plain_text == said(
        "reminders.stopped"
    )
    assert await world.sweep_at(timedelta(days=3)) == []
    two = button_in(checkin.callback_data, CheckinScore, score=2)
    replies = (await world.press(PATIENT, checkin.message_id or 0, two)).to(PATIENT)
    assert said("checkins.not_recorded_stopped") in replies.text
    assert world.services.repo.db["checkin_answers"].count == 0


async def test_pause_is_honoured_at_send_time(world: World) -> None:
    await world.log_session(PATIENT)
    await world.say(PATIENT, "/pause 1")
    assert await world.sweep_at(timedelta(hours=3)) == []  # hydration: missed while paused
    repo = world.services.repo
    assert repo.aftercare.count_by_status().get("skipped", 0) >= 1


async def test_forged_and_foreign_buttons_are_refused(world: World) -> None:
    await world.log_session(PATIENT)
    await world.log_session(OTHER)
    (hydration, _) = await world.sweep_at(timedelta(hours=2))
    mine = hydration if hydration.chat_id == PATIENT else _
    theirs = _ if mine is hydration else hydration
    (welcome,) = (await world.say(PATIENT, "/start")).to(PATIENT)
    for data in ["a1:rd:zzzz:d", "a1:ck:1:99", "xx", theirs.callback_data[0]]:
        await world.press(PATIENT, welcome.message_id or 0, data, forged=True)
    repo = world.services.repo
    assert repo.db["reminder_responses"].count == 0
    assert world.standin.unanswered_callbacks == []


async def test_a_blocked_patient_is_marked_and_resumes_on_start(world: World) -> None:
    await world.log_session(PATIENT)
    world.standin.block_chat(PATIENT, notify=False)
    await world.sweep_at(timedelta(hours=2))
    repo = world.services.repo
    assert world.patient(PATIENT).blocked
    assert repo.aftercare.pending_for(world.patient(PATIENT).id) == []
    world.standin.unblock_chat(PATIENT)
    await world.say(PATIENT, "/start")
    assert not world.patient(PATIENT).blocked
    assert {r.kind for r in repo.aftercare.pending_for(world.patient(PATIENT).id)} >= {"checkin"}


async def test_rate_limited_sends_are_retried_until_all_arrive_once(world: World) -> None:
    repo, plan = world.services.repo, world.services.plan
    assert plan is not None
    for n in range(12):
        patient = repo.patients.register(
            telegram_user_id=9_000_000 + n, chat_id=9_000_000 + n, display_name=None,
            locale="en", now=NOW,
        )  # fmt: skip
        repo.patients.set_fields(patient.id, reminders_consent=1)
        world.standin.register_chat(9_000_000 + n)
        log_session(
            repo, plan, world.patient(9_000_000 + n), treated_at=NOW,
            area="neck", logged_by="staff:1", idempotency_key=f"k{n}", now=NOW,
            default_timezone="Europe/London",
        )  # fmt: skip
    world.standin.rate_limit(per_second=5, retry_after=1)
    sent = await world.sweep_at(timedelta(hours=2))
    assert Counter(r.chat_id for r in sent) == Counter(9_000_000 + n for n in range(12))
    assert world.standin.counters.rate_limited >= 1
    assert world.services.repo.aftercare.count_by_status().get("sent") == 12
    assert Status.SENT.value == "sent"
