"""The patients store on a real SQLite file: registering reads first and writes only a change."""

from __future__ import annotations

from datetime import timedelta

from bot.storage.repository import Repository
from tests.conftest import NOW

USER = 6_100_000_001


def test_registering_again_unchanged_writes_nothing_and_a_change_is_written(
    repo: Repository,
) -> None:
    first = repo.patients.register(
        telegram_user_id=USER, chat_id=USER, display_name="Ann", locale="en", now=NOW
    )
    later = NOW + timedelta(hours=1)
    same = repo.patients.register(
        telegram_user_id=USER, chat_id=USER, display_name="Ann", locale="en", now=later
    )
    assert same == first  # not even last-seen moved: nothing was written
    german = repo.patients.register(
        telegram_user_id=USER, chat_id=USER, display_name="Ann", locale="de", now=later
    )
    assert german.id == first.id and german.locale == "de" and german.last_seen_at == later
    assert german.created_at == NOW
    renamed = repo.patients.register(
        telegram_user_id=USER, chat_id=USER, display_name="Ann B.", locale="de", now=later
    )
    assert renamed.display_name == "Ann B." and repo.patients.get(first.id) == renamed


def test_typed_settings_writes_store_what_they_say(repo: Repository) -> None:
    patient = repo.patients.register(
        telegram_user_id=USER, chat_id=USER, display_name=None, locale="en", now=NOW
    )
    store = repo.patients
    store.set_consent(patient.id, True)
    store.set_stopped(patient.id, True)
    store.set_timezone(patient.id, "Europe/London")
    store.set_quiet_hours(patient.id, "22:00", "07:00")
    store.pause_until(patient.id, NOW + timedelta(days=3))
    changed = store.get(patient.id)
    assert changed is not None
    assert changed.reminders_consent is True and changed.reminders_stopped
    assert (changed.timezone, changed.quiet_start, changed.quiet_end) == (
        "Europe/London",
        "22:00",
        "07:00",
    )
    assert changed.paused_until == NOW + timedelta(days=3)
    store.resume(patient.id)
    resumed = store.get(patient.id)
    assert resumed is not None and resumed.paused_until is None and not resumed.reminders_stopped
    store.set_consent(patient.id, False)
    store.set_stopped(patient.id, True)
    store.set_consent(patient.id, True)  # an answer lifts an earlier /stop
    again = store.get(patient.id)
    assert again is not None and not again.reminders_stopped
    assert store.get(patient.id + 1) is None and store.by_telegram_user(USER + 1) is None
