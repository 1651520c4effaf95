"""Guessing invite codes against a real SQLite file: what one account and many accounts get.

The attacks these pin down: a successful join used to clear the account's failures, so wrong
codes alternated with a public poster code went on for ever; and the throttle was per account
only, so fifty accounts got fifty times the guesses. ``open_invite`` is what ``/join`` calls.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clinics.invites import DEFAULT_CODE_BUDGET, InviteStatus, format_code
from bot.clinics.service import OpenedInvite, issue_patient_invite, open_invite
from bot.storage.db import open_database
from bot.storage.repository import Repository

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
WRONG = "AAAAA-BBBBC"
BOT = "aftercare_demo_bot"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_database(tmp_path / "guessing.db"))
    yield repository
    repository.close()


def _clinic_with_poster(repo: Repository, name: str) -> tuple[int, str, str]:
    clinic = repo.clinics.create(name=name, timezone="UTC", digest_time=None, now=NOW)
    issued = issue_patient_invite(
        repo, clinic_id=clinic.id, created_by=None, multi_use=True, bot_username=BOT, now=NOW
    )
    return clinic.id, issued.secrets.token, format_code(issued.secrets.code)


def _join(repo: Repository, user: int, code: str, at: datetime) -> OpenedInvite:
    return open_invite(repo, telegram_user_id=user, token=None, code=code, now=at)


def test_joining_with_a_poster_code_does_not_wipe_the_accounts_wrong_codes(
    repo: Repository,
) -> None:
    _, _, poster_a = _clinic_with_poster(repo, "A")
    _, _, poster_b = _clinic_with_poster(repo, "B")
    user = 7_500_000_001
    patient = repo.patients.register(
        telegram_user_id=user, chat_id=user, display_name=None, locale="en", now=NOW
    )
    looked_up = 0
    for n in range(40):
        at = NOW + timedelta(seconds=n)
        if _join(repo, user, WRONG, at).throttled is None:
            looked_up += 1
        # The attacker alternates with public poster codes and really joins each time.
        opened = _join(repo, user, poster_a if n % 2 else poster_b, at)
        if opened.invite is not None:
            assert repo.clinics.join(patient_id=patient.id, invite=opened.invite, now=at)
    assert looked_up == 5, "five free wrong codes an hour, successes or not"


def test_many_accounts_together_get_no_more_than_the_overall_budget(
    repo: Repository, caplog: pytest.LogCaptureFixture
) -> None:
    _clinic_with_poster(repo, "A")
    caplog.set_level(logging.WARNING)
    looked_up = 0
    for account in range(50):
        for n in range(5):
            at = NOW + timedelta(seconds=account * 5 + n)
            if _join(repo, 8_000_000_000 + account, WRONG, at).throttled is None:
                looked_up += 1
    assert looked_up == DEFAULT_CODE_BUDGET.overall < 250
    assert "invite codes paused (overall)" in caplog.text and WRONG not in caplog.text
    # A fresh account is refused too — with the budget's own answer — until the hour moves on.
    refused = _join(repo, 9_000_000_000, WRONG, NOW + timedelta(minutes=30))
    assert refused.throttled is not None and refused.throttled.budget_spent
    later = _join(repo, 9_000_000_000, WRONG, NOW + timedelta(hours=1, minutes=1))
    assert later.throttled is None and later.status is InviteStatus.UNKNOWN


def test_a_deep_link_still_works_while_typed_codes_are_paused(repo: Repository) -> None:
    _, token, code = _clinic_with_poster(repo, "A")
    for account in range(DEFAULT_CODE_BUDGET.overall):
        _join(repo, 8_000_000_000 + account, WRONG, NOW)
    assert _join(repo, 9_000_000_001, code, NOW).throttled is not None
    opened = open_invite(repo, telegram_user_id=9_000_000_001, token=token, code=None, now=NOW)
    assert opened.status is InviteStatus.OK and opened.invite is not None


def test_a_clinic_whose_dead_codes_are_being_tried_pauses_its_codes(repo: Repository) -> None:
    clinic_a, _, live_a = _clinic_with_poster(repo, "A")
    _, _, live_b = _clinic_with_poster(repo, "B")
    dead = issue_patient_invite(
        repo, clinic_id=clinic_a, created_by=None, multi_use=False, bot_username=BOT, now=NOW
    )
    assert repo.clinics.revoke_invite(clinic_a, dead.invite.id, NOW)
    dead_code = format_code(dead.secrets.code)
    for account in range(DEFAULT_CODE_BUDGET.per_clinic):
        assert _join(repo, 8_000_000_000 + account, dead_code, NOW).status is InviteStatus.REVOKED
    paused = _join(repo, 9_000_000_002, live_a, NOW)
    assert paused.throttled is not None and paused.throttled.budget_spent
    assert paused.invite is None
    assert _join(repo, 9_000_000_002, live_b, NOW).status is InviteStatus.OK
