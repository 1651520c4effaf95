"""Inline keyboards of the clinic, onboarding and privacy flows.

Each button's data is written by the bot's one button codec (``bot.telegram.callbacks``), which
also reads it back for the handlers. The data only *names* an action and an object (``cl:ah:42``
= "mark alert 42 handled"); it never carries authority. Every handler looks the presser up in
the database again and checks the object belongs to their clinic (or is their own), so a forged
or replayed button does nothing. Labels come from the message catalog; this module holds no
sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.callbacks import (
    MAX_PAGE,
    Button,
    ConfirmDelete,
    JoinClinic,
    MarkAlertHandled,
    NewInvite,
    PageEdge,
    PageTurn,
    RevokeInvite,
    encode,
)


@dataclass(frozen=True)
class Labels:
    """Button labels, already taken from the catalog by the caller."""

    first: str
    second: str = ""


def _button(label: str, button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(button))


def _two_rows(labels: Labels, first: Button, second: Button) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(labels.first, first)], [_button(labels.second, second)]])


def join_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return _two_rows(labels, JoinClinic(join=True), JoinClinic(join=False))


def delete_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return _two_rows(labels, ConfirmDelete(erase=True), ConfirmDelete(erase=False))


def new_invite_keyboard(labels: Labels) -> InlineKeyboardMarkup:
    return _two_rows(labels, NewInvite(multi_use=False), NewInvite(multi_use=True))


def alert_keyboard(alert_id: int, label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(label, MarkAlertHandled(alert_id))]])


def revoke_keyboard(buttons: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """One "revoke" button per invite: (invite id, label)."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[_button(label, RevokeInvite(invite_id))] for invite_id, label in buttons]
    )


def pages_keyboard(
    page: int, pages: int, labels: Labels, *, first_id: int | None, last_id: int | None
) -> InlineKeyboardMarkup | None:
    """◀ / ▶ under a page of the patient list (``labels``: previous, next), each naming the
    patient at that edge of the page so the next page is a keyset query."""
    row = []
    if page > 1 and first_id is not None:
        row.append(_button(labels.first, PageTurn(page - 1, PageEdge(False, first_id))))
    if page < min(pages, MAX_PAGE) and last_id is not None:
        row.append(_button(labels.second, PageTurn(page + 1, PageEdge(True, last_id))))
    return InlineKeyboardMarkup([row]) if row else None
