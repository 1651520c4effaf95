"""The local demo: chat with the real bot in a terminal, no Telegram account needed.

The bot is the same `Application` as in production, polling a `BotApiStandIn` over real HTTP;
only the patient is simulated: each line typed becomes a Telegram update, and what the bot sends
is printed as the patient would read it. Inline buttons show as numbered choices (`#2` presses
the second). The clock is a `ScaledClock`, so `:ff 24h` shows tomorrow's check-in today.

Everything the demo needs is injectable (streams, clock, the application factory), so a test
can run a whole session from a script and read the transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TextIO

from telegram.ext import Application

from bot.clock import Clock, ScaledClock
from bot.devtools.standin import DEMO_TOKEN, BotApiStandIn, SentRecord
from bot.settings import DEFAULT_DEMO_DB, Secret, Settings
from bot.telegram.lifecycle import running

DEMO_DB = DEFAULT_DEMO_DB
DEMO_CHAT_ID = 10_001
DEMO_PATIENT_NAME = "Alex"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
#: Builds the bot for the demo; the default is the composition root's `build_application`.
ApplicationFactory = Callable[[Settings, Clock | None], AnyApplication]

BANNER = """\
Aftercare companion — local demo (no Telegram needed; this is a simulated chat)
You are the patient. Type a message and press Enter.
  #N            press button N of the latest buttons the bot showed
  :ff 24h       fast-forward the bot's clock (units: m, h, d, w; e.g. :ff 1d12h)
  :photo [caption]  :sticker  :voice   send media
  :help         this help        :quit   leave (your chat is kept in {db})
"""

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_VISIBLE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
    }
)


def parse_duration(text: str) -> timedelta:
    """`24h`, `90m`, `1d12h` -> timedelta; ValueError for anything else."""
    compact = text.replace(" ", "").lower()
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"not a duration: {text!r}")
    return timedelta(seconds=sum(float(n) * _UNIT_SECONDS[u] for n, u in parts))


class DemoRefused(RuntimeError):
    """The demo would write into the bot's real database."""


def demo_settings(settings: Settings, standin: BotApiStandIn) -> Settings:
    """The user's settings, pointed at the stand-in, with the demo's own database
    (``AFTERCARE_DEMO_DB``), whatever ``AFTERCARE_DB`` says: the demo's fake patient must never
    land among real ones."""
    check_demo_database(settings)
    return dataclasses.replace(
        settings,
        token=Secret(standin.token),
        api_base_url=standin.base_url,
        api_base_file_url=standin.base_file_url,
        db_path=settings.demo_db_path,
    )


def check_demo_database(settings: Settings) -> None:
    if settings.demo_db_path.resolve() == settings.db_path.resolve():
        raise DemoRefused(
            "AFTERCARE_DEMO_DB names the bot's database (AFTERCARE_DB): the demo keeps its own "
            "file, so choose another path for it"
        )


def _default_factory(settings: Settings, clock: Clock | None) -> AnyApplication:
    """The real bot, with a clock that can be fast-forwarded and survives a demo restart."""
    from bot.app import build_application, build_services  # heavy: only when the demo runs

    services = build_services(settings, clock=clock, fast_forward=True, wait_for_index=True)
    return build_application(settings, services=services)


async def run_demo(
    settings: Settings | None = None,
    input_stream: TextIO | None = None,
    output_stream: TextIO | None = None,
    *,
    clock: Clock | None = None,
    application_factory: ApplicationFactory | None = None,
    reply_timeout: float = 15.0,
    chat_id: int = DEMO_CHAT_ID,
) -> int:
    """Run a terminal chat with the bot until `:quit` or end of input; return an exit code."""
    settings = settings or Settings.from_env()
    source = input_stream or sys.stdin
    sink = output_stream or sys.stdout
    if clock is None and application_factory is not None:
        clock = ScaledClock(settings.time_scale)
    factory = application_factory or _default_factory
    check_demo_database(settings)
    async with BotApiStandIn(DEMO_TOKEN) as standin:
        bot_settings = demo_settings(settings, standin)
        bot_settings.db_path.parent.mkdir(parents=True, exist_ok=True)
        application = factory(bot_settings, clock)
        clock = clock or application.bot_data["services"].clock
        session = DemoSession(
            standin,
            clock,
            sink,
            chat_id=chat_id,
            reply_timeout=reply_timeout,
            after_fast_forward=lambda: run_periodic_jobs_now(application),
        )
        unsubscribe = standin.subscribe(session.on_record_threadsafe())
        try:
            async with running(application, timeout=10):
                session.say(BANNER.format(db=bot_settings.db_path.name))
                await session.chat(source)
        finally:
            unsubscribe()
    return 0


async def run_periodic_jobs_now(application: AnyApplication) -> None:
    """Run every repeating job (the reminder sweep) at once, so a fast-forward shows its effect
    now rather than at the sweep's next real-time tick. One-shot jobs keep their schedule."""
    from apscheduler.triggers.interval import IntervalTrigger

    job_queue = application.job_queue
    if job_queue is None:
        return
    for job in job_queue.jobs():
        if isinstance(job.job.trigger, IntervalTrigger):
            await job.run(application)


class DemoSession:
    """One patient's terminal conversation: reads commands, pushes updates, prints replies."""

    def __init__(
        self,
        standin: BotApiStandIn,
        clock: Clock,
        out: TextIO,
        *,
        chat_id: int,
        reply_timeout: float,
        after_fast_forward: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._standin = standin
        self._after_fast_forward = after_fast_forward
        self._clock = clock
        self._out = out
        self._chat_id = chat_id
        self._reply_timeout = reply_timeout
        self._records: asyncio.Queue[SentRecord] = asyncio.Queue()
        self._keyboard_message: int | None = None
        self._interactive = False
        self._awaiting_input = False

    # ------------------------------------------------------------ output

    def on_record_threadsafe(self) -> Callable[[SentRecord], None]:
        """A subscriber for the stand-in's thread that hands records to this loop."""
        loop = asyncio.get_running_loop()

        def deliver(record: SentRecord) -> None:
            with contextlib.suppress(RuntimeError):  # the demo's loop has already closed
                loop.call_soon_threadsafe(self._records.put_nowait, record)

        return deliver

    def say(self, text: str) -> None:
        self._out.write(text if text.endswith("\n") else text + "\n")
        self._out.flush()

    def flush(self) -> None:
        """Print every record received so far, in order."""
        while not self._records.empty():
            self._print_record(self._records.get_nowait())

    def _print_record(self, record: SentRecord) -> bool:
        if record.chat_id != self._chat_id or record.method not in _VISIBLE_METHODS:
            return False
        if record.method == "answerCallbackQuery":
            if record.plain_text:
                self.say(f"bot (notice)> {record.plain_text}")
            return bool(record.plain_text)
        if record.method == "deleteMessage":
            self.say("bot deleted a message")
            return True
        label = "bot (edited)>" if record.method.startswith("edit") else "bot>"
        body = record.plain_text or ""
        if record.photo is not None:
            body = f"[photo, {len(record.photo)} bytes] {body}".rstrip()
        elif record.document is not None:
            name = record.filename or "file"
            body = f"[document {name}, {len(record.document)} bytes] {body}".rstrip()
        if record.method == "editMessageReplyMarkup":
            body = "(buttons changed)" if record.buttons else "(buttons removed)"
        self.say(f"{label} " + _indent(body))
        self._print_keyboard(record)
        return True

    def _print_keyboard(self, record: SentRecord) -> None:
        markup = record.reply_markup or {}
        if "inline_keyboard" in markup:
            choices = [button["text"] for button in record.buttons]
            if choices:
                self._keyboard_message = record.message_id
                for number, text in enumerate(choices, start=1):
                    self.say(f"   #{number} {text}")
            elif record.message_id == self._keyboard_message:
                self._keyboard_message = None
        elif "keyboard" in markup:
            rows = markup["keyboard"]
            texts = [b if isinstance(b, str) else b.get("text", "") for row in rows for b in row]
            self.say("   keyboard: " + " | ".join(texts) + "  (type one)")

    # ------------------------------------------------------------ input

    async def chat(self, source: TextIO) -> None:
        """Read lines until `:quit` or end of input; replies print as they arrive (a reminder
        due after `:ff` shows up while the patient is idle, as it would on a phone)."""
        self._interactive = source.isatty()
        printer = asyncio.create_task(self._print_as_they_arrive())
        try:
            while True:
                self._prompt()
                self._awaiting_input = True
                try:
                    line = await asyncio.to_thread(source.readline)
                finally:
                    self._awaiting_input = False
                if not line:
                    break  # end of input: leave like :quit
                line = line.strip()
                if not self._interactive and line:
                    self.say(f"you> {line}")
                if line in (":quit", ":q", ":exit"):
                    break
                await self._handle(line)
            await self._settle()
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer
        self.flush()
        self.say("Demo finished. Bye!")

    def _prompt(self) -> None:
        if self._interactive:
            self._out.write("you> ")
            self._out.flush()

    async def _print_as_they_arrive(self) -> None:
        while True:
            record = await self._records.get()
            waiting = self._interactive and self._awaiting_input
            if waiting:
                self._out.write("\r")  # the reply replaces the idle prompt, which then returns
            shown = self._print_record(record)
            if waiting and shown:
                self._prompt()

    async def _handle(self, line: str) -> None:
        if not line:
            return
        if line == ":help":
            self.say(BANNER.format(db="the demo database"))
            return
        if line.startswith(":ff"):
            if self._fast_forward(line.removeprefix(":ff").strip()) and self._after_fast_forward:
                await self._after_fast_forward()
            await self._settle()
            return
        if line.startswith("#"):
            await self._press(line[1:].strip())
            return
        if line.startswith(":photo"):
            caption = line.removeprefix(":photo").strip() or None
            await self._act(lambda: self._standin.push_photo(self._chat_id, caption=caption))
            return
        if line == ":sticker":
            await self._act(lambda: self._standin.push_sticker(self._chat_id))
            return
        if line == ":voice":
            await self._act(lambda: self._standin.push_voice(self._chat_id))
            return
        if line.startswith(":"):
            self.say(f"Unknown demo command {line.split()[0]!r}; type :help")
            return
        await self._act(
            lambda: self._standin.push_message(self._chat_id, line, first_name=DEMO_PATIENT_NAME)
        )

    def _fast_forward(self, amount: str) -> bool:
        try:
            delta = parse_duration(amount)
            self._clock.advance(delta)
        except (ValueError, RuntimeError) as error:
            self.say(f"Cannot fast-forward: {error}. Try :ff 24h")
            return False
        now = self._clock.now()
        self.say(f"(clock moved forward by {_describe(delta)}; now {now:%a %H:%M} UTC)")
        return True

    async def _press(self, choice: str) -> None:
        message_id = self._keyboard_message
        buttons = self._standin.buttons_on(self._chat_id, message_id) if message_id else []
        if message_id is None or not buttons:
            self.say("There are no buttons to press right now.")
            return
        if not choice.isdigit() or not 1 <= int(choice) <= len(buttons):
            self.say(f"Choose a button between #1 and #{len(buttons)}.")
            return
        button = buttons[int(choice) - 1]
        self.say(f"(you pressed “{button['text']}”)")
        if "callback_data" in button:
            data = button["callback_data"]
            await self._act(lambda: self._standin.push_callback(self._chat_id, message_id, data))
        elif "url" in button:
            self.say(f"(this button opens {button['url']})")
        else:
            self.say("(the demo cannot simulate this kind of button)")

    async def _act(self, push: Callable[[], object]) -> None:
        """Push the patient's action, then wait until the bot has visibly reacted and settled."""
        since = len(self._standin.sent)
        push()
        try:
            await self._standin.wait_for_sent(
                lambda r: r.chat_id == self._chat_id and r.method in _VISIBLE_METHODS,
                since=since,
                timeout=self._reply_timeout,
            )
        except TimeoutError:
            self.say("(the bot did not answer)")
        await self._settle()

    async def _settle(self) -> None:
        with contextlib.suppress(TimeoutError):  # print what there is; the bot may be busy
            await self._standin.wait_until_idle(timeout=self._reply_timeout, quiet=0.2)
        self.flush()


def _indent(text: str) -> str:
    """Continuation lines line up under the first, after the `bot> ` label."""
    return "\n".join(
        line if number == 0 or not line else "     " + line
        for number, line in enumerate(text.split("\n"))
    )


def _describe(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:g} day(s)" if hours >= 24 else f"{hours:g} hour(s)"
