"""Telegram's formatting parsers (HTML, MarkdownV2, legacy Markdown), close enough to refuse what
Telegram refuses.

Why this exists: a reply that Telegram rejects with "can't parse entities" is a reply the patient
never sees, and the only place that bug shows up is production. The error texts follow tdlib's
(`td/telegram/MessageEntity.cpp`), so code reading `BadRequest.message` behaves the same here.

One deliberate difference: tdlib keeps a bare `&` that starts no entity as literal text, but the
Bot API documentation says every `&` outside an entity must be escaped. With `strict=True` (the
default) the stand-in refuses it, so that anything the stand-in accepts Telegram accepts too.

Offsets and lengths of the returned entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


class EntityParseError(ValueError):
    """The text cannot be parsed in the requested parse mode (tdlib's wording, without prefix)."""


@dataclass
class _Open:
    tag: str
    entity_type: str
    utf16_start: int
    extra: dict[str, Any] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _PlainBuilder:
    """Accumulates the plain text and tracks its length in UTF-16 units for entity offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.utf16 = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.utf16 += utf16_len(text)

    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------- HTML

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));?")
_NAME_TOKEN = re.compile(r"[a-zA-Z0-9.\-]+")
_SPACES = " \t\r\n\f\v"


def _decode_html_entity(text: str, index: int) -> tuple[str, int] | None:
    match = _HTML_ENTITY.match(text, index)
    if match is None:
        return None
    named, decimal, hexadecimal = match.groups()
    if named is not None:
        if not match.group(0).endswith(";"):
            return None
        return _NAMED_ENTITIES[named], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF:
        return None
    if 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return chr(code), match.end()


def _unescape_attribute(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        decoded = _decode_html_entity(value, i) if value[i] == "&" else None
        if decoded is None:
            out.append(value[i])
            i += 1
        else:
            out.append(decoded[0])
            i = decoded[1]
    return "".join(out)


def _parse_attributes(text: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Read `name="value"` pairs up to the closing `>`; return them and the index after `>`."""
    attributes: dict[str, str] = {}
    n = len(text)
    while True:
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if text[i] == ">":
            return attributes, i + 1
        name_start = i
        while i < n and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" '
                f"at byte offset {_byte_offset(text, begin)}"
            )
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n or text[i] != "=":
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        i += 1
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end == -1:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            value = _unescape_attribute(text[i + 1 : end])
            i = end + 1
        else:
            token = _NAME_TOKEN.match(text, i)
            if token is None or token.end() >= n or text[token.end()] not in _SPACES + ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, i)}"
                )
            value = token.group(0)
            i = token.end()
        attributes[name] = value


def _open_html_tag(tag: str, attributes: dict[str, str], utf16: int, where: int) -> _Open:
    entity_type = _HTML_TAGS[tag]
    extra: dict[str, Any] = {}
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    if tag == "a":
        extra["url"] = attributes.get("href", "")
    elif tag == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise EntityParseError("Invalid custom emoji identifier specified")
        extra["custom_emoji_id"] = emoji_id
    elif tag == "code" and attributes.get("class", "").startswith("language-"):
        extra["language"] = attributes["class"].removeprefix("language-")
    elif tag == "blockquote" and "expandable" in attributes:
        entity_type = "expandable_blockquote"
    return _Open(tag, entity_type, utf16, extra)


def _close_html_tag(opened: _Open, utf16: int, entities: list[dict[str, Any]]) -> None:
    length = utf16 - opened.utf16_start
    if opened.tag == "a" and not opened.extra.get("url"):
        return  # Telegram drops a link without a target and keeps the text.
    if length <= 0:
        return
    entities.append(
        {"type": opened.entity_type, "offset": opened.utf16_start, "length": length} | opened.extra
    )


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities Telegram would make of `text` in HTML mode."""
    plain = _PlainBuilder()
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                plain.add(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(text, i)} must be escaped '
                    'as "&amp;"'
                )
        if char != "<":
            plain.add(char)
            i += 1
            continue
        begin = i
        where = _byte_offset(text, begin)
        if i + 1 < n and text[i + 1] == "/":
            end = text.find(">", i + 2)
            if end == -1:
                if not stack:
                    raise EntityParseError(f"Unexpected end tag at byte offset {where}")
                raise EntityParseError(f"Unclosed end tag at byte offset {where}")
            name = text[i + 2 : end].strip(_SPACES).lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {where}")
            top = stack.pop()
            if name and name != top.tag:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {where}, expected "</{top.tag}>", '
                    f'found "</{name}>"'
                )
            _close_html_tag(top, plain.utf16, entities)
            i = end + 1
            continue
        i += 1
        while i < n and text[i] not in _SPACES and text[i] != ">":
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {where}")
        tag = text[begin + 1 : i].lower()
        if tag not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {where}')
        attributes, i = _parse_attributes(text, i, tag, begin)
        stack.append(_open_html_tag(tag, attributes, plain.utf16, where))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return plain.text(), _merge_pre_code(entities)


def _merge_pre_code(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`<pre><code class="language-x">` is one `pre` entity with a language, not two."""
    merged: list[dict[str, Any]] = []
    for entity in entities:
        if entity["type"] == "pre":
            inner = next(
                (
                    e
                    for e in merged
                    if e["type"] == "code"
                    and (e["offset"], e["length"]) == (entity["offset"], entity["length"])
                ),
                None,
            )
            if inner is not None:
                merged.remove(inner)
                if "language" in inner:
                    entity = {**entity, "language": inner["language"]}
        merged.append(entity)
    cleaned = [
        {k: v for k, v in e.items() if k != "language"} if e["type"] == "code" else e
        for e in merged
    ]
    return sorted(cleaned, key=lambda e: (e["offset"], -e["length"]))


# ---------------------------------------------------------------- MarkdownV2

_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD2_KINDS = {
    "*": ("bold", "Bold"),
    "_": ("italic", "Italic"),
    "__": ("underline", "Underline"),
    "~": ("strikethrough", "Strikethrough"),
    "||": ("spoiler", "Spoiler"),
    "[": ("text_link", "TextUrl"),
}


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities Telegram would make of `text` in MarkdownV2 mode."""
    plain = _PlainBuilder()
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, int]] = []  # marker, utf16 start, byte offset of the marker
    quote_start: int | None = None
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        char = text[i]
        if at_line_start and char == ">":
            if quote_start is None:
                quote_start = plain.utf16
            i += 1
            at_line_start = False
            continue
        if at_line_start and quote_start is not None:
            _add(entities, "blockquote", quote_start, plain.utf16 - 1)
            quote_start = None
        at_line_start = False
        if char == "\\":
            if i + 1 >= n or not 0 < ord(text[i + 1]) < 127:
                raise EntityParseError(
                    "Character '\\' is reserved and must be escaped with the preceding '\\'"
                )
            plain.add(text[i + 1])
            i += 2
            continue
        if char == "`":
            i = _parse_md2_code(text, i, plain, entities)
            continue
        marker = "__" if text.startswith("__", i) else "||" if text.startswith("||", i) else char
        if marker in ("*", "_", "__", "~", "||"):
            open_index = next(
                (k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == marker), None
            )
            if open_index is None:
                stack.append((marker, plain.utf16, _byte_offset(text, i)))
            else:
                _, start, _ = stack.pop(open_index)
                _add(entities, _MD2_KINDS[marker][0], start, plain.utf16)
            i += len(marker)
            continue
        if char == "[":
            stack.append(("[", plain.utf16, _byte_offset(text, i)))
            i += 1
            continue
        if char == "]" and any(entry[0] == "[" for entry in stack):
            open_index = max(k for k, entry in enumerate(stack) if entry[0] == "[")
            _, start, where = stack.pop(open_index)
            if not text.startswith("(", i + 1):
                raise EntityParseError(f"Can't find end of a URL at byte offset {where}")
            close = text.find(")", i + 2)
            if close == -1:
                raise EntityParseError(f"Can't find end of a URL at byte offset {where}")
            url = text[i + 2 : close].replace("\\)", ")").replace("\\\\", "\\")
            if plain.utf16 > start:
                entities.append(
                    {
                        "type": "text_link",
                        "offset": start,
                        "length": plain.utf16 - start,
                        "url": url,
                    }
                )
            i = close + 1
            continue
        if char in _MD2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        plain.add(char)
        at_line_start = char == "\n"
        i += 1
    if stack:
        marker, _, where = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MD2_KINDS[marker][1]} entity at byte offset {where}"
        )
    if quote_start is not None:
        _add(entities, "blockquote", quote_start, plain.utf16)
    return plain.text(), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _parse_md2_code(
    text: str, i: int, plain: _PlainBuilder, entities: list[dict[str, Any]]
) -> int:
    """Parse inline code or a fenced pre block starting at `i`; return the index after it."""
    where = _byte_offset(text, i)
    fence = "```" if text.startswith("```", i) else "`"
    j = i + len(fence)
    language = ""
    if fence == "```":
        newline = text.find("\n", j)
        first_line_end = text.find("```", j)
        if newline != -1 and (first_line_end == -1 or newline < first_line_end):
            language = text[j:newline].strip()
            j = newline + 1
    start = plain.utf16
    while j < len(text):
        if text[j] == "\\" and j + 1 < len(text):
            plain.add(text[j + 1])
            j += 2
            continue
        if text.startswith(fence, j):
            entity: dict[str, Any] = {"type": "pre" if fence == "```" else "code"}
            if language:
                entity["language"] = language
            if plain.utf16 > start:
                entities.append({**entity, "offset": start, "length": plain.utf16 - start})
            return j + len(fence)
        plain.add(text[j])
        j += 1
    kind = "Pre" if fence == "```" else "Code"
    raise EntityParseError(f"Can't find end of {kind} entity at byte offset {where}")


def _add(entities: list[dict[str, Any]], entity_type: str, start: int, end: int) -> None:
    if end > start:
        entities.append({"type": entity_type, "offset": start, "length": end - start})


# ---------------------------------------------------------------- legacy Markdown

_LEGACY_MARKERS = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`."""
    plain = _PlainBuilder()
    entities: list[dict[str, Any]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            plain.add(text[i + 1])
            i += 2
            continue
        if char == "`" and text.startswith("```", i):
            end = text.find("```", i + 3)
            if end == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            start = plain.utf16
            plain.add(text[i + 3 : end])
            _add(entities, "pre", start, plain.utf16)
            i = end + 3
            continue
        if char in _LEGACY_MARKERS or char == "[":
            closing = "]" if char == "[" else char
            end = text.find(closing, i + 1)
            if end == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            start = plain.utf16
            plain.add(text[i + 1 : end])
            if char == "[":
                url_end = text.find(")", end) if text.startswith("(", end + 1) else -1
                url = text[end + 2 : url_end] if url_end != -1 else ""
                if url and plain.utf16 > start:
                    entities.append(
                        {"type": "text_link", "offset": start, "length": plain.utf16 - start}
                        | {"url": url}
                    )
                i = (url_end if url_end != -1 else end) + 1
                continue
            _add(entities, _LEGACY_MARKERS[char], start, plain.utf16)
            i = end + 1
            continue
        plain.add(char)
        i += 1
    return plain.text(), entities


# ---------------------------------------------------------------- front door

_COMMAND = re.compile(r"/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    """`bot_command` entities for a leading `/command`, as Telegram attaches to user messages."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    end = match.end()
    if end < len(text) and not text[end].isspace():
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def parse_text(
    text: str,
    parse_mode: str | None,
    *,
    strict: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """Apply `parse_mode`; raise `EntityParseError` with Telegram's reason when it would refuse."""
    mode = (parse_mode or "").lower()
    if mode == "":
        return text, []
    if mode == "html":
        return parse_html(text, strict=strict)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise ValueError("unsupported parse_mode")
