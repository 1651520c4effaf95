"""Raising an alert: the row in the clinic's alert log first, then telling the clinic's staff.

Kept outside ``handlers`` because both the question flow (red flags) and the check-in flow
(worrying soreness) raise alerts. Logs carry ids only, never what the patient wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import Bot

from bot import metrics
from bot.clinics.alerts_store import Alert
from bot.content import Messages
from bot.patients.model import Patient
from bot.storage.repository import Repository

log = logging.getLogger(__name__)

# Delivers an alert to whoever should see it; returns how many people were told.
AlertDelivery = Callable[[Bot, Repository, Messages, Alert], Awaitable[int]]


async def deliver_to_nobody(bot: Bot, repo: Repository, messages: Messages, alert: Alert) -> int:
    """Delivery used when no clinic staff can be reached: the alert stays open in the log."""
    return 0


async def raise_alert(
    *,
    bot: Bot,
    repo: Repository,
    messages: Messages,
    deliver: AlertDelivery,
    patient: Patient,
    kind: str,
    reason: str,
    detail: str | None,
    now: datetime,
    session_id: int | None = None,
) -> tuple[Alert, int]:
    """Record the alert, then deliver it; returns the alert and how many staff were told."""
    alert = repo.alerts.record(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        session_id=session_id,
        kind=kind,
        reason=reason,
        detail=detail,
        now=now,
    )
    metrics.ALERTS.labels(kind).inc()
    log.warning(
        "alert %s raised: kind=%s reason=%s patient=%s", alert.id, kind, reason, patient.id
    )
    try:
        told = await deliver(bot, repo, messages, alert)
    except Exception:
        log.exception("alert %s could not be delivered; it stays open in the log", alert.id)
        told = 0
    return alert, told
