"""The words staff read for codes the database stores (``high_score``, ``staff:1``, ``sent``).

Every code a staff message shows goes through here, so staff read "soreness 7 or more" rather
than ``high_score``. A code the catalog has no word for (a newer release's, a clinic's own area)
reads as the catalog's "other", never as the raw code.
"""

from __future__ import annotations

from bot.content import Messages


def _label(messages: Messages, table: str, code: str, locale: str | None) -> str:
    key = f"{table}.{code}"
    return messages.raw(key if messages.has(key) else f"{table}.other", locale)


def reason_label(messages: Messages, reason: str, locale: str | None = None) -> str:
    """Why an alert was raised: a red flag's category or a check-in's reason."""
    return _label(messages, "staff.label.reason", reason, locale)


def alert_kind_label(messages: Messages, kind: str, locale: str | None = None) -> str:
    return _label(messages, "staff.label.alert_kind", kind, locale)


def status_label(messages: Messages, status: str, locale: str | None = None) -> str:
    """A reminder's state (pending, sent, missed...)."""
    return _label(messages, "staff.label.status", status, locale)


def reminder_kind_label(messages: Messages, kind: str, locale: str | None = None) -> str:
    return _label(messages, "reminders.kind", kind, locale)


def area_label(messages: Messages, area: str, locale: str | None = None) -> str:
    return _label(messages, "sessions.area", area, locale)


def logged_by_label(messages: Messages, logged_by: str, locale: str | None = None) -> str:
    """Who logged a session: ``patient`` or ``staff:<member id>``."""
    who = logged_by.split(":", 1)[0]
    return _label(messages, "staff.label.logged_by", who, locale)
