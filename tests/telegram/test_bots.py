"""The bot objects never show the token, and both send Telegram HTML."""

from __future__ import annotations

from telegram.constants import ParseMode

from bot.settings import Secret, Settings
from bot.telegram.bots import build_bot, unpaced_twin

TOKEN = "123456789:fake-token-for-tests-only"


def _settings() -> Settings:
    return Settings(token=Secret(TOKEN), api_base_url="http://127.0.0.1:9/bot")


def test_neither_bot_shows_the_token_in_repr_or_str() -> None:
    bot = build_bot(_settings())
    twin = unpaced_twin(bot)
    for shown in (repr(bot), str(bot), repr(twin), str(twin), f"{bot!r} {twin}"):
        assert TOKEN not in shown
        assert "fake-token" not in shown


def test_the_reminder_twin_shares_url_pool_and_html_default_but_not_the_rate_limiter() -> None:
    bot = build_bot(_settings())
    twin = unpaced_twin(bot)
    assert twin.base_url == bot.base_url
    assert twin.request is bot.request
    assert twin.defaults is not None and twin.defaults.parse_mode == ParseMode.HTML
    assert bot.rate_limiter is not None
    assert twin.rate_limiter is None
