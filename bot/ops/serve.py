"""Running the bot for real: long polling or a webhook, the web app beside it, start-up that
fails in one clear line, and a graceful stop.

The steps are PTB's (``run_polling`` / ``run_webhook``) spelled out, because the bot needs
things those helpers do not do: the web app (health, metrics, webhook) on one port in the same
event loop, Telegram unreachable at start-up retried with backoff instead of a traceback, a
rejected token reported without the token, and SIGTERM handled so that reminders claimed but
not sent go back to pending before the process exits.

What a failure prints is one log line (text or JSON, masked like every log line) and an exit
status: 2 for what the operator must fix (token rejected, database in use, port taken), 1 for
anything unexpected. Telegram unreachable is retried, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from telegram.error import (
    BadRequest,
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.aftercare.sweep import SWEEP_KEY
from bot.app import ALLOWED_UPDATES, WATCH_KEY, AftercareApp, build_application
from bot.logs import Redactor, configure_logging
from bot.ops.health import HealthCheck, TelegramWatch
from bot.settings import Settings
from bot.storage.backup import BackupError, newest_backup_at, take_daily_backup
from bot.storage.instance_lock import InstanceLock, InstanceLocked
from bot.storage.runtime_store import RuntimeStore
from bot.telegram.context import Services
from bot.web import WebServer, build_web_app
from bot.web.metrics import MetricsPage
from bot.web.server import WebServerError
from bot.web.webhook import WebhookEndpoint, webhook_path

log = logging.getLogger("bot")

T = TypeVar("T")

#: Start-up retries against an unreachable Telegram: 1 s, 2 s, 4 s … at most a minute apart.
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0
#: A problem reported while polling is reported again at most this often.
REPEAT_REPORT_SECONDS = 600.0
#: In webhook mode nothing may be sent for a while: ask getMe when Telegram was quiet this long.
TELEGRAM_PROBE_SECONDS = 60.0
#: How often the bot looks whether a daily backup is due (and the first look after start).
BACKUP_CHECK_SECONDS = 3600.0
BACKUP_FIRST_CHECK_SECONDS = 60.0
BACKUP_EVERY = timedelta(days=1)


class StartupError(RuntimeError):
    """Start-up cannot go on; the message is the one line the operator reads."""


def serve(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT; returns the process exit status."""
    if settings.token is None:
        raise StartupError("TELEGRAM_BOT_TOKEN is not set")
    redactor = configure_logging(
        settings.log_level, secrets=(settings.token.reveal(),), log_format=settings.log_format
    )
    try:
        with InstanceLock(settings.db_path):
            asyncio.run(_serve(settings))
    except (InstanceLocked, StartupError, WebServerError) as exc:
        log.critical("%s", redactor.redact(str(exc)))
        return 2
    except Exception as exc:
        log.critical("the bot stopped: %s", _one_line(exc, redactor))
        return 1
    return 0


async def _serve(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    application = build_application(settings)
    services: Services = application.bot_data["services"]
    watch: TelegramWatch = application.bot_data[WATCH_KEY]
    webhook = _webhook_endpoint(settings, application, services)
    web = WebServer(
        build_web_app(
            _health_check(settings, application, services, watch),
            MetricsPage(services.repo, services.clock.now),
            webhook=webhook,
            webhook_url=settings.webhook_url,
        ),
        settings.http_host,
        settings.http_port,
    )
    started = False
    try:
        await web.start()
        log.info("web app on http://%s:%s (/healthz, /metrics)", web.host, web.port)
        if not await _until_stopped(_initialize(application, settings), stop):
            return
        if application.post_init is not None:
            await application.post_init(application)
        if webhook is not None:
            if not await _until_stopped(_set_webhook(application, settings, webhook), stop):
                return
        else:
            if application.updater is None:
                raise StartupError("the application was built without an updater")
            started_polling = application.updater.start_polling(
                allowed_updates=list(ALLOWED_UPDATES),
                bootstrap_retries=-1,
                error_callback=PollingProblems().report,
            )
            if not await _until_stopped(started_polling, stop):
                return
        await application.start()
        started = True
        _schedule_upkeep(application, settings)
        mode = "webhook" if webhook is not None else "long polling"
        log.info("the bot is running (%s); SIGTERM stops it gracefully", mode)
        await stop.wait()
        log.info("stopping: no new updates, finishing the sends in flight")
    finally:
        if webhook is not None:
            webhook.accepting = False
        await web.stop()
        await _shut_down(application, started)


async def _shut_down(application: AftercareApp, started: bool) -> None:
    """PTB's stop order: updater, application, post_stop (the sweep gives its claims back),
    shutdown, post_shutdown (the database closes)."""
    updater = application.updater
    if updater is not None and updater.running:
        await updater.stop()
    await _let_jobs_finish(application)
    if application.running:
        await application.stop()
    if started and application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()  # does nothing if it never initialized
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def _let_jobs_finish(application: AftercareApp, limit: float = 3.0) -> None:
    """No new job runs, and a sweep under way may finish: stopping the JobQueue would cancel
    it half-way (APScheduler logs that as an error with a traceback)."""
    if application.job_queue is None:
        return
    for job in application.job_queue.jobs():
        job.schedule_removal()
    sweep = application.bot_data.get(SWEEP_KEY)
    for _ in range(int(limit / 0.02)):  # the sweep has no event to wait on; look every 20 ms
        if not getattr(sweep, "busy", False):
            return
        await asyncio.sleep(0.02)


async def _until_stopped(step: Awaitable[T], stop: asyncio.Event) -> bool:
    """Run a start-up step unless a stop signal comes first (then cancel it): True if it ran."""
    task = asyncio.ensure_future(step)
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if task in done:
        task.result()
        return True
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    return False


async def _initialize(application: AftercareApp, settings: Settings) -> None:
    """``Application.initialize`` (its getMe checks the token), retried while Telegram is
    unreachable; a rejected token is a StartupError without the token in it."""
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await application.initialize()
            log.info("connected to Telegram as @%s", application.bot.username)
            return
        except InvalidToken as exc:
            raise StartupError(_token_rejected(settings, exc)) from None
        except (NetworkError, RetryAfter) as exc:
            log.warning(
                "Telegram is unreachable (%s: %s); retrying in %.0f s",
                type(exc).__name__,
                exc.message[:120],
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)


def _token_rejected(settings: Settings, exc: InvalidToken) -> str:
    cause = exc.__cause__
    answer = cause.message if isinstance(cause, TelegramError) else "Unauthorized"
    where = (
        f" and that TELEGRAM_API_BASE_URL ({settings.api_base_url}) is right"
        if settings.api_base_url
        else ""
    )
    return (
        f"Telegram rejected TELEGRAM_BOT_TOKEN ({answer}): check the token from @BotFather{where}"
    )


async def _set_webhook(
    application: AftercareApp, settings: Settings, webhook: WebhookEndpoint
) -> None:
    """Tell Telegram where to post (retried while unreachable, like PTB's bootstrap)."""
    if settings.webhook_url is None:
        raise StartupError("TELEGRAM_WEBHOOK_URL is not set")
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await application.bot.set_webhook(
                settings.webhook_url,
                secret_token=webhook.secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )
            log.info("webhook set; Telegram posts to %s", webhook_path(settings.webhook_url))
            return
        except (NetworkError, RetryAfter) as exc:
            if isinstance(exc, BadRequest):
                raise StartupError(
                    f"Telegram refused TELEGRAM_WEBHOOK_URL ({exc.message})"
                ) from None
            log.warning(
                "could not set the webhook (%s); retrying in %.0f s", type(exc).__name__, delay
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)


def _webhook_endpoint(
    settings: Settings, application: AftercareApp, services: Services
) -> WebhookEndpoint | None:
    if settings.webhook_url is None:
        return None
    secret = (
        settings.webhook_secret.reveal()
        if settings.webhook_secret is not None
        else RuntimeStore(services.repo.db).webhook_secret()
    )
    return WebhookEndpoint(application, secret)


def _health_check(
    settings: Settings, application: AftercareApp, services: Services, watch: TelegramWatch
) -> HealthCheck:
    def probe_database() -> None:
        RuntimeStore(services.repo.db).probe_write(services.clock.now())

    def sweep_finished_at() -> float | None:
        sweep = application.bot_data.get(SWEEP_KEY)
        return getattr(sweep, "finished_at", None)

    return HealthCheck(
        probe_database=probe_database,
        sweep_finished_at=sweep_finished_at,
        sweep_interval=settings.sweep_interval_seconds,
        telegram=watch,
    )


class PollingProblems:
    """PTB's polling ``error_callback``: one clear line per kind of trouble (again every ten
    minutes while it lasts), never the traceback PTB's default prints on every retry."""

    def __init__(self) -> None:
        self._reported: dict[str, float] = {}

    def report(self, exc: TelegramError) -> None:
        kind = type(exc).__name__
        now = time.monotonic()
        if now - self._reported.get(kind, -REPEAT_REPORT_SECONDS) < REPEAT_REPORT_SECONDS:
            return
        self._reported[kind] = now
        if isinstance(exc, Conflict):
            log.error(
                "Telegram answered 409 Conflict (%s): another instance is polling with this "
                "token, or a webhook is set for it; stop the other one (this one keeps retrying)",
                exc.message,
            )
        elif isinstance(exc, NetworkError):
            log.warning("Telegram is unreachable while polling (%s); retrying", kind)
        else:
            log.error("polling for updates failed (%s); retrying", kind)


def _schedule_upkeep(application: AftercareApp, settings: Settings) -> None:
    job_queue = application.job_queue
    if job_queue is None:
        return
    job_queue.run_repeating(
        _probe_telegram, interval=TELEGRAM_PROBE_SECONDS, first=TELEGRAM_PROBE_SECONDS,
        name="telegram-probe",
    )  # fmt: skip
    job_queue.run_repeating(
        _daily_backup, interval=BACKUP_CHECK_SECONDS, first=BACKUP_FIRST_CHECK_SECONDS,
        name="daily-backup", data=settings,
    )  # fmt: skip


async def _probe_telegram(context: Any) -> None:
    """Keep /healthz's "Telegram answered recently" true when nothing else talks to it."""
    watch: TelegramWatch = context.application.bot_data[WATCH_KEY]
    if watch.quiet_for() < TELEGRAM_PROBE_SECONDS:
        return
    with contextlib.suppress(TelegramError):  # the watch has recorded the failure
        await context.bot.get_me()


async def _daily_backup(context: Any) -> None:
    """A backup when the newest one is a day old, in a worker thread (the copy of a large
    database takes seconds; the event loop keeps serving patients meanwhile)."""
    settings: Settings = context.job.data
    now = datetime.now(UTC)
    newest = newest_backup_at(settings.backups)
    if newest is not None and now - newest < BACKUP_EVERY:
        return
    try:
        result = await asyncio.to_thread(
            take_daily_backup, settings.db_path, settings.backups, settings.backup_keep, now
        )
    except (BackupError, OSError) as exc:
        log.error("daily backup failed: %s", exc)
        return
    log.info(
        "daily backup written to %s (%.1f MB in %.1f s)",
        result.path,
        result.bytes / 1e6,
        result.seconds,
    )


def _one_line(exc: BaseException, redactor: Redactor) -> str:
    text = " ".join(str(exc).split()) or "no details"
    return redactor.redact(f"{type(exc).__name__}: {text}")[:500]
