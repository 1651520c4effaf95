"""One world for end-to-end tests: the Bot API stand-in, the real Application polling it over
HTTP, a SQLite file, a manual clock and the reminder sweep, plus the people who use the bot.

Reminders move only when a test runs the sweep (``World.sweep_at``); the outbox (alerts, urgent
replies, scrubs) is delivered as in production by a sender loop that handlers wake, so what a
push causes arrives within the push's settling. A retry after a back-off waits for the clock,
like a reminder: ``sweep_at`` delivers what has come due.

How a step settles: after a push, wait (if asked) for a specific Bot API call, then for the
application to have *finished* the pushed update (a probe handler in the last group records
each processed update id, so "nothing came back" is an answer, not a guess), then for the
stand-in to be idle for 0.1 s (calls a handler leaves running in the background). No sleeps.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import TypeHandler

from bot.aftercare.sweep import ReminderSweep, reminder_bot
from bot.app import AftercareApp, announce_commands, build_application
from bot.clinics.cli import create_clinic
from bot.clock import ManualClock
from bot.content import Messages, html_to_plain
from bot.devtools.standin import BotApiStandIn
from bot.devtools.standin.records import SentRecord
from bot.patients.model import Patient
from bot.settings import PROJECT_ROOT, Secret, Settings
from bot.storage.db import serve_from_event_loop
from bot.telegram.callbacks import (
    Button,
    JoinClinic,
    KeepTimeZone,
    QuietHoursPreset,
    ReminderConsent,
    SessionArea,
    SessionWhen,
    When,
    encode,
)
from bot.telegram.context import Services
from tests.buttons import button_in, decoded, has_button, kinds

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")
CODE = re.compile(r"/join ([A-Z0-9]{5}-[A-Z0-9]{5})")

#: The shipped catalog: tests compare replies with it, never with English typed into a test.
CATALOG = Messages.load(PROJECT_ROOT / "messages")

#: Waits are for conditions; these only bound how long a broken bot may keep a test hanging.
TIMEOUT = 10.0
#: How long the stand-in must see no traffic before a step counts as settled.
QUIET = 0.1
#: The probe runs after every handler group the application uses.
PROBE_GROUP = 1_000


def said(key: str, /, **params: Any) -> str:
    """Catalog message ``key`` as the user reads it (plain text, as the stand-in records it)."""
    return html_to_plain(CATALOG.text(key, **params))


def said_until(key: str, placeholder: str) -> str:
    """The plain text of ``key`` up to ``{placeholder}``: the part every filling shares."""
    template = CATALOG.catalog(CATALOG.default_locale).templates[key]
    return html_to_plain(template.split("{" + placeholder + "}")[0])


@dataclass(frozen=True)
class WorldConfig:
    """What differs between test modules; override the ``world_config`` fixture to change it."""

    start: datetime = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    default_timezone: str = "UTC"
    #: How long the bot waits for an answer before a request counts as timed out.
    telegram_timeout: float = 5.0


class Sent(list[SentRecord]):
    """Everything the bot did in response to one push, in order: every chat, every method."""

    def to(self, chat_id: int) -> Sent:
        """What landed in one chat (messages, edits, actions), without callback answers."""
        return Sent(r for r in self if r.chat_id == chat_id and r.method != "answerCallbackQuery")

    def only(self, chat_id: int) -> SentRecord:
        """The one new message sent to ``chat_id`` (fails if there are none or several)."""
        mine = [r for r in self if r.chat_id == chat_id and r.is_new_message]
        assert len(mine) == 1, [(r.method, r.plain_text) for r in mine]
        return mine[0]

    @property
    def answers(self) -> list[SentRecord]:
        """Callback query answers (the toast or the stopped spinner on a pressed button)."""
        return [r for r in self if r.method == "answerCallbackQuery"]

    @property
    def text(self) -> str:
        return "\n".join(r.plain_text or "" for r in self)


class ProcessedUpdates:
    """Update ids the application has finished with (every handler group, error handler too)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self._changed = asyncio.Event()

    async def record(self, update: Update, _context: Any) -> None:
        self.ids.add(update.update_id)
        self._changed.set()

    async def wait_for(self, update_id: int, timeout: float = TIMEOUT) -> None:  # noqa: ASYNC109
        try:
            async with asyncio.timeout(timeout):
                while update_id not in self.ids:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise TimeoutError(f"update {update_id} was not processed in {timeout}s") from None


@dataclass
class World:
    standin: BotApiStandIn
    app: AftercareApp
    clock: ManualClock
    services: Services
    settings: Settings
    sweep: ReminderSweep
    processed: ProcessedUpdates
    pump: ReminderSweep

    # ------------------------------------------------------------ people acting

    async def say(
        self,
        chat_id: int,
        text: str,
        name: str = "Patient",
        *,
        until: str | None = None,
        expect: type[Button] | None = None,
    ) -> Sent:
        """The user types ``text``; returns everything the bot did in response.

        ``until`` names a Bot API method the reply includes (a photo or file takes longer to make
        than a short idle check waits); ``expect`` waits for a reply carrying that kind of button.
        """
        return await self.push(
            lambda: self.standin.push_message(chat_id, text, first_name=name).update_id,
            until=until,
            expect=expect,
        )

    async def press(
        self,
        chat_id: int,
        message_id: int,
        data: str | Button,
        *,
        forged: bool = False,
        until: str | None = None,
        expect: type[Button] | None = None,
    ) -> Sent:
        """Press a button (``forged``: data that is not on the message, as a hostile client).
        A ``Button`` is written by the bot's codec; a string is sent as it is (hostile data)."""
        if isinstance(data, Button):
            data = encode(data)
        return await self.push(
            lambda: (
                self.standin.push_callback(
                    chat_id, message_id, data, check_button=not forged
                ).update_id
            ),
            until=until,
            expect=expect,
        )

    async def push(
        self,
        push: Callable[[], int],
        *,
        until: str | None = None,
        expect: type[Button] | None = None,
    ) -> Sent:
        """Run a stand-in push that returns an update id, and settle (see the module doc)."""
        before = len(self.standin.sent)
        update_id = push()
        if until is not None:
            await self.standin.wait_for_sent(
                lambda r: r.method == until, since=before, timeout=TIMEOUT
            )
        if expect is not None:
            await self.standin.wait_for_sent(
                lambda r: expect in kinds(r.callback_data), since=before, timeout=TIMEOUT
            )
        await self.processed.wait_for(update_id)
        await self.standin.wait_until_idle(timeout=TIMEOUT, quiet=QUIET)
        return Sent(self.standin.sent[before:])

    # ------------------------------------------------------------ time and reminders

    async def sweep_at(self, delta: timedelta) -> list[SentRecord]:
        """Move the clock on and run the reminder sweep once; returns the new messages (what
        the outbox's own sender delivers meanwhile included: it settles as a push does)."""
        before = len(self.standin.sent)
        self.clock.advance(delta)
        await self.sweep.run_once()
        await self.standin.wait_until_idle(timeout=TIMEOUT, quiet=QUIET)
        return [r for r in self.standin.sent[before:] if r.is_new_message]

    # ------------------------------------------------------------ patients

    def patient(self, chat_id: int) -> Patient:
        patient = self.services.repo.patients.by_telegram_user(chat_id)
        assert patient is not None
        return patient

    async def log_session(
        self, chat_id: int, area: str = "neck", *, consent: bool = True
    ) -> tuple[SentRecord, str, Sent]:
        """/session → now → area → (consent yes → keep zone → default quiet hours)."""
        (ask,) = await self.say(chat_id, "/session")
        now = SessionWhen(When.NOW)
        assert decoded(ask.callback_data)[0] == now
        (areas,) = (await self.press(chat_id, ask.message_id or 0, now)).to(chat_id)
        data = encode(button_in(areas.callback_data, SessionArea, area=area))
        sent = (await self.press(chat_id, areas.message_id or 0, data, expect=ReminderConsent)).to(
            chat_id
        )
        yes = ReminderConsent(agreed=True)
        offer = [r for r in sent if has_button(r.callback_data, ReminderConsent, agreed=True)]
        if offer and consent:
            zone_msgs = await self.press(
                chat_id, offer[0].message_id or 0, yes, expect=KeepTimeZone
            )
            zone = next(r for r in zone_msgs if KeepTimeZone in kinds(r.callback_data))
            quiet_msgs = await self.press(
                chat_id, zone.message_id or 0, KeepTimeZone(), expect=QuietHoursPreset
            )
            preset = QuietHoursPreset("2108")
            quiet = next(r for r in quiet_msgs if preset in decoded(r.callback_data))
            done = await self.press(chat_id, quiet.message_id or 0, preset)
            assert said_until("optin.done", "zone") in done.to(chat_id).text
        return areas, data, sent

    # ------------------------------------------------------------ clinics

    def clinic(self, name: str, timezone: str = "Europe/London") -> tuple[int, str]:
        """Create a clinic with the CLI function; returns its id and the staff token."""
        out = io.StringIO()
        # The CLI runs beside the bot and knows its @username from AFTERCARE_BOT_USERNAME.
        cli_settings = replace(self.settings, bot_username=self.standin.bot_username)
        create_clinic(
            cli_settings, self.services.repo, name, timezone, None, out=out, now=self.clock.now()
        )
        match = LINK.search(out.getvalue())
        created = re.search(r"Created clinic (\d+)", out.getvalue())
        assert match and created, out.getvalue()
        return int(created.group(1)), match.group(1)

    async def staffed_clinic(self, name: str, staff_id: int, staff_name: str) -> int:
        clinic_id, token = self.clinic(name)
        await self.say(staff_id, f"/start {token}", staff_name)
        return clinic_id

    async def invite(self, staff_id: int, kind: str = "single") -> tuple[str, str]:
        """Staff make a patient invite; returns its token and code."""
        sent = await self.say(staff_id, f"/invite {kind}", until="sendPhoto")
        text = next(r.text for r in sent if r.method == "sendMessage")
        assert text is not None
        link, code = LINK.search(text), CODE.search(text)
        assert link and code, text
        return link.group(1), code.group(1)

    async def onboard(self, patient_id: int, token: str, name: str = "Zebedee Quill") -> None:
        """The patient opens the invite link and agrees to join the clinic."""
        notice = (await self.say(patient_id, f"/start {token}", name)).only(patient_id)
        join = JoinClinic(join=True)
        assert join in decoded(notice.callback_data)
        # Joining edits the notice, then offers reminders in a new message.
        await self.press(patient_id, notice.message_id or 0, join, until="sendMessage")


@asynccontextmanager
async def open_world(db_path: Path, config: WorldConfig = WorldConfig()) -> AsyncIterator[World]:
    """Start everything as ``run_polling`` would, except the JobQueue's sweep: tests run the
    sweep themselves (``World.sweep_at``), so reminders go out when the manual clock says."""
    with BotApiStandIn() as standin:
        settings = Settings(
            token=Secret(standin.token),
            api_base_url=standin.base_url,
            api_base_file_url=standin.base_file_url,
            db_path=db_path,
            default_timezone=config.default_timezone,
            send_rate_per_second=30,
            telegram_timeout_seconds=config.telegram_timeout,
        )
        clock = ManualClock(config.start)
        app = build_application(settings, clock=clock)
        matcher = app.bot_data["services"].matcher
        if hasattr(matcher, "wait_until_settled"):
            # Stories assert on the answer a patient gets once the bot is warmed up.
            await asyncio.to_thread(matcher.wait_until_settled, 120)
        processed = ProcessedUpdates()
        app.add_handler(TypeHandler(Update, processed.record), group=PROBE_GROUP)
        await app.initialize()
        # post_init without the sweep: the command menu, and a connection that never waits
        # for another process's lock inside SQLite (bot.storage.lock_wait).
        await announce_commands(app)
        serve_from_event_loop(app.bot_data["services"].repo.db)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await standin.wait_for_long_poll()
        services: Services = app.bot_data["services"]
        sweep = ReminderSweep(services, reminder_bot(app), per_chat_interval=0)
        pump = ReminderSweep(services, reminder_bot(app), per_chat_interval=0, reminders=False)
        pump.start_sender()
        try:
            yield World(standin, app, clock, services, settings, sweep, processed, pump)
        finally:
            await pump.stop()
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            services.repo.close()
