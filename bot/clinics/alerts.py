"""What clinic staff read about an alert, and editing the copies they already have.

Every staff member of the patient's clinic gets the alert in their private chat (through the
outbox, see ``bot.clinics.alerting``) with the patient's display name, what raised it (the
message, or the check-in score), the session it follows, and a "mark handled" button. The
message ids are kept so that, when the alert is handled, every copy shows who handled it, and
when the patient erases their data, every copy loses the details. Logs carry alert, clinic and
chat ids only.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.clinics.alerts_store import Alert
from bot.clinics.labels import area_label, reason_label
from bot.content import Markup, Messages
from bot.storage.repository import Repository

log = logging.getLogger(__name__)


def alert_text(
    repo: Repository, messages: Messages, alert: Alert, name: str | None, timezone: str
) -> str:
    """The staff message for an alert (without the "handled" line)."""
    session = _session_line(repo, messages, alert, timezone)
    who = name or messages.raw("staff.no_name")
    if alert.kind == "red_flag":
        return messages.text(
            "staff.alert.red_flag",
            id=alert.patient_id,
            name=who,
            reason=reason_label(messages, alert.reason),
            detail=alert.detail or "",
            session=Markup(session),
        )
    detail = messages.text("staff.alert.detail_part", detail=alert.detail) if alert.detail else ""
    return messages.text(
        "staff.alert.checkin",
        id=alert.patient_id,
        name=who,
        reason=reason_label(messages, alert.reason),
        detail_part=Markup(detail),
        session=Markup(session),
    )


def _session_line(repo: Repository, messages: Messages, alert: Alert, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    if alert.session_id is not None:
        summary = repo.clinic_views.session_summary(alert.session_id)
        session_id = alert.session_id
    else:
        # A red flag follows the patient's latest session, if any.
        latest = (
            repo.clinic_views.latest_session_before(alert.patient_id, alert.created_at)
            if alert.patient_id is not None
            else None
        )
        summary = (latest[1], latest[2]) if latest else None
        session_id = latest[0] if latest else 0
    if summary is None:
        return messages.text("staff.alert.no_session")
    treated_at, area = summary
    return messages.text(
        "staff.alert.session",
        session=session_id,
        date=messages.when(treated_at, "day_time", zone=zone),
        area=area_label(messages, area),
    )


def handled_line(messages: Messages, who: str | None, handled_at: datetime, timezone: str) -> str:
    return messages.text(
        "staff.alert.handled",
        who=who or messages.raw("staff.alert.former_staff"),
        time=messages.when(handled_at, "day_time", zone=ZoneInfo(timezone)),
    )


async def update_copies(bot: Bot, copies: list[tuple[int, int]], text: str) -> int:
    """Edit every staff copy of an alert (e.g. "handled by"), dropping its button."""
    edited = 0
    for chat_id, message_id in copies:
        try:
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
            edited += 1
        except BadRequest:
            # Too old to edit, already edited to the same text, or deleted: nothing to do.
            continue
        except TelegramError as exc:
            log.info("could not edit a copy in chat %s: %s", chat_id, type(exc).__name__)
    return edited
