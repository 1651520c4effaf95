"""The bot's small web app: everything that speaks HTTP, on one port.

PTB's documented pattern for a custom webhook server: an ASGI app (Starlette) served by uvicorn
in the same event loop as the ``Application``. It serves ``GET /healthz`` and ``GET /metrics``
always, and in webhook mode the ``POST`` path Telegram delivers updates to. A future clinic web
page belongs here too: add its routes in ``bot.web.app``.
"""

from bot.web.app import build_web_app
from bot.web.server import WebServer

__all__ = ["WebServer", "build_web_app"]
