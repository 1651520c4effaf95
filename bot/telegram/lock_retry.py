"""Handling an update again once another process's write lock is released.

The event loop's connection never waits for a lock inside SQLite (``bot.storage.lock_wait``): a
write that meets one fails at once. Every handler callback is wrapped here: when its attempt
fails that way *before anything was shown to anyone*, the wrapper waits for the lock without
blocking the loop and runs the callback again from the start. Handlers write first and send
after, and never keep a transaction open across an ``await``, so the failed attempt left nothing
half-done and the new one decides afresh (a button pressed twice is still "already answered").
Meanwhile other patients' updates go on (reads never wait in WAL mode: a question that needs no
write is answered during the lock), and this patient's later updates wait their turn behind
this one (``bot.telegram.update_order``).

Two cases give up with a kind "try again in a minute" (``errors.busy``) and a log line with ids
only: the lock outlasted ``LockWait.patience``, or the attempt had already sent, edited or
answered something (``bot.telegram.attempts``), which running it again would repeat.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.storage.lock_wait import DatabaseLocked, is_busy
from bot.telegram.attempts import watching_requests
from bot.telegram.context import AftercareContext
from bot.telegram.errors import apologise
from bot.telegram.update_order import waiting_aside

log = logging.getLogger(__name__)

Callback = Callable[[Update, AftercareContext], Coroutine[Any, Any, Any]]


def retry_when_locked(callback: Callback) -> Callback:
    """``callback``, handled again (from the start) while a foreign write lock refuses it."""

    @functools.wraps(callback)
    async def handle(update: Update, context: AftercareContext) -> Any:
        lock_wait = context.repo.lock_wait
        give_up_at: float | None = None
        while True:
            with watching_requests() as made:
                try:
                    return await callback(update, context)
                except (sqlite3.OperationalError, DatabaseLocked) as exc:
                    if not (isinstance(exc, DatabaseLocked) or is_busy(exc)):
                        raise
            chat = update.effective_chat.id if update.effective_chat else None
            if made:
                log.warning(
                    "update %s chat %s: the database was locked after %s went out; not "
                    "handled again (that would repeat it)",
                    update.update_id,
                    chat,
                    made[-1],
                )
                await apologise(update, context, "errors.busy")
                return None
            if give_up_at is None:
                give_up_at = lock_wait.deadline()
                log.info(
                    "update %s chat %s: the database is locked by another process; handled "
                    "again once it is free",
                    update.update_id,
                    chat,
                )
            async with waiting_aside():  # others' updates go on meanwhile
                free = await lock_wait.until_writable(give_up_at)
            if not free:
                log.warning(
                    "update %s chat %s: the database stayed locked for %.0f s; asked to try again",
                    update.update_id,
                    chat,
                    lock_wait.patience,
                )
                await apologise(update, context, "errors.busy")
                return None

    return handle
