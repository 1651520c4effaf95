"""`BotApiStandIn`: a local Bot API that the real bot talks to over real HTTP.

It serves three audiences: end-to-end tests (push updates as a patient, assert on what the bot
sent), the terminal demo (a clinic can try the bot without a Telegram account) and reminder-burst
benchmarks (429s, blocked users, flaky network). The HTTP server runs in a background thread; the
async helpers wait without blocking the caller's event loop and without polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar

from bot.devtools.standin.entities import command_entities
from bot.devtools.standin.faults import DEFAULT_LATE_SECONDS, FailureKind
from bot.devtools.standin.http import StandInHTTPServer
from bot.devtools.standin.markup import inline_buttons
from bot.devtools.standin.records import MESSAGE_METHODS, SentRecord, StandInCounters
from bot.devtools.standin.state import CallbackState, World

#: A token of the right shape that can never be a real one. Use it for the demo and tests.
DEMO_TOKEN = "123456:demo-local-standin"  # noqa: S105 (a placeholder by design)

#: A 1x1 PNG, so a pushed photo is a real image.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

T = TypeVar("T")


@dataclass(frozen=True)
class Pushed:
    """What a push created: the update id, and the message (or pressed message) id."""

    update_id: int
    message_id: int | None = None
    callback_query_id: str | None = None


class BotApiStandIn:
    """A local Telegram Bot API for one bot, with a scriptable crowd of users around it."""

    def __init__(
        self,
        token: str = DEMO_TOKEN,
        *,
        bot_username: str = "aftercare_demo_bot",
        bot_first_name: str = "Aftercare companion",
        host: str = "127.0.0.1",
        port: int = 0,
        auto_create_chats: bool = False,
        strict_html: bool = True,
    ) -> None:
        """`auto_create_chats=False` answers "chat not found" for users who never wrote to the
        bot, as Telegram does; benchmarks that seed chats may call `register_chat` instead.
        `strict_html` refuses a bare `&` (see `bot.devtools.standin.entities`)."""
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self._token = token
        self._address = (host, port)
        self._world = World(
            bot_user={
                "id": bot_id,
                "is_bot": True,
                "first_name": bot_first_name,
                "username": bot_username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            },
            auto_create_chats=auto_create_chats,
            strict_html=strict_html,
        )
        self._server: StandInHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        state = f"port {self.port}" if self._server else "stopped"
        return f"<BotApiStandIn @{self.bot_username} {state}>"

    # ------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._world.closed = False
        self._server = StandInHTTPServer(self._address, self._world, self._token)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="bot-api-stand-in",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        with self._world.cond:
            self._world.closed = True  # long polls answer at once
            self._world.touch()
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)

    # ------------------------------------------------------------ addresses and identity

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the stand-in is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)`: PTB appends token and method."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def token(self) -> str:
        """The token the stand-in accepts (a placeholder; never printed by the stand-in)."""
        return self._token

    @property
    def bot_username(self) -> str:
        return str(self._world.bot_user["username"])

    @property
    def webhook(self) -> dict[str, Any] | None:
        """What the bot passed to setWebhook (url, secret_token, allowed_updates), or None."""
        with self._world.cond:
            return None if self._world.webhook is None else dict(self._world.webhook)

    @property
    def bot_user(self) -> dict[str, Any]:
        return dict(self._world.bot_user)

    # ------------------------------------------------------------ acting as users

    def register_chat(
        self,
        chat_id: int,
        *,
        first_name: str = "Patient",
        username: str | None = None,
        language_code: str | None = "en",
    ) -> None:
        """Make a chat exist (as if the user had started the bot) without sending an update."""
        with self._world.cond:
            user = self._world.ensure_user(chat_id, first_name, username, language_code)
            self._world.ensure_chat(chat_id, user if chat_id > 0 else None)

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        first_name: str = "Patient",
        username: str | None = None,
        language_code: str | None = "en",
        reply_to_message_id: int | None = None,
    ) -> Pushed:
        """The user types `text`; a leading /command gets its `bot_command` entity."""
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._push_user_message(
            chat_id,
            content,
            user_id=user_id,
            first_name=first_name,
            username=username,
            language_code=language_code,
            reply_to_message_id=reply_to_message_id,
        )

    def push_photo(
        self,
        chat_id: int,
        data: bytes = TINY_PNG,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        first_name: str = "Patient",
    ) -> Pushed:
        with self._world.cond:
            file_id, stored = self._world.new_file(data, "photos", ".jpg")
        size = {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
            "width": 1,
            "height": 1,
        }
        content: dict[str, Any] = {"photo": [size]}
        if caption:
            content["caption"] = caption
        return self._push_user_message(chat_id, content, user_id=user_id, first_name=first_name)

    def push_sticker(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        user_id: int | None = None,
        first_name: str = "Patient",
    ) -> Pushed:
        with self._world.cond:
            file_id, stored = self._world.new_file(b"RIFF-webp-sticker", "stickers", ".webp")
        sticker = {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_user_message(
            chat_id, {"sticker": sticker}, user_id=user_id, first_name=first_name
        )

    def push_voice(
        self,
        chat_id: int,
        data: bytes = b"OggS-voice-note",
        *,
        duration: int = 3,
        user_id: int | None = None,
        first_name: str = "Patient",
    ) -> Pushed:
        with self._world.cond:
            file_id, stored = self._world.new_file(data, "voice", ".oga")
        voice = {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return self._push_user_message(
            chat_id, {"voice": voice}, user_id=user_id, first_name=first_name
        )

    def push_edited_message(
        self, chat_id: int, message_id: int, text: str, *, user_id: int | None = None
    ) -> Pushed:
        """The user edits a message they sent earlier."""
        world = self._world
        with world.cond:
            stored = world.message(chat_id, message_id)
            if stored is None or stored.from_bot:
                raise ValueError(f"chat {chat_id} has no user message {message_id}")
            if user_id is not None and stored.payload["from"]["id"] != user_id:
                raise ValueError(f"message {message_id} was not sent by user {user_id}")
            payload = {k: v for k, v in stored.payload.items() if k != "entities"}
            payload.update({"text": text, "edit_date": int(time.time())})
            entities = command_entities(text)
            if entities:
                payload["entities"] = entities
            stored.payload = payload
            update_id = world.push_update("edited_message", dict(payload))
        return Pushed(update_id, message_id)

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Patient",
        check_button: bool = True,
    ) -> Pushed:
        """The user presses an inline button on a message the bot sent.

        With `check_button` (the default) the data must belong to a button on that message as
        it is now, which is all a real Telegram client can send; use `push_raw_update` to forge.
        """
        world = self._world
        with world.cond:
            stored = world.message(chat_id, message_id)
            if stored is None or not stored.from_bot:
                raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
            buttons = inline_buttons(stored.payload.get("reply_markup"))
            if check_button and data not in [b.get("callback_data") for b in buttons]:
                raise ValueError(f"message {message_id} has no button with that callback data")
            user = world.ensure_user(user_id or chat_id, first_name, None, "en")
            query_id = world.new_callback_id()
            world.callbacks[query_id] = CallbackState(chat_id, message_id)
            query = {
                "id": query_id,
                "from": dict(user),
                "message": dict(stored.payload),
                "chat_instance": f"standin-{chat_id}",
                "data": data,
            }
            update_id = world.push_update("callback_query", query)
        return Pushed(update_id, message_id, query_id)

    def push_raw_update(self, update: dict[str, Any]) -> int:
        """Deliver any payload, forged or malformed, as is (an `update_id` is added if absent)."""
        world = self._world
        with world.cond:
            payload = dict(update)
            if not isinstance(payload.get("update_id"), int):
                payload["update_id"] = world.reserve_update_id()
            world.push_raw_update(payload)
            update_id: int = payload["update_id"]
        return update_id

    def _push_user_message(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        user_id: int | None = None,
        first_name: str = "Patient",
        username: str | None = None,
        language_code: str | None = "en",
        reply_to_message_id: int | None = None,
    ) -> Pushed:
        world = self._world
        with world.cond:
            user = world.ensure_user(user_id or chat_id, first_name, username, language_code)
            chat = world.ensure_chat(chat_id, user)
            message: dict[str, Any] = {
                "message_id": world.next_message_id(chat_id),
                "from": dict(user),
                "chat": dict(chat),
                "date": int(time.time()),
                **content,
            }
            if reply_to_message_id is not None:
                target = world.message(chat_id, reply_to_message_id)
                if target is not None:
                    message["reply_to_message"] = dict(target.payload)
            world.store_message(message, from_bot=False)
            update_id = world.push_update("message", dict(message))
        return Pushed(update_id, message["message_id"])

    # ------------------------------------------------------------ what the bot did

    @property
    def sent(self) -> tuple[SentRecord, ...]:
        with self._world.cond:
            return tuple(self._world.sent)

    def messages_to(self, chat_id: int | str) -> list[SentRecord]:
        """New messages the bot sent to a chat, oldest first (edits and actions excluded)."""
        return [r for r in self.sent if r.chat_id == chat_id and r.is_new_message]

    def last_message_to(self, chat_id: int | str) -> SentRecord | None:
        messages = self.messages_to(chat_id)
        return messages[-1] if messages else None

    def current_message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """A message as the user sees it now (edits applied), or None once deleted."""
        with self._world.cond:
            stored = self._world.message(chat_id, message_id)
            return dict(stored.payload) if stored else None

    def buttons_on(self, chat_id: int | str, message_id: int) -> list[dict[str, Any]]:
        """The inline buttons currently on a message, row by row."""
        message = self.current_message(chat_id, message_id)
        return inline_buttons(message.get("reply_markup")) if message else []

    @property
    def unanswered_callbacks(self) -> list[str]:
        """Callback queries the bot never answered (the user's button keeps spinning)."""
        with self._world.cond:
            return [qid for qid, state in self._world.callbacks.items() if not state.answered]

    def take_updates(self) -> list[dict[str, Any]]:
        """Remove and return the pending updates, as Telegram does when it delivers them to a
        webhook (tests then POST them to the bot's webhook URL)."""
        with self._world.cond:
            taken = [dict(update) for update in self._world.updates]
            self._world.updates.clear()
            return taken

    @property
    def pending_updates(self) -> int:
        """Updates pushed but not yet confirmed by the bot's next getUpdates offset."""
        with self._world.cond:
            return len(self._world.updates)

    @property
    def counters(self) -> StandInCounters:
        with self._world.cond:
            return self._world.faults.counters()

    def subscribe(self, callback: Callable[[SentRecord], None]) -> Callable[[], None]:
        """Call `callback` (on the server thread) for every new record; returns unsubscribe."""
        return self._world.subscribe(callback)

    # ------------------------------------------------------------ waiting, without blocking

    async def wait_for_sent(
        self,
        predicate: Callable[[SentRecord], bool] | None = None,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a test helper's deadline, by design)
        since: int = 0,
    ) -> SentRecord:
        """The first record from position `since` on that matches `predicate`."""

        def find() -> SentRecord | None:
            return next(
                (r for r in self._world.sent[since:] if predicate is None or predicate(r)), None
            )

        return await self._wait(find, timeout, "a matching Bot API call")

    async def wait_for_reply(
        self,
        chat_id: int | str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a test helper's deadline, by design)
    ) -> SentRecord:
        """The bot's first message (or edit) to `chat_id` after the user's latest push there."""
        with self._world.cond:
            since = self._world.last_push_sequence.get(chat_id, 0)

        def is_reply(record: SentRecord) -> bool:
            visible = record.is_new_message or record.method.startswith("edit")
            return record.chat_id == chat_id and visible

        return await self.wait_for_sent(is_reply, timeout=timeout, since=since)

    async def wait_for_long_poll(
        self,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a test helper's deadline, by design)
    ) -> None:
        """Wait until a getUpdates call is parked waiting for updates (the bot is listening)."""

        def parked() -> bool | None:
            return True if self._world.polls_waiting > 0 else None

        await self._wait(parked, timeout, "a parked getUpdates long poll")

    async def wait_until_idle(
        self,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a test helper's deadline, by design)
        quiet: float = 0.05,
    ) -> None:
        """Wait until every pushed update was fetched and confirmed, no call is in flight, and
        nothing happened for `quiet` seconds (the bot may still be thinking between calls)."""
        world = self._world
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        wake = _waker(loop, event)
        world.add_waker(wake)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    with world.cond:
                        busy = bool(world.updates) or world.in_flight > 0
                        calm_for = time.monotonic() - world.last_activity
                    if not busy and calm_for >= quiet:
                        return
                    event.clear()
                    try:
                        async with asyncio.timeout(None if busy else quiet - calm_for):
                            await event.wait()
                    except TimeoutError:
                        continue
        except TimeoutError:
            raise TimeoutError(self._describe_timeout("the bot to go idle", timeout)) from None
        finally:
            world.remove_waker(wake)

    async def _wait(
        self,
        check: Callable[[], T | None],
        timeout: float,  # noqa: ASYNC109 (a test helper's deadline, by design)
        what: str,
    ) -> T:
        world = self._world
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        wake = _waker(loop, event)
        world.add_waker(wake)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    event.clear()
                    with world.cond:
                        found = check()
                    if found is not None:
                        return found
                    await event.wait()
        except TimeoutError:
            raise TimeoutError(self._describe_timeout(what, timeout)) from None
        finally:
            world.remove_waker(wake)

    def _describe_timeout(self, what: str, timeout: float) -> str:
        recent = ", ".join(f"{r.method}→{r.chat_id}" for r in self.sent[-5:]) or "nothing"
        return (
            f"waited {timeout}s for {what}; pending updates: {self.pending_updates}; "
            f"last calls: {recent}"
        )

    # ------------------------------------------------------------ faults

    def block_chat(self, chat_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends to the chat get 403, and (like Telegram) the bot gets a
        `my_chat_member` update saying it was kicked."""
        world = self._world
        with world.cond:
            world.faults.blocked_chats.add(chat_id)
            if notify and chat_id in world.chats:
                user = world.users.get(chat_id) or world.ensure_user(
                    chat_id, "Patient", None, None
                )
                world.push_update(
                    "my_chat_member",
                    {
                        "chat": dict(world.chats[chat_id]),
                        "from": dict(user),
                        "date": int(time.time()),
                        "old_chat_member": {"user": world.bot_user, "status": "member"},
                        "new_chat_member": {
                            "user": world.bot_user,
                            "status": "kicked",
                            "until_date": 0,
                        },
                    },
                )

    def unblock_chat(self, chat_id: int) -> None:
        with self._world.cond:
            self._world.faults.blocked_chats.discard(chat_id)

    def rate_limit(self, per_second: int | None = 30, retry_after: int = 1) -> None:
        """Answer 429 once more than `per_second` sending calls fall in a sliding 1 s window;
        `None` lifts the limit. Per-chat 1 msg/s violations are counted, never refused."""
        with self._world.cond:
            self._world.faults.set_rate_limit(per_second, retry_after)

    def fail_next(
        self,
        count: int = 1,
        status: FailureKind = 500,
        *,
        methods: Iterable[str] | None = None,
        chats: Iterable[int | str] | None = None,
        late_seconds: float = DEFAULT_LATE_SECONDS,
    ) -> None:
        """Make the next `count` calls fail with `status`, drop the connection with
        "disconnect", or ("late") carry them out but answer only after `late_seconds`, when
        the client has given up (a timeout that delivered). Only `methods` and `chats` if
        given, else any method except getUpdates (whose retries would race with the test)."""
        with self._world.cond:
            self._world.faults.plan_failures(
                count,
                status,
                frozenset(methods) if methods else None,
                chats=frozenset(chats) if chats is not None else None,
                delay=late_seconds,
            )

    def outage(
        self,
        status: FailureKind = 502,
        *,
        methods: Iterable[str] | None = None,
        chats: Iterable[int | str] | None = None,
        late_seconds: float = DEFAULT_LATE_SECONDS,
    ) -> None:
        """Every matching call fails (as ``fail_next``) until ``end_outage``; getUpdates keeps
        working unless named, so patients' messages still arrive."""
        with self._world.cond:
            self._world.faults.plan_failures(
                None,
                status,
                frozenset(methods) if methods else None,
                chats=frozenset(chats) if chats is not None else None,
                delay=late_seconds,
            )

    def end_outage(self) -> None:
        """Lift every planned failure and outage."""
        with self._world.cond:
            self._world.faults.lift()


def _waker(loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> Callable[[], None]:
    """A callback the server thread may call to set an asyncio.Event owned by `loop`."""

    def wake() -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop has nobody waiting any more
            loop.call_soon_threadsafe(event.set)

    return wake


__all__ = ["DEMO_TOKEN", "MESSAGE_METHODS", "TINY_PNG", "BotApiStandIn", "Pushed"]
