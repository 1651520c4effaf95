"""What the outbox delivers, as plain data, and how long to wait before trying again.

Nothing here talks to Telegram or SQLite: an ``Effect`` is what a flow asks for (a message to a
chat, or an edit of one), the store turns it into a row, the courier into a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class Purpose(StrEnum):
    """What a row is for; it decides which hooks run around its delivery."""

    REPLY = "reply"  # a message to a patient about what they just did (urgent text, check-in)
    ALERT_COPY = "alert_copy"  # an alert, to one staff member
    ALERT_TOLD = "alert_told"  # the patient hears the clinic was told (held until it was)
    ALERT_UNREACHED = "alert_unreached"  # ...that nobody could be reached: call them directly
    SCRUB = "scrub"  # an erased patient's details edited out of a staff copy


class RowStatus(StrEnum):
    HELD = "held"  # waits for another delivery to release it
    PENDING = "pending"
    CLAIMED = "claimed"  # taken by a sender (or a handler sending it at once); no request yet
    SENDING = "sending"  # a request is (or may have been) in flight
    SENT = "sent"
    FAILED = "failed"  # Telegram refused it for good (400/403)
    EXPIRED = "expired"  # its deadline passed before it could be delivered
    CANCELLED = "cancelled"  # no longer wanted (alert handled, patient erased, staff removed)


LIVE = (RowStatus.HELD, RowStatus.PENDING, RowStatus.CLAIMED, RowStatus.SENDING)
ENDED = (RowStatus.SENT, RowStatus.FAILED, RowStatus.EXPIRED, RowStatus.CANCELLED)

#: First retry after this many real seconds, doubling per failure, never more than the cap.
RETRY_BASE_SECONDS = 1.0
RETRY_CAP_SECONDS = 30.0


@dataclass(frozen=True)
class Effect:
    """One message to deliver (or, with ``edit_message_id``, one message to edit).

    ``patient_id`` names whose data the text carries: erasing the patient deletes the row.
    ``deadline_at`` None means "until delivered or refused" (alerts). ``after`` is a row that
    must be delivered (or given up) first, so a patient reads the urgent text before what
    follows it. ``held`` rows wait until a delivery releases them (see ``OutboxStore``).
    """

    purpose: Purpose
    chat_id: int
    text: str
    due_at: datetime
    deadline_at: datetime | None
    markup: Mapping[str, Any] | None = None
    edit_message_id: int | None = None
    patient_id: int | None = None
    alert_id: int | None = None
    after: int | None = None
    held: bool = False


def retry_delay(
    failures: int, *, base: float = RETRY_BASE_SECONDS, cap: float = RETRY_CAP_SECONDS
) -> timedelta:
    """Real time to wait after the ``failures``-th failure in a row (1, 2, 4 … ``cap`` s)."""
    if failures < 1:
        return timedelta(0)
    return timedelta(seconds=min(cap, base * 2 ** min(failures - 1, 30)))


def scaled(real: timedelta, time_scale: float) -> timedelta:
    """A real-time wait expressed in the application clock's time (which may run faster)."""
    return real * time_scale
