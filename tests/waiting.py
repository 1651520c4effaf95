"""Waiting for something the code under test does on its own (a task, a thread, a lock wait).

Bounded in real time: these are real waits (the application's tasks, the bot's own wait for a
released database lock), never a stand-in for the injected clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(condition: Callable[[], object], what: str, limit: float = 10.0) -> None:
    """Return once ``condition()`` is true; fail the test if it does not within ``limit`` s."""
    try:
        async with asyncio.timeout(limit):
            while True:
                if condition():
                    return
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"never happened: {what}") from None
