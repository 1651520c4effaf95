"""Finding the IANA time zone a patient means: ``Europe/London``, ``london``, ``new york``.

People type a city, not a zone name. Every name comes from tzdata's own list
(``zoneinfo.available_timezones``): a zone matches by its full name or by its city (the last
part, ``America/New_York`` → "new york"), in any case, with spaces or underscores. Legacy
aliases (``US/Pacific``, ``Etc/GMT+5``) count only by full name, so a city has one answer.
When nothing matches exactly, the closest city names are offered instead of a guess.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import available_timezones

# Areas of the canonical zones; the rest of tzdata's list is kept for old names.
_REGIONS = frozenset(
    [
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
)
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class ZoneMatch:
    """``name``: the zone meant, or None; then ``suggestions`` are the closest zone names."""

    name: str | None
    suggestions: tuple[str, ...] = ()


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(full name → zone, city → zones)."""
    names = sorted(available_timezones())
    full = {_key(name): name for name in names}
    cities: dict[str, list[str]] = {}
    for name in names:
        if name.split("/", 1)[0] in _REGIONS:
            cities.setdefault(_key(name.rsplit("/", 1)[-1]), []).append(name)
    return full, cities


def find_zone(text: str) -> ZoneMatch:
    """The zone ``text`` names (exactly, or by its city), else the closest suggestions."""
    key = _key(text)
    if not key:
        return ZoneMatch(None)
    full, cities = _index()
    if key in full:
        return ZoneMatch(full[key])
    found = cities.get(key, [])
    # tzdata's old names are the shorter ones (America/Buenos_Aires for
    # America/Argentina/Buenos_Aires): the deepest name is the canonical zone.
    deepest = [name for name in found if name.count("/") == max(n.count("/") for n in found)]
    if len(deepest) == 1:
        return ZoneMatch(deepest[0])
    if found:
        return ZoneMatch(None, tuple(found[:MAX_SUGGESTIONS]))
    close = difflib.get_close_matches(key, list(cities), n=MAX_SUGGESTIONS, cutoff=0.75)
    return ZoneMatch(None, tuple(cities[city][0] for city in close))
