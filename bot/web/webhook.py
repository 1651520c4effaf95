"""The webhook endpoint: Telegram POSTs each update here, with the secret we gave it.

A request without the right ``X-Telegram-Bot-Api-Secret-Token`` header is refused with 403 and
changes nothing (the comparison takes the same time whatever the guess). A body that is not an
update is refused with 400, one too large for any update with 413. An accepted update goes into
the same queue polling would put it in, so the handlers cannot tell the two apart. While the bot
is stopping, requests get 503 so Telegram delivers them again later instead of losing them.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.telegram.update_text import loads_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
#: Telegram's updates are a few KB; a message with every entity is well under this.
MAX_BODY_BYTES = 1_000_000

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def webhook_path(url: str) -> str:
    """The path of the public URL: what the reverse proxy forwards to this app."""
    return urlsplit(url).path or "/"


class WebhookEndpoint:
    def __init__(self, application: AnyApplication, secret: str) -> None:
        self.application = application
        self.secret = secret
        self.accepting = True

    async def handle(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret.encode()):
            metrics.WEBHOOK_REFUSED.labels("secret").inc()
            log.warning("webhook request refused: missing or wrong secret token")
            return Response(status_code=403)
        if not self.accepting:
            return Response(status_code=503)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            metrics.WEBHOOK_REFUSED.labels("too_large").inc()
            return Response(status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                metrics.WEBHOOK_REFUSED.labels("too_large").inc()
                return Response(status_code=413)
        update = self._parse(bytes(body))
        if update is None:
            metrics.WEBHOOK_REFUSED.labels("not_an_update").inc()
            return Response(status_code=400)
        await self.application.update_queue.put(update)
        return Response(status_code=200)

    def _parse(self, body: bytes) -> Update | None:
        try:
            data = loads_update(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                return None
            return Update.de_json(data, self.application.bot)
        except Exception:  # hostile input: whatever it was, it is not an update
            log.warning("webhook request refused: the body is not a Telegram update")
            return None
