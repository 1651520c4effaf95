"""``python -m bot backup|restore|healthcheck``: the operator's commands beside the running bot.

Each prints one line of result and exits 0, or one line naming the problem and exits 2 (1 for
an unhealthy bot, as Docker's HEALTHCHECK expects).
"""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.settings import Settings
from bot.storage.backup import BackupError, backup_database, backup_name, restore_database
from bot.storage.instance_lock import InstanceLock, InstanceLocked

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="a consistent copy of the database (bot may run)")
    backup.add_argument(
        "path", nargs="?", type=Path, help="where to write it (default: a dated file in the "
        "backup folder, AFTERCARE_BACKUP_DIR)",
    )  # fmt: skip
    restore = sub.add_parser("restore", help="replace the database with a backup (bot stopped)")
    restore.add_argument("path", type=Path, help="the backup file")
    sub.add_parser("healthcheck", help="exit 0 if the running bot's /healthz says ok")


def run(command: str, settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    if command == "backup":
        return backup(settings, args.path, out)
    if command == "restore":
        return restore(settings, args.path, out)
    return healthcheck(settings, out)


def backup(settings: Settings, path: Path | None, out: TextIO) -> int:
    target = path or settings.backups / backup_name(datetime.now(UTC))
    try:
        result = backup_database(settings.db_path, target)
    except BackupError as exc:
        out.write(f"Backup failed: {exc}\n")
        return 2
    out.write(
        f"Backed up {settings.db_path} to {result.path} "
        f"({result.bytes / 1e6:.1f} MB in {result.seconds:.2f} s)\n"
    )
    return 0


def restore(settings: Settings, path: Path, out: TextIO) -> int:
    """Restore under the instance lock, then migrate and put every claimed or in-flight
    reminder of the copy back to pending (their sender is gone)."""
    from bot.storage.db import open_database
    from bot.storage.repository import Repository

    try:
        with InstanceLock(settings.db_path, purpose="restore"):
            saved = restore_database(path, settings.db_path, settings.backups, datetime.now(UTC))
            repo = Repository(open_database(settings.db_path))
            try:
                reclaimed = repo.aftercare.reclaim_expired(FAR_FUTURE)
            finally:
                repo.close()
    except InstanceLocked as exc:
        out.write(f"Restore refused: {exc}\n")
        return 2
    except BackupError as exc:
        out.write(f"Restore failed: {exc}\n")
        return 2
    pending = len(reclaimed.requeued) + len(reclaimed.possible_duplicates)
    kept = f"; the replaced database was saved as {saved}" if saved else ""
    out.write(
        f"Restored {settings.db_path} from {path} ({pending} claimed reminders pending again, "
        f"{len(reclaimed.possible_duplicates)} of them possibly sent already){kept}\n"
    )
    return 0


def healthcheck(settings: Settings, out: TextIO) -> int:
    host = "127.0.0.1" if settings.http_host in ("0.0.0.0", "::", "") else settings.http_host  # noqa: S104
    url = f"http://{host}:{settings.http_port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        out.write(f"unhealthy: {exc.read().decode('utf-8', 'replace').strip()}\n")
        return 1
    except (OSError, ValueError) as exc:
        out.write(f"unhealthy: no answer from {url} ({exc})\n")
        return 1
    out.write(f"{body.get('status', 'unknown')}\n")
    return 0
