"""``python -m bot.devtools.reminder_runner``: only the reminder sweep, no polling.

For the crash test and the benchmarks: it runs exactly the production sweep and sender against
whatever Bot API ``TELEGRAM_API_BASE_URL`` names (the stand-in), until it is killed. Settings
come from the environment as for the bot; ``AFTERCARE_LEASE_SECONDS`` shortens the claim lease
so a restarted runner takes over a killed one's rows quickly.
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot.aftercare.sweep import LEASE_SECONDS, start_reminder_sweep
from bot.app import build_application
from bot.logs import configure_logging
from bot.settings import Settings


async def run(settings: Settings, lease_seconds: float) -> None:
    application = build_application(settings)
    await application.initialize()
    await application.start()
    start_reminder_sweep(application, lease_seconds=lease_seconds)
    print("runner: sweeping", file=sys.stderr, flush=True)
    await asyncio.Event().wait()


def main() -> int:
    settings = Settings.from_env()
    if settings.token is None:
        print("runner: TELEGRAM_BOT_TOKEN is required", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=(settings.token.reveal(),))
    lease = float(os.environ.get("AFTERCARE_LEASE_SECONDS", "") or LEASE_SECONDS)
    asyncio.run(run(settings, lease))
    return 0


if __name__ == "__main__":
    sys.exit(main())
