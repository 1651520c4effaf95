"""Inline keyboards of the clinic, onboarding and privacy flows, and their callback data.

Callback data only *names* an action and an object (``cl:ah:42`` = "mark alert 42 handled");
it never carries authority. Every handler looks the presser up in the database again and
checks the object belongs to their clinic (or is their own), so a forged or replayed button
does nothing. Patterns are anchored at both ends (``\\Z``: ``$`` would allow a trailing
newline) and take ASCII digits only, and ``number_in`` reads the id with the bot's one strict
number rule, so data that is not exactly ours falls through to the catch-all, which answers it.
Labels come from the message catalog; this module holds no sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ids import parse_number

JOIN = "ob:join"
SKIP = "ob:skip"
DELETE_YES = "pv:del:yes"
DELETE_NO = "pv:del:no"
NEW_SINGLE = "cl:inv:1"
NEW_MULTI = "cl:inv:n"

#: The highest page number a button or ``/patients N`` may name.
MAX_PAGE = 999_999

ONBOARDING_PATTERN = r"^ob:(join|skip)\Z"
PRIVACY_PATTERN = r"^pv:del:(yes|no)\Z"
ALERT_PATTERN = r"^cl:ah:[0-9]{1,18}\Z"
REVOKE_PATTERN = r"^cl:rv:[0-9]{1,18}\Z"
# A page of the patient list: its number, then (a page turn) "a" or "b" and the id of the
# patient the new page comes after or before.
PAGE_PATTERN = r"^cl:pg:[0-9]{1,6}(:[ab][0-9]{1,19})?\Z"
NEW_INVITE_PATTERN = r"^cl:inv:[1n]\Z"


@dataclass(frozen=True)
class Labels:
    """Button labels, already taken from the catalog by the caller."""

    first: str
    second: str = ""


def number_in(data: str | None) -> int | None:
    """The id at the end of ``cl:xx:<id>`` callback data, or None (see ``bot.ids``)."""
    return parse_number((data or "").rpartition(":")[2])


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


@dataclass(frozen=True)
class PageTurn:
    """A press on ◀ / ▶: the page number to show and the patient the page is next to."""

    page: int
    patient_id: int | None  # None: an older button that names the page number only
    forward: bool


def page_turn(data: str | None) -> PageTurn | None:
    """``cl:pg:3:a42`` → page 3, the patients after #42; None for anything else."""
    parts = (data or "").split(":")
    if len(parts) not in (3, 4) or parts[:2] != ["cl", "pg"]:
        return None
    page = parse_number(parts[2], minimum=1, maximum=MAX_PAGE)
    if page is None:
        return None
    if len(parts) == 3:
        return PageTurn(page, None, True)
    edge = parts[3]
    patient_id = parse_number(edge[1:]) if edge[:1] in ("a", "b") else None
    return PageTurn(page, patient_id, edge[:1] == "a") if patient_id is not None else None


def pages_keyboard(
    page: int, pages: int, labels: Labels, *, first_id: int | None, last_id: int | None
) -> InlineKeyboardMarkup | None:
    """◀ / ▶ under a page of the patient list (``labels``: previous, next), each naming the
    patient at that edge of the page so the next page is a keyset query."""
    row = []
    if page > 1 and first_id is not None:
        row.append(
            InlineKeyboardButton(labels.first, callback_data=f"cl:pg:{page - 1}:b{first_id}")
        )
    if page < pages and last_id is not None:
        row.append(
            InlineKeyboardButton(labels.second, callback_data=f"cl:pg:{page + 1}:a{last_id}")
        )
    return InlineKeyboardMarkup([row]) if row else None
