from __future__ import annotations

import tomllib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.aftercare.plan import (
    AftercarePlan,
    PatientTiming,
    PlanError,
    SessionFacts,
    parse_plan,
    plan_reminders,
)
from bot.aftercare.quiet_hours import NO_QUIET_HOURS, QuietHours

PLAN_FILE = Path(__file__).resolve().parents[2] / "data" / "aftercare_plan.toml"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = QuietHours(time(21), time(8))


@pytest.fixture(scope="module")
def plan() -> AftercarePlan:
    return parse_plan(tomllib.loads(PLAN_FILE.read_text(encoding="utf-8")))


def _due(plan: AftercarePlan, treated: datetime, zone: ZoneInfo, quiet: QuietHours = NIGHT):
    reminders = plan_reminders(
        SessionFacts(treated, "neck"), plan, PatientTiming(zone, quiet), treated
    )
    return {(r.kind, r.step): r.due_at.astimezone(zone) for r in reminders}


def test_the_default_plan_has_hydration_stretching_checkins_and_a_followup(
    plan: AftercarePlan,
) -> None:
    due = _due(plan, datetime(2026, 6, 10, 10, 0, tzinfo=LONDON), LONDON)
    assert due == {
        ("hydration", 1): datetime(2026, 6, 10, 12, 0, tzinfo=LONDON),
        ("stretch", 1): datetime(2026, 6, 10, 19, 0, tzinfo=LONDON),
        ("stretch", 2): datetime(2026, 6, 11, 9, 0, tzinfo=LONDON),
        ("checkin", 1): datetime(2026, 6, 11, 10, 0, tzinfo=LONDON),
        ("checkin", 2): datetime(2026, 6, 12, 10, 0, tzinfo=LONDON),
        ("checkin", 3): datetime(2026, 6, 13, 10, 0, tzinfo=LONDON),
        ("followup", 1): datetime(2026, 6, 17, 10, 0, tzinfo=LONDON),
    }


def test_an_evening_session_gets_no_same_day_evening_stretch(plan: AftercarePlan) -> None:
    due = _due(plan, datetime(2026, 6, 10, 18, 30, tzinfo=LONDON), LONDON)
    assert ("stretch", 1) not in due


def test_a_checkin_reminder_waits_for_end_of_quiet_hours(plan: AftercarePlan) -> None:
    due = _due(plan, datetime(2026, 6, 10, 22, 0, tzinfo=LONDON), LONDON)
    assert due[("checkin", 1)] == datetime(2026, 6, 12, 8, 0, tzinfo=LONDON)


def test_the_24h_checkin_is_24_real_hours_across_spring_forward(plan: AftercarePlan) -> None:
    treated = datetime(2026, 3, 28, 10, 0, tzinfo=LONDON)  # GMT
    reminders = plan_reminders(
        SessionFacts(treated, "neck"), plan, PatientTiming(LONDON, NIGHT), treated
    )
    checkin = next(r for r in reminders if (r.kind, r.step) == ("checkin", 1))
    assert checkin.due_at - treated == timedelta(hours=24)
    assert checkin.due_at.astimezone(LONDON).hour == 11  # BST


def test_the_followup_keeps_the_local_time_across_fall_back(plan: AftercarePlan) -> None:
    treated = datetime(2026, 10, 29, 10, 0, tzinfo=NEW_YORK)  # EDT; fall back on Nov 1
    due = _due(plan, treated, NEW_YORK)
    assert due[("followup", 1)].hour == 10
    assert due[("stretch", 2)] == datetime(2026, 10, 30, 9, 0, tzinfo=NEW_YORK)


def test_each_step_is_planned_once_even_on_a_fall_back_night(plan: AftercarePlan) -> None:
    treated = datetime(2026, 10, 31, 23, 30, tzinfo=NEW_YORK)
    reminders = plan_reminders(
        SessionFacts(treated, "neck"), plan, PatientTiming(NEW_YORK, NO_QUIET_HOURS), treated
    )
    keys = [(r.kind, r.step) for r in reminders]
    assert len(keys) == len(set(keys))


def test_a_session_logged_a_day_late_skips_reminders_already_past_their_window(
    plan: AftercarePlan,
) -> None:
    treated = datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)
    now = treated + timedelta(hours=26)
    reminders = plan_reminders(
        SessionFacts(treated, "neck"), plan, PatientTiming(LONDON, NIGHT), now
    )
    kinds = {(r.kind, r.step) for r in reminders}
    assert ("hydration", 1) not in kinds
    assert ("checkin", 1) in kinds  # 2 h late, within its 12 h window


def test_deadlines_are_due_time_plus_the_kinds_window(plan: AftercarePlan) -> None:
    treated = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
    reminders = plan_reminders(
        SessionFacts(treated, "neck"), plan, PatientTiming(LONDON, NIGHT), treated
    )
    hydration = next(r for r in reminders if r.kind == "hydration")
    assert hydration.deadline_at - hydration.due_at == timedelta(hours=2)


def test_the_plan_lists_areas_with_breathing_checks_for_the_chest(plan: AftercarePlan) -> None:
    chest = plan.area("chest_wall")
    assert chest is not None and chest.breathing_check
    neck = plan.area("neck")
    assert neck is not None and not neck.breathing_check


def _minimal(**changes: object) -> dict[str, object]:
    reminder: dict[str, object] = {
        "kind": "hydration", "at": "+2h", "late_window": "2h", "message": "reminders.hydration",
    }  # fmt: skip
    reminder.update(changes)
    return {"version": 1, "reminder": [reminder], "area": [{"code": "neck", "message": "x"}]}


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"kind": "massage"}, "kind must be one of"),
        ({"at": "tomorrow"}, "at = 'tomorrow'"),
        ({"at": "same day 25:00"}, "not a 24-hour time"),
        ({"late_window": "soon"}, "late_window"),
        ({"colour": "red"}, "unknown field(s) colour"),
        ({"only_if": "raining"}, "only_if"),
    ],
)
def test_a_broken_plan_file_names_the_entry_and_field(
    changes: dict[str, object], fragment: str
) -> None:
    with pytest.raises(PlanError, match="#1") as info:
        parse_plan(_minimal(**changes))
    assert fragment in str(info.value)


def test_a_plan_of_another_format_version_is_refused() -> None:
    data = _minimal()
    data["version"] = 2
    with pytest.raises(PlanError, match="version"):
        parse_plan(data)
