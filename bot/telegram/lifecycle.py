"""Running the Application inside an event loop that someone else owns (the demo, tests).

``Application.run_polling`` owns its loop and is the only place PTB calls the ``post_init``,
``post_stop`` and ``post_shutdown`` hooks — where the command menu is registered, the reminder
sweep starts and the database closes. Anything that drives the lifecycle by hand must call them
too, in PTB's order, or the bot silently runs without its sweep. This does it in one place.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import Application

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@asynccontextmanager
async def running(
    application: AnyApplication, *, poll: bool = True, **polling: Any
) -> AsyncIterator[AnyApplication]:
    """initialize → post_init → start polling → start … stop polling → stop → post_stop →
    shutdown → post_shutdown, as ``run_polling`` does."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        updater = application.updater
        if poll:
            if updater is None:
                raise RuntimeError("polling needs an Application with an Updater")
            polling.setdefault("allowed_updates", Update.ALL_TYPES)
            await updater.start_polling(**polling)
        await application.start()
        try:
            yield application
        finally:
            if updater is not None and updater.running:
                await updater.stop()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
