"""The hand-written code a library replaced, kept unchanged so ``library_choices.py`` can re-run.

Neither is used by the bot: ``bot.knowledge.text`` now takes its edit distance from rapidfuzz and
``bot.knowledge.articles`` reads Markdown with markdown-it-py. The figures that decided it are in
bench/RESULTS.md ("Own code or a library").
"""

from __future__ import annotations

import re


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


OVERVIEW = "Overview"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_CONTINUATION = re.compile(r"^\s{2,}\S")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")


def _clean_inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def article_blocks(body: str) -> list[tuple[str, str, bool]]:
    """(section, text, is a list item) for each paragraph and list item of an article body."""
    blocks: list[tuple[str, str, bool]] = []
    section = OVERVIEW
    lines: list[str] = []
    is_item = False

    def flush() -> None:
        nonlocal lines
        text = _clean_inline(" ".join(lines))
        if text:
            blocks.append((section, text, is_item))
        lines = []

    for raw in body.splitlines():
        heading = _HEADING.match(raw)
        bullet = _BULLET.match(raw)
        if heading:
            flush()
            if len(heading.group(1)) > 1 or blocks:
                section = _clean_inline(heading.group(2))
            is_item = False
        elif not raw.strip():
            flush()
            is_item = False
        elif bullet:
            flush()
            lines, is_item = [bullet.group(1)], True
        elif is_item and not _CONTINUATION.match(raw) and lines:
            # A plain line right after a list item starts a new paragraph.
            flush()
            lines, is_item = [raw], False
        else:
            lines.append(raw)
    flush()
    return blocks
