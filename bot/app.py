"""The composition root: builds the services and the Application, and registers every handler.

This is the only module that knows all the pieces. Handlers are listed in one ordered,
commented table because PTB tries handlers of a group in order and the first match wins.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import metrics
from bot.aftercare.handlers import checkins, progress, reminders, sessions, typed
from bot.aftercare.sweep import start_reminder_sweep, stop_reminder_sweep
from bot.clinics.alerting import alert_hooks
from bot.clinics.handlers import onboarding, staff
from bot.clinics.handlers import questions as clinic_questions
from bot.clock import Clock, ScaledClock, SystemClock
from bot.content import Messages, load_plan
from bot.knowledge import handlers as questions
from bot.knowledge.articles import Article
from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import Matcher
from bot.knowledge.triage_loader import default_model
from bot.ops.health import TelegramWatch
from bot.outbox.courier import Outbox
from bot.privacy import handlers as privacy_handlers
from bot.settings import Settings
from bot.storage.db import open_database, serve_from_event_loop
from bot.storage.repository import Repository
from bot.telegram import commands, errors, fallbacks
from bot.telegram.bots import build_bot
from bot.telegram.callbacks import (
    AskClinic,
    BreathingAnswer,
    ChangeReminders,
    CheckinScore,
    ConfirmDelete,
    JoinClinic,
    KeepTimeZone,
    MarkAlertHandled,
    NewInvite,
    PageTurn,
    QuietHoursPreset,
    ReminderConsent,
    RevokeInvite,
    RoutineAnswer,
    SessionArea,
    SessionHour,
    SessionWhen,
    StaffQuestion,
    ToggleKind,
    pattern,
)
from bot.telegram.context import AftercareContext, Services
from bot.telegram.lock_retry import retry_when_locked
from bot.telegram.update_order import PerPersonOrder

log = logging.getLogger(__name__)

AftercareApp = Application[Any, AftercareContext, Any, Any, Any, Any]

# The update types the handlers below use; Telegram sends no others (polling and webhook).
ALLOWED_UPDATES: tuple[str, ...] = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
)
WATCH_KEY = "telegram_watch"

# Commands shown in Telegram's menu: (command, catalog key of its description).
MENU_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "commands.start"),
    ("help", "commands.help"),
    ("sources", "commands.sources"),
    ("session", "sessions.command"),
    ("progress", "progress.command"),
    ("reminders", "reminders.command"),
    ("pause", "reminders.pause_command"),
    ("stop", "reminders.stop_command"),
    ("timezone", "reminders.timezone_command"),
    ("join", "onboarding.join_command"),
    ("ask", "ask.command"),
    ("privacy", "privacy.command"),
    ("export", "privacy.export_command"),
    ("delete", "privacy.delete_command"),
)


def default_clock(settings: Settings, repo: Repository, *, fast_forward: bool = False) -> Clock:
    """Real time, or (time scale set, or the demo's fast-forward) a scaled clock resumed from
    the anchor saved in the database, so a restart neither repeats nor skips scaled time."""
    if settings.time_scale == 1 and not fast_forward:
        return SystemClock()
    saved = repo.clock_anchor.load()
    clock = ScaledClock(settings.time_scale, resume_from=saved, on_change=repo.clock_anchor.save)
    repo.clock_anchor.save(clock.anchor)
    return clock


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    fast_forward: bool = False,
    wait_for_index: bool = False,
) -> Services:
    """Open the database, load catalogs and index the articles (only if they changed)."""
    repo = Repository(open_database(settings.db_path))
    messages = Messages.load(settings.messages_dir, settings.locale)
    articles, matcher = load_knowledge(settings, wait=wait_for_index)
    # Read the triage model now: lazily it cost the first question after a start ~70 ms with
    # the event loop blocked (every other patient's update and send waited).
    default_model()
    clock = clock or default_clock(settings, repo, fast_forward=fast_forward)
    return assemble_services(settings, repo, messages, clock, (articles, matcher))


def assemble_services(
    settings: Settings,
    repo: Repository,
    messages: Messages,
    clock: Clock,
    knowledge: tuple[Sequence[Article], Matcher],
) -> Services:
    """The services from their opened parts: the outbox and the aftercare plan are derived
    here, once for the bot and the tests alike."""
    articles, matcher = knowledge
    return Services(
        settings=settings,
        repo=repo,
        messages=messages,
        clock=clock,
        matcher=matcher,
        articles=articles,
        outbox=build_outbox(settings, repo, messages, clock),
        plan=load_plan(settings.plan_path),
    )


def build_outbox(settings: Settings, repo: Repository, messages: Messages, clock: Clock) -> Outbox:
    """The outbox with the hooks of every feature that writes to it (alerts, for now)."""
    outbox = Outbox(repo.db, clock, time_scale=settings.time_scale, lock_wait=repo.lock_wait)
    for purpose, hooks in alert_hooks(repo, outbox, messages).items():
        outbox.register(purpose, hooks)
    return outbox


def handler_table() -> list[BaseHandler[Update, AftercareContext, Any]]:
    """Every handler of group 0, in the order PTB must try them."""
    text_only = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    return [
        # A button press not on a message in the presser's own chat: answered, nothing else.
        fallbacks.ForeignPressHandler(),
        # Commands first; the catch-all for unknown commands comes after all of them.
        # /start with an invite payload (deep link) must come BEFORE the plain /start.
        CommandHandler(
            "start", onboarding.start_with_invite, filters.Regex(onboarding.START_WITH_PAYLOAD)
        ),
        CommandHandler("start", commands.show_welcome),
        CommandHandler("join", onboarding.join_with_code),
        # Patients' data rights.
        CommandHandler("privacy", privacy_handlers.show_privacy),
        CommandHandler("export", privacy_handlers.export_data),
        CommandHandler("delete", privacy_handlers.ask_delete),
        # Clinic staff (each checks membership in the database on every call).
        CommandHandler("invite", staff.ask_invite_kind),
        CommandHandler("invites", staff.list_invites),
        CommandHandler("patients", staff.list_patients),
        CommandHandler("patient", staff.show_patient),
        CommandHandler("logsession", staff.log_patient_session),
        # Questions to the clinic: patients ask, staff list them and keep the clinic's answers.
        CommandHandler("ask", clinic_questions.ask_clinic),
        CommandHandler("questions", clinic_questions.list_questions),
        CommandHandler("answers", clinic_questions.manage_answers),
        CommandHandler("help", commands.show_help),
        CommandHandler("sources", commands.list_sources),
        # Aftercare: logging sessions, reminder settings, progress.
        CommandHandler("session", sessions.start_session_log),
        CommandHandler("progress", progress.show_progress),
        CommandHandler("reminders", reminders.show_reminders),
        CommandHandler("pause", reminders.pause_reminders),
        CommandHandler("stop", reminders.stop_all_reminders),
        CommandHandler("resume", reminders.resume_reminders),
        CommandHandler("timezone", reminders.set_time_zone),
        MessageHandler(text_only & filters.COMMAND, fallbacks.reject_unknown_command),
        # Edited messages are re-triaged for red flags only.
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & filters.TEXT, questions.triage_edited_message
        ),
        # A soreness score typed instead of tapped (never a red flag: the filter triages).
        MessageHandler(text_only & filters.TEXT & typed.TYPED_SCORE, typed.answer_typed_score),
        # Any other text is a question for the articles (after safety triage).
        MessageHandler(text_only & filters.TEXT, questions.reply_to_question),
        # A caption is triaged like typed text (a red flag under a photo is still urgent).
        MessageHandler(text_only & filters.CAPTION, questions.triage_caption),
        # Photos, stickers, voice notes, documents...: a kind "text only" reply.
        MessageHandler(text_only & ~filters.TEXT, fallbacks.explain_text_only),
        # Buttons: each pattern takes only data the one codec decodes to that kind of button
        # (bot/telegram/callbacks.py); the data names an object, the handler checks it is the
        # presser's. Onboarding, privacy and the clinic's flows:
        CallbackQueryHandler(onboarding.answer_join, pattern=pattern(JoinClinic)),
        CallbackQueryHandler(privacy_handlers.confirm_delete, pattern=pattern(ConfirmDelete)),
        CallbackQueryHandler(staff.mark_alert_handled, pattern=pattern(MarkAlertHandled)),
        CallbackQueryHandler(staff.create_invite, pattern=pattern(NewInvite)),
        CallbackQueryHandler(staff.revoke_invite, pattern=pattern(RevokeInvite)),
        CallbackQueryHandler(staff.turn_patients_page, pattern=pattern(PageTurn)),
        CallbackQueryHandler(clinic_questions.answer_ask_button, pattern=pattern(AskClinic)),
        CallbackQueryHandler(clinic_questions.answer_staff_button, pattern=pattern(StaffQuestion)),
        # Aftercare (a reminder's button: the handler checks the reminder is the presser's).
        CallbackQueryHandler(sessions.choose_session_when, pattern=pattern(SessionWhen)),
        CallbackQueryHandler(sessions.choose_session_hour, pattern=pattern(SessionHour)),
        CallbackQueryHandler(sessions.choose_session_area, pattern=pattern(SessionArea)),
        CallbackQueryHandler(checkins.record_soreness, pattern=pattern(CheckinScore)),
        CallbackQueryHandler(checkins.record_breathing, pattern=pattern(BreathingAnswer)),
        CallbackQueryHandler(checkins.answer_routine_reminder, pattern=pattern(RoutineAnswer)),
        CallbackQueryHandler(reminders.answer_consent, pattern=pattern(ReminderConsent)),
        CallbackQueryHandler(reminders.keep_time_zone, pattern=pattern(KeepTimeZone)),
        CallbackQueryHandler(reminders.choose_quiet_hours, pattern=pattern(QuietHoursPreset)),
        CallbackQueryHandler(reminders.toggle_reminder_kind, pattern=pattern(ToggleKind)),
        CallbackQueryHandler(reminders.change_reminders, pattern=pattern(ChangeReminders)),
        # Buttons that no flow above claimed (old or forged): answered, nothing changes.
        CallbackQueryHandler(fallbacks.expire_stale_button),
    ]


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    services: Services | None = None,
    request: BaseRequest | None = None,
) -> AftercareApp:
    """The bot, ready for polling; pass ``services`` to share them with a test or the demo,
    and ``request`` to replace the HTTP connection to Telegram (handler tests)."""
    if settings.token is None:
        raise ValueError("build_application needs a token (the demo supplies a local one)")
    services = services or build_services(settings, clock=clock)
    watch = TelegramWatch()
    application: AftercareApp = (
        ApplicationBuilder()
        .bot(build_bot(settings, watch, request=request))
        .context_types(ContextTypes(context=AftercareContext))
        # Different people's updates at the same time, one person's in order (see there).
        .concurrent_updates(PerPersonOrder())
        .post_init(_start_up)
        .post_stop(stop_reminder_sweep)
        .post_shutdown(_close_services)
        .build()
    )
    application.bot_data["services"] = services
    application.bot_data[WATCH_KEY] = watch
    # Its own group: in one group only the first matching handler runs (the menu reset below).
    application.add_handler(TypeHandler(Update, _count_update), group=-3)
    for handler in handler_table():
        application.add_handler(waiting_out_locks(only_private_chats(handler)))
    # Runs before group 0 and lets it go on: a removed staff member's menu goes first.
    application.add_handler(
        waiting_out_locks(TypeHandler(Update, onboarding.reset_removed_staff_menu)), group=-2
    )
    # A reply to "Type a time" is the session's time, not a question: group 0 only when refused.
    typed_time = MessageHandler(
        filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, sessions.take_typed_time
    )
    application.add_handler(waiting_out_locks(only_private_chats(typed_time)), group=-1)
    application.add_error_handler(errors.handle_error)
    return application


def waiting_out_locks(
    handler: BaseHandler[Update, AftercareContext, Any],
) -> BaseHandler[Update, AftercareContext, Any]:
    """A write refused by another process's lock runs the handler again once the lock is free,
    without blocking the event loop (``bot.telegram.lock_retry``)."""
    handler.callback = retry_when_locked(handler.callback)
    return handler


async def _count_update(_update: Update, _context: AftercareContext) -> None:
    """Counts every update (``/metrics``); a handler of its own group, so it never blocks one."""
    metrics.UPDATES.inc()


def only_private_chats(
    handler: BaseHandler[Update, AftercareContext, Any],
) -> BaseHandler[Update, AftercareContext, Any]:
    """The bot talks to patients and staff one to one: a message in a group or channel is
    ignored on purpose (no welcome, no answer, no health data posted to a group)."""
    if isinstance(handler, (CommandHandler, MessageHandler)):
        handler.filters = handler.filters & filters.ChatType.PRIVATE
    return handler


async def announce_commands(application: AftercareApp) -> None:
    """Register the command menu; a failure here must not stop the bot from starting."""
    messages: Messages = application.bot_data["services"].messages
    commands = [BotCommand(name, messages.raw(key)) for name, key in MENU_COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", type(exc).__name__)


async def _start_up(application: AftercareApp) -> None:
    """Announce the command menu, stop the loop's connection from waiting for locks, start the
    reminder sweep (first run at once), and take what start-up loaded out of the garbage
    collector's way."""
    await announce_commands(application)
    # Start-up may wait for a lock like any program; from here on the loop never does.
    serve_from_event_loop(application.bot_data["services"].repo.db)
    start_reminder_sweep(application)
    settle_heap()


_heap_settled = False


def settle_heap() -> None:
    """Collect once, then ``gc.freeze()`` everything alive (modules, catalogs, the article
    index, the triage model): it lives as long as the process, and every full collection
    walked it again with the event loop stopped (30–45 ms during a reminder burst, so
    patients' updates and sends waited). Later objects are collected as usual. Once per
    process: tests build many applications in one."""
    global _heap_settled
    if _heap_settled:
        return
    _heap_settled = True
    gc.collect()
    gc.freeze()


async def _close_services(application: AftercareApp) -> None:
    services: Services = application.bot_data["services"]
    services.repo.close()
