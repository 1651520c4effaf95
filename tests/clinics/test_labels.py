"""Every code staff can see has its own words in the catalog; an unknown one reads "other"."""

from __future__ import annotations

from bot.aftercare.checkins import Reason
from bot.aftercare.reminders import Status
from bot.clinics.labels import (
    alert_kind_label,
    area_label,
    logged_by_label,
    reason_label,
    reminder_kind_label,
    status_label,
)
from bot.content import Messages, load_plan
from bot.knowledge.safety import RedFlag
from bot.settings import Settings


def test_every_reason_status_and_kind_has_its_own_words(messages: Messages) -> None:
    codes = [
        *(f"staff.label.reason.{flag.value}" for flag in RedFlag),
        *(f"staff.label.reason.{reason.value}" for reason in Reason),
        "staff.label.reason.unspecified",
        *(f"staff.label.status.{status.value}" for status in Status),
        "staff.label.alert_kind.red_flag",
        "staff.label.alert_kind.checkin",
    ]
    plan = load_plan(Settings().plan_path)
    codes += [area.message for area in plan.areas]
    codes += [f"reminders.kind.{step.kind}" for step in plan.steps]
    assert [code for code in codes if not messages.has(code)] == []


def test_labels_never_show_the_raw_code(messages: Messages) -> None:
    shown = [
        reason_label(messages, "high_score"),
        alert_kind_label(messages, "red_flag"),
        status_label(messages, "pending"),
        reminder_kind_label(messages, "checkin"),
        area_label(messages, "upper_back"),
        logged_by_label(messages, "staff:1"),
        logged_by_label(messages, "patient"),
    ]
    assert not any("_" in label or ":" in label for label in shown)
    assert logged_by_label(messages, "staff:1") == messages.raw("staff.label.logged_by.staff")


def test_an_unknown_code_reads_as_other(messages: Messages) -> None:
    assert reason_label(messages, "from_the_future") == messages.raw("staff.label.reason.other")
    assert area_label(messages, "left_ear") == messages.raw("sessions.area.other")
