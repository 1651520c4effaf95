"""A reminder row as the domain sees it, and the send-time decision.

Planning already respected consent, quiet hours and lateness, but the patient can change their
mind between planning and sending (``/stop``, ``/pause``, a kind turned off, a new time zone), so
everything is checked again right before a message goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from bot.aftercare.checkins import still_sore
from bot.aftercare.lateness import Lateness, judge
from bot.aftercare.quiet_hours import QuietHours, end_of_quiet_hours, is_quiet
from bot.patients.model import Patient


class Status(Enum):
    PENDING = "pending"
    CLAIMED = "claimed"  # taken by a sender, no request made yet
    SENDING = "sending"  # a request is (or may have been) in flight
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    MISSED = "missed"
    FAILED = "failed"


@dataclass(frozen=True)
class Reminder:
    id: int
    patient_id: int
    session_id: int
    kind: str
    step: int
    due_at: datetime
    deadline_at: datetime
    routine: bool
    status: Status
    attempts: int
    snoozed_from: int | None = None
    sent_at: datetime | None = None
    telegram_message_id: int | None = None
    network_failures: int = 0  # sets the back-off; never ends the reminder
    maybe_delivered: bool = False  # an earlier request may have reached the patient

    @property
    def may_have_arrived(self) -> bool:
        """Whether the patient may be looking at it: sent, in flight, or sent before in a
        request that timed out (Telegram may have delivered it though we never heard)."""
        return self.status in (Status.SENT, Status.SENDING) or self.maybe_delivered


class Action(Enum):
    SEND = "send"
    WAIT = "wait"  # pending again, due at ``until``
    SKIP = "skip"
    MISS = "miss"
    CANCEL = "cancel"


@dataclass(frozen=True)
class SendDecision:
    action: Action
    reason: str = ""
    until: datetime | None = None


def decide_at_send(
    reminder: Reminder,
    patient: Patient,
    *,
    kind_enabled: bool,
    zone: ZoneInfo,
    quiet: QuietHours,
    only_if: str | None,
    latest_score: int | None,
    now: datetime,
) -> SendDecision:
    """What to do with a claimed reminder right now."""
    if patient.blocked:
        return SendDecision(Action.CANCEL, "blocked")
    if patient.reminders_stopped:
        return SendDecision(Action.CANCEL, "stopped")
    if not patient.reminders_consent:
        return SendDecision(Action.CANCEL, "no_consent")
    if judge(now, reminder.due_at, reminder.deadline_at) is Lateness.MISSED:
        return SendDecision(Action.MISS, "late")
    if not kind_enabled:
        return SendDecision(Action.SKIP, "kind_off")
    if only_if == "still_sore" and not still_sore(latest_score):
        return SendDecision(Action.SKIP, "eased")
    if patient.paused_until is not None and patient.paused_until > now:
        if patient.paused_until <= reminder.deadline_at:
            return SendDecision(Action.WAIT, "paused", patient.paused_until)
        return SendDecision(Action.SKIP, "paused")
    if reminder.routine and is_quiet(now, zone, quiet):
        end = end_of_quiet_hours(now, zone, quiet)
        if end <= reminder.deadline_at:
            return SendDecision(Action.WAIT, "quiet_hours", end)
        return SendDecision(Action.MISS, "quiet_hours")
    return SendDecision(Action.SEND)


def send_time_under_pause(reminder: Reminder, paused_until: datetime | None) -> datetime | None:
    """When a pending reminder will go out given a pause (as ``decide_at_send`` will judge it):
    its due time, the pause's end if that is still within its window, or None (held back)."""
    if paused_until is None or paused_until <= reminder.due_at:
        return reminder.due_at
    if paused_until <= reminder.deadline_at:
        return paused_until
    return None
