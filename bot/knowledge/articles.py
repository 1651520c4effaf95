"""Articles of the knowledge base, parsed from Markdown text into passages.

A passage is one paragraph or one list item: answers quote a passage, so the finer the grain the
more to the point the answer. Parsing is pure (the caller reads the files) so that clinic-added
articles, the database copy and the tests all go through exactly the same code.

The article format is front matter between ``---`` lines (``title`` required; ``source``,
``author`` and any other ``key: value`` optional) followed by Markdown whose ``##`` headings name
the sections. Text before the first heading belongs to a section called "Overview".

The Markdown is read as CommonMark by markdown-it-py, so the bot sees what any Markdown preview
shows: escapes and entities ("2\\*3", "&amp;"), underlined headings, quotes, and HTML comments
(never quoted to a patient). As in a preview, a line right after a list item continues the item;
a new paragraph needs a blank line first. Bullets pasted from a word processor ("• ") are list
items too. It replaced a hand-written line parser that gave the same passages for the shipped
articles but got those cases wrong; it costs about 0.2 ms more per article, once, at load, and
about 4 MB of memory (``bench/library_choices.py``; figures in bench/RESULTS.md).

Example patient questions live beside the article in ``<slug>.questions.toml``; each entry names
a passage by its section heading and a short phrase the passage contains, so a clinic can extend
the file without knowing any identifiers (see the header comment of the shipped files).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

OVERVIEW = "Overview"

# CommonMark, read the way any Markdown preview shows it (markdown-it-py).
_MARKDOWN = MarkdownIt("commonmark")
# Bullets pasted from a word processor ("• Water") are list items too.
_PASTED_BULLET = re.compile(r"^( {0,3})•[ \t]+", re.MULTILINE)


class ArticleFormatError(ValueError):
    """An article or its questions file cannot be understood; the message says where and why."""


@dataclass(frozen=True)
class Passage:
    id: str
    article_slug: str
    article_title: str
    section: str
    text: str
    examples: tuple[str, ...] = ()
    # For a list item: the paragraph that introduces the list ("... including:"), so an answer
    # quoting one item still reads as a sentence.
    lead: str = ""


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    source: str
    author: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class _Block:
    section: str
    text: str
    is_item: bool


def slug_of(name: str) -> str:
    """The article slug from a file name: ``dry-needling.md`` -> ``dry-needling``."""
    base = name.rsplit("/", 1)[-1]
    for suffix in (".questions.toml", ".md", ".markdown"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def parse_article(name: str, markdown: str, questions_toml: str | None = None) -> Article:
    slug = slug_of(name)
    if not slug:
        raise ArticleFormatError(f"{name}: the file name gives no article slug")
    meta, body = _split_front_matter(name, markdown)
    title = meta.get("title", "").strip()
    if not title:
        raise ArticleFormatError(f"{name}: the front matter has no 'title'")
    blocks, has_heading = _blocks(body)
    if not blocks:
        raise ArticleFormatError(f"{name}: the article has no text")
    if not has_heading:
        raise ArticleFormatError(f"{name}: the article has no '## Section' headings")
    passages: list[Passage] = []
    lead = ""
    previous_section = ""
    for index, block in enumerate(blocks, start=1):
        if block.section != previous_section:
            lead, previous_section = "", block.section
        passages.append(
            Passage(
                id=f"{slug}#{index}",
                article_slug=slug,
                article_title=title,
                section=block.section,
                text=block.text,
                lead=lead if block.is_item else "",
            )
        )
        if not block.is_item:
            lead = block.text if block.text.rstrip().endswith(":") else ""
    if questions_toml is not None:
        passages = _attach_examples(name, passages, questions_toml)
    return Article(
        slug=slug,
        title=title,
        source=meta.get("source", "").strip() or name,
        author=meta.get("author", "").strip(),
        passages=tuple(passages),
    )


def _split_front_matter(name: str, markdown: str) -> tuple[dict[str, str], str]:
    text = markdown.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ArticleFormatError(f"{name}: the file must start with a '---' front matter block")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ArticleFormatError(
            f"{name}: the front matter block is not closed by '---'"
        ) from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise ArticleFormatError(
                f"{name}, line {number}: expected 'key: value' in front matter"
            )
        meta[key.strip().lower()] = _unquote(value.strip())
    return meta, "\n".join(lines[end + 1 :])


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _blocks(body: str) -> tuple[list[_Block], bool]:
    """The paragraphs and list items of a body with their sections; whether it has a heading."""
    blocks: list[_Block] = []
    section = OVERVIEW
    heading = ""
    has_heading = item_starts = False
    for token in _MARKDOWN.parse(_PASTED_BULLET.sub(r"\1- ", body)):
        if token.type == "heading_open":
            heading, has_heading = token.tag, True
        elif token.type in ("list_item_open", "list_item_close"):
            item_starts = token.type == "list_item_open"
        elif token.type == "inline":
            text = _plain(token.children or [])
            if heading:
                # A "# Title" before any text repeats the article's title: it names no section.
                if heading != "h1" or blocks:
                    section = text
                heading = ""
            elif text:
                blocks.append(_Block(section, text, item_starts))
            item_starts = False
    return blocks, has_heading


def _plain(children: list[Token]) -> str:
    """Inline Markdown as the text a reader sees: link and emphasis marks, and HTML, dropped."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child.children or []))
    return " ".join("".join(parts).split())


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201b`´]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _attach_examples(name: str, passages: list[Passage], questions_toml: str) -> list[Passage]:
    where = f"{slug_of(name)}.questions.toml"
    try:
        data = tomllib.loads(questions_toml)
    except tomllib.TOMLDecodeError as error:
        raise ArticleFormatError(f"{where}: not valid TOML ({error})") from None
    entries = data.get("passage", [])
    if not isinstance(entries, list):
        raise ArticleFormatError(f"{where}: use [[passage]] tables")
    extra: dict[int, list[str]] = {}
    for number, entry in enumerate(entries, start=1):
        label = f"{where}, [[passage]] #{number}"
        if not isinstance(entry, dict):
            raise ArticleFormatError(f"{label}: expected a table")
        section = entry.get("section")
        phrase = entry.get("contains", "")
        questions = entry.get("questions")
        if not isinstance(section, str) or not section.strip():
            raise ArticleFormatError(f"{label}: 'section' (a heading of the article) is required")
        if not isinstance(phrase, str):
            raise ArticleFormatError(f"{label}: 'contains' must be a string")
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise ArticleFormatError(f"{label}: 'questions' must be a list of strings")
        in_section = [
            i for i, passage in enumerate(passages) if _fold(passage.section) == _fold(section)
        ]
        if not in_section:
            known = ", ".join(sorted({p.section for p in passages}))
            raise ArticleFormatError(f"{label}: no section {section!r} (sections: {known})")
        chosen = [i for i in in_section if _fold(phrase) in _fold(passages[i].text)]
        if len(chosen) != 1:
            found = "no passage" if not chosen else f"{len(chosen)} passages"
            raise ArticleFormatError(
                f"{label}: {found} in section {section!r} contain {phrase!r};"
                " give a phrase that picks exactly one"
            )
        extra.setdefault(chosen[0], []).extend(q.strip() for q in questions if q.strip())
    result = []
    for i, passage in enumerate(passages):
        if i in extra:
            examples = tuple(dict.fromkeys((*passage.examples, *extra[i])))
            passage = Passage(**{**passage.__dict__, "examples": examples})
        result.append(passage)
    return result
