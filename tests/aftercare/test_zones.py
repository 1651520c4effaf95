"""Time zones by city or name, from tzdata's own list; the closest offered, never guessed."""

from __future__ import annotations

import pytest

from bot.aftercare.zones import ZoneMatch, find_zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("sydney", "Australia/Sydney"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("europe/london", "Europe/London"),
        ("London", "Europe/London"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("UTC", "UTC"),
    ],
)
def test_a_city_or_a_zone_name_finds_the_zone(typed: str, zone: str) -> None:
    assert find_zone(typed) == ZoneMatch(zone)


def test_a_misspelt_city_gets_the_closest_zone_as_a_suggestion() -> None:
    assert find_zone("sidney") == ZoneMatch(None, ("Australia/Sydney",))


def test_an_ambiguous_city_offers_both_zones() -> None:
    assert find_zone("istanbul") == ZoneMatch(None, ("Asia/Istanbul", "Europe/Istanbul"))


def test_nonsense_finds_nothing() -> None:
    assert find_zone("Mars/Olympus") == ZoneMatch(None)
    assert find_zone("   ") == ZoneMatch(None)
