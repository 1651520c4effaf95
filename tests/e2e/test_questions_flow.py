"""Questions end to end, the Telegram way: /start, /help, /sources, answers with their source,
honest refusals, red flags (urgent text, an alert row, the clinic's staff told), edits, media,
and hostile or odd input that must never crash the bot or leak a patient's words into the logs.

Every reply reaching the stand-in at all proves its HTML was valid: the stand-in refuses bad
markup as Telegram does, so text echoed without escaping would fail the send.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.content import Markup

from .harness import CATALOG, Sent, World, said, said_until

PATIENT, STAFF = 7_600_000_001, 5_200_000_001
NAME = "Zebedee Quillfeather"
GROUP = -4_242
PAIN_RELIEF = "Dry Needling for Effective Pain Relief"
EXPECT = "What to Expect During a Dry Needling Session"
WHAT_IS = "What is Dry Needling?"

TEXT_ONLY = said("input.media_not_supported")
CITED = said_until("answers.citation", "article")


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Logs at the production level, and everything our own modules say at debug level."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    yield caplog


def assert_nothing_went_wrong(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    """No ERROR anywhere, the error handler never called, and no patient text or name logged."""
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    handled = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.errors"]
    assert handled == [], "the global error handler was hit"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (NAME, *NAME.split(), *secrets):
        assert secret not in logged


def passage_of(plain: str) -> str:
    """The quoted article text of an answer (the citation line removed)."""
    return plain.rsplit("\n\n", 1)[0]


async def ask(world: World, text: str, name: str = NAME) -> str:
    """The patient's text; returns the plain text of everything sent back to the patient."""
    return (await world.say(PATIENT, text, name)).to(PATIENT).text


async def test_start_greets_with_the_disclaimer_and_the_menu_was_registered(
    world: World,
) -> None:
    welcome = (await world.say(PATIENT, "/start", NAME)).only(PATIENT)
    name_part = Markup(CATALOG.text("start.name_part", name=NAME))
    assert welcome.plain_text == said("start.welcome", name_part=name_part)
    # The menu the bot registered with setMyCommands when it started, read back over HTTP.
    menu = [c.command for c in await world.app.bot.get_my_commands()]
    assert menu[:3] == ["start", "help", "sources"]
    assert {"session", "privacy", "delete"} <= set(menu)


@pytest.mark.parametrize(
    ("question", "article", "section"),
    [
        ("how long will I be sore?", PAIN_RELIEF, EXPECT),
        ("how long does the soreness last", PAIN_RELIEF, EXPECT),  # paraphrased
        ("wat is dry needling", PAIN_RELIEF, WHAT_IS),  # typo
        ("isnt this just acupunture", PAIN_RELIEF, WHAT_IS),  # typo
    ],
)
async def test_a_question_is_answered_from_an_article_whose_section_is_named(
    world: World, logs: pytest.LogCaptureFixture, question: str, article: str, section: str
) -> None:
    plain = await ask(world, question)
    assert said("answers.citation", article=article, section=section) in plain
    assert 0 < len(passage_of(plain)) <= 600
    assert_nothing_went_wrong(logs, question)


async def test_an_uncovered_question_is_declined_honestly(world: World) -> None:
    plain = await ask(world, "is it covered by my insurance")
    assert plain == said("answers.not_covered")


async def test_a_red_flag_gets_urgent_instructions_and_no_article_and_is_recorded(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    red_flag = "since the session I can't breathe properly"
    sent = (await world.say(PATIENT, red_flag, NAME)).to(PATIENT)
    urgent, no_clinic = (r.plain_text or "" for r in sent)
    assert urgent == said("urgent.breathing")
    assert no_clinic == said("urgent.no_clinic")
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [(a.kind, a.reason) for a in alerts] == [("red_flag", "breathing")]
    assert_nothing_went_wrong(logs, red_flag)


async def test_a_red_flag_from_a_clinic_patient_reaches_the_staff_chat_escaped(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    await world.staffed_clinic("Riverside Physio", STAFF, "Alice Staff")
    token, _ = await world.invite(STAFF)
    await world.onboard(PATIENT, token, NAME)
    red_flag = "I can't breathe <b>help</b> & *now* _[x]"
    sent = await world.say(PATIENT, red_flag, NAME)
    assert said("urgent.clinic_told") in sent.to(PATIENT).text
    assert CITED not in sent.to(PATIENT).text
    alert = sent.only(STAFF).plain_text or ""
    assert NAME in alert and red_flag in alert  # shown literally: it was escaped
    assert_nothing_went_wrong(logs, red_flag)


async def test_an_edit_into_a_red_flag_is_answered_and_a_benign_edit_is_ignored(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    standin = world.standin
    question = standin.push_message(PATIENT, "how long will I be sore", first_name=NAME)
    assert CITED in (await world.push(lambda: question.update_id)).text
    benign = "how long will I be sore, thanks"
    edited = await world.push(
        lambda: standin.push_edited_message(PATIENT, question.message_id or 0, benign).update_id
    )
    assert edited == [], "a corrected typo is not answered again"
    red_flag = "my chest hurts and I can't breathe"
    edited = await world.push(
        lambda: standin.push_edited_message(PATIENT, question.message_id or 0, red_flag).update_id
    )
    assert said("urgent.breathing") in edited.to(PATIENT).text
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [a.reason for a in alerts] == ["breathing"]
    assert_nothing_went_wrong(logs, benign, red_flag)


async def test_a_red_flag_in_a_photo_caption_is_urgent_and_a_plain_caption_is_not(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    standin = world.standin
    plain = await world.push(
        lambda: standin.push_photo(PATIENT, caption="my needling spot", first_name=NAME).update_id
    )
    assert plain.only(PATIENT).plain_text == TEXT_ONLY
    red_flag = "the spot is red, hot and swollen with pus"
    urgent = await world.push(
        lambda: standin.push_photo(PATIENT, caption=red_flag, first_name=NAME).update_id
    )
    assert said("urgent.infection") in urgent.to(PATIENT).text
    assert TEXT_ONLY not in urgent.to(PATIENT).text
    alerts = world.services.repo.alerts.for_patient(world.patient(PATIENT).id)
    assert [(a.kind, a.reason) for a in alerts] == [("red_flag", "infection")]
    assert_nothing_went_wrong(logs, red_flag, "needling spot")


async def test_updates_with_missing_fields_or_from_elsewhere_are_handled_or_ignored(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    standin = world.standin
    standin.register_chat(PATIENT, first_name=NAME)  # the patient wrote before
    standin.register_chat(GROUP)  # so a reply there would go through if the bot sent one
    now = int(time.time())
    sender = {"id": PATIENT, "is_bot": False, "first_name": NAME}
    private = {"id": PATIENT, "type": "private", "first_name": NAME}
    group = {"id": GROUP, "type": "group", "title": "Running club"}
    channel = {"id": -1_001_234, "type": "channel", "title": "Clinic news"}

    def message(chat: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
        return {"message_id": 9_000 + len(text), "date": now, "chat": chat, "text": text, **extra}

    async def raw(update: dict[str, Any]) -> Sent:
        return await world.push(lambda: standin.push_raw_update(update))

    # A message without `from` (Telegram omits it for some senders) is still a question.
    no_sender = await raw({"message": message(private, "how long will I be sore?")})
    assert CITED in no_sender.to(PATIENT).text
    assert world.services.repo.patients.by_telegram_user(PATIENT) is None
    # Channels, groups and update kinds this bot does not know are ignored on purpose.
    assert await raw({"channel_post": message(channel, "I can't breathe")}) == []
    assert await raw({"message": message(group, "I can't breathe", **{"from": sender})}) == []
    group_start = message(group, "/start", **{"from": sender})
    group_start["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    assert await raw({"message": group_start}) == []  # no welcome posted to a group
    assert await raw({"some_future_update": {"id": 1, "text": "hello"}}) == []
    assert world.services.repo.db["alerts"].count == 0
    assert CITED in await ask(world, "how long will I be sore?")
    assert_nothing_went_wrong(logs, "I can't breathe")


async def test_the_logs_never_hold_the_patients_words_or_name(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    said = [
        "/start",
        "how long will I be sore after the zygomatic session",
        "is it covered by my insurance policy QX-77",
        "I can't breathe since the appointment with Dr Okonkwo",
    ]
    for text in said:
        await world.say(PATIENT, text, NAME)
    assert "answered update" in logs.text  # the bot does log, with ids
    assert_nothing_went_wrong(logs, *said[1:], "zygomatic", "QX-77", "Okonkwo")


async def test_a_reply_telegram_refuses_is_logged_as_an_error_and_the_patient_hears_of_it(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    question = "how long will I be sore after the zygomatic session?"
    world.standin.fail_next(1, 400, methods=["sendMessage"])
    sent = await world.say(PATIENT, question, NAME)
    assert sent.only(PATIENT).plain_text == said("errors.generic")
    errors = [r for r in logs.records if r.levelno >= logging.ERROR]
    assert [r.name for r in errors] == ["bot.telegram.errors"]
    assert "BadRequest" in errors[0].getMessage()
    logged = "\n".join(r.getMessage() for r in logs.records)
    assert "zygomatic" not in logged and "Zebedee" not in logged


async def test_a_button_press_too_old_to_answer_is_logged_quietly_without_an_apology(
    world: World, logs: pytest.LogCaptureFixture
) -> None:
    welcome = (await world.say(PATIENT, "/start", NAME)).only(PATIENT)
    shown = world.standin.current_message(PATIENT, welcome.message_id or 0)
    assert shown is not None
    # A query id Telegram no longer knows (as after downtime): answering it is refused.
    late = {
        "id": "expired-query-1",
        "from": {"id": PATIENT, "is_bot": False, "first_name": NAME},
        "message": shown,
        "chat_instance": "late",
        "data": "y" * 200,
    }
    sent = await world.push(lambda: world.standin.push_raw_update({"callback_query": late}))
    assert sent == []
    assert [r.levelno for r in logs.records if r.levelno >= logging.WARNING] == []
    assert "stale edit or button press" in logs.text
