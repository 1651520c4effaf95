"""The Bot objects the application talks to Telegram with.

Two bots share one token, URL and HTTP connection pool: the application's bot, whose replies to
patients go through a ``BudgetRateLimiter`` (``bot.telegram.send_budget``: patient replies first,
429s
retried after ``retry_after``), and an unpaced twin for reminder sends, which
``bot.aftercare.sender``
paces with the *same* ``SendBudget`` (``budget_of(bot)``) so the two together stay under
Telegram's limits. Both send Telegram
HTML by default and neither ever shows the token: PTB's own ``repr(Bot)`` prints it, and a bot
object can end up in a log line or a traceback.
"""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.settings import Settings
from bot.telegram.send_budget import BudgetRateLimiter, SendBudget

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"


class AftercareBot(ExtBot[Any]):
    """PTB's ExtBot, minus the token in its ``repr``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}[token=***]"

    __str__ = __repr__


def bot_defaults() -> Defaults:
    """Every message is Telegram HTML (catalog values are HTML) and shows no link previews."""
    return Defaults(
        parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )


def build_bot(settings: Settings, *, request: BaseRequest | None = None) -> AftercareBot:
    """The application's bot: its sends take turns from a new ``SendBudget`` (shared with the
    reminder sender through ``budget_of``) and are retried up to 3 times on 429. ``request``
    replaces the HTTP connection (handler tests pass a recording one)."""
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
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
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
