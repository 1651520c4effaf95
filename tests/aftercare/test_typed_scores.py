"""Reading a typed soreness score: strict, so questions and stories are never taken for one."""

from __future__ import annotations

import pytest

from bot.aftercare.typed_scores import TypedNumber, read_score


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8", 8),
        (" 0 ", 0),
        ("7/10", 7),
        ("7 / 10", 7),
        ("about a 6", 6),
        ("seven", 7),
        ("Seven out of ten.", 7),
        ("my soreness is about 7 out of 10", 7),
        ("I’d say it’s a 3", 3),
        ("maybe 2 today", 2),
        ("10!", 10),
    ],
)
def test_an_answer_made_of_one_score_is_read(text: str, value: int) -> None:
    typed = read_score(text)
    assert typed is not None and typed.value == value


@pytest.mark.parametrize(
    "text",
    [
        "is 7/10 soreness normal?",
        "it hurt for 3 days and now I can't breathe",
        "how long will I be sore",
        "6-7",
        "between 5 and 6",
        "my arm",
        "",
        "😀 5",
    ],
)
def test_questions_stories_and_ranges_are_not_scores(text: str) -> None:
    assert read_score(text) is None


def test_a_number_outside_the_scale_is_flagged_not_clamped() -> None:
    assert read_score("12") == TypedNumber(None)
    assert read_score("about 15") == TypedNumber(None)
    assert read_score("4") == TypedNumber(4)
