"""Nothing safety-critical is lost when Telegram or the database fails for a while.

Each test injects a fault through the stand-in (a 5xx answer, a dropped connection, an answer
that comes after the bot gave up waiting — the call carried out all the same — or an outage
until lifted), or makes the database refuse writes, and checks that once the fault clears the
clinic has every alert exactly once, the patient every urgent text, every check-in reminder
arrives before its deadline, and an erased patient's details leave the staff chats.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.aftercare.plan import PlannedReminder
from bot.clinics.digest import send_due_digests
from bot.devtools.standin.faults import FailureKind
from bot.telegram.callbacks import CheckinScore, ConfirmDelete
from tests.buttons import button_in, kinds

from .harness import World, WorldConfig

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
PATIENT, STAFF = 7_900_000_001, 5_900_000_001
NAME = "Zebedee Quill"
RED_FLAG = "I can't breathe and my chest hurts"
URGENT = "Call your local emergency number now"
TOLD = "let your clinic know"
CONTACT_DIRECTLY = "please contact them directly"
#: The bot gives up waiting after TIMEOUT s; a "late" fault answers after LATE s.
TIMEOUT, LATE = 2.0, 2.6
FIRST_CHAT = 8_300_000_000
NETWORK_FAULTS: list[FailureKind] = [500, 502, "disconnect", "late"]


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW, telegram_timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    yield caplog


def texts_to(world: World, chat: int) -> list[str]:
    return [r.plain_text or "" for r in world.standin.messages_to(chat)]


def alert_copies(world: World, needle: str) -> list[str]:
    return [t for t in texts_to(world, STAFF) if needle in t]


async def clinic_patient(world: World) -> int:
    clinic_id = await world.staffed_clinic("Riverside Physio", STAFF, "Alice Staff")
    token, _ = await world.invite(STAFF)
    await world.onboard(PATIENT, token, NAME)
    return clinic_id


def assert_nothing_logged_about_the_patient(logs: pytest.LogCaptureFixture) -> None:
    logged = "\n".join(r.getMessage() for r in logs.records)
    for secret in (NAME, *NAME.split(), RED_FLAG):
        assert secret not in logged


# --- item 1: the urgent reply's send fails ---------------------------------------------------


@pytest.mark.parametrize("fault", NETWORK_FAULTS)
async def test_a_red_flag_alert_survives_a_failed_urgent_reply(
    world: World, logs: pytest.LogCaptureFixture, fault: FailureKind
) -> None:
    await clinic_patient(world)
    world.standin.fail_next(1, fault, methods=["sendMessage"], chats=[PATIENT], late_seconds=LATE)
    await world.say(PATIENT, RED_FLAG, NAME)
    # The alert was written before the reply was tried, and reached the staff at once.
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [(a.kind, a.reason) for a in alerts] == [("red_flag", "breathing")]
    assert len(alert_copies(world, RED_FLAG)) == 1
    # Once the fault has cleared, the outbox delivers the urgent text.
    await world.sweep_at(timedelta(seconds=30))
    urgent = [t for t in texts_to(world, PATIENT) if URGENT in t]
    if fault == "late":  # carried out, but the bot could not know: sent again, and logged
        assert len(urgent) == 2
        assert "may arrive twice" in logs.text
    else:
        assert len(urgent) == 1
    assert TOLD in texts_to(world, PATIENT)[-1], "the patient hears the clinic was told, last"
    assert len(alert_copies(world, RED_FLAG)) == 1, "the clinic got the alert exactly once"
    assert_nothing_logged_about_the_patient(logs)


async def test_a_red_flag_alert_survives_a_database_that_refuses_writes(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await clinic_patient(world)
    db = world.services.repo.db
    db.execute("PRAGMA query_only = ON")  # as a read-only file or a full disk would
    try:
        sent = await world.say(PATIENT, RED_FLAG, NAME)
    finally:
        db.execute("PRAGMA query_only = OFF")
    to_patient = sent.to(PATIENT).text
    assert URGENT in to_patient, "the urgent text never waits on the database"
    assert CONTACT_DIRECTLY in to_patient
    assert world.services.repo.alerts.for_patient(world.patient(PATIENT).id) == []
    assert "kept in memory" in logs.text
    # The next sweep writes the alert, and the clinic gets it once; the urgent text is not
    # sent again (it went out directly).
    await world.sweep_at(timedelta(seconds=5))
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [a.reason for a in alerts] == ["breathing"]
    assert len(alert_copies(world, RED_FLAG)) == 1
    assert len([t for t in texts_to(world, PATIENT) if URGENT in t]) == 1
    assert TOLD in texts_to(world, PATIENT)[-1]
    assert_nothing_logged_about_the_patient(logs)


async def test_an_alert_nobody_can_receive_tells_the_patient_to_contact_the_clinic(
    world: World,
) -> None:
    await clinic_patient(world)
    world.standin.outage(502, chats=[STAFF])
    sent = await world.say(PATIENT, RED_FLAG, NAME)
    assert CONTACT_DIRECTLY not in sent.to(PATIENT).text, "not before the setting's minutes"
    minutes = world.settings.alert_unreached_minutes
    await world.sweep_at(timedelta(minutes=minutes - 1))
    assert not any(CONTACT_DIRECTLY in t for t in texts_to(world, PATIENT))
    await world.sweep_at(timedelta(minutes=1, seconds=1))
    assert CONTACT_DIRECTLY in texts_to(world, PATIENT)[-1]
    # The alert itself is still retried and arrives once the staff chat can be reached.
    world.standin.end_outage()
    await world.sweep_at(timedelta(minutes=1))
    assert len(alert_copies(world, RED_FLAG)) == 1
    assert TOLD in texts_to(world, PATIENT)[-1]


async def test_an_alert_refused_for_good_is_logged_told_and_in_the_clinics_digest(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    clinic_id = await clinic_patient(world)
    world.standin.block_chat(STAFF, notify=False)  # the only staff member blocked the bot
    sent = await world.say(PATIENT, RED_FLAG, NAME)
    assert CONTACT_DIRECTLY in sent.to(PATIENT).text, "nobody can be told: the patient hears now"
    assert "could not be delivered to staff chat" in logs.text
    world.standin.unblock_chat(STAFF)
    world.services.repo.clinics.set_digest_time(clinic_id, "11:00")
    world.clock.set(NOW.replace(hour=10, minute=5))  # 11:05 in London
    assert await send_due_digests(world.services, world.app.bot, world.clock.now()) == 1
    digest = texts_to(world, STAFF)[-1]
    assert "Daily digest" in digest and "could not deliver to a staff member" in digest
    assert "blocked the bot): 1" in digest
    assert_nothing_logged_about_the_patient(logs)


async def test_an_alert_handled_before_it_could_be_delivered_is_not_sent_late(
    world: World,
) -> None:
    await clinic_patient(world)
    world.standin.outage(502, chats=[STAFF])
    await world.say(PATIENT, RED_FLAG, NAME)
    (alert,) = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    world.services.repo.clinics.mark_alert_handled(
        alert_id=alert.id, clinic_id=alert.clinic_id or 0, handled_by=STAFF, now=NOW
    )
    world.standin.end_outage()
    await world.sweep_at(timedelta(minutes=1))
    assert alert_copies(world, RED_FLAG) == []


# --- item 2: a worrying check-in's answer, button or reply fails -----------------------------


async def checkin_for(world: World) -> tuple[int, CheckinScore]:
    """A clinic patient's 24 h check-in, sent; returns its message id and the "9" button."""
    await clinic_patient(world)
    await world.log_session(PATIENT)
    sent = await world.sweep_at(timedelta(hours=24))
    checkin = next(r for r in sent if CheckinScore in kinds(r.callback_data))
    nine = button_in(checkin.callback_data, CheckinScore, score=9)
    return checkin.message_id or 0, nine


@pytest.mark.parametrize(
    "method", ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
)
async def test_a_high_score_alert_survives_any_one_failed_call(world: World, method: str) -> None:
    message_id, nine = await checkin_for(world)
    world.standin.fail_next(
        1, 500, methods=[method], chats=None if method != "sendMessage" else [PATIENT]
    )
    await world.press(PATIENT, message_id, nine)
    repo = world.services.repo
    alerts = repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [a.reason for a in alerts] == ["high_score"]
    assert len(alert_copies(world, "Check-in alert")) == 1
    # A second press: the answer is stored, and nothing new is raised.
    again = await world.press(PATIENT, message_id, nine, forged=True)
    assert "already answered" in str(again.answers[-1].params.get("text"))
    assert len(repo.alerts.for_patient(world.patient(PATIENT).id)) == 1
    await world.sweep_at(timedelta(seconds=30))
    replies = [t for t in texts_to(world, PATIENT) if "Your answer: 9/10" in t]
    assert len(replies) == 1 and "Please contact your clinic" in replies[0]
    assert any("let your clinic know as well" in t for t in texts_to(world, PATIENT))
    assert len(alert_copies(world, "Check-in alert")) == 1


# --- items 3 and 13: an outage, and answers that come too late --------------------------------


def seed_checkins(world: World, count: int) -> list[int]:
    """``count`` patients with a check-in due now (12 h late window); returns their chats."""
    repo = world.services.repo
    now = world.clock.now()
    chats = [FIRST_CHAT + n for n in range(count)]
    with repo.db.atomic():
        for n, chat in enumerate(chats):
            world.standin.register_chat(chat)
            patient = repo.patients.register(
                telegram_user_id=chat, chat_id=chat, display_name=None, locale="en", now=now
            )
            repo.patients.set_fields(
                patient.id, reminders_consent=1, quiet_start="00:00", quiet_end="00:00"
            )
            session, _ = repo.aftercare.add_session(
                patient_id=patient.id, treated_at=now - timedelta(hours=24), area="neck",
                logged_by="test", idempotency_key=f"seed-{n}", now=now,
            )  # fmt: skip
            repo.aftercare.upsert_plan(
                session,
                [PlannedReminder("checkin", 1, now, now + timedelta(hours=12), False)],
                now,
            )
    return chats


@pytest.mark.parametrize("fault", NETWORK_FAULTS[1:3])
async def test_reminders_due_during_a_seven_minute_outage_arrive_after_it(
    world: World, logs: pytest.LogCaptureFixture, fault: FailureKind
) -> None:
    chats = seed_checkins(world, 10)
    world.standin.outage(fault, methods=["sendMessage"])
    for _ in range(9):  # a sweep every ~47 s for seven minutes
        assert await world.sweep_at(timedelta(seconds=47)) == []
    statuses = world.services.repo.aftercare.count_by_status()
    assert statuses == {"pending": 10}, "network errors never fail a reminder"
    world.standin.end_outage()
    sent = await world.sweep_at(timedelta(seconds=30))
    assert sorted(int(r.chat_id or 0) for r in sent) == chats
    assert world.services.repo.aftercare.count_by_status() == {"sent": 10}
    assert "retry 9" in logs.text  # each failure was logged (ids only)


async def test_reminders_whose_answers_came_too_late_are_sent_again_and_logged(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    chats = seed_checkins(world, 20)
    world.standin.fail_next(5, "late", methods=["sendMessage"], late_seconds=LATE)
    await world.sweep_at(timedelta(0))
    await world.standin.wait_until_idle(timeout=10)
    await world.sweep_at(timedelta(seconds=30))
    per_chat = Counter(r.chat_id for r in world.standin.sent if r.method == "sendMessage")
    assert set(per_chat) == set(chats), "every check-in arrived"
    duplicates = sum(n - 1 for n in per_chat.values())
    assert duplicates == 5
    assert logs.text.count("may arrive twice") == duplicates, "every duplicate was logged"
    assert world.services.repo.aftercare.count_by_status() == {"sent": 20}


async def test_a_checkin_whose_answer_came_too_late_can_be_answered_and_is_not_resent(
    world: World,
) -> None:
    (chat,) = seed_checkins(world, 1)
    world.standin.fail_next(1, "late", methods=["sendMessage"], late_seconds=LATE)
    (checkin,) = await world.sweep_at(timedelta(0))  # it arrived; the bot never heard back
    nine = button_in(checkin.callback_data, CheckinScore, score=9)
    replies = await world.press(chat, checkin.message_id or 0, nine)
    assert "Your answer: 9/10" in replies.to(chat).text, "the press is not refused as expired"
    assert await world.sweep_at(timedelta(minutes=5)) == [], "answered, so not sent again"
    assert world.services.repo.aftercare.count_by_status() == {"sent": 1}


def test_the_readme_duplicate_bound_names_timeouts_as_well_as_kills() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    heading = r"\*\*Restarts, timeouts and duplicates\.\*\*"
    bound = re.search(heading + r"(.+?)(?:\n- |\n\n)", readme, re.S)
    assert bound is not None
    assert "timed out" in bound.group(1) and "killed" in bound.group(1)


# --- item 8: erasing a patient whose alert copies cannot be edited at once -------------------


async def test_delete_scrubs_staff_copies_even_when_an_edit_fails(world: World) -> None:
    await clinic_patient(world)
    copy = (await world.say(PATIENT, RED_FLAG, NAME)).only(STAFF)
    world.standin.fail_next(1, 500, methods=["editMessageText"], chats=[STAFF])
    confirm = (await world.say(PATIENT, "/delete", NAME)).only(PATIENT)
    await world.press(PATIENT, confirm.message_id or 0, ConfirmDelete(erase=True))
    shown = world.standin.current_message(STAFF, copy.message_id or 0)
    assert shown is not None and NAME in shown["text"], "the first edit failed"
    await world.sweep_at(timedelta(seconds=30))
    shown = world.standin.current_message(STAFF, copy.message_id or 0)
    assert shown is not None
    assert NAME not in shown["text"] and RED_FLAG not in shown["text"]
    assert "erased" in shown["text"]
    assert not shown.get("reply_markup"), "the handled button went with the details"


async def test_an_alert_still_waiting_to_be_sent_is_never_sent_after_delete(
    world: World,
) -> None:
    await clinic_patient(world)
    world.standin.outage(502, chats=[STAFF])
    await world.say(PATIENT, RED_FLAG, NAME)
    confirm = (await world.say(PATIENT, "/delete", NAME)).only(PATIENT)
    await world.press(PATIENT, confirm.message_id or 0, ConfirmDelete(erase=True))
    world.standin.end_outage()
    await world.sweep_at(timedelta(minutes=30))
    staff_texts = "\n".join(texts_to(world, STAFF))
    assert NAME not in staff_texts and RED_FLAG not in staff_texts
    outbox = world.services.repo.db.execute("SELECT text FROM outbox").fetchall()
    assert all(NAME not in row[0] and RED_FLAG not in row[0] for row in outbox)
