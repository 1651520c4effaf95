"""What finding the handler of a button press costs (``bot/telegram/callbacks.py``).

PTB asks each handler of the table in turn whether it takes the update, and every button
handler's pattern is the codec's ``decode``: a check-in score is read by each pattern before its
own. The codec keeps its answers in a small cache, so only the first read of a press pays.

Prints: one decode without the cache (a check-in at the widest id), and the walk down the real
handler table (``bot.app.handler_table``) for a check-in press and for a stale press whose data
no pattern takes (new data each time, as a flood of forged presses would be).
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update

from bot.app import handler_table
from bot.ids import MAX_ID
from bot.telegram.callbacks import REGISTRY, CheckinScore, encode

ROUNDS = 20_000
CHAT = 7_000_000_001


def press(data: str) -> Update:
    user = {"id": CHAT, "is_bot": False, "first_name": "P"}
    message = {"message_id": 1, "date": 0, "chat": {"id": CHAT, "type": "private"}, "text": "…"}
    query = {"id": "1", "from": user, "chat_instance": "1", "data": data, "message": message}
    return Update.de_json({"update_id": 1, "callback_query": query}, None)


def microseconds(call: Callable[[], object]) -> float:
    return timeit.timeit(call, number=ROUNDS) / ROUNDS * 1e6


def main() -> None:
    table = handler_table()

    def walk(update: Update) -> int:
        return next(i for i, h in enumerate(table) if h.check_update(update))

    checkin = press(encode(CheckinScore(MAX_ID, 10)))
    stale = iter([press(f"a1:ck:{n}:{n}") for n in range(ROUNDS)])
    data = str(checkin.callback_query.data if checkin.callback_query else "")
    print(f"handlers: {len(table)}; the check-in's is number {walk(checkin) + 1}; data {data!r}")
    cold = microseconds(lambda: REGISTRY._read_text(data))
    found = microseconds(lambda: walk(checkin))
    refused = microseconds(lambda: walk(next(stale)))
    print(f"decode, not cached:                  {cold:6.1f} µs")
    print(f"a check-in press finds its handler:  {found:6.1f} µs")
    print(f"a stale press reaches the catch-all: {refused:6.1f} µs")


if __name__ == "__main__":
    main()
