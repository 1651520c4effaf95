"""What one attempt at handling an update has already shown someone in Telegram.

An update whose write met another process's lock is handled again once the lock is free
(``bot.telegram.lock_retry``). That is safe only while the attempt has made no request a person
could see twice: a message, an edit, a deletion, an answered button. Handlers write first and
send after (durable first), so a lock normally fails an attempt before any such request; this
notes the ones that did go out, so a retry never repeats them.

The note lives in a ``ContextVar``: each update is handled in its own asyncio task, so what the
application bot's rate limiter (which sees every request) notes belongs to the attempt running
in that task, never to another patient's update processed at the same time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Requests a person sees even if they are made again: repeating one would show it twice.
_SEEN_PREFIXES = ("send", "edit", "copy", "forward", "delete", "answerCallbackQuery")
#: ... except these, which change nothing in the chat.
_UNSEEN = frozenset({"sendChatAction", "deleteMyCommands", "deleteWebhook"})

_made: ContextVar[list[str] | None] = ContextVar("requests_made_by_this_attempt", default=None)


def seen_by_someone(endpoint: str) -> bool:
    return endpoint.startswith(_SEEN_PREFIXES) and endpoint not in _UNSEEN


def note_request(endpoint: str) -> None:
    """Called for every request of the application's bot, before it is made."""
    made = _made.get()
    if made is not None and seen_by_someone(endpoint):
        made.append(endpoint)


@contextmanager
def watching_requests() -> Iterator[list[str]]:
    """Collect the endpoints of the seen requests made inside the block (in this task)."""
    made: list[str] = []
    token = _made.set(made)
    try:
        yield made
    finally:
        _made.reset(token)
