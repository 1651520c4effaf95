"""Small helpers every store shares."""

from __future__ import annotations

from sqlite_utils.db import Table


def last_id(table: Table) -> int:
    """The id of the row just inserted; a named error rather than an assert if there is none."""
    pk = table.last_pk
    if pk is None:
        raise RuntimeError(f"no row id after inserting into {table.name}")
    return int(pk)
