"""Reading a soreness score a patient typed instead of tapping a button.

Patients answer a check-in in their own words: ``8``, ``7/10``, ``about a 6``, ``seven``, "my
soreness is about 7 out of 10". The reading is strict on purpose: apart from one number (and an
optional "out of 10") every word must be one of the few that such an answer is made of, so a
question ("is 7/10 soreness normal?") or a story ("it hurt for 3 days, now I can't breathe")
is never taken for a score and goes on to triage and the articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SCORE = 10

_NUMBER_WORDS = {
    "zero": 0,
    "nil": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

# Words that may surround the number in an answer ("I'd say it's about a 6 today").
_FILLER = frozenset(
    [
        "a",
        "an",
        "about",
        "around",
        "roughly",
        "approx",
        "approximately",
        "maybe",
        "perhaps",
        "probably",
        "like",
        "say",
        "i'd",
        "id",
        "i",
        "would",
        "it's",
        "its",
        "it",
        "is",
        "was",
        "my",
        "the",
        "soreness",
        "sore",
        "pain",
        "ache",
        "level",
        "score",
        "rating",
        "rate",
        "at",
        "currently",
        "now",
        "today",
        "right",
        "still",
        "feels",
        "feel",
        "only",
        "just",
        "so",
        "ok",
        "okay",
        "well",
        "um",
        "hmm",
        "pretty",
        "much",
        "think",
        "guess",
        "hurts",
    ]
)

_OUT_OF_TEN = re.compile(r"\b(\d{1,2}|\w+)\s*(?:/|out of|of)\s*(?:10|ten)\b")
_TOKEN = re.compile(r"[a-z']+|\d+|~")


@dataclass(frozen=True)
class TypedNumber:
    """What a message said as a score: ``value`` is 0–10, or None for another number."""

    value: int | None


def read_score(text: str) -> TypedNumber | None:
    """The score in ``text``, or None if the message is not an answer made of one number."""
    folded = text.strip().lower().replace("’", "'")
    if not folded or "?" in folded:
        return None
    folded = folded.rstrip(".!")
    if re.fullmatch(r"\d+", folded):
        number = int(folded)
        return TypedNumber(number if number <= MAX_SCORE else None)
    folded = _OUT_OF_TEN.sub(r" \1 ", folded)
    numbers: list[int] = []
    for token in _TOKEN.findall(folded):
        if token.isdigit():
            numbers.append(int(token))
        elif token in _NUMBER_WORDS:
            numbers.append(_NUMBER_WORDS[token])
        elif token not in _FILLER:
            return None
    # Anything but a token ("7, 8" or "—") is punctuation we ignore; two numbers are ambiguous.
    if len(numbers) != 1 or re.search(r"[^\w\s'/~.,!-]", folded):
        return None
    number = numbers[0]
    return TypedNumber(number if number <= MAX_SCORE else None)
