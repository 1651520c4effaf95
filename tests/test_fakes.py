"""The recording Telegram of the handler tests behaves like Telegram where the bot relies on it."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, Forbidden

from bot.app import AftercareApp
from tests.fakes import Failure, RecordingRequest


async def test_broken_html_is_refused_as_telegram_refuses_it(
    app: AftercareApp, telegram: RecordingRequest
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(1, "<b>never closed")
    assert [c.method for c in telegram.calls] == ["sendMessage"]


async def test_messages_get_increasing_ids_and_failures_are_answered_once(
    app: AftercareApp, telegram: RecordingRequest
) -> None:
    first = await app.bot.send_message(1, "<b>one</b>")
    second = await app.bot.send_message(1, "two")
    assert (first.text, second.message_id) == ("one", first.message_id + 1)
    telegram.fail_next("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(Forbidden):
        await app.bot.send_message(1, "three")
    assert (await app.bot.send_message(1, "four")).text == "four"
    assert [c.text for c in telegram.calls] == ["<b>one</b>", "two", "three", "four"]
