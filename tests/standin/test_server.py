"""The stand-in, driven by PTB's own `telegram.Bot` over real HTTP.

If PTB accepts these answers (and raises the right exception classes for the refusals), the
stand-in is a faithful enough Telegram for end-to-end tests and the demo.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.devtools.standin import TINY_PNG, BotApiStandIn

PATIENT = 4242


@pytest.fixture
def standin() -> Iterator[BotApiStandIn]:
    with BotApiStandIn() as running:
        running.register_chat(PATIENT, first_name="Ana")
        yield running


@pytest.fixture
async def bot(standin: BotApiStandIn) -> AsyncIterator[Bot]:
    async with Bot(
        standin.token, base_url=standin.base_url, base_file_url=standin.base_file_url
    ) as client:
        yield client


async def test_get_me_names_the_demo_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "aftercare_demo_bot"
    assert me.is_bot


async def test_html_message_is_recorded_with_the_text_the_patient_reads(
    bot: Bot, standin: BotApiStandIn
) -> None:
    message = await bot.send_message(
        PATIENT, "<b>Rest</b> today &amp; drink water", parse_mode=ParseMode.HTML
    )
    assert message.text == "Rest today & drink water"
    assert message.entities[0].type == "bold"
    record = standin.last_message_to(PATIENT)
    assert record is not None
    assert record.text == "<b>Rest</b> today &amp; drink water"
    assert record.plain_text == "Rest today & drink water"
    assert record.parse_mode == "HTML"
    assert record.message_id == message.message_id


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>unclosed", 'find end tag corresponding to start tag "b"'),
        ("<b>crossed</i>", "unmatched end tag"),
        ("pain < 3 out of 10", 'unsupported start tag ""'),
        ("<br>line", 'unsupported start tag "br"'),
        ("ice & rest", 'character "&"'),
    ],
)
async def test_html_telegram_cannot_parse_is_refused_with_bad_request(
    bot: Bot, standin: BotApiStandIn, text: str, reason: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(PATIENT, text, parse_mode=ParseMode.HTML)
    # PTB strips "Bad Request: " and capitalize()s the rest, which lowercases everything else.
    assert refused.value.message.startswith("Can't parse entities: ")
    assert reason.lower() in refused.value.message.lower()
    assert standin.messages_to(PATIENT) == []


async def test_markdown_v2_reserved_character_must_be_escaped(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(PATIENT, "See you tomorrow.", parse_mode=ParseMode.MARKDOWN_V2)
    ok = await bot.send_message(PATIENT, "*See* you tomorrow\\.", parse_mode="MarkdownV2")
    assert ok.text == "See you tomorrow."


async def test_text_limit_counts_characters_after_entity_parsing(bot: Bot) -> None:
    fits = await bot.send_message(PATIENT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert len(fits.text or "") == 4096
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(PATIENT, "a" * 4097)
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(PATIENT, "<b> </b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused_as_button_data_invalid(bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(PATIENT, "Any pain?", reply_markup=keyboard)


async def test_sending_to_someone_who_never_wrote_fails_with_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999_999, "hello")


async def test_long_poll_returns_a_message_pushed_while_it_waits(
    bot: Bot, standin: BotApiStandIn
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await standin.wait_for_long_poll()
    pushed = standin.push_message(PATIENT, "/start abc")
    updates = await asyncio.wait_for(poll, timeout=5)
    assert [u.update_id for u in updates] == [pushed.update_id]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start abc"
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == len("/start")


async def test_offset_confirms_updates_and_limit_caps_the_batch(
    bot: Bot, standin: BotApiStandIn
) -> None:
    first, second, third = (standin.push_message(PATIENT, f"q{i}") for i in range(3))
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [
        first.update_id,
        second.update_id,
    ]
    later = await bot.get_updates(offset=second.update_id + 1)
    assert [u.update_id for u in later] == [third.update_id]
    assert standin.pending_updates == 1
    assert await bot.get_updates(offset=third.update_id + 1) == ()
    assert standin.pending_updates == 0


async def test_allowed_updates_drops_types_the_bot_did_not_ask_for(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.push_sticker(PATIENT)
    sent = await bot.send_message(
        PATIENT,
        "Ok?",
        reply_markup=InlineKeyboardMarkup.from_button(
            InlineKeyboardButton("Ok", callback_data="ok")
        ),
    )
    standin.push_callback(PATIENT, sent.message_id, "ok")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates if u.callback_query] == ["ok"]
    assert all(u.message is None for u in updates)


async def test_a_pressed_button_arrives_as_a_callback_query_the_bot_answers_once(
    bot: Bot, standin: BotApiStandIn
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Better", callback_data="c:1")]])
    sent = await bot.send_message(PATIENT, "How is it?", reply_markup=keyboard)
    assert standin.buttons_on(PATIENT, sent.message_id)[0]["callback_data"] == "c:1"
    with pytest.raises(ValueError, match="no button"):
        standin.push_callback(PATIENT, sent.message_id, "forged")
    pushed = standin.push_callback(PATIENT, sent.message_id, "c:1")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.data == "c:1"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert standin.unanswered_callbacks == [pushed.callback_query_id]
    assert await bot.answer_callback_query(query.id, text="Noted")
    assert standin.unanswered_callbacks == []
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)


async def test_editing_applies_and_an_identical_edit_is_not_modified(
    bot: Bot, standin: BotApiStandIn
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="d")]])
    sent = await bot.send_message(PATIENT, "Step 1", reply_markup=keyboard)
    edited = await bot.edit_message_text(
        "<i>Step 2</i>", PATIENT, sent.message_id, parse_mode="HTML"
    )
    assert not isinstance(edited, bool) and edited.text == "Step 2"
    # Editing the text without reply_markup removes the keyboard, as on Telegram.
    assert standin.buttons_on(PATIENT, sent.message_id) == []
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<i>Step 2</i>", PATIENT, sent.message_id, parse_mode="HTML")
    await bot.edit_message_reply_markup(PATIENT, sent.message_id, reply_markup=keyboard)
    assert standin.buttons_on(PATIENT, sent.message_id)[0]["text"] == "Done"
    assert await bot.delete_message(PATIENT, sent.message_id)
    assert standin.current_message(PATIENT, sent.message_id) is None
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(PATIENT, sent.message_id)


async def test_rate_limit_answers_429_with_retry_after_beyond_the_window(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.rate_limit(per_second=2, retry_after=7)
    await bot.send_message(PATIENT, "one")
    await bot.send_message(PATIENT, "two")
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(PATIENT, "three")
    assert limited.value.retry_after in (7, timedelta(seconds=7))
    counters = standin.counters
    assert counters.rate_limited == 1
    assert counters.peak_sends_per_second == 2
    assert counters.per_chat_violations == 1
    assert counters.min_interval_by_chat[PATIENT] < 1.0


async def test_blocked_chat_answers_403_and_tells_the_bot_it_was_kicked(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.block_chat(PATIENT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(PATIENT, "Your check-in")
    (update,) = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    assert standin.counters.blocked == 1
    standin.unblock_chat(PATIENT)
    await bot.send_message(PATIENT, "Welcome back")


async def test_photo_upload_arrives_as_multipart_and_keeps_its_bytes(
    bot: Bot, standin: BotApiStandIn
) -> None:
    message = await bot.send_photo(
        PATIENT, photo=TINY_PNG, caption="<b>Your progress</b>", parse_mode="HTML"
    )
    record = standin.last_message_to(PATIENT)
    assert record is not None and record.method == "sendPhoto"
    assert record.photo == TINY_PNG
    assert record.plain_text == "Your progress"
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == TINY_PNG


async def test_document_upload_keeps_name_and_bytes(bot: Bot, standin: BotApiStandIn) -> None:
    await bot.send_document(PATIENT, document=b"id,pain\n1,3\n", filename="export.csv")
    record = standin.last_message_to(PATIENT)
    assert record is not None
    assert record.document == b"id,pain\n1,3\n"
    assert record.filename == "export.csv"


async def test_a_patient_photo_can_be_downloaded_by_the_bot(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.push_photo(PATIENT, caption="bruise")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.caption == "bruise"
    file = await update.message.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == TINY_PNG


async def test_injected_failures_surface_as_network_errors_then_clear(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.fail_next(1, status=500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(PATIENT, "hello")
    standin.fail_next(1, status="disconnect")
    with pytest.raises(NetworkError):
        await bot.send_message(PATIENT, "hello")
    await bot.send_message(PATIENT, "hello")
    assert standin.counters.injected_failures == 2
    assert len(standin.messages_to(PATIENT)) == 1


async def test_a_late_answer_times_out_in_the_client_though_the_message_was_delivered(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.fail_next(1, "late", methods=["sendMessage"], late_seconds=0.6)
    with pytest.raises(TimedOut):
        await bot.send_message(PATIENT, "maybe delivered", read_timeout=0.2)
    assert [r.text for r in standin.messages_to(PATIENT)] == ["maybe delivered"]
    await standin.wait_until_idle(timeout=5)  # the held answer counts as in flight
    await bot.send_message(PATIENT, "on time")
    assert standin.counters.injected_failures == 1


async def test_an_outage_fails_every_matching_call_until_it_ends(
    bot: Bot, standin: BotApiStandIn
) -> None:
    other = PATIENT + 1
    standin.register_chat(other)
    standin.outage(502, methods=["sendMessage"], chats=[PATIENT])
    for _ in range(3):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(PATIENT, "lost in the outage")
    await bot.send_message(other, "another chat is not affected")
    assert (await bot.get_me()).is_bot  # nor are other methods
    standin.end_outage()
    await bot.send_message(PATIENT, "back")
    assert [r.text for r in standin.messages_to(PATIENT)] == ["back"]
    assert standin.counters.injected_failures == 3


async def test_unknown_methods_are_404_like_telegram(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("frobnicateMessage")


async def test_a_wrong_token_is_unauthorized(standin: BotApiStandIn) -> None:
    stranger = Bot("654321:not-the-stand-in-token", base_url=standin.base_url)
    with pytest.raises(InvalidToken):
        async with stranger:  # initialize() calls getMe; a failure shuts the client down
            pass


async def test_commands_chat_and_menu_button_round_trip(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    chat = await bot.get_chat(PATIENT)
    assert chat.first_name == "Ana" and chat.type == "private"
    await bot.set_chat_menu_button(PATIENT, MenuButtonCommands())
    assert (await bot.get_chat_menu_button(PATIENT)).type == "commands"
    assert await bot.send_chat_action(PATIENT, "typing")


async def test_json_bodies_and_the_error_envelope_match_the_bot_api(
    standin: BotApiStandIn,
) -> None:
    url = f"{standin.base_url}{standin.token}/sendMessage"
    async with httpx.AsyncClient() as client:
        ok = (await client.post(url, json={"chat_id": PATIENT, "text": "hi"})).json()
        refused = await client.post(
            url, json={"chat_id": PATIENT, "text": "<b>", "parse_mode": "HTML"}
        )
    assert ok["ok"] is True and ok["result"]["text"] == "hi"
    assert refused.status_code == 400
    assert refused.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse entities: "
        'Can\'t find end tag corresponding to start tag "b"',
    }


async def test_the_token_never_reaches_logs_or_repr(
    bot: Bot, standin: BotApiStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.devtools.standin")
    await bot.send_message(PATIENT, "hello")
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("nope")
    assert caplog.records, "the stand-in should log requests at debug level"
    assert standin.token not in caplog.text
    assert standin.token not in repr(standin)


async def test_wait_for_reply_waits_for_a_send_from_another_task(
    bot: Bot, standin: BotApiStandIn
) -> None:
    standin.push_message(PATIENT, "question")

    async def answer_later() -> None:
        await bot.get_updates()
        await bot.send_message(PATIENT, "answer")

    task = asyncio.create_task(answer_later())
    reply = await standin.wait_for_reply(PATIENT, timeout=5)
    await task
    assert reply.plain_text == "answer"


async def test_wait_for_sent_times_out_with_a_helpful_message(standin: BotApiStandIn) -> None:
    with pytest.raises(TimeoutError, match="pending updates"):
        await standin.wait_for_sent(lambda r: r.chat_id == PATIENT, timeout=0.1)


async def test_subscribers_see_every_record_as_it_is_made(
    bot: Bot, standin: BotApiStandIn
) -> None:
    seen: list[str] = []
    unsubscribe = standin.subscribe(lambda record: seen.append(record.method))
    await bot.send_message(PATIENT, "one")
    await bot.send_chat_action(PATIENT, "typing")
    unsubscribe()
    await bot.send_message(PATIENT, "two")
    assert seen == ["sendMessage", "sendChatAction"]
