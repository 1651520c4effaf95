from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.aftercare import keyboards


def test_callback_data_round_trips_and_stays_within_64_bytes() -> None:
    data = keyboards.encode("ck", keyboards.b36(123_456_789), "10")
    assert len(data.encode()) <= 64
    assert keyboards.decode(data) == keyboards.Callback("ck", ("21i3v9", "10"))


@pytest.mark.parametrize(
    "data",
    ["", "a1:ck:1:11", "a1:ck:1", "a0:ck:1:3", "a1:zz:1", "a1:ar:1:Neck", "a1:op:yes",
     "a1:qh:0000", "a1:ck:1:3:extra", "x" * 65, "a1:rk:massage"],
)  # fmt: skip
def test_forged_or_unknown_payloads_decode_to_none(data: str) -> None:
    assert keyboards.decode(data) is None


def test_a_minute_survives_the_trip_through_a_button() -> None:
    moment = datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
    assert keyboards.decode_minute(keyboards.encode_minute(moment)) == moment


def test_encoding_refuses_what_decoding_would_refuse() -> None:
    with pytest.raises(ValueError):
        keyboards.encode("ck", "1", "42")


@pytest.mark.parametrize(
    "data",
    ["a1:sh:zzzzzzzz", "a1:ar:zzzzzzzz:neck", "a1:sh:" + keyboards.b36(keyboards.MAX_MINUTE + 1)],
)
def test_a_session_time_past_the_bound_decodes_to_none(data: str) -> None:
    """A forged minute count far in the future overflowed ``datetime`` in the handler."""
    assert keyboards.decode(data) is None


def test_the_last_minute_within_the_bound_still_decodes() -> None:
    data = keyboards.encode("sh", keyboards.b36(keyboards.MAX_MINUTE))
    assert keyboards.decode(data) is not None
    assert keyboards.decode_minute(keyboards.b36(keyboards.MAX_MINUTE)).year == 2200


@pytest.mark.parametrize(
    ("data", "matches"),
    [
        ("a1:sw:n", True),
        ("a1:sh:1", True),
        ("a1:sw:x", False),  # our prefix, not our data: left to the catch-all, which answers
        ("a1:sw:n\n", False),
        ("a1:sh:zzzzzzzz", False),
        ("a1:ar:1:neck", False),  # decodes, but another verb
        (None, False),
    ],
)
def test_a_handler_pattern_matches_only_data_that_decodes_with_its_verbs(
    data: str | None, matches: bool
) -> None:
    assert keyboards.pattern("sw", "sh")(data) is matches
