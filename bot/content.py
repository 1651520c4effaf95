"""Content that lives on disk, not in code: message catalogs and the clinic's articles.

Every user-facing sentence is a key in ``messages/<locale>.toml``. Catalog values are Telegram
HTML; placeholders are ``str.format`` fields whose values are HTML-escaped here, so text from
patients or articles can never break a reply's markup. Keys starting with ``_`` are notes for
the clinic (for example which texts need clinical review), not messages.

Counted words and dates follow the locale through Babel: a ``[count.<name>]`` table holds one
entry per plural form (``one``, ``other``; ``few``, ``many`` … where the language has them) and
``Messages.plural`` picks one by the locale's CLDR plural rule; ``[formats]`` holds CLDR date
patterns, which ``Messages.when`` fills with the locale's month and day names.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from bot.aftercare.plan import AftercarePlan, PlanError, parse_plan


class MissingMessageError(KeyError):
    """Code asked for a message key that the catalog does not have."""


class CatalogError(ValueError):
    """A catalog file cannot be used (bad TOML, a value that is not text)."""


@dataclass(frozen=True)
class Catalog:
    """One locale's flattened messages: dotted key -> template."""

    locale: str
    templates: Mapping[str, str]

    def placeholders(self, key: str) -> frozenset[str]:
        return template_fields(self.templates[key])


def template_fields(template: str) -> frozenset[str]:
    """The ``str.format`` field names a template uses."""
    return frozenset(
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    )


class Messages:
    """Looks up and fills message templates, falling back to the default locale."""

    def __init__(self, catalogs: Mapping[str, Catalog], default_locale: str = "en") -> None:
        if default_locale not in catalogs:
            raise CatalogError(f"no catalog for the default locale {default_locale!r}")
        self._catalogs = dict(catalogs)
        self.default_locale = default_locale

    @classmethod
    def load(cls, directory: Path, default_locale: str = "en") -> Messages:
        catalogs = {}
        for path in sorted(directory.glob("*.toml")):
            catalogs[path.stem] = load_catalog(path)
        if not catalogs:
            raise CatalogError(f"no message catalogs in {directory}")
        return cls(catalogs, default_locale)

    def catalog(self, locale: str) -> Catalog:
        return self._catalogs[locale]

    def resolve_locale(self, language_code: str | None) -> str:
        """Pick the best catalog for a Telegram ``language_code`` such as ``pt-br``."""
        if language_code:
            code = language_code.lower()
            for candidate in (code, code.split("-")[0]):
                if candidate in self._catalogs:
                    return candidate
        return self.default_locale

    def has(self, key: str) -> bool:
        return key in self._catalogs[self.default_locale].templates

    def text(self, key: str, /, locale: str | None = None, **params: Any) -> str:
        """The message ``key`` in ``locale`` (or the default), placeholders HTML-escaped."""
        return _fill(self._template(key, locale), key, params)

    def raw(self, key: str, /, locale: str | None = None, **params: Any) -> str:
        """The message filled in without escaping, for plain-text surfaces (CLI, buttons)."""
        return self._template(key, locale).format(**params)

    def plural(self, key: str, count: int, /, locale: str | None = None, **params: Any) -> str:
        """The form of ``[key]`` (a ``count.*`` table) that the locale's plural rule picks for
        ``count`` — "1 patient", "2 patients" — filled like ``text``; ``{count}`` is the number
        written the locale's way. A form the catalog lacks falls back to ``other``."""
        for candidate in (locale, self.default_locale):
            templates = self._catalogs[candidate].templates if candidate in self._catalogs else {}
            if f"{key}.other" in templates:
                form = babel_locale(candidate or self.default_locale).plural_form(abs(count))
                template = templates.get(f"{key}.{form}", templates[f"{key}.other"])
                number = format_decimal(count, locale=babel_locale(candidate or "en"))
                return _fill(template, key, {**params, "count": number})
        raise MissingMessageError(f"{key}.other")

    def when(
        self,
        moment: date | datetime,
        style: str,
        /,
        locale: str | None = None,
        *,
        zone: tzinfo | None = None,
    ) -> str:
        """``moment`` written with the catalog's ``formats.<style>`` pattern (CLDR, as Babel
        reads it), in ``zone`` and with the locale's month and day names."""
        pattern = self._template(f"formats.{style}", locale)
        language = babel_locale(locale if locale in self._catalogs else self.default_locale)
        if isinstance(moment, datetime):
            return format_datetime(moment, pattern, tzinfo=zone, locale=language)
        return format_date(moment, pattern, locale=language)

    def _template(self, key: str, locale: str | None) -> str:
        for candidate in (locale, self.default_locale):
            if candidate and candidate in self._catalogs:
                template = self._catalogs[candidate].templates.get(key)
                if template is not None:
                    return template
        raise MissingMessageError(key)


def _fill(template: str, key: str, params: Mapping[str, Any]) -> str:
    escaped = {name: _escape(value) for name, value in params.items()}
    try:
        return template.format(**escaped)
    except (KeyError, IndexError) as exc:
        raise MissingMessageError(f"message {key!r} needs the placeholder {exc}") from exc


@lru_cache(maxsize=32)
def babel_locale(code: str) -> Locale:
    """Babel's locale for a catalog name such as ``en`` or ``pt-br`` (English if unknown)."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def _escape(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    return html.escape(str(value), quote=False)


class Markup(str):
    """Text that is already safe Telegram HTML (for example a message built from the catalog)."""

    __slots__ = ()


def load_catalog(path: Path) -> Catalog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc
    return Catalog(path.stem, dict(_flatten(data, path.name)))


def _flatten(table: Mapping[str, Any], source: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        if key.startswith("_"):
            continue
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, source, dotted + ".")
        elif isinstance(value, str):
            yield dotted, value
        else:
            raise CatalogError(f"{source}: {dotted} must be text")


_TAG = re.compile(r"<[^>]+>")


def html_to_plain(text: str) -> str:
    """What a Telegram client shows for an HTML message: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


@dataclass(frozen=True)
class ArticleSource:
    """An article file as found on disk, before parsing."""

    name: str
    markdown: str
    questions: str | None
    digest: str


def read_article_sources(directory: Path) -> list[ArticleSource]:
    """Read ``*.md`` articles and their optional ``*.questions.toml`` example questions."""
    sources = []
    for path in sorted(directory.glob("*.md")):
        markdown = path.read_text(encoding="utf-8")
        questions_path = path.with_suffix(".questions.toml")
        questions = (
            questions_path.read_text(encoding="utf-8") if questions_path.is_file() else None
        )
        digest = hashlib.sha256(markdown.encode() + b"\0" + (questions or "").encode()).hexdigest()
        sources.append(ArticleSource(path.stem, markdown, questions, digest))
    return sources


def load_plan(path: Path) -> AftercarePlan:
    """The aftercare plan file (TOML), validated; errors name the file, entry and field."""
    return parse_plan_text(path.read_text(encoding="utf-8"), source=path.name)


def parse_plan_text(text: str, *, source: str) -> AftercarePlan:
    """A plan from TOML text (a file, or a clinic's override stored in the database)."""
    try:
        return parse_plan(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{source}: {exc}") from exc
    except PlanError as exc:
        raise PlanError(f"{source}: {exc}") from exc
