from __future__ import annotations

import pytest

from bot.aftercare.checkins import Outcome, Reason, ScoreError, assess, still_sore, summarise


def test_mild_soreness_at_24_hours_is_expected() -> None:
    assert assess(3, 24, []).outcome is Outcome.EXPECTED


def test_no_soreness_is_reported_as_none() -> None:
    assert assess(0, 24, []).outcome is Outcome.NONE


def test_moderate_soreness_at_24_hours_is_not_an_alert() -> None:
    result = assess(5, 24, [])
    assert result.outcome is Outcome.MODERATE
    assert not result.alerts_clinic


def test_a_score_of_seven_advises_contacting_the_clinic() -> None:
    assert assess(7, 24, []).reason is Reason.HIGH_SCORE
    assert assess(7, 24, []).alerts_clinic


def test_a_rise_of_two_between_checkins_advises_contacting_the_clinic() -> None:
    assert assess(5, 48, [3]).reason is Reason.RISING


def test_a_rise_of_one_is_not_an_alert() -> None:
    assert not assess(4, 48, [3]).alerts_clinic


def test_soreness_that_has_not_eased_by_72_hours_advises_contacting_the_clinic() -> None:
    assert assess(4, 72, [5, 4]).reason is Reason.NOT_EASED


def test_mild_soreness_at_72_hours_is_lingering_not_an_alert() -> None:
    assert assess(2, 72, [4, 3]).outcome is Outcome.LINGERING


def test_scores_outside_zero_to_ten_are_refused() -> None:
    with pytest.raises(ScoreError):
        assess(11, 24, [])


def test_a_conditional_checkin_is_sent_only_while_still_sore() -> None:
    assert still_sore(2)
    assert not still_sore(0)
    assert not still_sore(None)


def test_the_summary_says_whether_soreness_is_easing() -> None:
    assert summarise([(24, 5), (48, 2)]) == ("easing", {"first": 5, "last": 2, "hours": 24})
    assert summarise([])[0] == "none"
