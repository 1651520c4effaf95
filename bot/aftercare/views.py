"""Turning aftercare data into catalog text: schedules, reminder messages, progress lines.

Shared by the handlers (which may not import each other) and the reminder sender. Every sentence
comes from the message catalog; this module only chooses keys and fills placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.aftercare import keyboards
from bot.aftercare.checkins import EXPECTED_MAX_SCORE, HIGH_SCORE
from bot.aftercare.plan import AftercarePlan, PlanStep
from bot.aftercare.reminders import Reminder, send_time_under_pause
from bot.aftercare.store import CheckinAnswer, Session
from bot.content import Markup, Messages

#: ``say(key, **params)``: catalog text in the patient's locale, or their clinic's wording.
Say = Callable[..., str]


def local_time(messages: Messages, locale: str | None, moment: datetime, zone: ZoneInfo) -> str:
    """``Wed 11 Jun, 09:00`` in the patient's zone and language (the catalog's
    ``formats.weekday_time``)."""
    return messages.when(moment, "weekday_time", locale, zone=zone)


def area_label(messages: Messages, locale: str, plan: AftercarePlan, code: str) -> str:
    """The area as a button or a list shows it ("Shoulders / upper back")."""
    area = plan.area(code)
    return messages.raw(area.message if area else "sessions.area.other", locale)


def area_phrase(messages: Messages, locale: str, code: str) -> str:
    """The area as it reads inside a sentence ("shoulders and upper back"): a phrase per area
    in the catalog (``sessions.area_phrase``), never the button label pasted in; an area the
    catalog has no phrase for (a clinic's own) reads as "treated area"."""
    key = f"sessions.area_phrase.{code}"
    return messages.raw(key if messages.has(key) else "sessions.area_phrase.other", locale)


def last_time_phrase(messages: Messages, locale: str, score: int | None) -> str:
    """How the previous check-in went, for a check-in that follows one ("quite sore (6/10)")."""
    if score is None:
        return ""
    if score >= HIGH_SCORE:
        key = "reminders.last_time_high"
    elif score > EXPECTED_MAX_SCORE:
        key = "reminders.last_time_moderate"
    elif score > 0:
        key = "reminders.last_time_mild"
    else:
        key = "reminders.last_time_none"
    return messages.raw(key, locale, score=score)


def schedule_lines(
    messages: Messages,
    locale: str,
    reminders: Sequence[Reminder],
    zone: ZoneInfo,
    *,
    plan: AftercarePlan | None = None,
    paused_until: datetime | None = None,
    limit: int = 10,
) -> str:
    """What will really be sent, in order: a pause moves a reminder to its end or holds it
    back (said in one line), and a conditional one is marked ("only if you're still sore")."""
    coming = []
    held_back = 0
    for reminder in reminders:
        at = send_time_under_pause(reminder, paused_until)
        if at is None:
            held_back += 1
        else:
            coming.append((at, reminder))
    coming.sort(key=lambda item: item[0])
    lines = [
        _schedule_item(messages, locale, at, reminder, zone, plan) for at, reminder in coming
    ][:limit]
    if not lines:
        lines = [messages.text("reminders.nothing_scheduled", locale)]
    if held_back and paused_until is not None:
        lines.append(
            messages.text(
                "reminders.held_back",
                locale,
                count=Markup(messages.plural("count.reminders", held_back, locale)),
                until=local_time(messages, locale, paused_until, zone),
            )
        )
    return "\n".join(lines)


def _schedule_item(
    messages: Messages,
    locale: str,
    at: datetime,
    reminder: Reminder,
    zone: ZoneInfo,
    plan: AftercarePlan | None,
) -> str:
    step = step_for(plan, reminder) if plan is not None else None
    when = local_time(messages, locale, at, zone)
    kind = messages.raw(f"reminders.kind.{reminder.kind}", locale)
    if step is not None and step.only_if is not None and reminder.snoozed_from is None:
        condition = messages.raw(f"reminders.only_if.{step.only_if}", locale)
        return messages.text(
            "reminders.schedule_item_conditional",
            locale,
            when=when,
            kind=kind,
            condition=condition,
        )
    return messages.text("reminders.schedule_item", locale, when=when, kind=kind)


def step_for(plan: AftercarePlan, reminder: Reminder) -> PlanStep | None:
    """The plan step a reminder came from (the first of its kind if the plan changed since)."""
    return plan.step(reminder.kind, reminder.step) or next(
        (s for s in plan.steps if s.kind == reminder.kind), None
    )


def reminder_message(
    messages: Messages,
    locale: str,
    plan: AftercarePlan,
    step: PlanStep,
    reminder: Reminder,
    session: Session,
    zone: ZoneInfo,
    *,
    say: Say | None = None,
    latest_score: int | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of a scheduled reminder; ``say`` words it (the sender passes the
    clinic's overrides, see ``bot.clinics.service.clinic_text``), else the catalog does.
    ``latest_score`` is the session's last check-in score: a later check-in's wording follows
    it."""
    say = say or partial(messages.text, locale=locale)
    area = plan.area(session.area)
    phrase = area_phrase(messages, locale, session.area)
    text = say(
        step.message,
        area=phrase,
        treated=local_time(messages, locale, session.treated_at, zone),
        last_time=last_time_phrase(messages, locale, latest_score),
    ).strip()
    if step.buttons == "checkin":
        if area is not None and area.breathing_check:
            text += "\n\n" + say("checkins.breathing_note", area=phrase)
        return text, keyboards.checkin(messages, locale, reminder.id)
    if step.buttons == "done_snooze":
        return text, keyboards.done_snooze(messages, locale, reminder.id)
    return text, None


def progress_text(
    messages: Messages,
    locale: str,
    answers: Sequence[CheckinAnswer],
    sessions: dict[int, Session],
    zone: ZoneInfo,
) -> str:
    """The text chart: one bar per check-in, grouped by session."""
    lines = [messages.text("progress.header", locale)]
    current = None
    for answer in answers:
        session = sessions.get(answer.session_id)
        if session is None or answer.score is None:
            continue
        if current != session.id:
            current = session.id
            lines.append(
                messages.text(
                    "progress.session",
                    locale,
                    when=local_time(messages, locale, session.treated_at, zone),
                )
            )
        hours = round((answer.answered_at - session.treated_at).total_seconds() / 3600)
        bar = "█" * answer.score + "░" * (10 - answer.score)
        lines.append(
            messages.text("progress.bar", locale, bar=Markup(bar), score=answer.score, hours=hours)
        )
    return "\n".join(lines)
