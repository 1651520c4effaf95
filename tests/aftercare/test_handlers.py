"""Aftercare commands given bad input, through the real Application with a recording Telegram
(``tests/fakes.py``): each gets the catalog's clear reply and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.content import Messages
from bot.storage.repository import Repository
from tests.fakes import Person

PATIENT = 7_600_000_002


@pytest.mark.parametrize(
    ("command", "key", "params"),
    [
        ("/session 25:99", "sessions.bad_time", {"text": "25:99"}),
        ("/session yesterday 3pm", "sessions.bad_time", {"text": "yesterday 3pm"}),
        ("/session 23:59", "sessions.in_future", {}),
        ("/session yesterday", "sessions.needs_time", {}),
        ("/timezone Mars/Olympus", "optin.zone_unknown", {"zone": "Mars/Olympus"}),
        ("/pause forever", "reminders.pause_bad", {}),
    ],
)
async def test_bad_input_gets_a_clear_reply_and_changes_nothing(
    person: Callable[..., Person],
    messages: Messages,
    repo: Repository,
    command: str,
    key: str,
    params: dict[str, Any],
) -> None:
    patient = person(PATIENT)
    reply = (await patient.say(command)).only(PATIENT)
    assert reply.text == messages.text(key, **params)
    assert repo.db["sessions"].count == 0
    assert repo.db["reminders"].count == 0
