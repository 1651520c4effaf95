"""Reminder controls end to end: /reminders toggles, snooze, /progress and clinic wording of
reminders, through the real Application and the stand-in; time moves by the manual clock and
the sweep runs directly (``World.sweep_at``), never by sleeping."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.aftercare.handlers import progress
from bot.aftercare.reminders import Status
from bot.content import Markup
from bot.devtools.standin.server import TINY_PNG
from bot.telegram.callbacks import CheckinScore, RoutineAnswer, ToggleKind
from tests.buttons import button_in, decoded, has_button, kinds

from .harness import CATALOG, World, WorldConfig, said, said_until

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 10:00 in London
PATIENT = 7_500_000_001
SNOOZED = said_until("reminders.snoozed", "when")
LATEST = said("progress.summary_single", score=4, hours=Markup(CATALOG.plural("count.hours", 24)))


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW, default_timezone="Europe/London")


def _statuses(world: World, kind: str) -> list[str]:
    rows = world.services.repo.db.execute(
        "SELECT status FROM reminders WHERE patient_id = ? AND kind = ? ORDER BY id",
        [world.patient(PATIENT).id, kind],
    ).fetchall()
    return [status for (status,) in rows]


async def _toggle(world: World, kind: str) -> str:
    overview = (await world.say(PATIENT, "/reminders")).only(PATIENT)
    data = ToggleKind(kind)
    assert data in decoded(overview.callback_data)
    edited = (await world.press(PATIENT, overview.message_id or 0, data)).to(PATIENT)
    return edited.text


async def test_a_kind_switched_off_in_reminders_is_not_sent_and_others_still_are(
    world: World,
) -> None:
    await world.log_session(PATIENT, "lower_back")
    await _toggle(world, "hydration")

    assert await world.sweep_at(timedelta(hours=2)) == []  # the 11:00 water reminder
    assert _statuses(world, "hydration") == [Status.SKIPPED.value]

    evening = await world.sweep_at(timedelta(hours=7, minutes=5))  # 19:05 London
    assert len(evening) == 1
    assert said_until("reminders.stretch_evening", "area") in (evening[0].plain_text or "")


async def test_switching_a_kind_back_on_before_it_is_due_lets_it_through(world: World) -> None:
    await world.log_session(PATIENT, "lower_back")
    await _toggle(world, "hydration")
    await _toggle(world, "hydration")

    (water,) = await world.sweep_at(timedelta(hours=2))
    assert water.plain_text == said("reminders.hydration")


async def test_a_snoozed_water_reminder_comes_back_once_an_hour_later(world: World) -> None:
    await world.log_session(PATIENT, "lower_back")
    (water,) = await world.sweep_at(timedelta(hours=2))
    snooze = button_in(water.callback_data, RoutineAnswer, done=False)
    reply = (await world.press(PATIENT, water.message_id or 0, snooze)).to(PATIENT)
    assert SNOOZED in reply.text

    assert await world.sweep_at(timedelta(minutes=30)) == []
    (again,) = await world.sweep_at(timedelta(minutes=31))
    assert again.plain_text == said("reminders.hydration")
    assert await world.sweep_at(timedelta(hours=2)) == []  # once, not every hour
    # The buttons are gone after the answer; a replayed press changes nothing.
    repeat = await world.press(PATIENT, water.message_id or 0, snooze, forged=True)
    assert SNOOZED not in repeat.to(PATIENT).text


async def _one_checkin_answered(world: World, score: int) -> None:
    await world.log_session(PATIENT, "lower_back")
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if CheckinScore in kinds(r.callback_data))
    data = button_in(checkin.callback_data, CheckinScore, score=score)
    await world.press(PATIENT, checkin.message_id or 0, data)


async def test_progress_falls_back_to_a_text_chart_without_matplotlib(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the charts extra were absent
    await _one_checkin_answered(world, 4)

    sent = await world.say(PATIENT, "/progress")
    assert not [r for r in sent if r.method == "sendPhoto"]
    text = sent.only(PATIENT).plain_text or ""
    assert said("progress.header") in text
    assert said("progress.bar", bar="████░░░░░░", score=4, hours=24) in text
    assert LATEST in text


async def test_progress_sends_a_chart_when_matplotlib_is_installed(world: World) -> None:
    pytest.importorskip("matplotlib")
    await _one_checkin_answered(world, 4)

    sent = await world.say(PATIENT, "/progress", until="sendPhoto")
    (photo,) = [r for r in sent if r.method == "sendPhoto"]
    caption = photo.plain_text or ""
    assert said("progress.caption") in caption
    assert caption.endswith(LATEST)
    assert (photo.photo or b"").startswith(b"\x89PNG\r\n\x1a\n")
    assert not [r for r in sent if r.method == "sendMessage"]  # no text chart as well


async def test_progress_draws_the_chart_off_the_event_loop(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawing takes tens of ms: the handler hands it to a worker thread, and sends the PNG
    with the caption and the one-line summary (a fake renderer: runs without matplotlib)."""
    drawn: list[tuple[bool, list[tuple[str, list[tuple[float, int]]]]]] = []

    def fake_png(series: list[tuple[str, list[tuple[float, int]]]]) -> bytes:
        drawn.append((threading.current_thread() is threading.main_thread(), series))
        return TINY_PNG

    monkeypatch.setattr(progress, "soreness_png", fake_png)
    await _one_checkin_answered(world, 4)

    sent = await world.say(PATIENT, "/progress", until="sendPhoto")
    (photo,) = [r for r in sent if r.method == "sendPhoto"]
    assert photo.photo == TINY_PNG
    assert LATEST in (photo.plain_text or "")
    ((on_main_thread, series),) = drawn
    assert not on_main_thread
    ((_label, points),) = series
    assert [(round(hours), score) for hours, score in points] == [(24, 4)]


async def test_a_clinic_wording_of_a_reminder_is_what_the_patient_receives(world: World) -> None:
    clinic_id, _token = world.clinic("Riverside Physio")
    repo = world.services.repo
    repo.clinics.set_text(
        clinic_id, "reminders.hydration", "en", "💧 Riverside: a glass of water now, please."
    )
    await world.log_session(PATIENT, "lower_back")
    repo.patients.set_fields(world.patient(PATIENT).id, clinic_id=clinic_id)

    (water,) = await world.sweep_at(timedelta(hours=2))
    assert water.plain_text == "💧 Riverside: a glass of water now, please."
    assert has_button(water.callback_data, RoutineAnswer, done=True)  # the buttons stay
