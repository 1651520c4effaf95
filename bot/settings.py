"""Typed settings read once from the environment.

Only the standard library is imported here so that settings can be read (and fail fast with a
message naming the variable) before anything heavy loads. The bot token is held in a wrapper
whose ``repr`` and ``str`` never show it, so it cannot leak through logs or tracebacks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "aftercare.db"
DEFAULT_DEMO_DB = PROJECT_ROOT / "data" / "demo.db"
DEFAULT_HTTP_HOST = "127.0.0.1"
DEFAULT_HTTP_PORT = 8080
DEFAULT_LOCALE = "en"
_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")
# What Telegram accepts as a webhook secret_token: 1-256 of A-Z, a-z, 0-9, _ and -.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class SettingsError(ValueError):
    """A setting has a value the bot cannot run with; the message names the variable."""


class Secret:
    """A string that never shows itself in ``repr``/``str``; call ``reveal()`` to use it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: Secret | None = None
    api_base_url: str | None = None
    api_base_file_url: str | None = None
    db_path: Path = DEFAULT_DB
    articles_dir: Path = PROJECT_ROOT / "data" / "articles"
    plan_path: Path = PROJECT_ROOT / "data" / "aftercare_plan.toml"
    synonyms_path: Path = PROJECT_ROOT / "data" / "synonyms.toml"
    out_of_scope_path: Path = PROJECT_ROOT / "data" / "out_of_scope.toml"
    messages_dir: Path = PROJECT_ROOT / "messages"
    locale: str = DEFAULT_LOCALE
    default_timezone: str = "UTC"
    time_scale: float = 1.0
    sweep_interval_seconds: float = 5.0
    send_rate_per_second: float = 30.0
    log_level: str = "INFO"
    # The bot's @username for invite links made outside the running bot (the clinic CLI).
    bot_username: str | None = None
    # Use the optional sentence-embedding extra when it is installed (AFTERCARE_EMBEDDINGS=off).
    embeddings: bool = True
    # Webhook mode: the public https URL Telegram posts updates to (unset: long polling).
    webhook_url: str | None = None
    # The secret Telegram sends with every webhook request; unset: generated once and stored.
    webhook_secret: Secret | None = None
    # The bot's small web app (webhook, /healthz, /metrics).
    http_host: str = DEFAULT_HTTP_HOST
    http_port: int = DEFAULT_HTTP_PORT
    # Daily backups of the database; None: a ``backups`` folder beside the database.
    backup_dir: Path | None = None
    backup_keep: int = 7
    # The local demo's own database: the demo never writes into the real one.
    demo_db_path: Path = DEFAULT_DEMO_DB
    log_format: str = "text"
    # An alert no staff member has received after this long: the patient is told to contact
    # the clinic directly (the alert itself is still retried).
    alert_unreached_minutes: float = 10.0
    # How long a request to Telegram may take before it counts as timed out (maybe delivered).
    telegram_timeout_seconds: float = 5.0
    extra: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def demo_mode(self) -> bool:
        """No token: run the local demo against the bundled Bot API stand-in."""
        return self.token is None

    @property
    def backups(self) -> Path:
        """Where the daily backups go."""
        return self.backup_dir or self.db_path.parent / "backups"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and validate settings; raise SettingsError naming the bad variable."""
        env = os.environ if env is None else env
        base_url = _url(env, "TELEGRAM_API_BASE_URL")
        token = _token(env.get("TELEGRAM_BOT_TOKEN", "").strip(), custom_server=bool(base_url))
        file_url = _url(env, "TELEGRAM_API_BASE_FILE_URL")
        if file_url is None and base_url is not None and base_url.endswith("/bot"):
            file_url = base_url[: -len("/bot")] + "/file/bot"
        timezone = env.get("AFTERCARE_TIMEZONE", "UTC").strip() or "UTC"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(
                f"AFTERCARE_TIMEZONE={timezone!r} is not an IANA time zone name "
                "(for example Europe/London)"
            ) from exc
        return cls(
            token=token,
            api_base_url=base_url,
            api_base_file_url=file_url,
            db_path=Path(env.get("AFTERCARE_DB", "").strip() or DEFAULT_DB),
            messages_dir=Path(env.get("AFTERCARE_MESSAGES_DIR", "").strip() or cls.messages_dir),
            articles_dir=Path(env.get("AFTERCARE_ARTICLES_DIR", "").strip() or cls.articles_dir),
            plan_path=Path(env.get("AFTERCARE_PLAN", "").strip() or cls.plan_path),
            synonyms_path=Path(env.get("AFTERCARE_SYNONYMS", "").strip() or cls.synonyms_path),
            out_of_scope_path=Path(
                env.get("AFTERCARE_OUT_OF_SCOPE", "").strip() or cls.out_of_scope_path
            ),
            locale=env.get("AFTERCARE_LOCALE", DEFAULT_LOCALE).strip() or DEFAULT_LOCALE,
            default_timezone=timezone,
            time_scale=_positive_float(env, "AFTERCARE_TIME_SCALE", 1.0, upper=1_000_000),
            sweep_interval_seconds=_positive_float(
                env, "AFTERCARE_SWEEP_SECONDS", 5.0, upper=3600
            ),
            send_rate_per_second=_positive_float(env, "AFTERCARE_SEND_RATE", 30.0, upper=30),
            log_level=_log_level(env),
            bot_username=_bot_username(env),
            embeddings=_switch(env, "AFTERCARE_EMBEDDINGS", default=True),
            webhook_url=_webhook_url(env, custom_server=bool(base_url)),
            webhook_secret=_webhook_secret(env),
            http_host=env.get("AFTERCARE_HTTP_HOST", "").strip() or DEFAULT_HTTP_HOST,
            http_port=_int(env, "AFTERCARE_HTTP_PORT", DEFAULT_HTTP_PORT, lower=1, upper=65535),
            backup_dir=_path(env, "AFTERCARE_BACKUP_DIR"),
            backup_keep=_int(env, "AFTERCARE_BACKUP_KEEP", 7, lower=1, upper=10_000),
            demo_db_path=_path(env, "AFTERCARE_DEMO_DB") or DEFAULT_DEMO_DB,
            log_format=_choice(env, "AFTERCARE_LOG_FORMAT", ("text", "json")),
            alert_unreached_minutes=_positive_float(
                env, "AFTERCARE_ALERT_UNREACHED_MINUTES", 10.0, upper=1440
            ),
            telegram_timeout_seconds=_positive_float(
                env, "AFTERCARE_TELEGRAM_TIMEOUT", 5.0, upper=300
            ),
        )


def _token(raw: str, *, custom_server: bool) -> Secret | None:
    """Telegram's tokens are ``<digits>:<letters>``; another Bot API server (a test emulator)
    may issue any token, so there only what would break a URL path is refused."""
    if not raw:
        return None
    shape = r"[^\s/?#%]{1,256}" if custom_server else r"\d{1,20}:[A-Za-z0-9_-]{1,256}"
    if not re.fullmatch(shape, raw):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters); "
            "unset it to run the local demo"
        )
    return Secret(raw)


def _url(env: Mapping[str, str], name: str) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not _URL.match(raw):
        raise SettingsError(f"{name} must be an http(s) URL such as http://127.0.0.1:8081/bot")
    return raw.rstrip("/")


def _webhook_url(env: Mapping[str, str], *, custom_server: bool) -> str | None:
    """Telegram posts only to https; a test emulator (another Bot API server) may use http."""
    url = _url(env, "TELEGRAM_WEBHOOK_URL")
    if url is None:
        return None
    if not url.startswith("https://") and not custom_server:
        raise SettingsError(
            "TELEGRAM_WEBHOOK_URL must be an https URL (Telegram posts only to https)"
        )
    return url


def _webhook_secret(env: Mapping[str, str]) -> Secret | None:
    raw = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not raw:
        return None
    if not _WEBHOOK_SECRET.fullmatch(raw):
        raise SettingsError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
        )
    return Secret(raw)


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    return Path(raw) if raw else None


def _int(env: Mapping[str, str], name: str, default: int, *, lower: int, upper: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lower <= int(raw) <= upper:
        raise SettingsError(f"{name} must be a whole number from {lower} to {upper}")
    return int(raw)


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return choices[0]
    if raw not in choices:
        raise SettingsError(f"{name} must be {' or '.join(choices)}, got {raw!r}")
    return raw


def _positive_float(env: Mapping[str, str], name: str, default: float, *, upper: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not 0 < value <= upper:
        raise SettingsError(f"{name} must be greater than 0 and at most {upper:g}")
    return value


def _log_level(env: Mapping[str, str]) -> str:
    level = env.get("AFTERCARE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError("AFTERCARE_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    return level


def _switch(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"on", "1", "true", "yes"}:
        return True
    if raw in {"off", "0", "false", "no"}:
        return False
    raise SettingsError(f"{name} must be on or off, got {raw!r}")


def _bot_username(env: Mapping[str, str]) -> str | None:
    raw = env.get("AFTERCARE_BOT_USERNAME", "").strip().lstrip("@")
    if not raw:
        return None
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", raw):
        raise SettingsError(
            "AFTERCARE_BOT_USERNAME must be the bot's Telegram username, such as riverside_bot"
        )
    return raw
