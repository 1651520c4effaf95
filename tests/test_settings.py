"""Settings fail fast, name the variable, and never show the token."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactTokens
from bot.settings import Secret, Settings, SettingsError

TOKEN = "123456789:fake-token-for-tests-only"


def test_no_token_means_demo_mode() -> None:
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.demo_mode


def test_token_never_appears_in_repr_or_str() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.token is not None
    assert settings.token.reveal() == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert "fake-token" not in repr(Secret(TOKEN))


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://example"}, "TELEGRAM_API_BASE_URL"),
        ({"AFTERCARE_TIME_SCALE": "fast"}, "AFTERCARE_TIME_SCALE"),
        ({"AFTERCARE_TIME_SCALE": "-3"}, "AFTERCARE_TIME_SCALE"),
        ({"AFTERCARE_TIMEZONE": "Mars/Olympus"}, "AFTERCARE_TIMEZONE"),
        ({"AFTERCARE_LOG_LEVEL": "LOUD"}, "AFTERCARE_LOG_LEVEL"),
    ],
)
def test_a_bad_value_fails_fast_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_an_error_about_the_token_does_not_echo_it() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "12:short secret"})
    assert "short secret" not in str(caught.value)


def test_another_bot_api_server_may_issue_tokens_of_its_own_shape() -> None:
    env = {"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot", "TELEGRAM_BOT_TOKEN": "test-1"}
    settings = Settings.from_env(env)
    assert settings.token is not None and settings.token.reveal() == "test-1"
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        Settings.from_env({**env, "TELEGRAM_BOT_TOKEN": "has/slash"})


def test_a_short_telegram_shaped_token_is_accepted() -> None:
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:abc"}).token is not None


def test_file_url_is_derived_from_a_bot_api_base_url() -> None:
    settings = Settings.from_env({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot"})
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.api_base_file_url == "http://127.0.0.1:8081/file/bot"


def test_time_scale_is_read() -> None:
    assert Settings.from_env({"AFTERCARE_TIME_SCALE": "3600"}).time_scale == 3600


def test_debug_logging_never_lets_ptb_log_whole_updates() -> None:
    from bot.logs import configure_logging

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging("DEBUG")
        assert not logging.getLogger("telegram").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("telegram.ext.Application").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        logging.getLogger("telegram").setLevel(logging.NOTSET)


def test_log_records_with_a_token_in_a_url_are_masked() -> None:
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "HTTP Request: POST http://127.0.0.1/bot%s/getUpdates",
        (TOKEN,),
        None,
    )
    RedactTokens((TOKEN,)).filter(record)
    assert TOKEN not in record.getMessage()
    assert "***" in record.getMessage()


def test_production_settings_have_safe_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
    assert settings.webhook_url is None  # long polling
    assert settings.backups == settings.db_path.parent / "backups"
    assert settings.backup_keep == 7
    assert settings.demo_db_path != settings.db_path
    assert settings.log_format == "text"


def test_webhook_settings_are_checked_and_the_secret_is_never_shown() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/abc",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret_value-1",
            "AFTERCARE_HTTP_HOST": "0.0.0.0",
            "AFTERCARE_HTTP_PORT": "9000",
            "AFTERCARE_BACKUP_DIR": "/backups",
            "AFTERCARE_BACKUP_KEEP": "30",
            "AFTERCARE_LOG_FORMAT": "JSON",
        }
    )
    assert settings.webhook_url == "https://bot.example.org/telegram/abc"
    assert settings.webhook_secret is not None
    assert "s3cret" not in repr(settings)
    assert (settings.http_host, settings.http_port) == ("0.0.0.0", 9000)
    assert str(settings.backups) == "/backups" and settings.backup_keep == 30
    assert settings.log_format == "json"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.org/hook"}, "TELEGRAM_WEBHOOK_URL"),
        ({"TELEGRAM_WEBHOOK_SECRET": "has spaces"}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"TELEGRAM_WEBHOOK_SECRET": "x" * 257}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"AFTERCARE_HTTP_PORT": "80000"}, "AFTERCARE_HTTP_PORT"),
        ({"AFTERCARE_HTTP_PORT": "http"}, "AFTERCARE_HTTP_PORT"),
        ({"AFTERCARE_BACKUP_KEEP": "0"}, "AFTERCARE_BACKUP_KEEP"),
        ({"AFTERCARE_LOG_FORMAT": "xml"}, "AFTERCARE_LOG_FORMAT"),
    ],
)
def test_bad_production_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_an_http_webhook_is_allowed_only_with_another_bot_api_server() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1:8080/hook",
        }
    )
    assert settings.webhook_url == "http://127.0.0.1:8080/hook"


def test_a_traceback_quoting_the_token_is_masked_in_text_and_json_logs() -> None:
    """PTB's InvalidToken quotes the whole token; the formatter adds the traceback after any
    filter ran, so the masking must cover the formatted line."""
    import io
    import json

    from bot.logs import configure_logging

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        for log_format in ("text", "json"):
            configure_logging("INFO", secrets=(TOKEN,), log_format=log_format)
            stream = io.StringIO()
            root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
            try:
                raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
            except RuntimeError:
                logging.getLogger("telegram.ext").exception("start-up failed")
            written = stream.getvalue()
            assert TOKEN not in written and "fake-token" not in written
            assert "***" in written
            if log_format == "json":
                (line,) = written.splitlines()
                entry = json.loads(line)
                assert entry["level"] == "ERROR" and "Traceback" in entry["exception"]
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        logging.getLogger("telegram").setLevel(logging.NOTSET)
