from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
