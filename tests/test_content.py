"""Counted words and dates in the catalog's language: Babel's plural rules and date patterns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.content import Catalog, Messages, MissingMessageError

MOMENT = datetime(2026, 6, 3, 8, 5, tzinfo=UTC)


def _messages() -> Messages:
    formats = {"formats.day_time": "dd MMM HH:mm", "formats.date": "dd MMM y"}
    english = {
        "count.patients.one": "{count} patient",
        "count.patients.other": "{count} patients",
        **formats,
    }
    russian = {  # Russian has one, few, many and other; this catalog leaves out "many"
        "count.patients.one": "{count} пациент",
        "count.patients.few": "{count} пациента",
        "count.patients.other": "{count} пациентов",
        "formats.day_time": "d MMM HH:mm",
    }
    return Messages({"en": Catalog("en", english), "ru": Catalog("ru", russian)})


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 patients"), (1, "1 patient"), (2, "2 patients"), (1234, "1,234 patients")],
)
def test_english_counts_take_the_singular_only_for_one(count: int, expected: str) -> None:
    assert _messages().plural("count.patients", count) == expected


def test_each_language_picks_its_own_plural_form_and_falls_back_to_other() -> None:
    messages = _messages()
    assert messages.plural("count.patients", 1, "ru") == "1 пациент"
    assert messages.plural("count.patients", 3, "ru") == "3 пациента"
    assert messages.plural("count.patients", 5, "ru") == "5 пациентов"  # "many": not in catalog
    assert messages.plural("count.patients", 2, "pt") == "2 patients"  # no catalog: the default


def test_a_count_the_catalog_lacks_is_a_named_error() -> None:
    with pytest.raises(MissingMessageError):
        _messages().plural("count.nothing", 2)


def test_dates_use_the_catalogs_pattern_zone_and_month_names() -> None:
    messages = _messages()
    london = ZoneInfo("Europe/London")
    assert messages.when(MOMENT, "day_time", zone=london) == "03 Jun 09:05"
    assert messages.when(MOMENT, "day_time", "ru", zone=london) == "3 июн. 09:05"
    assert messages.when(date(2026, 9, 3), "date") == "03 Sep 2026"


def test_the_shipped_catalog_counts_staff_facing_words(messages: Messages) -> None:
    assert messages.plural("count.patients", 1) == "1 patient"
    assert messages.plural("count.patients", 2) == "2 patients"
    assert messages.plural("count.open_alerts", 1) == "1 open alert"
    assert messages.plural("count.open_alerts", 3) == "3 open alerts"
