"""Clinic settings and the digest clock: pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.clinics.rules import (
    Clinic,
    ClinicSettingError,
    check_clinic_name,
    check_digest_time,
    check_timezone,
    digest_due,
)


def _clinic(digest_time: str | None = "08:00", timezone: str = "Europe/London") -> Clinic:
    return Clinic(1, "Riverside Physio", timezone, digest_time, datetime(2026, 1, 1, tzinfo=UTC))


def test_clinic_settings_are_checked_with_a_reason() -> None:
    assert check_clinic_name("  Riverside   Physio ") == "Riverside Physio"
    assert check_timezone("Europe/London") == "Europe/London"
    assert check_digest_time("08:30") == "08:30"
    for bad in (lambda: check_timezone("Mars/Base"), lambda: check_digest_time("25:00")):
        with pytest.raises(ClinicSettingError):
            bad()
    with pytest.raises(ClinicSettingError):
        check_clinic_name("   ")


def test_digest_is_due_from_the_clinic_local_time_for_a_few_hours() -> None:
    clinic = _clinic("08:00", "Europe/Madrid")  # UTC+1 in November
    assert digest_due(clinic, datetime(2026, 11, 21, 6, 59, tzinfo=UTC)) is None
    assert digest_due(clinic, datetime(2026, 11, 21, 7, 0, tzinfo=UTC)) == date(2026, 11, 21)
    assert digest_due(clinic, datetime(2026, 11, 21, 12, 59, tzinfo=UTC)) == date(2026, 11, 21)
    assert digest_due(clinic, datetime(2026, 11, 21, 13, 0, tzinfo=UTC)) is None


def test_a_late_evening_digest_is_still_due_after_local_midnight() -> None:
    clinic = _clinic("23:00", "UTC")
    assert digest_due(clinic, datetime(2026, 11, 22, 1, 0, tzinfo=UTC)) == date(2026, 11, 21)


def test_a_clinic_without_digest_time_gets_no_digest() -> None:
    assert digest_due(_clinic(None), datetime(2026, 11, 21, 8, 0, tzinfo=UTC)) is None
