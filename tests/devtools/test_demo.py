"""The terminal demo, run from a script: what a clinic trying the bot would see.

The first test runs the real bot end to end. The keyboard tests use a two-handler PTB bot of their
own, because what they check is the demo's terminal (numbered buttons, pressing, edits), not the
product's flows.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.clock import Clock, ManualClock
from bot.devtools.demo import (
    DEMO_CHAT_ID,
    DEMO_DB,
    DemoRefused,
    demo_settings,
    parse_duration,
    run_demo,
)
from bot.devtools.standin import BotApiStandIn
from bot.settings import DEFAULT_DB, Settings
from bot.storage.db import open_database
from bot.storage.repository import Repository


async def play(
    script: str, settings: Settings, *, reply_timeout: float = 10, **kwargs: Any
) -> str:
    out = io.StringIO()
    code = await run_demo(
        settings, io.StringIO(script), out, reply_timeout=reply_timeout, **kwargs
    )
    assert code == 0
    return out.getvalue()


def checkin_bot(settings: Settings, clock: Clock) -> Application[Any, Any, Any, Any, Any, Any]:
    """A tiny bot with one inline keyboard: /checkin asks, a press answers and edits."""
    assert settings.token is not None and settings.api_base_url is not None

    async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Better", callback_data="soreness:better")],
                [InlineKeyboardButton("Worse", callback_data="soreness:worse")],
            ]
        )
        await update.effective_message.reply_text(
            "How is the <b>soreness</b> &amp; stiffness?", parse_mode="HTML", reply_markup=keyboard
        )

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Thanks, noted")
        await query.edit_message_text(f"You said: {query.data}")

    application = (
        ApplicationBuilder().token(settings.token.reveal()).base_url(settings.api_base_url).build()
    )

    async def describe_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        kind = "photo" if message.photo else "sticker" if message.sticker else "voice note"
        await message.reply_text(f"Got a {kind} ({message.caption or 'no caption'})")

    start = clock.now()

    async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
        """A reminder sweep: due once the bot's clock is a day past start."""
        if clock.now() - start >= timedelta(days=1):
            await context.bot.send_message(DEMO_CHAT_ID, "Time for your 24 h check-in")

    assert application.job_queue is not None
    application.job_queue.run_repeating(sweep, interval=3600, first=3600)
    application.add_handler(CommandHandler("checkin", offer))
    application.add_handler(CallbackQueryHandler(record))
    application.add_handler(
        MessageHandler(filters.PHOTO | filters.Sticker.ALL | filters.VOICE, describe_media)
    )
    return application


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "aftercare.db", demo_db_path=tmp_path / "demo.db")


async def test_a_scripted_session_with_the_real_bot_reads_like_a_chat(settings: Settings) -> None:
    transcript = await play(
        "/start\nHow long does soreness last after dry needling?\n#1\n:quit\n", settings
    )
    assert "#N            press button N" in transcript  # the banner explains pressing
    assert "you> /start" in transcript
    welcome = transcript.split("you> /start", 1)[1]
    assert welcome.lstrip().startswith("bot> Hello")
    assert "Alex" in welcome and "I'm the aftercare companion" in welcome
    assert "<b>" not in transcript  # HTML is rendered as the patient reads it
    after_question = transcript.split("you> How long does soreness last", 1)[1]
    assert "bot> " in after_question.split("you> #1", 1)[0]
    assert "you> #1" in transcript
    assert transcript.rstrip().endswith("Demo finished. Bye!")
    assert settings.demo_db_path.exists()
    assert not settings.db_path.exists()  # the real database was never touched


async def test_pressing_a_numbered_button_sends_its_callback_and_shows_the_edit(
    settings: Settings,
) -> None:
    transcript = await play(
        "/checkin\n/checkin\n#1.2\n#1\n:quit\n", settings, application_factory=checkin_bot
    )
    assert (
        "you> /checkin\n"
        "bot> How is the soreness & stiffness?\n"
        "   #2.1 Better\n"
        "   #2.2 Worse\n"
        "you> #1.2\n"
        "(you pressed “Worse”)\n"
        "bot (notice)> Thanks, noted\n"
        "bot (edited)> You said: soreness:worse\n"
        "you> #1\n"
        "(you pressed “Better”)\n"
    ) in transcript
    assert "buttons removed" not in transcript


async def test_the_demo_ends_cleanly_at_end_of_input_without_quit(settings: Settings) -> None:
    transcript = await play("/checkin\n", settings, application_factory=checkin_bot)
    assert "bot> How is the soreness & stiffness?" in transcript
    assert transcript.rstrip().endswith("Demo finished. Bye!")


async def test_bytes_the_terminal_could_not_decode_do_not_wedge_the_chat(
    settings: Settings,
) -> None:
    # A terminal's undecodable bytes reach Python as lone surrogates ("surrogateescape"); sent
    # as they are, no update could be encoded again and every later poll failed.
    transcript = await play(
        "\udcff\udcfe hello\n/checkin\n",
        settings,
        application_factory=checkin_bot,
        reply_timeout=5,
    )
    assert "bot> How is the soreness & stiffness?" in transcript


async def test_fast_forward_moves_the_clock_and_runs_the_reminder_sweep_at_once(
    settings: Settings,
) -> None:
    clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    transcript = await play(
        "/checkin\n:ff 2h\n:ff 1d12h\n:ff soon\n:nonsense\n:quit\n",
        settings,
        clock=clock,
        application_factory=checkin_bot,
    )
    assert clock.now() == datetime(2025, 3, 4, 23, 0, tzinfo=UTC)
    early, late = transcript.split("(clock moved forward by 1.5 day(s); now Tue 23:00 UTC)")
    assert "check-in" not in early.split("you> :ff 2h", 1)[1]
    assert "bot> Time for your 24 h check-in" in late
    assert "Cannot fast-forward" in transcript
    assert "Unknown demo command ':nonsense'" in transcript


async def test_media_commands_reach_the_bot_as_media(settings: Settings) -> None:
    transcript = await play(
        ":photo my arm\n:sticker\n:voice\n:quit\n", settings, application_factory=checkin_bot
    )
    assert "bot> Got a photo (my arm)" in transcript
    assert "bot> Got a sticker (no caption)" in transcript
    assert "bot> Got a voice note (no caption)" in transcript
    assert "(the bot did not answer)" not in transcript


def readme_tour() -> str:
    """The demo tour exactly as the README gives it (comments after "  —" dropped)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("A tour of both sides", 1)[1].split("```text\n", 1)[1]
    lines = block.split("```", 1)[0].strip().splitlines()
    return "".join(line.split("  —", 1)[0].strip() + "\n" for line in lines)


async def test_the_readme_tour_shows_both_sides_of_a_checkin(settings: Settings) -> None:
    tour = readme_tour()
    assert tour.startswith(":reset\n:clinic\n") and "\n8\n:as staff\n" in tour
    transcript = await play(tour + "/export\n:quit\n", replace(settings, embeddings=False))
    for refused in ("did not answer", "no buttons to press", "Choose a button", "Unknown demo"):
        assert refused not in transcript
    after_ff = transcript.split("you> :ff 25h", 1)[1]
    assert "about a day after your session" in after_ff.split("you> 8", 1)[0]
    answered = after_ff.split("you> 8", 1)[1].split("you> :as staff", 1)[0]
    assert "bot> Your answer: 8/10" in answered
    assert "bot → staff> ⚠️ Check-in alert for patient #1 Alex" in answered
    assert "bot> I've let your clinic know as well." in answered
    staff = transcript.split("you (staff)> #1", 1)[1].split("you> /progress", 1)[0]
    assert "bot → staff (notice)> Marked as handled." in staff
    assert "Handled by Sam" in staff and "logged by the patient" in staff
    progress = transcript.split("you> /progress", 1)[1]
    assert "████████░░ 8/10" in progress
    saved = settings.demo_db_path.parent / "demo-exports" / "aftercare-data.json"
    assert f"(saved to {saved.resolve()})" in transcript and saved.exists()
    assert "buttons removed" not in transcript


def test_durations_read_like_people_write_them() -> None:
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("1d 12h") == timedelta(days=1, hours=12)
    with pytest.raises(ValueError):
        parse_duration("tomorrow")


def test_the_demo_keeps_its_own_database_whatever_aftercare_db_says(tmp_path: Path) -> None:
    with BotApiStandIn() as standin:
        default = demo_settings(Settings(db_path=DEFAULT_DB), standin)
        # .env.example's AFTERCARE_DB, relative, once wrote the demo's patient into it.
        relative = demo_settings(Settings.from_env({"AFTERCARE_DB": "data/aftercare.db"}), standin)
        chosen = demo_settings(
            Settings(db_path=tmp_path / "x.db", demo_db_path=tmp_path / "demo.db"), standin
        )
        assert default.db_path == relative.db_path == DEMO_DB
        assert chosen.db_path == tmp_path / "demo.db"
        assert default.api_base_url == standin.base_url
        assert default.token is not None and "demo-local" in default.token.reveal()


def test_the_demo_refuses_to_run_on_the_bots_database(tmp_path: Path) -> None:
    same = Settings(db_path=tmp_path / "a.db", demo_db_path=tmp_path / "a.db")
    with BotApiStandIn() as standin, pytest.raises(DemoRefused, match="AFTERCARE_DEMO_DB"):
        demo_settings(same, standin)
    assert not (tmp_path / "a.db").exists()


async def test_fast_forward_shows_the_patients_zone_and_reset_starts_afresh(
    settings: Settings,
) -> None:
    script = "/timezone sydney\n:ff 1h\n:reset\n:ff 1h\n:quit\n"
    transcript = await play(script, replace(settings, embeddings=False))
    first, second = transcript.split("you> :reset", 1)
    assert re.search(
        r"\(clock moved forward by 1 hour\(s\); now \w{3} \d\d:\d\d Australia/Sydney\)", first
    )
    assert "(the demo's chats are erased; type /start to begin again)" in second
    assert "Australia/Sydney" not in second  # the patient and their zone are gone
    repo = Repository(open_database(settings.demo_db_path))
    try:
        assert repo.db["patients"].count == 0
    finally:
        repo.close()


def test_ctrl_c_at_the_prompt_leaves_at_once_without_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AFTERCARE_DEMO_DB": str(tmp_path / "demo.db"),
        "AFTERCARE_DB": str(tmp_path / "bot.db"),
        "AFTERCARE_EMBEDDINGS": "off",
        "AFTERCARE_ENV_FILE": "off",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # wait for the banner: the prompt is reading input now
            if line.startswith("  :help"):
                break
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert out.rstrip().endswith("Demo finished. Bye!")


async def test_the_demo_plays_ask_my_clinic_from_both_sides(settings: Settings) -> None:
    """Decline -> Ask my clinic -> staff copy -> Reply (a ForceReply prompt, answered by the next
    line as Telegram's app would) -> the patient receives the clinic's answer."""
    script = (
        ":reset\n:clinic\n#1.1\ncan I have a sauna after my session?\n#3.1\n#4.1\n"
        ":as staff\n#5.1\nBest to wait a day before a sauna.\n:as patient\n:quit\n"
    )
    transcript = await play(script, replace(settings, embeddings=False))
    assert "Ask my clinic" in transcript
    staff = transcript.split("you (staff)> #5.1", 1)[1]
    assert "(your next line is sent as a reply to this message)" in staff
    answered = staff.split("you (staff)> Best to wait a day before a sauna.", 1)[1]
    assert "bot> 💬 Answer from Demo Physio Clinic (Sam)" in answered
    assert "Best to wait a day before a sauna." in answered.split("bot → staff", 1)[0]
