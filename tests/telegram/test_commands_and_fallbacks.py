"""/help, /sources and the fallbacks (media, unknown commands, odd text, stale or forged
buttons), one handler at a time through the real Application with a recording Telegram
(``tests/fakes.py``): each test takes milliseconds.

Replies are compared with the catalog, so rewording a message never breaks a test and a test
never passes on a message the catalog no longer has. The fake refuses broken HTML as Telegram
does, so a reply that reached it at all was valid markup.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from telegram.ext import CommandHandler

from bot.app import MENU_COMMANDS, handler_table
from bot.clinics.handlers.onboarding import STAFF_COMMANDS
from bot.content import Markup, Messages
from bot.knowledge.articles import Article
from bot.knowledge.matcher import Matcher
from bot.storage.repository import Repository
from bot.telegram.callbacks import SessionWhen, When
from bot.telegram.commands import PATIENT_HELP, help_text
from tests.buttons import decoded
from tests.conftest import NOW
from tests.fakes import Person, media_update

PATIENT = 7_600_000_001
STAFF = 7_600_000_091
NAME = "Zebedee Quillfeather"


@pytest.fixture
def patient(person: Callable[..., Person]) -> Person:
    return person(PATIENT, NAME)


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="bot")
    return caplog


def assert_nothing_went_wrong(logs: pytest.LogCaptureFixture, *secrets: str) -> None:
    """No error logged, the error handler never reached, and no patient words or name logged."""
    assert [r.getMessage() for r in logs.records if r.levelno >= logging.ERROR] == []
    logged = "\n".join(r.getMessage() for r in logs.records)
    for secret in (NAME, *NAME.split(), *secrets):
        assert secret not in logged


def citation_start(messages: Messages) -> str:
    """The catalog's citation line up to the article title: every answer carries it."""
    return messages.text("answers.citation", article="\0", section="\0").split("\0")[0]


async def test_start_greets_by_name_and_offers_to_log_a_session(
    patient: Person, messages: Messages
) -> None:
    welcome = (await patient.command("start")).only(PATIENT)
    name_part = Markup(messages.text("start.name_part", name=NAME))
    assert welcome.text == messages.text("start.welcome", name_part=name_part)
    assert decoded(welcome.callback_data) == [SessionWhen(When.MENU)]  # "Log a session"


async def test_help_lists_every_patient_command_grouped_and_no_staff_command(
    patient: Person, messages: Messages
) -> None:
    text = (await patient.command("help")).only(PATIENT).text
    assert text == help_text(messages, "en", staff=False)
    listed = set(re.findall(r"^/(\w+) — ", text, flags=re.M))
    assert listed == {name for _, commands in PATIENT_HELP for name, _ in commands}
    assert {name for name, _ in MENU_COMMANDS} <= listed
    for title, _ in PATIENT_HELP:
        assert messages.text(title) in text
    assert "/invite" not in text


async def test_staff_see_every_command_the_bot_answers_in_help(
    person: Callable[..., Person], messages: Messages, repo: Repository
) -> None:
    clinic = repo.clinics.create(name="Help Clinic", timezone="UTC", digest_time=None, now=NOW)
    repo.clinics.add_staff(
        clinic_id=clinic.id,
        telegram_user_id=STAFF,
        chat_id=STAFF,
        display_name="Staff",
        invite_id=None,
        now=NOW,
    )
    text = (await person(STAFF, "Staff").command("help")).only(STAFF).text
    assert text == help_text(messages, "en", staff=True)
    listed = set(re.findall(r"^/(\w+) — ", text, flags=re.M))
    answered = {
        command
        for handler in handler_table()
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert listed == answered
    assert {name for name, _ in STAFF_COMMANDS} <= listed


async def test_sources_lists_every_article_with_its_section_count(
    patient: Person, messages: Messages, knowledge: tuple[list[Article], Matcher]
) -> None:
    articles, _ = knowledge
    lines = (await patient.command("sources")).only(PATIENT).text.split("\n")
    assert lines[0] == messages.text("sources.header")
    assert len(lines) == 1 + len(articles) >= 3
    for line, article in zip(lines[1:], articles, strict=True):
        assert article.title in line
        sections = len({p.section for p in article.passages})
        assert line.endswith(" — " + messages.plural("count.sections", sections))


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice"])
async def test_media_gets_the_kind_text_only_reply(
    patient: Person, messages: Messages, kind: str
) -> None:
    sent = await patient.send(media_update(PATIENT, kind, first_name=NAME))
    assert sent.only(PATIENT).text == messages.text("input.media_not_supported")


async def test_unknown_and_forged_commands_get_a_short_safe_reply(
    patient: Person, messages: Messages, repo: Repository, logs: pytest.LogCaptureFixture
) -> None:
    arguments = "x" * 4000

    def unknown(command: str) -> str:
        return messages.text("input.unknown_command", command=command)

    cases = {
        "/admin": unknown("/admin"),
        "/start@otherbot": unknown("/start@otherbot"),
        "/admin <b>&x": unknown("/admin"),
        f"/help {arguments}": help_text(messages, "en", staff=False),
        f"/start {arguments}": messages.text("invites.unknown"),
        f"/nosuchcommand {arguments}": unknown("/nosuchcommand"),
    }
    for text, expected in cases.items():
        reply = (await patient.say(text)).only(PATIENT)
        assert reply.text == expected, text[:20]
    assert repo.db["alerts"].count == 0
    assert_nothing_went_wrong(logs, arguments)


async def test_odd_text_gets_a_sensible_reply_and_the_bot_keeps_answering(
    patient: Person, messages: Messages, logs: pytest.LogCaptureFixture
) -> None:
    long_question = ("how long will I be sore after dry needling? " * 100)[:4096]
    specials = "<b>how long</b> will I be sore & *why* _[]`~ </i> &amp; <a href='x'>"
    cases = {
        "   \n\t ": messages.text("input.empty"),
        "😀🙏💉": messages.text("input.empty"),
        "/": messages.text("input.empty"),
        "Сколько дней будет болеть мышца?": messages.text("input.other_language"),
        "كم من الوقت يستمر الألم بعد الإبر الجافة؟": messages.text("input.other_language"),
        "针刺后疼痛会持续多久？": messages.text("input.other_language"),
    }
    for text, expected in cases.items():
        assert (await patient.say(text)).only(PATIENT).text == expected, text[:20]
    assert citation_start(messages) in (await patient.say(long_question)).only(PATIENT).text
    # Any reply at all proves the text was escaped: the fake refuses broken HTML.
    assert (await patient.say(specials)).only(PATIENT).text
    final = (await patient.say("how long will I be sore?")).only(PATIENT)
    assert citation_start(messages) in final.text
    assert_nothing_went_wrong(logs, long_question[:60], specials, "Сколько", "针刺后")


async def test_garbage_and_oversized_button_data_is_answered_and_changes_nothing(
    patient: Person, messages: Messages, repo: Repository, logs: pytest.LogCaptureFixture
) -> None:
    welcome = (await patient.command("start")).only(PATIENT)
    assert welcome.message_id is not None
    cases = {
        "garbage::data": messages.text("input.stale_button"),
        # Our prefix, not our data: the catch-all answers it.
        "a1:rd:!!:d": messages.text("input.stale_button"),
        "ob:join:" + "9" * 60: messages.text("input.stale_button"),
        "x" * 300: messages.text("input.stale_button"),
        "<b>&": messages.text("input.stale_button"),
    }
    for data, expected in cases.items():
        sent = await patient.press(data, message_id=welcome.message_id)
        (answer,) = sent.answers
        assert answer.params.get("text") == expected, data[:20]
        assert sent.to(PATIENT) == []
    assert repo.db["reminder_responses"].count == 0
    assert_nothing_went_wrong(logs)
