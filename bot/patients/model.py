"""The patient as the rest of the bot sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Patient:
    id: int
    telegram_user_id: int
    chat_id: int
    display_name: str | None
    locale: str
    clinic_id: int | None
    timezone: str | None
    quiet_start: str
    quiet_end: str
    reminders_consent: bool | None
    paused_until: datetime | None
    reminders_stopped: bool
    blocked: bool
    created_at: datetime
    last_seen_at: datetime

    def receives_reminders(self, now: datetime) -> bool:
        """Whether a routine reminder may be sent now (checked again at send time)."""
        if not self.reminders_consent or self.reminders_stopped or self.blocked:
            return False
        return self.paused_until is None or self.paused_until <= now
