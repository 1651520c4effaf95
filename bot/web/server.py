"""uvicorn, run inside the bot's own event loop (PTB's custom-webhook pattern).

The socket is bound here, before uvicorn sees it, so a port in use is one clear error rather
than uvicorn's ``sys.exit``; and uvicorn's own signal handling is bypassed (``startup`` /
``main_loop`` / ``shutdown`` instead of ``serve``) because the bot decides how to stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn
from starlette.applications import Starlette

#: Requests still running at stop get this long to finish.
GRACEFUL_SECONDS = 2


class WebServerError(RuntimeError):
    """The web app could not listen; the message names the address."""


class WebServer:
    def __init__(self, app: Starlette, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
        )
        self._server = uvicorn.Server(self._config)
        self._socket: socket.socket | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        try:
            sock = socket.create_server((self.host, self.port), reuse_port=False)
        except OSError as exc:
            raise WebServerError(
                f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); "
                "set AFTERCARE_HTTP_HOST / AFTERCARE_HTTP_PORT"
            ) from None
        sock.setblocking(False)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = self._config
        if not config.loaded:
            config.load()
        self._server.lifespan = config.lifespan_class(config)
        await self._server.startup(sockets=[sock])
        self._task = asyncio.create_task(self._server.main_loop(), name="web-server")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._server.shutdown(sockets=[self._socket] if self._socket else None)
        if self._socket is not None:
            self._socket.close()
        self._task = None
