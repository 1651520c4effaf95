"""Logging set-up: ids only, and no bot token anywhere.

httpx logs every request URL at INFO, and Bot API URLs contain the token, so its loggers are
turned down and every line is masked for anything token-shaped *after* it is formatted: a
filter sees only the message, while the formatter adds the traceback later (PTB's
``InvalidToken`` quotes the whole token in its message).

``AFTERCARE_LOG_FORMAT=json`` writes one JSON object per line for log collectors, with the same
fields and the same masking.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_TOKEN_SHAPE = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{10,100}")


class Redactor:
    """Masks the given secrets and anything shaped like a Telegram bot token."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        self._secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return _TOKEN_SHAPE.sub("***", text)


class RedactTokens(logging.Filter):
    """Masks a record's message (for handlers whose formatter is not one of ours)."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._redactor = Redactor(secrets)

    def redact(self, text: str) -> str:
        return self._redactor.redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


class RedactingFormatter(logging.Formatter):
    """The usual one-line text format, masked as a whole (traceback included)."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self._redactor.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback, if any)."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._redactor.redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = self._redactor.redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    level: str = "INFO", secrets: tuple[str, ...] = (), *, log_format: str = "text"
) -> Redactor:
    """Send every log line to stderr, masked; returns the redactor for start-up messages."""
    redactor = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(redactor) if log_format == "json" else RedactingFormatter(redactor)
    )
    handler.addFilter(RedactTokens(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "uvicorn.access", "uvicorn.error"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # At DEBUG, PTB logs whole updates and request parameters: patients' words. Never below INFO.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
    return redactor
