"""The Bot objects the application talks to Telegram with.

Two bots share one token, URL and HTTP connection pool: the application's bot, whose replies to
patients go through a ``BudgetRateLimiter`` (``bot.telegram.send_budget``: patient replies first,
429s
retried after ``retry_after``), and an unpaced twin for reminder sends, which
``bot.aftercare.sender``
paces with the *same* ``SendBudget`` (``budget_of(bot)``) so the two together stay under
Telegram's limits. Both send Telegram
HTML by default and neither ever shows the token: PTB's own ``repr(Bot)`` prints it, and a bot
object can end up in a log line or a traceback. Long polling runs on its own connection
(``UpdateScreeningRequest``), where an update PTB cannot parse is skipped instead of jamming it.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import NetworkError, TelegramError
from telegram.ext import Defaults, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.ops.health import TelegramWatch
from bot.settings import Settings
from bot.telegram.send_budget import BudgetRateLimiter, SendBudget
from bot.telegram.update_text import loads_update

JSONDict = dict[str, Any]

log = logging.getLogger(__name__)

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"


class AftercareBot(ExtBot[Any]):
    """PTB's ExtBot, minus the token in its ``repr``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}[token=***]"

    __str__ = __repr__


class WatchedRequest(HTTPXRequest):
    """PTB's HTTPX transport that tells a ``TelegramWatch`` what each request met: an answer
    (Telegram is reachable; 409 = another poller) or a network failure. Feeds ``/healthz``."""

    def __init__(self, watch: TelegramWatch | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.watch = watch

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            status, payload = await super().do_request(*args, **kwargs)
        except NetworkError as exc:  # TimedOut included
            if self.watch is not None:
                self.watch.failed(exc)
            raise
        if self.watch is not None:
            self.watch.answered(status)
        return status, payload


def bot_defaults() -> Defaults:
    """Every message is Telegram HTML (catalog values are HTML) and shows no link previews."""
    return Defaults(
        parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )


def build_bot(
    settings: Settings,
    watch: TelegramWatch | None = None,
    *,
    request: BaseRequest | None = None,
) -> AftercareBot:
    """The application's bot: its sends take turns from a new ``SendBudget`` (shared with the
    reminder sender through ``budget_of``) and are retried up to 3 times on 429; ``watch``
    hears of every request's outcome (health). ``request`` replaces the HTTP connection
    (handler tests pass a recording one)."""
    if settings.token is None:
        raise ValueError("a bot needs a token (the demo supplies a local one)")
    return AftercareBot(
        settings.token.reveal(),
        base_url=settings.api_base_url or TELEGRAM_API,
        base_file_url=settings.api_base_file_url or TELEGRAM_FILES,
        defaults=bot_defaults(),
        rate_limiter=BudgetRateLimiter(
            SendBudget(settings.send_rate_per_second), urgent=True, max_retries=3
        ),
        request=request
        or WatchedRequest(
            watch,
            connection_pool_size=256,
            read_timeout=settings.telegram_timeout_seconds,
            write_timeout=settings.telegram_timeout_seconds,
        ),
        get_updates_request=request or UpdateScreeningRequest(watch, connection_pool_size=1),
    )


def unpaced_twin(bot: ExtBot[Any]) -> AftercareBot:
    """A bot with the same token, URL, pool and defaults but no rate limiter."""
    base_url, file_url = bot.base_url, bot.base_file_url  # both already include the token
    return AftercareBot(
        bot.token,
        base_url=lambda _token: base_url,
        base_file_url=lambda _token: file_url,
        defaults=bot.defaults or bot_defaults(),
        request=bot.request,
    )


class UpdateScreeningRequest(WatchedRequest):
    """The long-polling connection (PTB sends only ``getUpdates`` through it), which lets no
    unreadable update jam polling.

    PTB parses a whole ``getUpdates`` batch at once: one update it cannot parse (a missing
    field, a wrong type) fails the batch, the offset never moves past it, and every retry logs
    a CRITICAL line quoting the raw batch — patients' messages included — for ever. Here, in
    PTB's documented hook for decoding responses, each update is tried on its own first; one
    that does not parse is logged once, by id only, and handed on as a bare
    ``{"update_id": N}``: no handler wants it, and the offset moves past it.
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        try:
            data = loads_update(payload)
        except ValueError as exc:
            # PTB's own parser would log the payload itself; say only how big it was.
            log.warning("getUpdates answered with invalid JSON (%d bytes)", len(payload))
            raise TelegramError("Invalid server response") from exc
        if (
            isinstance(data, dict)
            and data.get("ok") is True
            and isinstance(data.get("result"), list)
        ):
            data["result"] = screen_updates(data["result"])
        return data


def screen_updates(raw: list[Any]) -> list[JSONDict]:
    """The batch with every update PTB could not parse replaced by its bare id (or dropped,
    when it has no id to move the offset past)."""
    screened: list[JSONDict] = []
    for update in raw:
        update_id = update.get("update_id") if isinstance(update, dict) else None
        has_id = isinstance(update_id, int) and not isinstance(update_id, bool)
        try:
            if not has_id:
                raise TypeError("no update_id")
            Update.de_json(update, None)
        except Exception as exc:  # whatever PTB's parser raises: it must not stop polling
            log.warning(
                "update %s could not be read (%s): skipped",
                update_id if has_id else None,
                type(exc).__name__,
            )
            if has_id:
                screened.append({"update_id": update_id})
            continue
        screened.append(update)
    return screened
