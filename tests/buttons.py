"""Buttons in tests go through the bot's one codec (``bot/telegram/callbacks.py``): a test names
the button it means (``CheckinScore(reminder_id, 3)``), never its data as a string, so a test
cannot pass on data the bot does not write. Only ``tests/telegram/test_callbacks.py`` spells
data out, to pin the formats of buttons already sitting in chats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from bot.telegram.callbacks import Button, decode

B = TypeVar("B", bound=Button)


def decoded(datas: Sequence[str]) -> list[Button | None]:
    """What each button of a message means (None: data the codec does not read)."""
    return [decode(data) for data in datas]


def kinds(datas: Sequence[str]) -> list[type[Button] | None]:
    """The kind of each button of a message."""
    return [type(button) if button is not None else None for button in decoded(datas)]


def button_in(datas: Sequence[str], kind: type[B], **fields: object) -> B:
    """The first button of ``kind`` among a message's callback data whose fields have these
    values (``button_in(msg.callback_data, CheckinScore, score=9)``)."""
    for button in decoded(datas):
        if isinstance(button, kind) and all(getattr(button, k) == v for k, v in fields.items()):
            return button
    raise AssertionError(f"no {kind.__name__} button with {fields} in {list(datas)}")


def has_button(datas: Sequence[str], kind: type[Button], **fields: object) -> bool:
    try:
        button_in(datas, kind, **fields)
    except AssertionError:
        return False
    return True
