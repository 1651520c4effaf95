"""Clinics end to end: the real Application, polling the local Bot API stand-in over HTTP.

Each test starts from a clinic created with the CLI function, lets people type and press
buttons as Telegram would deliver them, and checks what they saw and what the database holds.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from telegram import BotCommandScopeChat

from bot.clinics.digest import send_due_digests
from bot.telegram.callbacks import (
    ConfirmDelete,
    JoinClinic,
    MarkAlertHandled,
    NewInvite,
    ReminderConsent,
    RevokeInvite,
)
from tests.buttons import button_in, decoded, kinds

from .harness import CATALOG, CODE, LINK, World, WorldConfig, said, said_until

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

STAFF_A, STAFF_B = 5_100_000_001, 5_100_000_002
PATIENT_1, PATIENT_2 = 7_300_000_001, 7_300_000_002
RED_FLAG = "I can't breathe and my chest hurts"


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW)


async def test_staff_join_a_clinic_created_by_the_cli_through_its_deep_link(world: World) -> None:
    clinic_id, token = world.clinic("Riverside Physio")
    sent = await world.say(STAFF_A, f"/start {token}", "Alice Staff")
    welcome = sent.only(STAFF_A)
    assert said_until("staff.welcome", "clinic") + "Riverside Physio" in (welcome.plain_text or "")
    member = world.services.repo.clinics.staff_of_user(STAFF_A)
    assert member is not None and member.clinic_id == clinic_id
    menu = await world.app.bot.get_my_commands(scope=BotCommandScopeChat(STAFF_A))
    assert "patients" in [c.command for c in menu], "staff get their own command menu"
    # A staff link opened again by the same person changes nothing.
    again = await world.say(STAFF_A, f"/start {token}", "Alice Staff")
    assert again.only(STAFF_A).plain_text == said("staff.already_staff", clinic="Riverside Physio")


async def test_invite_sends_a_deep_link_a_qr_code_and_a_manual_code(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    sent = await world.say(STAFF_A, "/invite")
    choice = sent.only(STAFF_A)
    single = NewInvite(multi_use=False)
    assert decoded(choice.callback_data) == [single, NewInvite(multi_use=True)]
    sent = await world.press(STAFF_A, choice.message_id or 0, single, until="sendPhoto")
    text = next(r for r in sent if r.method == "sendMessage").plain_text or ""
    photo = next(r for r in sent if r.method == "sendPhoto")
    token_match = LINK.search(text)
    assert token_match and CODE.search(text)
    token = token_match.group(1)
    assert len(token) <= 64 and len(token) * 6 >= 128
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
    dump = "\n".join(world.services.repo.db.iterdump())
    assert token not in dump


async def test_a_patient_onboards_through_the_link_and_a_second_patient_finds_it_used(
    world: World,
) -> None:
    clinic_id = await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    sent = await world.say(PATIENT_1, f"/start {token}", "Zebedee Quill")
    notice = sent.only(PATIENT_1)
    plain = notice.plain_text or ""
    assert plain == said("onboarding.notice", clinic="Riverside Physio", switch_part="")
    repo = world.services.repo
    patient = repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None and patient.clinic_id is None  # not before the patient agrees
    join = JoinClinic(join=True)
    sent = await world.press(PATIENT_1, notice.message_id or 0, join, until="sendMessage")
    assert said("onboarding.joined", clinic="Riverside Physio") in sent.text
    # Then reminders are offered (opt-in), by the aftercare flow's own question.
    offered = [d for r in sent.to(PATIENT_1) for d in r.callback_data]
    assert ReminderConsent in kinds(offered), offered
    patient = repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None and patient.clinic_id == clinic_id
    # The join button pressed again (a replay) joins nothing new and uses nothing up.
    replay = await world.press(PATIENT_1, notice.message_id or 0, join, forged=True)
    assert said("onboarding.nothing_pending") in replay.text
    second = await world.say(PATIENT_2, f"/start {token}", "Other Person")
    assert second.only(PATIENT_2).plain_text == said("invites.used_up")


async def test_a_patient_without_an_invite_can_ask_and_join_later_with_the_code(
    world: World,
) -> None:
    clinic_id = await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    plain_start = await world.say(PATIENT_1, "/start", "Zebedee Quill")
    assert plain_start.only(PATIENT_1).plain_text
    _, code = await world.invite(STAFF_A)
    sent = await world.say(PATIENT_1, f"/join {code.lower()}", "Zebedee Quill")
    notice = sent.only(PATIENT_1)
    await world.press(PATIENT_1, notice.message_id or 0, JoinClinic(True), until="sendMessage")
    patient = world.services.repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None and patient.clinic_id == clinic_id


async def test_expired_and_revoked_invites_say_so(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    old, _ = await world.invite(STAFF_A)
    world.clock.advance(timedelta(days=15))
    expired = (await world.say(PATIENT_1, f"/start {old}")).only(PATIENT_1)
    assert expired.plain_text == said("invites.expired")
    poster, _ = await world.invite(STAFF_A, "multi")
    listing = (await world.say(STAFF_A, "/invites")).only(STAFF_A)
    revoke = button_in(listing.callback_data, RevokeInvite)
    await world.press(STAFF_A, listing.message_id or 0, revoke)
    text = (await world.say(PATIENT_2, f"/start {poster}")).only(PATIENT_2).plain_text or ""
    assert text == said("invites.revoked")


async def test_guessing_codes_is_throttled_and_logged_without_the_guess(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    _, code = await world.invite(STAFF_A)
    caplog.set_level(logging.INFO)
    guesses = [f"AAAAA-BBBB{c}" for c in "CDEFGH"]
    replies = [(await world.say(PATIENT_1, f"/join {g}")).only(PATIENT_1) for g in guesses]
    assert all(r.plain_text == said("invites.unknown") for r in replies[:5])
    assert said_until("invites.slow_down", "minutes") in (replies[5].plain_text or "")
    # Even the right code waits now.
    right = (await world.say(PATIENT_1, f"/join {code}")).only(PATIENT_1)
    assert said_until("invites.slow_down", "minutes") in (right.plain_text or "")
    assert "throttled" in caplog.text and str(PATIENT_1) in caplog.text
    for guess in [*guesses, code]:
        assert guess not in caplog.text


async def test_a_red_flag_reaches_staff_who_mark_it_handled(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    sent = await world.say(PATIENT_1, RED_FLAG, "Zebedee Quill")
    to_patient = " ".join(r.plain_text or "" for r in sent.to(PATIENT_1))
    assert said("urgent.breathing") in to_patient and said("urgent.clinic_told") in to_patient
    alert_message = sent.only(STAFF_A)
    text = alert_message.plain_text or ""
    assert "Zebedee Quill" in text and RED_FLAG in text and said("staff.alert.no_session") in text
    (button,) = decoded(alert_message.callback_data)
    assert isinstance(button, MarkAlertHandled)
    alert_id = button.alert_id
    await world.press(STAFF_A, alert_message.message_id or 0, button)
    alert = world.services.repo.alerts.get(alert_id)
    assert (
        alert is not None and alert.handled_by == STAFF_A and alert.handled_at == world.clock.now()
    )
    shown = world.standin.current_message(STAFF_A, alert_message.message_id or 0)
    assert shown is not None
    assert said_until("staff.alert.handled", "who") + "Alice Staff" in shown["text"]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "alert" in ours and RED_FLAG not in ours and "Zebedee" not in ours


async def test_a_forged_or_replayed_alert_button_from_another_clinic_does_nothing(
    world: World,
) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    await world.staffed_clinic("Hill Clinic", STAFF_B, "Bob Other")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    sent = await world.say(PATIENT_1, RED_FLAG)
    assert not sent.to(STAFF_B), "another clinic's staff are never told"
    alert_data = button_in(sent.only(STAFF_A).callback_data, MarkAlertHandled)
    alert_id = alert_data.alert_id
    welcome_b = world.standin.messages_to(STAFF_B)[0]
    answered = await world.press(STAFF_B, welcome_b.message_id or 0, alert_data, forged=True)
    answer = next(r for r in answered if r.method == "answerCallbackQuery")
    assert answer.params.get("text") == CATALOG.raw("staff.alert.not_yours")
    # A patient forging the same button is refused as well.
    patient_msg = world.standin.messages_to(PATIENT_1)[-1]
    await world.press(PATIENT_1, patient_msg.message_id or 0, alert_data, forged=True)
    alert = world.services.repo.alerts.get(alert_id)
    assert alert is not None and alert.handled_at is None and alert.handled_by is None
    # Revoking another clinic's invite by id does nothing either.
    invite = world.services.repo.clinics.invite_by_token(token)
    assert invite is not None
    await world.press(STAFF_B, welcome_b.message_id or 0, RevokeInvite(invite.id), forged=True)
    refreshed = world.services.repo.clinics.invite(invite.id)
    assert refreshed is not None and refreshed.revoked_at is None


async def test_staff_see_only_their_own_patients(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    await world.staffed_clinic("Hill Clinic", STAFF_B, "Bob Other")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    await world.say(PATIENT_1, RED_FLAG)
    patient = world.services.repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None
    listing = (await world.say(STAFF_A, "/patients")).only(STAFF_A).plain_text or ""
    assert "Zebedee Quill" in listing
    assert listing.endswith(CATALOG.plural("count.open_alerts", 1))
    other = (await world.say(STAFF_B, "/patients")).only(STAFF_B).plain_text or ""
    assert other == said("staff.patients_empty", clinic="Hill Clinic")
    record = (await world.say(STAFF_A, f"/patient {patient.id}")).only(STAFF_A).plain_text or ""
    assert "Zebedee Quill" in record and said("staff.label.alert_kind.red_flag") in record
    assert said("staff.label.reason.breathing") in record and "red_flag" not in record
    refused = (await world.say(STAFF_B, f"/patient {patient.id}")).only(STAFF_B).plain_text or ""
    assert refused == said("staff.no_such_patient", id=patient.id)
    nobody = (await world.say(PATIENT_1, "/patients")).only(PATIENT_1).plain_text or ""
    assert nobody == said("staff.not_staff")


async def test_staff_log_a_session_that_plans_the_same_reminders(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    repo = world.services.repo
    patient = repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None
    repo.patients.set_fields(patient.id, reminders_consent=1, timezone="Europe/London")
    sent = await world.say(STAFF_A, f"/logsession {patient.id} neck")
    assert "logged for patient" in (sent.only(STAFF_A).plain_text or "")
    rows = list(repo.db.query("SELECT logged_by FROM sessions WHERE patient_id = ?", [patient.id]))
    assert len(rows) == 1 and rows[0]["logged_by"].startswith("staff:")
    planned = repo.db.execute(
        "SELECT count(*) FROM reminders WHERE patient_id = ?", [patient.id]
    ).fetchone()[0]
    assert planned > 0


async def test_the_daily_digest_reaches_staff_once(world: World) -> None:
    clinic_id = await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token)
    await world.say(PATIENT_1, RED_FLAG)
    world.services.repo.clinics.set_digest_time(clinic_id, "11:00")
    world.clock.set(datetime(2026, 11, 21, 11, 5, tzinfo=UTC))
    assert await send_due_digests(world.services, world.app.bot, world.clock.now()) == 1
    assert await send_due_digests(world.services, world.app.bot, world.clock.now()) == 0
    digest = world.standin.last_message_to(STAFF_A)
    assert digest is not None
    assert digest.plain_text == said(
        "digest.text",
        clinic="Riverside Physio",
        date=CATALOG.when(date(2026, 11, 21), "date"),
        new_patients=1,
        checkins=0,
        open_alerts=1,
        silent_count=0,
        silent_list="",
    )


async def test_export_sends_the_patients_own_data_as_json(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    await world.onboard(PATIENT_2, (await world.invite(STAFF_A))[0], "Other Person")
    await world.say(PATIENT_1, RED_FLAG, "Zebedee Quill")
    sent = await world.say(PATIENT_1, "/export", "Zebedee Quill", until="sendDocument")
    document = next(r for r in sent if r.method == "sendDocument")
    assert document.chat_id == PATIENT_1 and document.document is not None
    exported = json.loads(document.document)
    tables = exported["tables"]
    assert tables["patients"][0]["display_name"] == "Zebedee Quill"
    assert tables["alerts"][0]["detail"] == RED_FLAG
    assert "clinic_joins" in tables
    assert "Other Person" not in document.document.decode()
    assert str(PATIENT_2) not in document.document.decode()


async def test_delete_erases_everything_about_the_patient_in_every_table(world: World) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    token, _ = await world.invite(STAFF_A)
    await world.onboard(PATIENT_1, token, "Zebedee Quill")
    await world.onboard(PATIENT_2, (await world.invite(STAFF_A))[0], "Other Person")
    repo = world.services.repo
    patient = repo.patients.by_telegram_user(PATIENT_1)
    assert patient is not None
    repo.patients.set_fields(patient.id, reminders_consent=1, timezone="Europe/London")
    await world.say(STAFF_A, f"/logsession {patient.id} neck")
    sent = await world.say(PATIENT_1, RED_FLAG, "Zebedee Quill")
    staff_alert = sent.only(STAFF_A)
    await world.say(PATIENT_1, "/join WRONG-CODE1", "Zebedee Quill")  # a throttle row
    confirm = (await world.say(PATIENT_1, "/delete", "Zebedee Quill")).only(PATIENT_1)
    erase = ConfirmDelete(erase=True)
    assert decoded(confirm.callback_data) == [erase, ConfirmDelete(erase=False)]
    done = await world.press(PATIENT_1, confirm.message_id or 0, erase)
    assert said("privacy.deleted") in done.text

    needles = {str(PATIENT_1), "Zebedee", RED_FLAG}
    alerts_kept = 0
    for table in repo.db.table_names():
        columns = [c.name for c in repo.db.table(table).columns]
        for row in repo.db.query(f"SELECT * FROM [{table}]"):
            if "patient_id" in columns:
                assert row["patient_id"] != patient.id, (table, row)
            if table == "patients":
                assert row["id"] != patient.id
            for column, value in row.items():
                for needle in needles:
                    assert needle not in str(value), (table, column)
            if table == "alerts":
                alerts_kept += 1
                assert row["patient_id"] is None and row["detail"] is None
                assert row["session_id"] is None and row["reason"] == "erased"
                assert row["clinic_id"] is not None and row["kind"] == "red_flag"
    assert alerts_kept == 1
    # The staff's copy of the alert lost the patient's details as well.
    shown = world.standin.current_message(STAFF_A, staff_alert.message_id or 0)
    assert shown is not None and "Zebedee" not in shown["text"] and RED_FLAG not in shown["text"]
    # The other patient is untouched.
    assert repo.patients.by_telegram_user(PATIENT_2) is not None


async def test_a_delete_confirmation_without_a_fresh_request_erases_nothing(world: World) -> None:
    await world.say(PATIENT_1, "/start", "Zebedee Quill")
    message = world.standin.messages_to(PATIENT_1)[-1]
    await world.press(PATIENT_1, message.message_id or 0, ConfirmDelete(True), forged=True)
    assert world.services.repo.patients.by_telegram_user(PATIENT_1) is not None


def _remove_staff(world: World, clinic_id: int, who: int, *, with_token: bool) -> str:
    """``python -m bot clinic staff remove``, run on the bot's database file as an operator
    would, with or without a token to reach Telegram."""
    from argparse import Namespace
    from dataclasses import replace
    from io import StringIO

    from bot.clinics import cli

    settings = world.settings if with_token else replace(world.settings, token=None)
    args = Namespace(
        clinic_command="staff", staff_command="remove", clinic=str(clinic_id), user=str(who)
    )
    out = StringIO()
    assert cli.run(settings, args, out, now=world.clock.now) == 0
    return out.getvalue()


async def test_removed_staff_cannot_rejoin_with_their_old_link_and_lose_their_menu(
    world: World,
) -> None:
    clinic_id, staff_token = world.clinic("Riverside Physio")
    await world.say(STAFF_A, f"/start {staff_token}", "Alice Staff")
    patient_token, _ = await world.invite(STAFF_A, "multi")
    printed = await asyncio.to_thread(_remove_staff, world, clinic_id, STAFF_A, with_token=False)
    repo = world.services.repo
    staff_invite = repo.clinics.invite_by_token(staff_token)
    poster = repo.clinics.invite_by_token(patient_token)
    assert staff_invite is not None and poster is not None
    assert f"revoked the staff invite they joined with: {staff_invite.id}" in printed
    assert f"revoked the invites they made: {poster.id}" in printed
    assert "next message" in printed
    # The menu is still there until they next write; then it goes, before anything else.
    menu = await world.app.bot.get_my_commands(scope=BotCommandScopeChat(STAFF_A))
    assert "patients" in [c.command for c in menu]
    again = (await world.say(STAFF_A, f"/start {staff_token}", "Alice Staff")).only(STAFF_A)
    assert "withdrawn" in (again.plain_text or "")
    assert repo.clinics.staff_of_user(STAFF_A) is None
    assert await world.app.bot.get_my_commands(scope=BotCommandScopeChat(STAFF_A)) == ()
    assert repo.clinics.menu_reset_due(STAFF_A) is None


async def test_the_cli_with_a_token_resets_the_menu_at_once(world: World) -> None:
    clinic_id, staff_token = world.clinic("Riverside Physio")
    await world.say(STAFF_A, f"/start {staff_token}", "Alice Staff")
    printed = await asyncio.to_thread(_remove_staff, world, clinic_id, STAFF_A, with_token=True)
    assert "menu is gone" in printed
    assert await world.app.bot.get_my_commands(scope=BotCommandScopeChat(STAFF_A)) == ()
    assert world.services.repo.clinics.menu_reset_due(STAFF_A) is None
