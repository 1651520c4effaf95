"""Staff-facing texts: a page of the patient list, one patient's record, the daily digest.

Kept apart from the handlers so the bench can time exactly what ``/patients`` renders. Every
text stays under Telegram's 4096 characters: the list is paged (``PAGE_SIZE`` patients with
names of at most ``NAME_LIMIT`` characters), the record shows the most recent items only.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.clinics.labels import (
    alert_kind_label,
    area_label,
    logged_by_label,
    reason_label,
    reminder_kind_label,
    status_label,
)
from bot.clinics.views_store import DigestFigures, PatientPage, PatientRecord
from bot.content import Markup, Messages

PAGE_SIZE = 25
NAME_LIMIT = 40
DIGEST_SILENT_LIMIT = 20


def short_name(messages: Messages, name: str | None, locale: str | None = None) -> str:
    if not name:
        return messages.raw("staff.no_name", locale)
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def patients_page_text(
    messages: Messages,
    clinic_name: str,
    timezone: str,
    page: PatientPage,
    locale: str | None = None,
) -> str:
    if page.total == 0:
        return messages.text("staff.patients_empty", locale, clinic=clinic_name)
    zone = ZoneInfo(timezone)
    lines = [
        messages.text(
            "staff.patients_header",
            locale,
            clinic=clinic_name,
            total=Markup(messages.plural("count.patients", page.total, locale)),
            alerting=page.with_open_alerts,
            page=page.page,
            pages=page.pages,
        )
    ]
    for row in page.rows:
        session = (
            messages.text(
                "staff.session_part",
                locale,
                date=messages.when(row.last_session_at, "day", locale, zone=zone),
                area=area_label(messages, row.last_area, locale) if row.last_area else "",
            )
            if row.last_session_at
            else messages.text("staff.no_session", locale)
        )
        score = (
            messages.text("staff.score_part", locale, score=row.last_score)
            if row.last_score is not None
            else ""
        )
        alerts = (
            messages.text(
                "staff.alerts_part",
                locale,
                alerts=Markup(messages.plural("count.open_alerts", row.open_alerts, locale)),
            )
            if row.open_alerts
            else ""
        )
        lines.append(
            messages.text(
                "staff.patient_line",
                locale,
                alert_mark=Markup(
                    messages.text("staff.alert_mark", locale) if row.open_alerts else ""
                ),
                id=row.id,
                name=short_name(messages, row.display_name, locale),
                session=Markup(session),
                score=Markup(score),
                alerts=Markup(alerts),
            )
        )
    return "\n".join(lines)


def patient_record_text(
    messages: Messages, record: PatientRecord, timezone: str, locale: str | None = None
) -> str:
    zone = ZoneInfo(timezone)
    t = messages.text
    consent = {True: "staff.consent_yes", False: "staff.consent_no", None: "staff.consent_unknown"}
    lines = [
        t(
            "staff.record_header",
            locale,
            id=record.id,
            name=short_name(messages, record.display_name, locale),
            since=messages.when(record.joined_at, "day", locale, zone=zone),
            timezone=record.timezone or timezone,
            consent=t(consent[record.reminders_consent], locale),
        ),
        "",
        t("staff.record_sessions", locale),
    ]
    lines += [
        t(
            "staff.record_session",
            locale,
            id=s.id,
            date=messages.when(s.treated_at, "day_time", locale, zone=zone),
            area=area_label(messages, s.area, locale),
            logged_by=logged_by_label(messages, s.logged_by, locale),
        )
        for s in record.sessions
    ] or [t("staff.record_none", locale)]
    lines += ["", t("staff.record_checkins", locale)]
    for c in record.checkins:
        breathing = (
            t(
                "staff.record_breathing",
                locale,
                answer=t("staff.yes" if c.breathing else "staff.no", locale),
            )
            if c.breathing is not None
            else ""
        )
        score = f"{c.score}/10" if c.score is not None else t("staff.record_no_score", locale)
        lines.append(
            t(
                "staff.record_checkin",
                locale,
                date=messages.when(c.answered_at, "day_time", locale, zone=zone),
                session=c.session_id,
                score=score,
                breathing=Markup(breathing),
            )
        )
    if not record.checkins:
        lines.append(t("staff.record_none", locale))
    lines += ["", t("staff.record_reminders", locale)]
    lines += [
        t(
            "staff.record_reminder",
            locale,
            date=messages.when(r.due_at, "day_time", locale, zone=zone),
            kind=reminder_kind_label(messages, r.kind, locale),
            session=r.session_id,
            status=status_label(messages, r.status, locale),
            answered=Markup(t("staff.record_answered", locale) if r.answered else ""),
        )
        for r in record.reminders
    ] or [t("staff.record_none", locale)]
    lines += ["", t("staff.record_alerts", locale)]
    lines += [
        t(
            "staff.record_alert",
            locale,
            id=a.id,
            date=messages.when(a.created_at, "day_time", locale, zone=zone),
            kind=alert_kind_label(messages, a.kind, locale),
            reason=reason_label(messages, a.reason, locale),
            state=Markup(
                t("staff.record_handled" if a.handled_at else "staff.record_open", locale)
            ),
        )
        for a in record.alerts
    ] or [t("staff.record_none", locale)]
    return "\n".join(lines)


def digest_text(
    messages: Messages, clinic_name: str, local_date: date, figures: DigestFigures
) -> str:
    silent = figures.silent_patients
    items = "".join(
        messages.text("digest.silent_item", id=pid, name=short_name(messages, name))
        for pid, name in silent[:DIGEST_SILENT_LIMIT]
    )
    if len(silent) > DIGEST_SILENT_LIMIT:
        items += messages.text("digest.more", count=len(silent) - DIGEST_SILENT_LIMIT)
    text = messages.text(
        "digest.text",
        clinic=clinic_name,
        date=messages.when(local_date, "date"),
        new_patients=figures.new_patients,
        checkins=figures.checkins_answered,
        open_alerts=figures.open_alerts,
        silent_count=len(silent),
        silent_list=Markup(items),
    )
    if figures.undelivered_alerts:
        text += messages.text("digest.undelivered", count=figures.undelivered_alerts)
    return text
