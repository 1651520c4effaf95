"""A local stand-in for the Telegram Bot API: the transport for the demo and end-to-end tests."""

from bot.devtools.standin.records import SentRecord, StandInCounters
from bot.devtools.standin.server import DEMO_TOKEN, TINY_PNG, BotApiStandIn, Pushed

__all__ = ["DEMO_TOKEN", "TINY_PNG", "BotApiStandIn", "Pushed", "SentRecord", "StandInCounters"]
