"""The one rule for numbers people type or buttons carry (``bot.ids``)."""

from __future__ import annotations

import pytest

from bot.ids import MAX_ID, looks_like_a_number, parse_base36, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("12", 12), ("0012", 12), (str(MAX_ID), MAX_ID)],
)
def test_ascii_digits_within_bounds_are_numbers(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        str(MAX_ID + 1),  # SQLite would raise OverflowError
        "99999999999999999999",
        "9" * 400,  # never converted at all
        "²",  # isdigit() is true, int() raises
        "³⁴",
        "٣",  # int() would read 3: another script's digit is not an id
        "１２",  # full-width
        "-1",
        "+1",
        " 1",
        "1 ",
        "1\n",
        "1_000",  # int() accepts underscores
        "0x10",
        "1.0",
    ],
)
def test_anything_else_is_not_a_number(text: str | None) -> None:
    assert parse_number(text) is None


def test_bounds_are_the_callers() -> None:
    assert parse_number("0", minimum=1) is None
    assert parse_number("7", maximum=6) is None
    assert parse_number("6", maximum=6) == 6


@pytest.mark.parametrize("text", ["12", "²", "٣", "99999999999999999999"])
def test_what_someone_meant_as_a_number(text: str) -> None:
    assert looks_like_a_number(text)


@pytest.mark.parametrize("text", ["", "abc", "12a", "-1"])
def test_what_is_not_meant_as_a_number(text: str) -> None:
    assert not looks_like_a_number(text)


def test_base36_follows_the_same_rule_in_its_own_alphabet() -> None:
    """Buttons write long ids short in base 36: lower-case ASCII only, at most 13 places."""
    numbers = {"0": 0, "z": 35, "21i3v9": 123_456_789, "1y2p0ij32e8e7": MAX_ID}
    assert {text: parse_base36(text) for text in numbers} == numbers
    refused = ["", "Z", "1y2p0ij32e8e8", "z" * 14, "z" * 400, "²", "٣", "-1", " 1", "1\n", "1_0"]
    assert [text for text in [None, *refused] if parse_base36(text) is not None] == []
    assert parse_base36("a", maximum=9) is None
    assert parse_base36("a", minimum=10, maximum=10) == 10
