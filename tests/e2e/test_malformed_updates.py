"""An update PTB cannot parse, delivered by the stand-in over real HTTP long polling.

Before, one such update failed every getUpdates batch that held it: the offset never moved,
polling was stuck, and PTB logged a CRITICAL line quoting the raw batch (patients' text) on
every retry. Now it is skipped with one line of ids, and the patients around it are answered.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from .harness import TIMEOUT, World

PATIENT_1, PATIENT_2 = 7_700_000_001, 7_700_000_002
SECRET = "my private symptom description"


def _unreadable(chat_id: int) -> list[dict[str, Any]]:
    """Updates that fail ``Update.de_json`` in different ways, each quoting patient text."""
    chat = {"id": chat_id, "type": "private", "first_name": "P"}
    sender = {"id": chat_id, "is_bot": False, "first_name": "P"}
    return [
        {"message": {"message_id": 900, "from": sender, "chat": chat, "text": SECRET}},  # no date
        {"message": SECRET},
        {
            "message": {
                "message_id": 901,
                "date": 0,
                "from": sender,
                "chat": chat,
                "text": SECRET,
                "entities": [{"type": "bold"}],
            }
        },
        {"callback_query": {"id": "1", "from": sender, "data": SECRET}},
    ]


async def test_unreadable_updates_are_skipped_by_id_and_polling_carries_on(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bad_ids = [world.standin.push_raw_update(u) for u in _unreadable(PATIENT_1)]
    answered = await world.say(PATIENT_2, "/start")
    assert answered.only(PATIENT_2).plain_text, "the patient after them is answered"
    for update_id in bad_ids:
        await world.processed.wait_for(update_id)
    # An unreadable update last in a batch must not hold the offset either.
    last_bad = world.standin.push_raw_update(_unreadable(PATIENT_1)[0])
    await world.processed.wait_for(last_bad)
    assert (await world.say(PATIENT_1, "/start")).only(PATIENT_1).plain_text
    await world.standin.wait_until_idle(timeout=TIMEOUT, quiet=0.1)
    assert world.standin.pending_updates == 0

    skipped = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == len(bad_ids) + 1, "one line per unreadable update, not per retry"
    assert all(f"update {i} " in "\n".join(skipped) for i in [*bad_ids, last_bad])
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    assert SECRET not in caplog.text
