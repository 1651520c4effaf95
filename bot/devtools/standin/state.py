"""The fake Telegram the stand-in keeps: users, chats, messages, files, pending updates and what
the bot sent.

All of it is guarded by one `threading.Condition`: HTTP handler threads, the test's event loop and
the demo touch it concurrently, and long polling waits on the same condition for new updates.
Every change calls `touch()`, which wakes long polls and any asyncio waiters.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.devtools.standin.errors import ApiError, bad_request
from bot.devtools.standin.faults import FaultPlan
from bot.devtools.standin.records import SentRecord

UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
#: Sent only when asked for by name in `allowed_updates` (Bot API `getUpdates` docs).
OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

WEBHOOK_ACTIVE_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)

Subscriber = Callable[[SentRecord], None]
Waker = Callable[[], None]


@dataclass
class StoredMessage:
    """A message as Telegram would return it now (edits applied)."""

    payload: dict[str, Any]
    from_bot: bool


@dataclass
class StoredFile:
    data: bytes
    file_path: str
    file_unique_id: str


@dataclass
class CallbackState:
    chat_id: int | str
    message_id: int
    answered: bool = False
    answer: dict[str, Any] = field(default_factory=dict)


class World:
    def __init__(
        self,
        *,
        bot_user: dict[str, Any],
        auto_create_chats: bool,
        strict_html: bool,
    ) -> None:
        self.cond = threading.Condition()
        self.bot_user = bot_user
        self.auto_create_chats = auto_create_chats
        self.strict_html = strict_html
        self.faults = FaultPlan()
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int | str, dict[str, Any]] = {}
        self.messages: dict[tuple[int | str, int], StoredMessage] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackState] = {}
        self.updates: list[dict[str, Any]] = []
        self.allowed_updates: frozenset[str] | None = None
        # setWebhook's url, secret_token and allowed_updates; while set, getUpdates gets 409.
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | str | None, dict[str, Any]] = {}
        self.sent: list[SentRecord] = []
        self.last_push_sequence: dict[int | str, int] = {}
        self.in_flight = 0
        self.polls_waiting = 0
        self.last_activity = time.monotonic()
        self.closed = False
        self._poll_generation = 0
        self._next_update_id = itertools.count(1)
        self._next_message_id: dict[int | str, itertools.count[int]] = {}
        self._file_counter = itertools.count(1)
        self._callback_counter = itertools.count(1)
        self._subscribers: list[Subscriber] = []
        self._wakers: set[Waker] = set()
        self._outbox: list[SentRecord] = []

    # ------------------------------------------------------------ change notification

    def touch(self) -> None:
        """Note activity and wake everyone waiting for the world to change. Call under lock."""
        self.last_activity = time.monotonic()
        self.cond.notify_all()
        for wake in list(self._wakers):
            wake()

    def add_waker(self, wake: Waker) -> None:
        with self.cond:
            self._wakers.add(wake)

    def remove_waker(self, wake: Waker) -> None:
        with self.cond:
            self._wakers.discard(wake)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        with self.cond:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self.cond:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def announce(self) -> None:
        """Deliver new records to subscribers, outside the lock so they may call back in."""
        with self.cond:
            records, self._outbox = self._outbox, []
            subscribers = list(self._subscribers)
        for record in records:
            for subscriber in subscribers:
                subscriber(record)

    # ------------------------------------------------------------ chats and users

    def ensure_user(
        self, user_id: int, first_name: str, username: str | None, language_code: str | None
    ) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            if username:
                user["username"] = username
            if language_code:
                user["language_code"] = language_code
            self.users[user_id] = user
        return user

    def ensure_chat(self, chat_id: int, user: dict[str, Any] | None = None) -> dict[str, Any]:
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private"}
                source = user or {"first_name": f"User {chat_id}"}
                for key in ("first_name", "last_name", "username"):
                    if key in source:
                        chat[key] = source[key]
            else:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                chat = {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}
            self.chats[chat_id] = chat
        return chat

    def resolve_chat(self, raw: Any) -> dict[str, Any]:
        """The chat a `chat_id` parameter names, or Telegram's 'chat not found'."""
        if isinstance(raw, str):
            stripped = raw.strip()
            if stripped.startswith("@"):
                for chat in self.chats.values():
                    if chat.get("username", "").lower() == stripped[1:].lower():
                        return chat
                raise bad_request("chat not found")
            try:
                raw = int(stripped)
            except ValueError:
                raise bad_request("chat not found") from None
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise bad_request("chat_id is empty" if raw in (None, "") else "chat not found")
        known = self.chats.get(raw)
        if known is not None:
            return known
        if not self.auto_create_chats:
            raise bad_request("chat not found")
        return self.ensure_chat(raw)

    # ------------------------------------------------------------ messages

    def next_message_id(self, chat_id: int | str) -> int:
        counter = self._next_message_id.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def store_message(self, payload: dict[str, Any], *, from_bot: bool) -> None:
        key = (payload["chat"]["id"], payload["message_id"])
        self.messages[key] = StoredMessage(payload, from_bot)

    def message(self, chat_id: int | str, message_id: int) -> StoredMessage | None:
        return self.messages.get((chat_id, message_id))

    def new_file(self, data: bytes, folder: str, suffix: str) -> tuple[str, StoredFile]:
        number = next(self._file_counter)
        file_id = f"standin-file-{number:06d}"
        stored = StoredFile(data, f"{folder}/file_{number}{suffix}", f"standin-u{number:06d}")
        self.files[file_id] = stored
        return file_id, stored

    def new_callback_id(self) -> str:
        return f"standin-cb-{next(self._callback_counter)}"

    # ------------------------------------------------------------ updates

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._next_update_id)
        self.push_raw_update({"update_id": update_id, kind: payload})
        return update_id

    def push_raw_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        chat_id = _chat_of_update(update)
        if chat_id is not None:
            self.last_push_sequence[chat_id] = len(self.sent)
        self.touch()

    def reserve_update_id(self) -> int:
        return next(self._next_update_id)

    def get_updates(
        self, offset: int | None, limit: int, timeout: float, allowed: Iterable[str] | None
    ) -> list[dict[str, Any]]:
        """Long polling, as Telegram does it. Call under lock; waits on the condition."""
        self._poll_generation += 1
        generation = self._poll_generation
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE_CONFLICT)
        self.touch()  # wakes an older long poll, which then answers 409 Conflict
        if allowed is not None:
            names = frozenset(allowed)
            self.allowed_updates = names or None
        self._confirm(offset)
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, GET_UPDATES_CONFLICT)
            self._drop_unwanted()
            if self.updates or self.closed:
                return [dict(update) for update in self.updates[:limit]]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self.polls_waiting += 1
            self.touch()
            try:
                self.cond.wait(remaining)
            finally:
                self.polls_waiting -= 1

    def _confirm(self, offset: int | None) -> None:
        if offset is None or not self.updates:
            return
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if _update_id(u) >= offset]

    def _drop_unwanted(self) -> None:
        allowed = self.allowed_updates
        self.updates = [u for u in self.updates if _wanted(u, allowed)]

    # ------------------------------------------------------------ records

    def record(self, method: str, chat_id: int | str | None, **fields: Any) -> SentRecord:
        record = SentRecord(
            sequence=len(self.sent),
            method=method,
            chat_id=chat_id,
            sent_at=time.monotonic(),
            **fields,
        )
        self.sent.append(record)
        self._outbox.append(record)
        return record


def _update_id(update: dict[str, Any]) -> int:
    value = update.get("update_id")
    return value if isinstance(value, int) else 0


def _update_kind(update: dict[str, Any]) -> str | None:
    return next((key for key in update if key != "update_id"), None)


def _wanted(update: dict[str, Any], allowed: frozenset[str] | None) -> bool:
    kind = _update_kind(update)
    if kind is None or kind not in UPDATE_TYPES:
        return True  # hostile or future payloads pass through: the bot must cope with them
    if allowed is None:
        return kind not in OPT_IN_UPDATE_TYPES
    return kind in allowed


def _chat_of_update(update: dict[str, Any]) -> int | str | None:
    for value in update.values():
        if not isinstance(value, dict):
            continue
        message = value.get("message", value)
        chat = message.get("chat") if isinstance(message, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int | str):
            chat_id: int | str = chat["id"]
            return chat_id
    return None
