"""The stand-in's HTTP face: Bot API URLs, request bodies in all three encodings, and the
`{"ok": ...}` envelope.

Built on the standard library's `ThreadingHTTPServer` so the stand-in adds no dependency; one
thread per connection lets a long poll wait while other calls are answered. The bot token is part
of every URL, so request logging is replaced by a redacted version that names only the method.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.devtools.standin.errors import ApiError
from bot.devtools.standin.faults import AnswerLate, Disconnect
from bot.devtools.standin.methods import UploadedFile, call
from bot.devtools.standin.state import World

_LOG = logging.getLogger(__name__)
_API_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_DISPOSITION_PARAM = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
_MAX_BODY_BYTES = 60 * 1024 * 1024


class StandInHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], world: World, token: str) -> None:
        super().__init__(address, _BotApiRequestHandler)
        self.world = world
        self._token = token
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def token_matches(self, candidate: str) -> bool:
        """Compare with the token; PTB percent-encodes the ':' in file download URLs."""
        return unquote(candidate) == self._token

    def track(self, connection: socket.socket, *, active: bool) -> None:
        with self._connections_lock:
            if active:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def drop_connections(self) -> None:
        """Close kept-alive connections so their handler threads end with the server."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _LOG.debug("stand-in connection error", exc_info=True)

    def __repr__(self) -> str:
        host, port = self.server_address[:2]
        return f"<StandInHTTPServer {host!s}:{port}>"


class _BotApiRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as Telegram's servers answer. The headers and the body go out in two writes;
    # with Nagle's algorithm the body waited for the client's delayed ACK of the headers, which
    # made every answer ~40 ms late (and so the send budget, which keys on answers, slower).
    disable_nagle_algorithm = True
    server: StandInHTTPServer
    server_version = "BotApiStandIn"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, active=True)

    def finish(self) -> None:
        self.server.track(self.connection, active=False)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path)
        try:
            body = self._read_body()
        except ValueError:
            self._send_json(400, {"ok": False, "error_code": 400, "description": "Bad Request"})
            return
        file_match = _FILE_PATH.match(path.path)
        if file_match is not None and self.command == "GET":
            self._serve_file(file_match["token"], unquote(file_match["path"]))
            return
        api_match = _API_PATH.match(path.path)
        if api_match is None:
            self._send_error(ApiError(404, "Not Found"))
            return
        if not self.server.token_matches(unquote(api_match["token"])):
            self._send_error(ApiError(401, "Unauthorized"))
            return
        method = api_match["method"]
        try:
            params, files = _parse_params(path.query, self.headers.get("Content-Type"), body)
        except ValueError:
            self._send_error(ApiError(400, "Bad Request: can't parse request body"))
            return
        try:
            result = call(self.server.world, method, params, files)
        except Disconnect:
            self.close_connection = True
            return
        except AnswerLate as late:
            self._answer_late(late)
            return
        except ApiError as error:
            self._send_error(error)
            return
        except Exception:
            _LOG.exception("stand-in failed answering %s", method)
            self._send_error(ApiError(500, "Internal Server Error"))
            return
        self._send_json(200, {"ok": True, "result": result})

    def _answer_late(self, late: AnswerLate) -> None:
        """Hold the (already carried out) call's answer for ``late.delay`` seconds, counted as
        in flight so "idle" waits for it; a stopping stand-in cuts the wait short."""
        world = self.server.world
        deadline = time.monotonic() + late.delay
        with world.cond:
            world.in_flight += 1
            world.touch()
            try:
                while not world.closed and (left := deadline - time.monotonic()) > 0:
                    world.cond.wait(left)
            finally:
                world.in_flight -= 1
                world.touch()
        self._send_json(200, {"ok": True, "result": late.result})

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > _MAX_BODY_BYTES:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def _serve_file(self, token: str, file_path: str) -> None:
        if not self.server.token_matches(token):
            self._send_error(ApiError(401, "Unauthorized"))
            return
        world = self.server.world
        with world.cond:
            data = next((f.data for f in world.files.values() if f.file_path == file_path), None)
        if data is None:
            self._send_error(ApiError(404, "Not Found"))
            return
        self._send(200, data, "application/octet-stream")

    def _send_error(self, error: ApiError) -> None:
        self._send_json(error.status, error.envelope())

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            # The client gave up (a cancelled long poll, a shutting-down bot): nothing to answer.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Log without the request line: it carries the bot token."""
        _LOG.debug("stand-in %s %s", self.command, _redact(self.path))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        _LOG.debug("stand-in %s %s -> %s", self.command, _redact(self.path), code)


def _redact(path: str) -> str:
    return re.sub(r"/bot[^/]+/", "/bot<token>/", urlsplit(path).path)


def _parse_params(
    query: str, content_type: str | None, body: bytes
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    kind = (content_type or "").split(";")[0].strip().lower()
    if not body:
        return params, files
    if kind == "application/json":
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("JSON body must be an object")
        params.update(decoded)
    elif kind == "multipart/form-data":
        fields, files = parse_multipart(body, content_type or "")
        params.update(fields)
    else:
        params.update(parse_qsl(body.decode(), keep_blank_values=True))
    return params, files


def parse_multipart(
    body: bytes, content_type: str
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into text fields and file parts.

    Hand-written because `cgi` is deprecated (and our tests turn warnings into errors) and
    `email`'s parser is not binary-safe for arbitrary uploads.
    """
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise ValueError("multipart body without boundary")
    delimiter = b"\r\n--" + match.group(1).encode("latin-1")
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in (b"\r\n" + body).split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, separator, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise ValueError("multipart part without headers")
        headers = _part_headers(head.decode("utf-8", "replace"))
        disposition = dict(_DISPOSITION_PARAM.findall(headers.get("content-disposition", "")))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition or headers.get("content-type", "").startswith(
            "application/octet-stream"
        ):
            files[name] = UploadedFile(
                data, disposition.get("filename"), headers.get("content-type")
            )
        else:
            fields[name] = data.decode("utf-8")
    return fields, files


def _part_headers(head: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.split("\r\n"):
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return headers
