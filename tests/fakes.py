"""Fast handler tests: a recording Telegram connection and builders for the updates users send.

``RecordingRequest`` plugs into PTB's request seam (``telegram.request.BaseRequest``): the real
``Application`` and the real ``Bot`` (with its send budget and HTML defaults) run unchanged, and
only the HTTP call is replaced. Every Bot API call is recorded with its parameters and answered
with the JSON Telegram would send; text is parsed with the stand-in's HTML parser, so a reply
with broken markup is refused with Telegram's 400, as in production.

The builders make the JSON of an ``Update`` a Telegram client would produce: a typed message,
a command (with its ``bot_command`` entity) and a pressed inline button. ``Person`` puts them
together: ``await person.say("/help")`` runs the update through ``app.process_update`` and
returns the calls the bot made because of it (what the outbox then delivers included, as the
running bot's sender would within milliseconds). No sockets, no polling: a step takes
milliseconds.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.aftercare.sweep import ReminderSweep
from bot.content import html_to_plain
from bot.devtools.standin.entities import EntityParseError, command_entities, parse_text
from bot.telegram.bots import unpaced_twin
from bot.telegram.callbacks import Button, encode

BOT_ID = 4_000_000_001
BOT_USERNAME = "aftercare_test_bot"
#: A fixed message date (Telegram sends seconds since the epoch); handlers read the clock.
DATE = 1_781_082_000

#: Methods whose answer is the message they sent or edited.
MESSAGE_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)
NEW_MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass
class Call:
    """One Bot API call: its method name, its parameters, the names of uploaded files and what
    the fake answered (None for a refused call)."""

    method: str
    params: dict[str, Any]
    files: tuple[str, ...] = ()
    result: Any = None

    @property
    def message_id(self) -> int | None:
        """The id of the message this call sent or edited."""
        if isinstance(self.result, dict):
            return int(self.result["message_id"])
        edited = self.params.get("message_id")
        return int(edited) if edited is not None else None

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def text(self) -> str:
        """The text or caption as sent (Telegram HTML)."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def plain_text(self) -> str:
        """What the user reads: the text as Telegram stored it after parsing the markup."""
        if isinstance(self.result, dict):
            return str(self.result.get("text") or self.result.get("caption") or "")
        return html_to_plain(self.text)

    @property
    def callback_data(self) -> list[str]:
        """The callback data of every inline button on the message, row by row."""
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [
            button["callback_data"]
            for row in markup.get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]


@dataclass
class Failure:
    """An answer Telegram gives instead of success, e.g. 403 when the user blocked the bot."""

    code: int
    description: str
    retry_after: int | None = None


class Calls(list[Call]):
    """Calls in the order the bot made them, with the filters tests need."""

    def to(self, chat_id: int) -> Calls:
        """What landed in one chat (messages, edits, actions), without callback answers."""
        return Calls(c for c in self if c.chat_id == chat_id and c.method != "answerCallbackQuery")

    def only(self, chat_id: int) -> Call:
        """The one new message sent to ``chat_id`` (fails if there are none or several)."""
        mine = [c for c in self if c.chat_id == chat_id and c.method in NEW_MESSAGE_METHODS]
        assert len(mine) == 1, [(c.method, c.plain_text[:60]) for c in mine]
        return mine[0]

    def of(self, method: str) -> Calls:
        return Calls(c for c in self if c.method == method)

    @property
    def answers(self) -> Calls:
        """Callback query answers (the toast, or the stopped spinner, on a pressed button)."""
        return self.of("answerCallbackQuery")

    @property
    def text(self) -> str:
        return "\n".join(c.plain_text for c in self if c.text)


class RecordingRequest(BaseRequest):
    """PTB's HTTP seam, answered in memory: records each call and replies as Telegram would."""

    def __init__(self) -> None:
        self.calls = Calls()
        self._failures: dict[str, list[Failure]] = {}
        self._message_ids = itertools.count(1)

    # --- test controls ---------------------------------------------------------------------

    def fail_next(self, method: str, failure: Failure, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``failure``."""
        self._failures.setdefault(method.lower(), []).extend([failure] * times)

    def since(self, index: int) -> Calls:
        return Calls(self.calls[index:])

    # --- BaseRequest -----------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = tuple(request_data.multipart_data) if request_data else ()
        call = Call(name, params, files)
        if name != "getUpdates":
            self.calls.append(call)
        pending = self._failures.get(name.lower())
        if pending:
            return _error(pending.pop(0))
        try:
            call.result = self._answer(name, params)
        except EntityParseError as exc:
            return _error(Failure(400, f"Bad Request: can't parse entities: {exc}"))
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Aftercare",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            return []
        if method == "getMyCommands":
            return []
        if method not in MESSAGE_METHODS:
            return True
        if "inline_message_id" in params:
            return True
        return self._message(method, params)

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = params.get("text") if "text" in params else params.get("caption")
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": DATE,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Aftercare"},
        }
        if text is not None:
            plain, entities = parse_text(str(text), params.get("parse_mode"))
            message["text" if "text" in params else "caption"] = plain
            if entities:
                message["entities" if "text" in params else "caption_entities"] = entities
        if method == "sendPhoto":
            message["photo"] = [
                {"file_id": "photo", "file_unique_id": "photo", "width": 1, "height": 1}
            ]
        if method == "sendDocument":
            message["document"] = {"file_id": "document", "file_unique_id": "document"}
        markup = params.get("reply_markup")
        if markup:
            markup = json.loads(markup) if isinstance(markup, str) else markup
            # Like Telegram, the sent message carries only an inline keyboard (not ForceReply).
            if "inline_keyboard" in markup:
                message["reply_markup"] = markup
        return message


def _error(failure: Failure) -> tuple[int, bytes]:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": failure.code,
        "description": failure.description,
    }
    if failure.retry_after is not None:
        body["parameters"] = {"retry_after": failure.retry_after}
    return failure.code, json.dumps(body).encode()


# --- updates -------------------------------------------------------------------------------

_update_ids = itertools.count(1)
_message_ids = itertools.count(100_000)
_query_ids = itertools.count(1)


def user_json(user_id: int, first_name: str, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def message_update(
    user_id: int,
    text: str,
    *,
    first_name: str = "Patient",
    language_code: str | None = "en",
    chat_id: int | None = None,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A typed message; a leading ``/command`` gets its ``bot_command`` entity."""
    chat = chat_id if chat_id is not None else user_id
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": DATE,
        "chat": {"id": chat, "type": chat_type, "first_name": first_name},
        "from": user_json(user_id, first_name, language_code),
        "text": text,
    }
    entities = command_entities(text)
    if entities:
        message["entities"] = entities
    return {"update_id": next(_update_ids), "message": message}


def command_update(
    user_id: int, command: str, *args: str, first_name: str = "Patient"
) -> dict[str, Any]:
    """``/command arg …`` as a client sends it."""
    text = " ".join((f"/{command.lstrip('/')}", *args))
    return message_update(user_id, text, first_name=first_name)


def media_update(
    user_id: int, kind: str, *, caption: str | None = None, first_name: str = "Patient"
) -> dict[str, Any]:
    """A photo, sticker or voice note (with an optional caption)."""
    update = message_update(user_id, "", first_name=first_name)
    message = update["message"]
    del message["text"]
    if kind == "photo":
        message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    elif kind == "sticker":
        message["sticker"] = {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    elif kind == "voice":
        message["voice"] = {"file_id": "v", "file_unique_id": "v", "duration": 1}
    else:
        raise ValueError(f"no builder for {kind!r}")
    if caption is not None:
        message["caption"] = caption
    return update


def callback_update(
    user_id: int,
    data: str,
    *,
    message_id: int,
    first_name: str = "Patient",
    chat_id: int | None = None,
) -> dict[str, Any]:
    """A press on an inline button of the bot's message ``message_id`` carrying ``data``."""
    chat = chat_id if chat_id is not None else user_id
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_query_ids)),
            "from": user_json(user_id, first_name, "en"),
            "chat_instance": str(chat),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": DATE,
                "chat": {"id": chat, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Aftercare"},
                "text": "…",
            },
        },
    }


async def deliver_outbox(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """What the running bot's sender does within milliseconds of a handler's wake-up: deliver
    every outbox row due now (alerts to staff, what the patient hears after an alert)."""
    sweep = app.bot_data.get(_OUTBOX_SENDER)
    if sweep is None:
        sweep = ReminderSweep(
            app.bot_data["services"], unpaced_twin(app.bot), per_chat_interval=0, reminders=False
        )
        app.bot_data[_OUTBOX_SENDER] = sweep
    await sweep.sender.drain()


_OUTBOX_SENDER = "tests.outbox_sender"


@dataclass
class Person:
    """Someone in a private chat with the bot; each step returns what the bot did in reply."""

    app: Application[Any, Any, Any, Any, Any, Any]
    telegram: RecordingRequest
    user_id: int
    first_name: str = "Patient"

    async def send(self, update: dict[str, Any]) -> Calls:
        before = len(self.telegram.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        await deliver_outbox(self.app)
        return self.telegram.since(before)

    async def say(self, text: str) -> Calls:
        return await self.send(message_update(self.user_id, text, first_name=self.first_name))

    async def command(self, command: str, *args: str) -> Calls:
        return await self.send(
            command_update(self.user_id, command, *args, first_name=self.first_name)
        )

    async def press(self, data: str | Button, message_id: int | None = None) -> Calls:
        """Press the button carrying ``data`` (on the latest bot message that has it, unless
        ``message_id`` names another: a forged or stale press). A ``Button`` is written by
        the bot's codec; a string is sent as it is (hostile data)."""
        if isinstance(data, Button):
            data = encode(data)
        if message_id is None:
            message_id = self.message_with(data)
        return await self.send(
            callback_update(self.user_id, data, message_id=message_id, first_name=self.first_name)
        )

    def message_with(self, data: str) -> int:
        """The id of the latest message to this person with a button carrying ``data``."""
        for call in reversed(self.telegram.calls.to(self.user_id)):
            if data in call.callback_data and call.message_id is not None:
                return call.message_id
        raise AssertionError(f"no message to {self.user_id} has a button {data!r}")
