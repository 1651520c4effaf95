from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock, ScaledClock


def test_manual_clock_moves_only_when_told() -> None:
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    clock = ManualClock(start)
    assert clock.now() == start
    clock.advance(timedelta(hours=24))
    assert clock.now() == start + timedelta(hours=24)


def test_clocks_refuse_to_go_backwards() -> None:
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 3, 1, tzinfo=UTC)).advance(timedelta(seconds=-1))
    with pytest.raises(ValueError):
        ScaledClock(10).advance(timedelta(seconds=-1))


def test_scaled_clock_fast_forward_adds_to_scaled_time() -> None:
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    clock = ScaledClock(1.0, start=start)
    clock.advance(timedelta(hours=48))
    assert clock.now() >= start + timedelta(hours=48)
    assert clock.now().tzinfo is not None


def test_manual_clock_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 3, 1))


def test_a_scaled_clock_resumes_from_its_anchor_counting_the_downtime_scaled() -> None:
    real = [datetime(2026, 3, 1, 9, 0, tzinfo=UTC)]
    saved: list[object] = []
    first = ScaledClock(60, wall=lambda: real[0], on_change=saved.append)
    first.advance(timedelta(hours=24))
    assert saved, "a fast-forward is reported so it can be saved"
    anchor = first.anchor
    real[0] += timedelta(minutes=2)  # the process is down for two real minutes
    second = ScaledClock(60, resume_from=anchor, wall=lambda: real[0])
    resumed = second.now()
    assert anchor.scaled_origin + timedelta(hours=2) <= resumed
    assert resumed < anchor.scaled_origin + timedelta(hours=2, minutes=5)


def test_the_demo_clock_survives_a_restart_through_the_database(tmp_path: Path) -> None:
    from bot.app import default_clock
    from bot.settings import Settings
    from bot.storage.db import open_database
    from bot.storage.repository import Repository

    settings = Settings(db_path=tmp_path / "clock.db")
    repo = Repository(open_database(settings.db_path))
    clock = default_clock(settings, repo, fast_forward=True)
    clock.advance(timedelta(days=3))
    moved = clock.now()
    repo.close()
    repo = Repository(open_database(settings.db_path))
    again = default_clock(settings, repo, fast_forward=True)
    assert again.now() >= moved
    assert again.now() - moved < timedelta(minutes=1)
    repo.close()
