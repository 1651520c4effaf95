"""Small helpers every store shares."""

from __future__ import annotations

from typing import TypeVar

from sqlite_utils.db import Table

T = TypeVar("T")


class MissingRowError(RuntimeError):
    """A row the code relies on is not there: one just written cannot be read back, or a row
    another row points to has gone. Never expected; named so a log says what broke."""


def last_id(table: Table) -> int:
    """The id of the row just inserted; a named error rather than an assert if there is none."""
    pk = table.last_pk
    if pk is None:
        raise MissingRowError(f"no row id after inserting into {table.name}")
    return int(pk)


def present(row: T | None, what: str) -> T:
    """``row``, which must exist (just written, or referenced by a foreign key)."""
    if row is None:
        raise MissingRowError(f"{what} is missing")
    return row
