"""Invite tokens, codes, validity and the guessing throttle: pure rules, no I/O."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from bot.clinics.invites import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PATIENT,
    Invite,
    InviteStatus,
    ThrottlePolicy,
    digest,
    format_code,
    invite_status,
    looks_like_token,
    new_secrets,
    normalize_code,
    patient_invite_terms,
    throttle,
)

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def _invite(**changes: object) -> Invite:
    fields: dict[str, object] = {
        "id": 1,
        "clinic_id": 1,
        "purpose": PATIENT,
        "created_by": 7,
        "created_at": NOW - timedelta(days=1),
        "expires_at": NOW + timedelta(days=1),
        "max_uses": 1,
        "uses": 0,
        "revoked_at": None,
    }
    fields.update(changes)
    return Invite(**fields)  # type: ignore[arg-type]


def test_token_has_at_least_128_bits_and_fits_a_deep_link() -> None:
    tokens = {new_secrets().token for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert looks_like_token(token)
        assert len(token) <= 64
        # 64 symbols per character: 6 bits each.
        assert len(token) * 6 >= 128


def test_manual_code_uses_a_readable_alphabet_with_enough_entropy_for_a_throttled_guess() -> None:
    code = new_secrets().code
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) > 48


def test_code_is_accepted_however_the_patient_types_it() -> None:
    code = "K7QXM2P9RT"
    assert format_code(code) == "K7QXM-2P9RT"
    assert normalize_code("k7qxm-2p9rt") == code
    assert normalize_code(" K7QXM 2P9RT ") == code
    assert normalize_code("K7QXM2P9R") is None
    assert normalize_code("O7QXM2P9RT") is None


def test_payloads_telegram_cannot_carry_are_not_tokens() -> None:
    assert not looks_like_token("a" * 65)
    assert not looks_like_token("abc def")
    assert not looks_like_token("abc+/=")
    assert looks_like_token("abc_DEF-123")


def test_digest_is_stable_and_never_the_secret() -> None:
    assert digest("abc") == digest("abc")
    assert digest("abc") != "abc"
    assert len(digest("abc")) == 64


def test_a_valid_invite_is_ok() -> None:
    assert invite_status(_invite(), NOW) is InviteStatus.OK


def test_an_unknown_invite_is_unknown() -> None:
    assert invite_status(None, NOW) is InviteStatus.UNKNOWN


def test_an_invite_expires_at_its_expiry_instant() -> None:
    assert invite_status(_invite(expires_at=NOW), NOW) is InviteStatus.EXPIRED


def test_a_single_use_invite_is_used_up_after_one_patient() -> None:
    assert invite_status(_invite(uses=1), NOW) is InviteStatus.USED_UP


def test_a_multi_use_invite_is_never_used_up() -> None:
    assert invite_status(_invite(max_uses=None, uses=500), NOW) is InviteStatus.OK


def test_revocation_is_reported_even_when_also_expired_and_used() -> None:
    invite = _invite(revoked_at=NOW - timedelta(hours=1), expires_at=NOW, uses=1)
    assert invite_status(invite, NOW) is InviteStatus.REVOKED


def test_single_use_invites_last_two_weeks_and_posters_three_months() -> None:
    assert patient_invite_terms(multi_use=False, now=NOW) == (NOW + timedelta(days=14), 1)
    assert patient_invite_terms(multi_use=True, now=NOW) == (NOW + timedelta(days=90), None)


POLICY = ThrottlePolicy(
    free_attempts=3,
    window=timedelta(hours=1),
    base_delay=timedelta(minutes=1),
    max_delay=timedelta(minutes=30),
)


def test_a_few_wrong_codes_are_free() -> None:
    failures = [NOW - timedelta(minutes=2), NOW - timedelta(minutes=1)]
    assert throttle(failures, NOW, POLICY).allowed


def test_past_the_free_attempts_the_guesser_waits_after_the_latest_failure() -> None:
    failures = [NOW - timedelta(seconds=s) for s in (30, 20, 10)]
    decision = throttle(failures, NOW, POLICY)
    assert not decision.allowed
    assert decision.retry_after == timedelta(seconds=50)


def test_each_further_failure_doubles_the_wait_up_to_the_cap() -> None:
    failures = [NOW - timedelta(seconds=s) for s in range(10, 0, -1)]
    decision = throttle(failures, NOW, POLICY)
    assert not decision.allowed
    assert decision.retry_after == timedelta(minutes=30) - timedelta(seconds=1)


def test_the_wait_ends() -> None:
    failures = [NOW - timedelta(minutes=5)] * 3
    assert throttle(failures, NOW, POLICY).allowed


def test_failures_older_than_the_window_are_forgiven() -> None:
    failures = [NOW - timedelta(hours=2)] * 50
    assert throttle(failures, NOW, POLICY).allowed


def test_a_shared_budget_allows_up_to_its_size_within_the_window() -> None:
    from bot.clinics.invites import budget_decision

    hour = timedelta(hours=1)
    wrong = [NOW - timedelta(minutes=m) for m in (50, 40, 30)]
    assert budget_decision(wrong, 4, NOW, hour).allowed
    refused = budget_decision(wrong, 3, NOW, hour)
    assert not refused.allowed and refused.budget_spent
    # It comes back when the oldest of the three leaves the hour: 10 minutes from now.
    assert refused.retry_after == timedelta(minutes=10)
    assert budget_decision(wrong, 3, NOW + timedelta(minutes=10), hour).allowed
    # Older attempts do not count at all.
    assert budget_decision([NOW - timedelta(hours=2)] * 5, 3, NOW, hour).allowed
