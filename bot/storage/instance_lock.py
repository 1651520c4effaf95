"""One bot per database: an exclusive lock on a file beside it, held while the bot runs.

Two processes sending from one database would each claim reminders correctly (claims are
atomic), but two *bots* mean two pollers, two sweeps and two webhooks fighting over one token:
that is never what anyone meant. ``flock`` is released by the kernel when the process dies,
even by SIGKILL, so a crash never leaves a stale lock behind. The clinic CLI and backups do not
take it (WAL lets them work beside the bot); a restore does, so it never runs under a bot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self


class InstanceLocked(RuntimeError):
    """Another process holds the database; the message says which and what to do."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    def __init__(self, db_path: Path, purpose: str = "bot") -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> Self:
        """Take the lock or raise ``InstanceLocked`` naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise InstanceLocked(
                f"the database {self.db_path} is in use by {holder}; "
                "stop that process first (one bot per database)"
            ) from None
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        note = f"{self.purpose} (pid {os.getpid()} on {socket.gethostname()}, since {started})"
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the descriptor releases the flock
        self._fd = None

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
