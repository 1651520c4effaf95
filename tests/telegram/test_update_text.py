"""Updates are read so that every string in them can be stored: a lone surrogate spelt in the
JSON ("\\ud800") becomes U+FFFD on both ways in, long polling and the webhook."""

from __future__ import annotations

import json
import sqlite3

from bot.telegram.bots import UpdateScreeningRequest
from bot.telegram.update_text import loads_update
from tests.fakes import message_update

RED_FLAG = "since the session I can't breathe \\ud800"


def _batch(text: str) -> bytes:
    update = message_update(7_600_000_901, "placeholder")
    raw = json.dumps({"ok": True, "result": [update]})
    return raw.replace('"placeholder"', f'"{text}"').encode()


def test_a_lone_surrogate_in_a_polled_message_becomes_a_replacement_character():
    data = UpdateScreeningRequest.parse_json_payload(_batch(RED_FLAG))
    text = data["result"][0]["message"]["text"]
    assert text == "since the session I can't breathe \ufffd"
    # What the alert stores and the staff copy quotes can be written and encoded.
    sqlite3.connect(":memory:").execute("SELECT ?", (text,))
    text.encode("utf-8")


def test_a_surrogate_pair_is_kept_and_text_without_escapes_is_untouched():
    data = loads_update(b'{"a": "\\ud83d\\ude00", "b": ["ok \xc3\xa9"]}')
    assert data == {"a": "\U0001f600", "b": ["ok \u00e9"]}


def test_the_webhook_reads_a_lone_surrogate_the_same_way():
    body = json.dumps(message_update(7_600_000_902, "x")).replace('"x"', '"\\udfff chest pain"')
    data = loads_update(body.encode())
    assert data["message"]["text"] == "\ufffd chest pain"
