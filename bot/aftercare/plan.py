"""The aftercare plan: which reminders follow a session, when, and how late they may be sent.

The plan is data (``data/aftercare_plan.toml``, editable by the clinic), parsed and validated
here into frozen objects; ``plan_reminders`` turns one session into its reminders. Times:

* ``"+2h"``, ``"+30m"``, ``"+24h"`` — that much elapsed time after the treatment (a 24 h check-in
  is 24 real hours later, also across a daylight-saving change);
* ``"+7d"`` — the same local wall time N calendar days later;
* ``"same day 19:00"``, ``"next day 09:00"``, ``"day 2 09:00"`` — a local wall time on the day of
  the treatment (or N days after), in the patient's time zone. A wall-time step that would fall
  less than ``min_gap`` after the treatment (a 19:00 reminder for a 20:00 session) is left out.

Routine steps that fall in the patient's quiet hours move to the end of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.aftercare.lateness import deadline
from bot.aftercare.quiet_hours import (
    ClockTimeError,
    QuietHours,
    end_of_quiet_hours,
    local_instant,
    parse_clock,
)

KINDS = ("hydration", "stretch", "checkin", "followup")
#: An area's code, which its button carries (``bot.telegram.callbacks``): short, plain letters.
AREA_CODE = re.compile(r"[a-z][a-z_]{1,23}")
BUTTON_STYLES = ("checkin", "done_snooze", "none")
CONDITIONS = ("still_sore",)

_DURATION = re.compile(r"^\+?(\d{1,4})\s*([mhd])$")
_WALL = re.compile(r"^(same day|next day|day (\d{1,2}))\s+(\S+)$")


class PlanError(ValueError):
    """The plan file cannot be used; the message names the entry and the field."""


@dataclass(frozen=True)
class Elapsed:
    """A fixed elapsed time after the treatment (``+2h``) or N local calendar days (``+7d``)."""

    amount: timedelta
    calendar_days: int = 0


@dataclass(frozen=True)
class WallClock:
    """A local wall time ``days`` days after the treatment's local date."""

    days: int
    at: time


@dataclass(frozen=True)
class PlanStep:
    kind: str
    step: int
    at: Elapsed | WallClock
    routine: bool
    late_window: timedelta
    message: str
    buttons: str
    only_if: str | None = None


@dataclass(frozen=True)
class Area:
    code: str
    message: str
    breathing_check: bool


@dataclass(frozen=True)
class AftercarePlan:
    version: int
    steps: tuple[PlanStep, ...]
    areas: tuple[Area, ...]
    min_gap: timedelta
    snooze: timedelta
    max_session_age: timedelta

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def step(self, kind: str, step: int) -> PlanStep | None:
        return next((s for s in self.steps if s.kind == kind and s.step == step), None)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in KINDS if any(s.kind == k for s in self.steps))

    @property
    def horizon(self) -> timedelta:
        """How long after a treatment its last reminder can still be sent."""
        longest = timedelta()
        for s in self.steps:
            if isinstance(s.at, Elapsed):
                offset = s.at.amount + timedelta(days=s.at.calendar_days, hours=2)
            else:
                offset = timedelta(days=s.at.days + 1)
            longest = max(longest, offset + s.late_window)
        return longest + timedelta(days=1)


@dataclass(frozen=True)
class SessionFacts:
    """What planning needs to know about a logged session."""

    treated_at: datetime
    area: str


@dataclass(frozen=True)
class PatientTiming:
    zone: ZoneInfo
    quiet: QuietHours


@dataclass(frozen=True)
class PlannedReminder:
    kind: str
    step: int
    due_at: datetime
    deadline_at: datetime
    routine: bool


def plan_reminders(
    session: SessionFacts, plan: AftercarePlan, timing: PatientTiming, now: datetime
) -> list[PlannedReminder]:
    """The reminders for one session, in due order; ones already past their deadline are left
    out (a session logged late gets no pointless hydration nudge)."""
    planned = []
    for step in plan.steps:
        due = _resolve(step.at, session.treated_at, timing.zone)
        if isinstance(step.at, WallClock) and due < session.treated_at + plan.min_gap:
            continue
        if step.routine:
            due = end_of_quiet_hours(due, timing.zone, timing.quiet)
        last = deadline(due, step.late_window)
        if last < now:
            continue
        planned.append(PlannedReminder(step.kind, step.step, due, last, step.routine))
    return sorted(planned, key=lambda r: (r.due_at, r.kind, r.step))


def _resolve(at: Elapsed | WallClock, treated_at: datetime, zone: ZoneInfo) -> datetime:
    treated_utc = treated_at.astimezone(UTC)
    if isinstance(at, WallClock):
        day = treated_at.astimezone(zone).date() + timedelta(days=at.days)
        return local_instant(day, at.at, zone)
    if at.calendar_days:
        local = treated_at.astimezone(zone)
        day = local.date() + timedelta(days=at.calendar_days)
        return local_instant(day, local.time().replace(tzinfo=None), zone)
    return treated_utc + at.amount


# --- parsing the plan file -------------------------------------------------------------------


def parse_duration(text: str, *, where: str) -> timedelta:
    """``"2h"``/``"+30m"``/``"1d"`` → timedelta (days here are plain 24 h spans)."""
    match = _DURATION.match(str(text).strip())
    if not match:
        raise PlanError(f"{where}: {text!r} is not a duration like 30m, 2h or 1d")
    amount, unit = int(match.group(1)), match.group(2)
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
        unit, timedelta(days=amount)
    )


def parse_at(text: str, *, where: str) -> Elapsed | WallClock:
    raw = str(text).strip().lower()
    if raw.startswith("+"):
        match = _DURATION.match(raw)
        if not match:
            raise PlanError(f"{where}: at = {text!r}: use +30m, +2h, +24h or +7d")
        if match.group(2) == "d":
            return Elapsed(timedelta(), calendar_days=int(match.group(1)))
        return Elapsed(parse_duration(raw, where=where))
    wall = _WALL.match(raw)
    if not wall:
        raise PlanError(
            f"{where}: at = {text!r}: use an offset (+2h, +7d) or a wall time "
            "('same day 19:00', 'next day 09:00', 'day 2 09:00')"
        )
    days = 0 if wall.group(1) == "same day" else 1 if wall.group(1) == "next day" else None
    if days is None:
        days = int(wall.group(2))
    try:
        clock = parse_clock(wall.group(3))
    except ClockTimeError as exc:
        raise PlanError(f"{where}: {exc}") from None
    return WallClock(days, clock)


def parse_plan(data: Mapping[str, Any]) -> AftercarePlan:
    """Validate the plan file's contents; raise PlanError naming the first problem."""
    version = data.get("version")
    if version != 1:
        raise PlanError(f"version must be 1 (this bot reads plan format 1), got {version!r}")
    settings = data.get("settings", {})
    if not isinstance(settings, Mapping):
        raise PlanError("[settings] must be a table")
    steps = _parse_steps(data.get("reminder"))
    areas = _parse_areas(data.get("area"))
    return AftercarePlan(
        version=1,
        steps=steps,
        areas=areas,
        min_gap=parse_duration(settings.get("min_gap", "1h"), where="settings.min_gap"),
        snooze=parse_duration(settings.get("snooze", "1h"), where="settings.snooze"),
        max_session_age=parse_duration(
            settings.get("max_session_age", "7d"), where="settings.max_session_age"
        ),
    )


def _parse_steps(entries: object) -> tuple[PlanStep, ...]:
    if not isinstance(entries, Sequence) or not entries:
        raise PlanError("the plan needs at least one [[reminder]] entry")
    steps: list[PlanStep] = []
    seen: set[tuple[str, int]] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"[[reminder]] #{index}"
        if not isinstance(entry, Mapping):
            raise PlanError(f"{where} must be a table")
        unknown = set(entry) - {
            "kind", "step", "at", "routine", "late_window", "message", "buttons", "only_if",
        }  # fmt: skip
        if unknown:
            raise PlanError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise PlanError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        step = entry.get("step", 1)
        if not isinstance(step, int) or isinstance(step, bool) or not 1 <= step <= 99:
            raise PlanError(f"{where}: step must be a whole number from 1 to 99")
        if (kind, step) in seen:
            raise PlanError(f"{where}: {kind} step {step} appears twice")
        seen.add((kind, step))
        for field in ("at", "late_window", "message"):
            if not isinstance(entry.get(field), str):
                raise PlanError(f"{where}: {field} is required (text)")
        buttons = entry.get("buttons", "checkin" if kind == "checkin" else "done_snooze")
        if buttons not in BUTTON_STYLES:
            raise PlanError(f"{where}: buttons must be one of {', '.join(BUTTON_STYLES)}")
        only_if = entry.get("only_if")
        if only_if is not None and only_if not in CONDITIONS:
            raise PlanError(f"{where}: only_if must be one of {', '.join(CONDITIONS)}")
        routine = entry.get("routine", True)
        if not isinstance(routine, bool):
            raise PlanError(f"{where}: routine must be true or false")
        steps.append(
            PlanStep(
                kind=kind,
                step=step,
                at=parse_at(entry["at"], where=where),
                routine=routine,
                late_window=parse_duration(entry["late_window"], where=f"{where} late_window"),
                message=entry["message"],
                buttons=buttons,
                only_if=only_if,
            )
        )
    return tuple(steps)


def _parse_areas(entries: object) -> tuple[Area, ...]:
    if not isinstance(entries, Sequence) or not entries:
        raise PlanError("the plan needs the treated areas as [[area]] entries")
    areas = []
    for index, entry in enumerate(entries, start=1):
        where = f"[[area]] #{index}"
        if not isinstance(entry, Mapping):
            raise PlanError(f"{where} must be a table")
        code = entry.get("code")
        if not isinstance(code, str) or not AREA_CODE.fullmatch(code):
            raise PlanError(f"{where}: code must be lower-case letters/underscores, 2-24 long")
        message = entry.get("message")
        if not isinstance(message, str):
            raise PlanError(f"{where}: message is required (a catalog key)")
        check = entry.get("breathing_check", False)
        if not isinstance(check, bool):
            raise PlanError(f"{where}: breathing_check must be true or false")
        areas.append(Area(code, message, check))
    if len({a.code for a in areas}) != len(areas):
        raise PlanError("[[area]] codes must be unique")
    return tuple(areas)
