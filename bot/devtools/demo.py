"""The local demo: chat with the real bot in a terminal, no Telegram account needed.

The bot is the same `Application` as in production, polling a `BotApiStandIn` over real HTTP;
only the patient is simulated: each line typed becomes a Telegram update, and what the bot sends
is printed as the patient would read it. Each set of inline buttons gets its own number and each
button a number within it (`#3.2`); `#2` presses the second of the latest set. The clock is a
`ScaledClock`, so `:ff 24h` shows tomorrow's check-in today. `:clinic` adds a demo clinic whose
staff member is a second simulated user: `:as staff` and `:as patient` switch who types, and the
staff chat (alerts, digests) prints beside the patient's.

Everything the demo needs is injectable (streams, clock, the application factory), so a test
can run a whole session from a script and read the transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.clock import Clock, ScaledClock
from bot.devtools.standin import DEMO_TOKEN, BotApiStandIn, SentRecord
from bot.settings import DEFAULT_DEMO_DB, Secret, Settings
from bot.telegram.lifecycle import running

if TYPE_CHECKING:
    from bot.telegram.context import Services

DEMO_DB = DEFAULT_DEMO_DB
DEMO_CHAT_ID = 10_001
DEMO_PATIENT_NAME = "Alex"
DEMO_STAFF_CHAT_ID = 10_002
DEMO_STAFF_NAME = "Sam"
DEMO_CLINIC_NAME = "Demo Physio Clinic"
# Tables :reset keeps: the schema's bookkeeping, the demo clock and cached article vectors.
_KEPT_TABLES = frozenset({"_sqlite_migrations", "clock_anchor", "embeddings", "runtime_values"})

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
#: Builds the bot for the demo; the default is the composition root's `build_application`.
ApplicationFactory = Callable[[Settings, Clock | None], AnyApplication]

BANNER = """\
Aftercare companion — local demo (no Telegram needed; this is a simulated chat)
You are the patient. Type a message and press Enter.
  #N            press button N of the latest buttons in your chat (#K.N: of button set K)
  :ff 24h       fast-forward the bot's clock (units: m, h, d, w; e.g. :ff 1d12h)
  :clinic       add a demo clinic with a staff member;  :as staff / :as patient  switch
  :photo [caption]  :sticker  :voice   send media
  :reset        erase the demo's chats and start afresh
  :help         this help        :quit   leave (your chat is kept in {db})
"""

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_PRESS = re.compile(r"^(?:(\d+)\.)?(\d+)$")
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
    from bot.telegram.send_budget import budget_of

    services = build_services(settings, clock=clock, fast_forward=True, wait_for_index=True)
    application = build_application(settings, services=services)
    budget = budget_of(application.bot)
    if budget is not None:
        # One terminal, no real Telegram: no per-chat spacing, so a reply's messages print
        # together, before the next line typed (the overall rate limit still holds).
        budget.chat_gap = 0.0
    return application


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
        services = application.bot_data.get("services")
        clock = clock or services.clock
        session = DemoSession(
            standin,
            clock,
            sink,
            chat_id=chat_id,
            reply_timeout=reply_timeout,
            after_fast_forward=lambda: run_periodic_jobs_now(application),
            services=services,
            exports_dir=bot_settings.db_path.parent / "demo-exports",
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
    # The sweep only wakes the background sender, which paces its sends; wait here until all
    # that is due has gone out, so the next line typed answers a check-in already shown.
    from bot.aftercare.sweep import SWEEP_KEY, ReminderSweep

    sweep = application.bot_data.get(SWEEP_KEY)
    if isinstance(sweep, ReminderSweep):
        await sweep.run_once()


def wipe_demo_data(db: Any) -> None:
    """Empty every table of the demo's database but its bookkeeping (``:reset``)."""
    tables = [t for t in db.table_names() if t not in _KEPT_TABLES]
    with db.conn:
        db.execute("PRAGMA defer_foreign_keys = ON")
        for table in tables:
            db.execute(f'DELETE FROM "{table}"')


def _decodable(line: str) -> str:
    """``line`` with any lone surrogate, which is how Python hands over bytes the terminal could
    not decode, put as U+FFFD, as a Telegram client would send them: such text cannot be
    encoded for the Bot API, and one such update made every later poll of the stand-in fail."""
    try:
        raw = line.encode("utf-8", "surrogateescape")  # the terminal's own bytes back
    except UnicodeEncodeError:
        raw = line.encode("utf-8", "surrogatepass")  # a surrogate typed as such
    return raw.decode("utf-8", "replace")


def read_lines(source: TextIO, deliver: Callable[[str], None]) -> None:
    """Read ``source`` in a daemon thread: Ctrl-C at the prompt leaves at once instead of
    waiting for a blocked ``readline`` (the default executor would wait for Enter)."""

    def read() -> None:
        while True:
            try:
                line = source.readline()
            except (OSError, ValueError):
                line = ""
            deliver(_decodable(line))
            if not line:
                return

    threading.Thread(target=read, name="demo-input", daemon=True).start()


class DemoSession:
    """The terminal conversation: reads commands, pushes updates, prints replies. The patient
    types; after ``:clinic`` and ``:as staff``, the clinic's staff member does."""

    def __init__(
        self,
        standin: BotApiStandIn,
        clock: Clock,
        out: TextIO,
        *,
        chat_id: int,
        reply_timeout: float,
        after_fast_forward: Callable[[], Awaitable[None]] | None = None,
        services: Services | None = None,
        exports_dir: Path | None = None,
    ) -> None:
        self._standin = standin
        self._after_fast_forward = after_fast_forward
        self._clock = clock
        self._out = out
        self._services = services
        self._exports_dir = exports_dir
        self._chats = {"patient": chat_id}
        self._names = {"patient": DEMO_PATIENT_NAME, "staff": DEMO_STAFF_NAME}
        # Per chat: the ForceReply prompt the next typed line answers.
        self._replying_to: dict[int, int | None] = {}
        self._actor = "patient"
        self._reply_timeout = reply_timeout
        self._records: asyncio.Queue[SentRecord] = asyncio.Queue()
        self._keyboards: list[tuple[int, int]] = []  # (chat, message); number = index + 1
        self._latest: dict[int, int] = {}  # chat -> number of its latest button set
        self._interactive = False
        self._awaiting_input = False
        if services is not None and services.repo.clinics.staff_of_user(DEMO_STAFF_CHAT_ID):
            self._chats["staff"] = DEMO_STAFF_CHAT_ID

    @property
    def _chat_id(self) -> int:
        return self._chats[self._actor]

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

    def _label(self, record: SentRecord, kind: str = "") -> str:
        """``bot>`` in the patient's chat; ``bot → staff>`` in the staff member's."""
        to = "" if record.chat_id == self._chats["patient"] else " → staff"
        return f"bot{to}{kind}>"

    def _print_record(self, record: SentRecord) -> bool:
        if record.chat_id not in self._chats.values() or record.method not in _VISIBLE_METHODS:
            return False
        if record.method == "answerCallbackQuery":
            if record.plain_text:
                self.say(f"{self._label(record, ' (notice)')} {record.plain_text}")
            return bool(record.plain_text)
        if record.method == "deleteMessage":
            self.say(f"{self._label(record)} (deleted a message)")
            return True
        if record.method == "editMessageReplyMarkup" and not record.buttons:
            return False  # buttons going away after a press: the next reply says enough
        label = self._label(record, " (edited)" if record.method.startswith("edit") else "")
        body = record.plain_text or ""
        if record.photo is not None:
            body = f"[photo, {len(record.photo)} bytes] {body}".rstrip()
        elif record.document is not None:
            name = record.filename or "file"
            body = f"[document {name}, {len(record.document)} bytes] {body}".rstrip()
            saved = self._save(name, record.document)
            if saved is not None:
                body += f"\n(saved to {saved})"
        if record.method == "editMessageReplyMarkup":
            body = "(buttons changed)"
        self.say(f"{label} " + _indent(body))
        self._print_keyboard(record)
        return True

    def _save(self, name: str, content: bytes) -> Path | None:
        """A file the bot sent (``/export``), saved where the user can open it."""
        if self._exports_dir is None:
            return None
        self._exports_dir.mkdir(parents=True, exist_ok=True)
        path = self._exports_dir / Path(name).name
        path.write_bytes(content)
        return path.resolve()

    def _print_keyboard(self, record: SentRecord) -> None:
        markup = record.reply_markup or {}
        if markup.get("force_reply") and record.chat_id is not None:
            # Telegram's app answers a ForceReply prompt with a reply to it: so does the demo.
            self._replying_to[int(record.chat_id)] = record.message_id
            self.say("   (your next line is sent as a reply to this message)")
        if "inline_keyboard" in markup:
            choices = [button["text"] for button in record.buttons]
            if not choices or record.chat_id is None or record.message_id is None:
                return
            chat = int(record.chat_id)
            key = (chat, record.message_id)
            if key not in self._keyboards:
                self._keyboards.append(key)
            number = self._keyboards.index(key) + 1
            self._latest[chat] = number
            for index, text in enumerate(choices, start=1):
                self.say(f"   #{number}.{index} {text}")
        elif "keyboard" in markup:
            rows = markup["keyboard"]
            texts = [b if isinstance(b, str) else b.get("text", "") for row in rows for b in row]
            self.say("   keyboard: " + " | ".join(texts) + "  (type one)")

    # ------------------------------------------------------------ input

    async def chat(self, source: TextIO) -> None:
        """Read lines until `:quit` or end of input; replies print as they arrive (a reminder
        due after `:ff` shows up while the patient is idle, as it would on a phone)."""
        self._interactive = source.isatty()
        lines: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def deliver(line: str) -> None:
            with contextlib.suppress(RuntimeError):  # the demo's loop has already closed
                loop.call_soon_threadsafe(lines.put_nowait, line)

        read_lines(source, deliver)
        printer = asyncio.create_task(self._print_as_they_arrive())
        try:
            while True:
                self._prompt()
                self._awaiting_input = True
                try:
                    line = await lines.get()
                finally:
                    self._awaiting_input = False
                if not line:
                    break  # end of input: leave like :quit
                line = line.strip()
                if not self._interactive and line:
                    self.say(f"{self._you()} {line}")
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

    def _you(self) -> str:
        return "you>" if self._actor == "patient" else "you (staff)>"

    def _prompt(self) -> None:
        if self._interactive:
            self._out.write(self._you() + " ")
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
        if line == ":clinic":
            await self._add_clinic()
            return
        if line.startswith(":as"):
            self._switch(line.removeprefix(":as").strip())
            return
        if line == ":reset":
            self._reset()
            return
        chat_id = self._chat_id
        if line.startswith(":photo"):
            caption = line.removeprefix(":photo").strip() or None
            await self._act(lambda: self._standin.push_photo(chat_id, caption=caption))
            return
        if line == ":sticker":
            await self._act(lambda: self._standin.push_sticker(chat_id))
            return
        if line == ":voice":
            await self._act(lambda: self._standin.push_voice(chat_id))
            return
        if line.startswith(":"):
            self.say(f"Unknown demo command {line.split()[0]!r}; type :help")
            return
        await self._type(line)

    async def _type(self, line: str, actor: str | None = None) -> None:
        chat_id = self._chats[actor or self._actor]
        name = self._names[actor or self._actor]
        reply_to = self._replying_to.pop(chat_id, None)
        await self._act(
            lambda: self._standin.push_message(
                chat_id, line, first_name=name, reply_to_message_id=reply_to
            )
        )

    def _zone(self) -> ZoneInfo:
        """The patient's own time zone (the clinic's or the bot's default until they set one)."""
        services = self._services
        if services is None:
            return ZoneInfo("UTC")
        from bot.aftercare.service import parse_zone, patient_zone

        default = services.settings.default_timezone
        patient = services.repo.patients.by_telegram_user(self._chats["patient"])
        if patient is None:
            return parse_zone(default) or ZoneInfo("UTC")
        return patient_zone(services.repo, patient, default)

    def _fast_forward(self, amount: str) -> bool:
        try:
            delta = parse_duration(amount)
            self._clock.advance(delta)
        except (ValueError, RuntimeError) as error:
            self.say(f"Cannot fast-forward: {error}. Try :ff 24h")
            return False
        zone = self._zone()
        now = self._clock.now().astimezone(zone)
        self.say(f"(clock moved forward by {_describe(delta)}; now {now:%a %H:%M} {zone.key})")
        return True

    async def _add_clinic(self) -> None:
        """Create (once) the demo clinic, make ``Sam`` its staff member through a real staff
        link, and open a patient invitation for the patient (who then chooses to join)."""
        services = self._services
        if services is None:
            self.say("The demo clinic needs the real bot.")
            return
        if "staff" in self._chats:
            self.say("(the demo clinic is ready; type :as staff to act as its staff member)")
            return
        from bot.clinics.service import issue_patient_invite, issue_staff_invite

        repo, now = services.repo, self._clock.now()
        clinic = repo.clinics.find(DEMO_CLINIC_NAME) or repo.clinics.create(
            name=DEMO_CLINIC_NAME, timezone=self._zone().key, digest_time=None, now=now
        )
        username = self._standin.bot_username
        staff = issue_staff_invite(repo, clinic_id=clinic.id, bot_username=username, now=now)
        self._chats["staff"] = DEMO_STAFF_CHAT_ID
        self.say(f"(created {clinic.name}; {DEMO_STAFF_NAME} opens its staff link)")
        await self._type(f"/start {staff.secrets.token}", "staff")
        invite = issue_patient_invite(
            repo,
            clinic_id=clinic.id,
            created_by=None,
            multi_use=False,
            bot_username=username,
            now=now,
        )
        self.say("(the clinic gave you an invitation link; you open it)")
        await self._type(f"/start {invite.secrets.token}", "patient")

    def _switch(self, who: str) -> None:
        if who not in ("patient", "staff"):
            self.say("Type :as patient or :as staff")
            return
        if who not in self._chats:
            self.say("There is no staff member yet: type :clinic first.")
            return
        self._actor = who
        name = self._names[who]
        self.say(f"(you are now {name}, the {'clinic staff member' if who == 'staff' else who})")

    def _reset(self) -> None:
        if self._services is None:
            self.say("Nothing to reset here.")
            return
        wipe_demo_data(self._services.repo.db)
        self._chats = {"patient": self._chats["patient"]}
        self._actor = "patient"
        self._keyboards.clear()
        self._latest.clear()
        self.say("(the demo's chats are erased; type /start to begin again)")

    async def _press(self, choice: str) -> None:
        match = _PRESS.match(choice)
        chat_id = self._chat_id
        number = int(match.group(1)) if match and match.group(1) else self._latest.get(chat_id)
        if number is None or not 1 <= number <= len(self._keyboards):
            self.say("There are no buttons to press right now.")
            return
        keyboard_chat, message_id = self._keyboards[number - 1]
        if keyboard_chat != chat_id:
            self.say(f"Button set #{number} is in the other chat; switch with :as first.")
            return
        buttons = self._standin.buttons_on(chat_id, message_id)
        if not buttons:
            self.say("There are no buttons to press right now.")
            return
        index = int(match.group(2)) if match else 0
        if not 1 <= index <= len(buttons):
            self.say(f"Choose a button between #{number}.1 and #{number}.{len(buttons)}.")
            return
        button = buttons[index - 1]
        self.say(f"(you pressed “{button['text']}”)")
        if "callback_data" in button:
            data = button["callback_data"]
            name = self._names[self._actor]
            await self._act(
                lambda: self._standin.push_callback(chat_id, message_id, data, first_name=name)
            )
        elif "url" in button:
            self.say(f"(this button opens {button['url']})")
        else:
            self.say("(the demo cannot simulate this kind of button)")

    async def _act(self, push: Callable[[], object]) -> None:
        """Push the user's action, then wait until the bot has visibly reacted and settled."""
        since = len(self._standin.sent)
        chats = set(self._chats.values())
        push()
        try:
            await self._standin.wait_for_sent(
                lambda r: r.chat_id in chats and r.method in _VISIBLE_METHODS,
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
