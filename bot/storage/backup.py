"""Backups of the one SQLite file that holds every patient, and restoring one.

A backup is taken with SQLite's online backup API while the bot runs: one step, under a read
transaction, so the copy is one consistent moment of the database (WAL mode lets the bot keep
writing meanwhile). The copy is written beside its final name and renamed into place, so a
half-written file never looks like a backup, and it is switched to the rollback journal so it is
one self-contained file. Daily backups are named by time and the oldest beyond ``keep`` are
deleted.

A restore copies a backup *into* the database through the same API (SQLite handles the WAL and
any process that still has the file open), after saving the current database beside the
backups. Reminders that were claimed or in flight when the copy was taken belonged to a process
that is gone: they are put back to pending at once (an in-flight one is logged as a possible
duplicate by the bot's next sweep, as after a crash).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "aftercare-"
SUFFIX = ".db"
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why in one line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    seconds: float


def backup_database(source: Path, target: Path) -> BackupResult:
    """A consistent copy of ``source`` at ``target`` (created or replaced)."""
    if not source.exists():
        raise BackupError(f"there is no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # pages=-1: the whole database in one step, one read transaction
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not back up {source}: {exc}") from exc
    finally:
        src.close()
    os.replace(partial, target)
    return BackupResult(target, target.stat().st_size, time.perf_counter() - started)


def backup_name(now: datetime) -> str:
    return f"{PREFIX}{now.astimezone(UTC).strftime(_STAMP)}{SUFFIX}"


def list_backups(folder: Path) -> list[Path]:
    """Daily backups in ``folder``, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if _stamp_of(p) is not None)


def newest_backup_at(folder: Path) -> datetime | None:
    backups = list_backups(folder)
    return _stamp_of(backups[-1]) if backups else None


def take_daily_backup(db_path: Path, folder: Path, keep: int, now: datetime) -> BackupResult:
    """A timestamped backup into ``folder``, then delete all but the newest ``keep``."""
    result = backup_database(db_path, folder / backup_name(now))
    for old in list_backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return result


def check_backup(path: Path) -> None:
    """Refuse a file that is not an intact database of this bot."""
    if not path.is_file():
        raise BackupError(f"there is no file at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc})") from exc
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (SQLite quick_check: {verdict})")
    if not {"patients", "reminders"} <= tables:
        raise BackupError(f"{path} is not a backup of this bot (no patients or reminders table)")


def restore_database(
    backup: Path, db_path: Path, saved_folder: Path, now: datetime
) -> Path | None:
    """Replace the database with ``backup``; returns where the replaced one was saved.

    The caller holds the instance lock (no bot runs)."""
    check_backup(backup)
    saved: Path | None = None
    if db_path.exists():
        saved = saved_folder / f"before-restore-{now.astimezone(UTC).strftime(_STAMP)}{SUFFIX}"
        backup_database(db_path, saved)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"could not restore {backup}: {exc}") from exc
    finally:
        src.close()
    return saved


def _stamp_of(path: Path) -> datetime | None:
    raw = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        return datetime.strptime(raw, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
