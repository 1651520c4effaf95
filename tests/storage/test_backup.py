"""Backups with SQLite's online backup API, daily rotation, and what a restore refuses."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.backup import (
    BackupError,
    backup_database,
    check_backup,
    list_backups,
    newest_backup_at,
    restore_database,
    take_daily_backup,
)
from bot.storage.db import open_database
from bot.storage.instance_lock import InstanceLock, InstanceLocked
from bot.storage.runtime_store import RuntimeStore

NOW = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)


def _database(path: Path, value: str) -> None:
    db = open_database(path)
    RuntimeStore(db).put("marker", value)
    db.close()


def _marker(path: Path) -> str | None:
    db = open_database(path)
    try:
        return RuntimeStore(db).get("marker")
    finally:
        db.close()


def test_a_backup_is_one_consistent_self_contained_file_taken_while_a_writer_is_open(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.db"
    _database(live, "before")
    writer = open_database(live)  # the bot, holding the database open in WAL mode
    RuntimeStore(writer).put("marker", "committed")
    writer.execute("BEGIN IMMEDIATE")
    RuntimeStore(writer).put("marker", "not yet committed")
    result = backup_database(live, tmp_path / "copy.db")
    writer.execute("ROLLBACK")
    writer.close()
    assert result.bytes > 0
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    conn.close()
    assert _marker(tmp_path / "copy.db") == "committed"
    assert not list(tmp_path.glob("*.partial"))


def test_daily_backups_keep_the_newest_n(tmp_path: Path) -> None:
    live, folder = tmp_path / "live.db", tmp_path / "backups"
    _database(live, "x")
    for day in range(5):
        take_daily_backup(live, folder, keep=3, now=NOW + timedelta(days=day))
    kept = list_backups(folder)
    assert [p.name for p in kept] == [
        "aftercare-20260612-030000.db",
        "aftercare-20260613-030000.db",
        "aftercare-20260614-030000.db",
    ]
    assert newest_backup_at(folder) == NOW + timedelta(days=4)
    assert newest_backup_at(tmp_path / "none") is None


def test_restore_replaces_the_database_and_keeps_the_replaced_one(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    _database(live, "old")
    backup_database(live, copy)
    _database(live, "new")
    saved = restore_database(copy, live, tmp_path / "backups", NOW)
    assert _marker(live) == "old"
    assert saved is not None and _marker(saved) == "new"


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(
    tmp_path: Path, content: bytes
) -> None:
    live, junk = tmp_path / "live.db", tmp_path / "junk.db"
    _database(live, "kept")
    junk.write_bytes(content)
    with pytest.raises(BackupError):
        restore_database(junk, live, tmp_path / "backups", NOW)
    assert _marker(live) == "kept"


def test_a_database_of_something_else_is_not_a_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BackupError, match="not a backup of this bot"):
        check_backup(other)


def test_the_instance_lock_admits_one_holder_and_names_it(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with (
        InstanceLock(db, purpose="bot"),
        pytest.raises(InstanceLocked, match=r"in use by bot \(pid \d+"),
    ):
        InstanceLock(db, purpose="restore").acquire()
    with InstanceLock(db, purpose="restore"):  # released: the next one gets it
        pass
