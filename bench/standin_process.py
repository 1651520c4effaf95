"""The Bot API stand-in for benchmarks, in a process of its own (or, on request, in a thread).

In the bench's own process the stand-in's HTTP threads compete with the bot's event loop for the
GIL, and its records (every accepted call, kept for asserting on) sit in the bot's heap, so a
full garbage collection walks them too. Production has neither: Telegram is another machine.
``StandInProcess`` runs ``BotApiStandIn`` in a child process and talks to it over a small JSON
line protocol on a local socket, without blocking the caller's event loop; ``StandInThread``
offers the same calls over an in-process stand-in, to compare the two.

Only what the benches need is exposed: chats, the rate limit, a patient's question with the
time to the bot's answer (measured inside the stand-in; ``ask_many`` and ``reply_waits`` for
many patients asking at once), and the accepted sends.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Self

from bot.devtools.standin import BotApiStandIn
from bot.devtools.standin.records import SentRecord


class _Calls:
    """The bench's view of a stand-in, wherever it runs."""

    def __init__(self, standin: BotApiStandIn) -> None:
        self.standin = standin
        self.asked = 0.0  # when the last ``ask_many`` pushed its questions

    async def handle(self, op: str, args: dict[str, Any]) -> Any:
        standin = self.standin
        if op == "register_chats":
            for chat in args["chats"]:
                standin.register_chat(chat)
            return None
        if op == "rate_limit":
            standin.rate_limit(per_second=args["per_second"], retry_after=args["retry_after"])
            return None
        if op == "ask":
            asked = time.monotonic()
            standin.push_message(args["chat"], args["text"])
            try:
                reply: SentRecord = await standin.wait_for_reply(
                    args["chat"], timeout=args["timeout"]
                )
            except TimeoutError:
                return None
            return reply.sent_at - asked
        if op == "ask_many":
            # Everyone asks at the same instant; ``reply_waits`` reads the answers' times later.
            self.asked = time.monotonic()
            for chat in args["chats"]:
                standin.push_message(chat, args["text"])
            return None
        if op == "reply_waits":
            first: dict[int, float] = {}
            for record in standin.sent:
                chat = record.chat_id
                later = record.sent_at >= self.asked
                if isinstance(chat, int) and chat not in first and record.is_new_message and later:
                    first[chat] = record.sent_at - self.asked
            return [first.get(chat) for chat in args["chats"]]
        if op == "count_sends":
            skip = args.get("except_chat")
            return sum(1 for r in standin.sent if r.method == args["method"] and r.chat_id != skip)
        if op == "sends":
            skip = args.get("except_chat")
            return [
                (r.chat_id, r.sent_at)
                for r in standin.sent
                if r.method == args["method"] and r.chat_id != skip
            ]
        if op == "counters":
            counters = standin.counters
            skip = args.get("except_chat")
            intervals = [v for k, v in counters.min_interval_by_chat.items() if k != skip]
            return {
                "rate_limited": counters.rate_limited,
                "per_chat_violations": counters.per_chat_violations,
                "peak_sends_per_second": counters.peak_sends_per_second,
                "min_chat_interval": min(intervals) if intervals else None,
            }
        raise ValueError(f"unknown call {op!r}")


class StandInThread:
    """The stand-in in this process (its HTTP server in a thread): the old, noisier setup."""

    def __init__(self) -> None:
        self._standin = BotApiStandIn()
        self._calls = _Calls(self._standin)
        self.token = self.base_url = self.base_file_url = ""

    async def __aenter__(self) -> Self:
        self._standin.start()
        self.token = self._standin.token
        self.base_url = self._standin.base_url
        self.base_file_url = self._standin.base_file_url
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self._standin.stop)

    async def call(self, op: str, **args: Any) -> Any:
        # Through JSON, so both kinds answer alike (tuples become lists, keys strings).
        return json.loads(json.dumps(await self._calls.handle(op, args)))


class StandInProcess:
    """The stand-in in a child process; ``call`` is one request on a local socket."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child,), name="bot-api-stand-in", daemon=True
        )
        self.token = self.base_url = self.base_file_url = ""
        self._port = 0

    async def __aenter__(self) -> Self:
        self._process.start()
        info = await asyncio.to_thread(self._parent.recv)
        self.token, self.base_url, self.base_file_url = info["token"], info["url"], info["file"]
        self._port = info["port"]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._parent.send("stop")
        await asyncio.to_thread(self._process.join, 10)
        if self._process.is_alive():
            self._process.kill()

    async def call(self, op: str, **args: Any) -> Any:
        reader, writer = await asyncio.open_connection("127.0.0.1", self._port, limit=2**26)
        try:
            writer.write(json.dumps({"op": op, "args": args}).encode() + b"\n")
            await writer.drain()
            answer = json.loads(await reader.readline())
        finally:
            writer.close()
            await writer.wait_closed()
        if "error" in answer:
            raise RuntimeError(f"stand-in call {op} failed: {answer['error']}")
        return answer["result"]


def _serve(conn: Connection) -> None:
    asyncio.run(_serve_async(conn))


async def _serve_async(conn: Connection) -> None:
    with BotApiStandIn() as standin:
        calls = _Calls(standin)

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            request = json.loads(await reader.readline())
            try:
                answer = {"result": await calls.handle(request["op"], request["args"])}
            except Exception as exc:
                answer = {"error": repr(exc)}
            writer.write(json.dumps(answer).encode() + b"\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0, limit=2**20)
        port = server.sockets[0].getsockname()[1]
        conn.send(
            {
                "token": standin.token,
                "url": standin.base_url,
                "file": standin.base_file_url,
                "port": port,
            }
        )
        await asyncio.to_thread(conn.recv)  # "stop"
        server.close()
        await server.wait_closed()
