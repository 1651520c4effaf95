"""Inline keyboards of the clinic, onboarding and privacy flows, and their callback data.

Callback data only *names* an action and an object (``cl:ah:42`` = "mark alert 42 handled");
it never carries authority. Every handler looks the presser up in the database again and
checks the object belongs to their clinic (or is their own), so a forged or replayed button
does nothing. Labels come from the message catalog; this module holds no sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

JOIN = "ob:join"
SKIP = "ob:skip"
DELETE_YES = "pv:del:yes"
DELETE_NO = "pv:del:no"
NEW_SINGLE = "cl:inv:1"
NEW_MULTI = "cl:inv:n"

ONBOARDING_PATTERN = r"^ob:(join|skip)$"
PRIVACY_PATTERN = r"^pv:del:(yes|no)$"
ALERT_PATTERN = r"^cl:ah:\d{1,18}$"
REVOKE_PATTERN = r"^cl:rv:\d{1,18}$"
PAGE_PATTERN = r"^cl:pg:\d{1,6}$"
NEW_INVITE_PATTERN = r"^cl:inv:[1n]$"

_NUMBER = re.compile(r":(\d{1,18})$")


@dataclass(frozen=True)
class Labels:
    """Button labels, already taken from the catalog by the caller."""

    first: str
    second: str = ""


def number_in(data: str | None) -> int | None:
    """The id at the end of ``cl:xx:<id>`` callback data, or None."""
    match = _NUMBER.search(data or "")
    return int(match.group(1)) if match else None


def join_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(labels.first, callback_data=JOIN)],
            [InlineKeyboardButton(labels.second, callback_data=SKIP)],
        ]
    )


def delete_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(labels.first, callback_data=DELETE_YES)],
            [InlineKeyboardButton(labels.second, callback_data=DELETE_NO)],
        ]
    )


def new_invite_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(labels.first, callback_data=NEW_SINGLE)],
            [InlineKeyboardButton(labels.second, callback_data=NEW_MULTI)],
        ]
    )


def alert_keyboard(alert_id: int, label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"cl:ah:{alert_id}")]])


def revoke_keyboard(buttons: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """One "revoke" button per invite: (invite id, label)."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=f"cl:rv:{invite_id}")]
            for invite_id, label in buttons
        ]
    )


def pages_keyboard(page: int, pages: int, labels: Labels) -> InlineKeyboardMarkup | None:
    """◀ / ▶ under a page of the patient list (``labels``: previous, next)."""
    row = []
    if page > 1:
        row.append(InlineKeyboardButton(labels.first, callback_data=f"cl:pg:{page - 1}"))
    if page < pages:
        row.append(InlineKeyboardButton(labels.second, callback_data=f"cl:pg:{page + 1}"))
    return InlineKeyboardMarkup([row]) if row else None
