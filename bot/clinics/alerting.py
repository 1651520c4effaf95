"""Raising an alert: the alert row, a copy for every staff member and what the patient will hear,
written in the transaction that records the alert's cause; the outbox delivers them.

Kept outside ``handlers`` because both the question flow (red flags) and the check-in flow
(worrying soreness) raise alerts. The copies have no deadline: they are retried until they
reach the staff member, Telegram refuses them for good (a blocked bot), or the alert is
handled. The patient hears "your clinic was told" once the first copy arrives, or, if none has
after ``Settings.alert_unreached_minutes``, to contact the clinic directly. Logs carry ids only,
never what the patient wrote.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import metrics
from bot.clinics.alerts import alert_text
from bot.clinics.alerts_store import Alert
from bot.clinics.keyboards import alert_keyboard
from bot.content import Messages
from bot.outbox.courier import Hooks, Outbox
from bot.outbox.effects import Effect, Purpose
from bot.outbox.store import OutboxRow
from bot.patients.model import Patient
from bot.storage.repository import Repository

log = logging.getLogger(__name__)

#: How long what the patient hears after an alert stays worth sending.
PATIENT_NOTE_DEADLINE = timedelta(days=1)


@dataclass(frozen=True)
class FollowUp:
    """Catalog keys of what the patient hears after an alert (None: nothing)."""

    told: str | None  # once the first staff member has the alert
    unreached: str | None  # if no staff member has it in time
    no_clinic: str | None  # the patient has no clinic to tell


FOLLOW_UPS = {
    "red_flag": FollowUp("urgent.clinic_told", "urgent.clinic_not_reached", "urgent.no_clinic"),
    "checkin": FollowUp("checkins.clinic_told", "urgent.clinic_not_reached", None),
}
#: Self-harm is never answered with "contact your clinic yourself": crisis support and people
#: they trust instead, whether or not there is a clinic to tell.
SELF_HARM_FOLLOW_UP = FollowUp(
    "urgent.clinic_told", "urgent.self_harm_support", "urgent.self_harm_support"
)


def follow_up(kind: str, reason: str) -> FollowUp:
    """What the patient hears after an alert of ``kind`` raised for ``reason``."""
    if kind == "red_flag" and reason == "self_harm":
        return SELF_HARM_FOLLOW_UP
    return FOLLOW_UPS.get(kind, FollowUp(None, None, None))


def record_alert(
    repo: Repository,
    outbox: Outbox,
    messages: Messages,
    *,
    patient: Patient,
    kind: str,
    reason: str,
    detail: str | None,
    now: datetime,
    unreached_after: timedelta,
    session_id: int | None = None,
    after: int | None = None,
) -> Alert:
    """Store the alert and queue everything it owes; call inside the cause's transaction.

    ``after``: the outbox row of the reply the patient must read first (the urgent text)."""
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
    clinic = repo.clinics.get(patient.clinic_id) if patient.clinic_id is not None else None
    staff = repo.clinics.staff(clinic.id) if clinic is not None else []
    if clinic is not None and staff:
        text = alert_text(repo, messages, alert, patient.display_name, clinic.timezone)
        markup = alert_keyboard(alert.id, messages.raw("staff.alert.handled_button")).to_dict()
        for member in staff:
            outbox.add(
                Effect(
                    Purpose.ALERT_COPY, member.chat_id, text, due_at=now, deadline_at=None,
                    markup=markup, patient_id=patient.id, alert_id=alert.id,
                )
            )  # fmt: skip
    follow = follow_up(kind, reason)
    deadline = now + PATIENT_NOTE_DEADLINE

    def note(purpose: Purpose, key: str, due_at: datetime, *, held: bool = False) -> None:
        outbox.add(
            Effect(
                purpose, patient.chat_id, messages.text(key, patient.locale), due_at=due_at,
                deadline_at=deadline, patient_id=patient.id, alert_id=alert.id, after=after,
                held=held,
            )
        )  # fmt: skip

    if clinic is None:
        if follow.no_clinic:
            note(Purpose.REPLY, follow.no_clinic, now)
    else:
        if follow.told:
            note(Purpose.ALERT_TOLD, follow.told, now, held=True)
        if follow.unreached:
            # With nobody to tell, the patient hears at once to contact the clinic.
            wait = unreached_after if staff else timedelta(0)
            note(Purpose.ALERT_UNREACHED, follow.unreached, now + wait)
    log.warning(
        "alert %s raised: kind=%s reason=%s patient=%s staff copies=%d",
        alert.id,
        kind,
        reason,
        patient.id,
        len(staff),
    )
    return alert


def alert_hooks(repo: Repository, outbox: Outbox, messages: Messages) -> dict[Purpose, Hooks]:
    """What happens around the delivery of an alert's rows (registered by ``bot.app``)."""

    def copy_unwanted(row: OutboxRow) -> str | None:
        alert = repo.alerts.get(row.alert_id) if row.alert_id is not None else None
        if alert is None:
            return "alert gone"
        if alert.patient_id is None:
            return "patient erased"
        if alert.handled_at is not None:
            return "handled"
        if alert.clinic_id is None or row.chat_id not in {
            member.chat_id for member in repo.clinics.staff(alert.clinic_id)
        }:
            return "no longer staff"
        return None

    def copy_delivered(row: OutboxRow, message_id: int | None) -> None:
        if row.alert_id is None or message_id is None:
            return
        repo.clinics.record_notification(row.alert_id, row.chat_id, message_id)
        outbox.store.release_held(row.alert_id, Purpose.ALERT_TOLD, outbox.clock.now())
        log.info("alert %s delivered to staff chat %s", row.alert_id, row.chat_id)

    def copy_given_up(row: OutboxRow, reason: str) -> None:
        if row.alert_id is None:
            return
        store = outbox.store
        live_or_sent = ("pending", "claimed", "sending", "sent")
        if store.count_for_alert(row.alert_id, Purpose.ALERT_COPY, live_or_sent) == 0:
            # Nobody at the clinic can get it: tell the patient to contact them now.
            store.hasten(row.alert_id, Purpose.ALERT_UNREACHED, outbox.clock.now())
        log.warning(
            "alert %s could not be delivered to staff chat %s (%s); it is in the clinic's digest",
            row.alert_id,
            row.chat_id,
            reason,
        )

    def copy_orphaned(row: OutboxRow, message_id: int | None) -> None:
        # The patient was erased while this copy was in flight: take the details out again.
        if message_id is None:
            return
        now = outbox.clock.now()
        outbox.add(
            Effect(
                Purpose.SCRUB, row.chat_id, messages.text("staff.alert.erased"), due_at=now,
                deadline_at=None, edit_message_id=message_id, alert_id=row.alert_id,
            )
        )  # fmt: skip

    def unreached_unwanted(row: OutboxRow) -> str | None:
        if row.alert_id is None:
            return None
        if outbox.store.count_for_alert(row.alert_id, Purpose.ALERT_COPY, ("sent",)):
            return "clinic reached"
        alert = repo.alerts.get(row.alert_id)
        if alert is not None and alert.handled_at is not None:
            return "handled"
        return None

    return {
        Purpose.ALERT_COPY: Hooks(
            cancel_reason=copy_unwanted,
            delivered=copy_delivered,
            gave_up=copy_given_up,
            orphaned=copy_orphaned,
        ),
        Purpose.ALERT_UNREACHED: Hooks(cancel_reason=unreached_unwanted),
    }
