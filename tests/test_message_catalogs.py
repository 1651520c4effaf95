"""Code and catalogs stay in sync: every key the code uses exists in every locale, and the
placeholders the code fills are exactly the ones the template expects."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content import Catalog, Messages, load_catalog, template_fields

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "messages"


@dataclass(frozen=True)
class KeyUse:
    where: str
    key: str
    params: frozenset[str] | None  # None when the call passes **kwargs we cannot see


def _key_uses() -> Iterator[KeyUse]:
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"text", "raw"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and "." in node.args[0].value
            ):
                continue
            names = [kw.arg for kw in node.keywords]
            named = [n for n in names if n is not None]
            params = (
                None if len(named) < len(names) else frozenset(n for n in named if n != "locale")
            )
            yield KeyUse(f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value, params)


USES = list(_key_uses())
CATALOGS = [load_catalog(path) for path in sorted(CATALOG_DIR.glob("*.toml"))]


def test_the_code_uses_catalog_keys_at_all() -> None:
    assert len(USES) > 10


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.locale)
def test_every_key_the_code_uses_exists_in_every_locale(catalog: Catalog) -> None:
    missing = [f"{use.where}: {use.key}" for use in USES if use.key not in catalog.templates]
    assert missing == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.locale)
def test_the_code_fills_exactly_the_placeholders_each_template_has(catalog: Catalog) -> None:
    wrong = [
        f"{use.where}: {use.key} gets {sorted(use.params)}, "
        f"template wants {sorted(catalog.placeholders(use.key))}"
        for use in USES
        if use.params is not None
        and use.key in catalog.templates
        and use.params != catalog.placeholders(use.key)
    ]
    assert wrong == []


def test_every_locale_has_the_default_locales_keys_with_the_same_placeholders() -> None:
    default = next(c for c in CATALOGS if c.locale == "en")
    for catalog in CATALOGS:
        assert set(catalog.templates) == set(default.templates), catalog.locale
        for key, template in catalog.templates.items():
            assert template_fields(template) == default.placeholders(key), (catalog.locale, key)


def _constant_arguments(method: str, position: int) -> Iterator[tuple[str, str]]:
    """(where, value) of every ``.method(...)`` call in bot/ whose argument at ``position`` is
    a string constant."""
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == method
                and len(node.args) > position
            ):
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", argument.value


PLURALS = list(_constant_arguments("plural", 0))
DATE_STYLES = list(_constant_arguments("when", 1))


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.locale)
def test_every_count_and_date_style_the_code_uses_exists(catalog: Catalog) -> None:
    assert len(PLURALS) >= 5 and len(DATE_STYLES) >= 5
    missing = [
        f"{where}: {key}" for where, key in PLURALS if f"{key}.other" not in catalog.templates
    ]
    missing += [
        f"{where}: formats.{style}"
        for where, style in DATE_STYLES
        if f"formats.{style}" not in catalog.templates
    ]
    assert missing == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.locale)
def test_every_plural_form_shows_the_count_or_words_it_out(catalog: Catalog) -> None:
    forms = {key.rsplit(".", 1)[0] for key in catalog.templates if key.startswith("count.")}
    for table in forms:
        assert catalog.placeholders(f"{table}.other") == {"count"}, table


def test_placeholder_values_are_escaped_for_telegram_html() -> None:
    messages = Messages.load(CATALOG_DIR)
    text = messages.text("input.unknown_command", command="<b>&evil")
    assert "&lt;b&gt;&amp;evil" in text


def test_urgent_wording_is_marked_for_clinical_review() -> None:
    raw = (CATALOG_DIR / "en.toml").read_text(encoding="utf-8")
    urgent_table = raw.split("[urgent]", 1)[1]
    assert "_review" in urgent_table.split("\n[", 1)[0]
    assert "CLINIC MUST REVIEW" in raw
