"""Aftercare end to end: the real Application polling the Bot API stand-in over HTTP, a manual
clock, and the reminder sweep called directly (time moves by the clock, never by sleeping)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import keyboards
from bot.aftercare import log_session
from bot.app import build_application
from bot.clock import ManualClock
from bot.context import Services
from bot.domain.reminders import Status
from bot.scheduling import ReminderSweep, reminder_bot
from bot.settings import Secret, Settings
from bot.standin import BotApiStandIn
from bot.standin.records import SentRecord

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 10:00 in London
PATIENT, OTHER = 7_400_000_001, 7_400_000_002


@dataclass
class World:
    standin: BotApiStandIn
    app: Any
    clock: ManualClock
    services: Services
    sweep: ReminderSweep

    async def say(self, chat_id: int, text: str) -> list[SentRecord]:
        before = len(self.standin.sent)
        self.standin.push_message(chat_id, text, first_name="Pat")
        await self.standin.wait_until_idle(timeout=10)
        return [r for r in self.standin.sent[before:] if r.chat_id == chat_id]

    async def press(
        self, chat_id: int, message_id: int, data: str, *, forged: bool = False, expect: str = ""
    ) -> list[SentRecord]:
        """Press a button; ``expect`` waits for a reply carrying that callback data."""
        before = len(self.standin.sent)
        self.standin.push_callback(chat_id, message_id, data, check_button=not forged)
        if expect:
            await self.standin.wait_for_sent(
                lambda r: any(expect in d for d in r.callback_data), since=before, timeout=10
            )
        await self.standin.wait_until_idle(timeout=10)
        return [
            r
            for r in self.standin.sent[before:]
            if r.chat_id == chat_id and r.method != "answerCallbackQuery"
        ]

    async def sweep_at(self, delta: timedelta) -> list[SentRecord]:
        before = len(self.standin.sent)
        self.clock.advance(delta)
        await self.sweep.run_once()
        return [r for r in self.standin.sent[before:] if r.is_new_message]

    def patient(self, chat_id: int = PATIENT):
        patient = self.services.repo.patients.by_telegram_user(chat_id)
        assert patient is not None
        return patient

    async def log_session(self, chat_id: int, area: str = "neck", *, consent: bool = True):
        """/session → now → area → (consent yes → keep zone → default quiet hours)."""
        (ask,) = await self.say(chat_id, "/session")
        assert ask.callback_data[0] == "a1:sw:n"
        (areas,) = await self.press(chat_id, ask.message_id or 0, "a1:sw:n")
        data = next(d for d in areas.callback_data if d.endswith(":" + area))
        sent = await self.press(chat_id, areas.message_id or 0, data, expect="a1:op:y")
        offer = [r for r in sent if "a1:op:y" in r.callback_data]
        if offer and consent:
            zone_msgs = await self.press(
                chat_id, offer[0].message_id or 0, "a1:op:y", expect="a1:tz:k"
            )
            zone = next(r for r in zone_msgs if "a1:tz:k" in r.callback_data)
            quiet_msgs = await self.press(
                chat_id, zone.message_id or 0, "a1:tz:k", expect="a1:qh:2108"
            )
            quiet = next(r for r in quiet_msgs if "a1:qh:2108" in r.callback_data)
            done = await self.press(chat_id, quiet.message_id or 0, "a1:qh:2108")
            assert any("All set" in (r.plain_text or "") for r in done)
        return areas, data, sent


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    with BotApiStandIn() as standin:
        settings = Settings(
            token=Secret(standin.token),
            api_base_url=standin.base_url,
            api_base_file_url=standin.base_file_url,
            db_path=tmp_path / "aftercare-e2e.db",
            default_timezone="Europe/London",
            send_rate_per_second=30,
        )
        clock = ManualClock(NOW)
        app = build_application(settings, clock=clock)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await standin.wait_for_long_poll()
        services = app.bot_data["services"]
        sweep = ReminderSweep(services, reminder_bot(app), per_chat_interval=0)
        try:
            yield World(standin, app, clock, services, sweep)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


def _texts(records: list[SentRecord]) -> str:
    return "\n".join(r.plain_text or "" for r in records)


async def test_a_logged_session_brings_hydration_then_a_checkin_with_a_breathing_question(
    world: World,
) -> None:
    await world.log_session(PATIENT, "chest_wall")
    repo = world.services.repo
    pending = repo.aftercare.pending_for(world.patient().id)
    assert {r.kind for r in pending} == {"hydration", "stretch", "checkin", "followup"}

    (hydration,) = await world.sweep_at(timedelta(hours=2))
    assert "drink some water" in (hydration.plain_text or "")
    done = f"a1:rd:{keyboards.b36(pending[0].id)}:d"
    assert done in hydration.callback_data
    assert "Well done" in _texts(await world.press(PATIENT, hydration.message_id or 0, done))
    assert await world.press(PATIENT, hydration.message_id or 0, done, forged=True) == []

    sent = await world.sweep_at(timedelta(hours=22))  # +24 h; the 19:00 stretch is missed
    checkin = next(r for r in sent if any(":ck:" in d for d in r.callback_data))
    assert "breathing" in (checkin.plain_text or "")
    score = next(d for d in checkin.callback_data if d.endswith(":3"))
    replies = await world.press(PATIENT, checkin.message_id or 0, score, expect=":br:")
    assert "Some soreness for 24–48 hours" in _texts(replies)
    question = next(r for r in replies if any(":br:" in d for d in r.callback_data))
    yes = next(d for d in question.callback_data if d.endswith(":y"))
    urgent = await world.press(PATIENT, question.message_id or 0, yes)
    assert "emergency number" in (urgent[0].plain_text or "")
    alerts = repo.alerts.for_patient(world.patient().id)
    assert [(a.kind, a.reason) for a in alerts] == [("checkin", "breathing")]
    statuses = repo.aftercare.count_by_status()
    assert statuses.get("missed") == 1 and statuses.get("sent") == 3


async def test_a_double_tap_on_the_area_logs_one_session_and_one_set_of_reminders(
    world: World,
) -> None:
    areas, data, _ = await world.log_session(PATIENT)
    again = await world.press(PATIENT, areas.message_id or 0, data, forged=True)
    assert "already logged" in _texts(again)
    repo = world.services.repo
    assert repo.db["sessions"].count == 1
    assert repo.db["reminders"].count == len(repo.aftercare.pending_for(world.patient().id))


async def test_no_reminder_is_planned_before_consent_and_none_after_declining(
    world: World,
) -> None:
    _, _, sent = await world.log_session(PATIENT, consent=False)
    assert "Would you like aftercare reminders" in _texts(sent)
    repo = world.services.repo
    assert repo.db["reminders"].count == 0
    offer = next(r for r in sent if "a1:op:n" in r.callback_data)
    await world.press(PATIENT, offer.message_id or 0, "a1:op:n")
    assert await world.sweep_at(timedelta(days=2)) == []


async def test_a_high_score_advises_the_clinic_and_raises_an_alert(world: World) -> None:
    await world.log_session(PATIENT)
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if any(":ck:" in d for d in r.callback_data))
    eight = next(d for d in checkin.callback_data if d.endswith(":8"))
    replies = await world.press(PATIENT, checkin.message_id or 0, eight)
    assert "Please contact your clinic" in _texts(replies)
    alerts = world.services.repo.alerts.for_patient(world.patient().id)
    assert [a.reason for a in alerts] == ["high_score"]
    # The same button again: answered once, nothing new stored.
    await world.press(PATIENT, checkin.message_id or 0, eight, forged=True)
    assert len(world.services.repo.alerts.for_patient(world.patient().id)) == 1


async def test_stop_works_at_once_and_old_buttons_change_nothing(world: World) -> None:
    await world.log_session(PATIENT)
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if any(":ck:" in d for d in r.callback_data))
    assert "stopped" in _texts(await world.say(PATIENT, "/stop"))
    assert await world.sweep_at(timedelta(days=3)) == []
    two = next(d for d in checkin.callback_data if d.endswith(":2"))
    replies = await world.press(PATIENT, checkin.message_id or 0, two)
    assert "haven't recorded" in _texts(replies)
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
    (welcome,) = await world.say(PATIENT, "/start")
    for data in ["a1:rd:zzzz:d", "a1:ck:1:99", "xx", theirs.callback_data[0]]:
        await world.press(PATIENT, welcome.message_id or 0, data, forged=True)
    repo = world.services.repo
    assert repo.db["reminder_responses"].count == 0
    assert world.standin.unanswered_callbacks == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/session 25:99", "couldn't read"),
        ("/session yesterday 3pm", "couldn't read"),
        ("/session 23:59", "still in the future"),
        ("/session yesterday", "add the time"),
        ("/timezone Mars/Olympus", "don't know the time zone"),
        ("/pause forever", "number of days"),
    ],
)
async def test_bad_input_gets_a_clear_reply(world: World, command: str, expected: str) -> None:
    assert expected in _texts(await world.say(PATIENT, command))
    assert world.services.repo.db["sessions"].count == 0


async def test_a_blocked_patient_is_marked_and_resumes_on_start(world: World) -> None:
    await world.log_session(PATIENT)
    world.standin.block_chat(PATIENT, notify=False)
    await world.sweep_at(timedelta(hours=2))
    repo = world.services.repo
    assert world.patient().blocked
    assert repo.aftercare.pending_for(world.patient().id) == []
    world.standin.unblock_chat(PATIENT)
    await world.say(PATIENT, "/start")
    assert not world.patient().blocked
    assert {r.kind for r in repo.aftercare.pending_for(world.patient().id)} >= {"checkin"}


async def test_rate_limited_sends_are_retried_until_all_arrive_once(world: World) -> None:
    repo = world.services.repo
    for n in range(12):
        patient = repo.patients.register(
            telegram_user_id=9_000_000 + n, chat_id=9_000_000 + n, display_name=None,
            locale="en", now=NOW,
        )  # fmt: skip
        repo.patients.set_fields(patient.id, reminders_consent=1)
        world.standin.register_chat(9_000_000 + n)
        log_session(
            repo, world.services.plan, repo.patients.get(patient.id), treated_at=NOW,
            area="neck", logged_by="staff:1", idempotency_key=f"k{n}", now=NOW,
            default_timezone="Europe/London",
        )  # fmt: skip
    world.standin.rate_limit(per_second=5, retry_after=1)
    sent = await world.sweep_at(timedelta(hours=2))
    assert sorted(r.chat_id for r in sent) == sorted(9_000_000 + n for n in range(12))
    assert world.standin.counters.rate_limited >= 1
    assert world.services.repo.aftercare.count_by_status().get("sent") == 12
    assert Status.SENT.value == "sent"
