"""Pieces of the production runner that the process tests do not reach in seconds: the daily
backup job (its first run is a minute after start)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from bot.ops.serve import _daily_backup
from bot.settings import Settings
from bot.storage.backup import list_backups
from bot.storage.db import open_database


async def test_the_daily_backup_job_backs_up_once_a_day_and_keeps_the_newest(
    tmp_path: Path,
) -> None:
    settings = Settings(db_path=tmp_path / "a.db", backup_keep=2)
    open_database(settings.db_path).close()
    context = SimpleNamespace(job=SimpleNamespace(data=settings))

    await _daily_backup(context)
    await _daily_backup(context)  # the newest is less than a day old: nothing to do
    (first,) = list_backups(tmp_path / "backups")

    # Backups of earlier days (older names) are kept up to AFTERCARE_BACKUP_KEEP.
    for day in ("20200101", "20200102"):
        (tmp_path / "backups" / f"aftercare-{day}-030000.db").write_bytes(first.read_bytes())
    first.unlink()
    await _daily_backup(context)
    kept = [p.name for p in list_backups(tmp_path / "backups")]
    assert len(kept) == 2
    assert kept[0] == "aftercare-20200102-030000.db"
    assert kept[1] > kept[0]
