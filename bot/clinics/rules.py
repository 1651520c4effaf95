"""Clinics and their staff as the rest of the bot sees them, and the clinic's daily digest clock.

A Telegram user is staff of at most one clinic: every staff command then knows which clinic it
acts for without asking, and membership is one indexed lookup made again on every call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# A digest more than this late (the bot was down at digest time) is skipped, not sent at night.
DIGEST_GRACE = timedelta(hours=6)


class ClinicSettingError(ValueError):
    """A clinic setting (time zone, digest time, name) is not usable; the message says why."""


@dataclass(frozen=True)
class Clinic:
    id: int
    name: str
    timezone: str
    digest_time: str | None  # "HH:MM" in the clinic's time zone; None: no digest
    created_at: datetime


@dataclass(frozen=True)
class StaffMember:
    id: int
    clinic_id: int
    telegram_user_id: int
    chat_id: int
    display_name: str | None
    joined_at: datetime


def check_clinic_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= 100:
        raise ClinicSettingError("a clinic name needs 1 to 100 characters")
    return cleaned


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ClinicSettingError(
            f"{name!r} is not an IANA time zone name (for example Europe/London)"
        ) from None
    return name


def check_digest_time(value: str) -> str:
    if not _HHMM.match(value):
        raise ClinicSettingError(f"{value!r} is not a time of day as HH:MM (for example 08:30)")
    return value


def digest_due(clinic: Clinic, now: datetime) -> date | None:
    """The clinic-local date whose digest is due at ``now``, or None.

    Due from the clinic's digest time until ``DIGEST_GRACE`` later; the caller records the date
    it sent, so each day's digest goes out once even if the sweep runs every few seconds.
    """
    if clinic.digest_time is None:
        return None
    zone = ZoneInfo(clinic.timezone)
    local_now = now.astimezone(zone)
    hours, minutes = (int(part) for part in clinic.digest_time.split(":"))
    for day in (local_now.date(), local_now.date() - timedelta(days=1)):
        moment = datetime.combine(day, time(hours, minutes), tzinfo=zone)
        if moment <= local_now < moment + DIGEST_GRACE:
            return day
    return None
