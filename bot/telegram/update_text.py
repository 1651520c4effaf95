"""Update JSON read so that every string in it can be stored and sent again.

JSON may spell a lone UTF-16 surrogate ("\\ud800"); ``json.loads`` hands it over as a Python
string that SQLite, logging and the Bot API all refuse to encode. A hostile or broken client
could so make the bot fail to record a red-flag alert for the very message that raised it.
Both ways updates arrive (long polling and the webhook) read them with :func:`loads_update`,
which puts each lone surrogate as U+FFFD, as a UTF-8 decoder puts any unreadable byte.
"""

from __future__ import annotations

import json
import re
from typing import Any

# An escaped surrogate anywhere in the raw text: only then is the parsed document walked.
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
# Parsed, a pair is one character already: a surrogate left is a lone one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def loads_update(raw: bytes) -> Any:
    """``json.loads`` of ``raw`` (UTF-8; unreadable bytes as U+FFFD) with no lone surrogate
    left in any string, key or value."""
    data = json.loads(raw.decode("utf-8", "replace"))
    return _readable(data) if _ESCAPED_SURROGATE.search(raw) else data


def _readable(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_readable(item) for item in value]
    if isinstance(value, dict):
        return {_readable(key): _readable(item) for key, item in value.items()}
    return value
