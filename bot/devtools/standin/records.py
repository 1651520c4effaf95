"""What the bot did, as immutable records tests and benchmarks can assert on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.devtools.standin.markup import inline_buttons

#: Methods that put a new message into a chat (as opposed to edits, deletes and chat actions).
MESSAGE_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendSticker", "sendVoice", "copyMessage"}
)


@dataclass(frozen=True)
class SentRecord:
    """One accepted Bot API call that changed what a user sees.

    `text` is what the bot sent (markup included); `plain_text` is what the user reads after
    Telegram parsed the entities. For media, both hold the caption.
    """

    sequence: int
    method: str
    chat_id: int | str | None
    message_id: int | None
    text: str | None = None
    plain_text: str | None = None
    parse_mode: str | None = None
    entities: tuple[Mapping[str, Any], ...] = ()
    reply_markup: Mapping[str, Any] | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, repr=False)
    sent_at: float = 0.0  # time.monotonic() when the stand-in accepted the call

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, row by row."""
        return inline_buttons(dict(self.reply_markup) if self.reply_markup else None)

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    @property
    def is_new_message(self) -> bool:
        return self.method in MESSAGE_METHODS


@dataclass(frozen=True)
class StandInCounters:
    """A snapshot of traffic figures, for benchmarks and for asserting on retry behaviour."""

    requests: int
    requests_by_method: Mapping[str, int]
    rate_limited: int  # 429 answers sent
    blocked: int  # 403 answers sent
    injected_failures: int
    per_chat_violations: int  # sends to one chat less than 1 s after the previous one
    min_interval_by_chat: Mapping[int | str, float]
    peak_sends_per_second: int  # most sending calls accepted within any sliding 1 s window
