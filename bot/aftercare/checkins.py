"""Assessing a soreness check-in (0–10) given the time since the session and earlier scores.

The thresholds follow the issue and the clinic's guide ("some soreness for 24–48 hours, similar
to post-workout soreness"): the bot never diagnoses. It says mild soreness in that window is
expected, and it advises contacting the clinic (and raises an alert) when a score is 7 or more,
when the score rose by 2 or more since the previous check-in, or when soreness of 4 or more has
not eased by about 72 hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

HIGH_SCORE = 7
RISE = 2
# "About 72 h": a check-in answered from 66 h on counts; 4 or more has not eased.
NOT_EASED_AFTER_HOURS = 66.0
NOT_EASED_MIN_SCORE = 4
# Until then, soreness of 1-3 is the expected course; 4-6 is more than mild but not alarming.
EXPECTED_MAX_SCORE = 3
STILL_SORE_MIN_SCORE = 1


class Outcome(Enum):
    NONE = "none"  # no soreness
    EXPECTED = "expected"  # mild, within the usual course
    MODERATE = "moderate"  # more than mild, keep an eye on it
    LINGERING = "lingering"  # mild but later than the usual course
    CONTACT_CLINIC = "contact_clinic"


class Reason(Enum):
    HIGH_SCORE = "high_score"
    RISING = "rising"
    NOT_EASED = "not_eased"
    BREATHING = "breathing"


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    reason: Reason | None = None

    @property
    def alerts_clinic(self) -> bool:
        return self.outcome is Outcome.CONTACT_CLINIC


class ScoreError(ValueError):
    """A score outside 0–10."""


def assess(score: int, hours_since_session: float, previous: Sequence[int]) -> Assessment:
    """Assess ``score``; ``previous`` are the earlier scores for the same session, oldest first."""
    if not 0 <= score <= 10:
        raise ScoreError(f"a soreness score is 0 to 10, got {score}")
    if score >= HIGH_SCORE:
        return Assessment(Outcome.CONTACT_CLINIC, Reason.HIGH_SCORE)
    if previous and score - previous[-1] >= RISE:
        return Assessment(Outcome.CONTACT_CLINIC, Reason.RISING)
    if hours_since_session >= NOT_EASED_AFTER_HOURS and score >= NOT_EASED_MIN_SCORE:
        return Assessment(Outcome.CONTACT_CLINIC, Reason.NOT_EASED)
    if score == 0:
        return Assessment(Outcome.NONE)
    if score > EXPECTED_MAX_SCORE:
        return Assessment(Outcome.MODERATE)
    if hours_since_session >= NOT_EASED_AFTER_HOURS:
        return Assessment(Outcome.LINGERING)
    return Assessment(Outcome.EXPECTED)


def still_sore(latest_score: int | None) -> bool:
    """Whether a conditional (``only_if = "still_sore"``) check-in should still be sent."""
    return latest_score is not None and latest_score >= STILL_SORE_MIN_SCORE


def summarise(scores: Sequence[tuple[float, int]]) -> tuple[str, dict[str, object]]:
    """A summary key and its parameters for /progress, from (hours after session, score)."""
    if not scores:
        return "none", {}
    first_hours, first = scores[0]
    last_hours, last = scores[-1]
    if len(scores) == 1:
        return "single", {"score": last, "hours": round(last_hours)}
    if last < first:
        trend = "easing"
    elif last > first:
        trend = "rising"
    else:
        trend = "steady"
    return trend, {"first": first, "last": last, "hours": round(last_hours - first_hours)}
