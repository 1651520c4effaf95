"""The reminders table on a real SQLite file: idempotent sessions, atomic claims, leases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.aftercare.plan import PlannedReminder
from bot.aftercare.reminders import Status
from bot.storage.db import open_database
from bot.storage.repository import Repository

NOW = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
LEASE = NOW + timedelta(minutes=1)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_database(tmp_path / "bot.db"))
    yield repository
    repository.close()


def _patient(repo: Repository, user_id: int = 1) -> int:
    return repo.patients.register(
        telegram_user_id=user_id, chat_id=user_id, display_name=None, locale="en", now=NOW
    ).id


def _planned(hours: float, kind: str = "checkin", step: int = 1) -> PlannedReminder:
    due = NOW + timedelta(hours=hours)
    return PlannedReminder(kind, step, due, due + timedelta(hours=2), True)


def _session(repo: Repository, patient_id: int, key: str = "k1"):
    return repo.aftercare.add_session(
        patient_id=patient_id, treated_at=NOW, area="neck", logged_by="patient",
        idempotency_key=key, now=NOW,
    )  # fmt: skip


def test_logging_the_same_session_twice_stores_one(repo: Repository) -> None:
    patient = _patient(repo)
    first, created = _session(repo, patient)
    again, created_again = _session(repo, patient)
    assert created and not created_again
    assert first == again
    assert repo.db["sessions"].count == 1


def test_planning_a_session_twice_creates_one_set_of_reminders(repo: Repository) -> None:
    session, _ = _session(repo, _patient(repo))
    plan = [_planned(2, "hydration"), _planned(24)]
    repo.aftercare.upsert_plan(session, plan, NOW)
    repo.aftercare.upsert_plan(session, plan, NOW)
    assert repo.db["reminders"].count == 2


def test_claiming_takes_only_due_rows_and_only_once(repo: Repository) -> None:
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1, "hydration"), _planned(24)], NOW)
    claimed = repo.aftercare.claim_due(now=NOW, limit=10, owner="a", lease_until=LEASE)
    assert [r.kind for r in claimed] == ["hydration"]
    assert claimed[0].status is Status.CLAIMED and claimed[0].attempts == 1
    assert repo.aftercare.claim_due(now=NOW, limit=10, owner="b", lease_until=LEASE) == []


def test_two_connections_never_claim_the_same_row(tmp_path: Path) -> None:
    first = Repository(open_database(tmp_path / "shared.db"))
    second = Repository(open_database(tmp_path / "shared.db"))
    try:
        session, _ = _session(first, _patient(first))
        first.aftercare.upsert_plan(
            session, [_planned(-1, "checkin", step) for step in range(1, 51)], NOW
        )
        seen: list[int] = []
        for turn in range(20):
            repo = first if turn % 2 else second
            batch = repo.aftercare.claim_due(now=NOW, limit=3, owner=str(turn), lease_until=LEASE)
            seen += [r.id for r in batch]
        assert len(seen) == len(set(seen)) == 50
    finally:
        first.close()
        second.close()


def test_an_expired_claim_goes_back_to_pending_and_a_sending_one_is_a_possible_duplicate(
    repo: Repository,
) -> None:
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1, "checkin", s) for s in (1, 2)], NOW)
    a, b = repo.aftercare.claim_due(now=NOW, limit=10, owner="dead", lease_until=LEASE)
    assert repo.aftercare.mark_sending(b.id, "dead", NOW)
    assert repo.aftercare.reclaim_expired(NOW).requeued == []  # leases still valid
    reclaimed = repo.aftercare.reclaim_expired(LEASE)
    assert reclaimed.requeued == [a.id]
    assert reclaimed.possible_duplicates == [b.id]
    again = repo.aftercare.claim_due(
        now=LEASE, limit=10, owner="new", lease_until=LEASE + timedelta(minutes=1)
    )
    assert sorted(r.id for r in again) == [a.id, b.id]


def test_a_dead_owner_cannot_mark_a_reclaimed_row_sent(repo: Repository) -> None:
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1)], NOW)
    (row,) = repo.aftercare.claim_due(now=NOW, limit=1, owner="old", lease_until=LEASE)
    repo.aftercare.reclaim_expired(LEASE)
    repo.aftercare.claim_due(now=LEASE, limit=1, owner="new", lease_until=LEASE + LEASE.resolution)
    assert not repo.aftercare.mark_sent(row.id, "old", 1, LEASE)
    assert repo.aftercare.mark_sent(row.id, "new", 1, LEASE)


def test_stop_cancels_pending_and_replanning_revives_them(repo: Repository) -> None:
    patient = _patient(repo)
    session, _ = _session(repo, patient)
    plan = [_planned(2, "hydration"), _planned(24)]
    repo.aftercare.upsert_plan(session, plan, NOW)
    assert repo.aftercare.cancel_pending(patient, "stopped", NOW) == 2
    assert repo.aftercare.pending_for(patient) == []
    repo.aftercare.upsert_plan(session, plan, NOW)
    assert len(repo.aftercare.pending_for(patient)) == 2


def test_replanning_leaves_sent_reminders_alone(repo: Repository) -> None:
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1)], NOW)
    (row,) = repo.aftercare.claim_due(now=NOW, limit=1, owner="a", lease_until=LEASE)
    repo.aftercare.mark_sent(row.id, "a", 42, NOW)
    repo.aftercare.upsert_plan(session, [_planned(5)], NOW)
    stored = repo.aftercare.reminder(row.id)
    assert stored is not None and stored.status is Status.SENT and stored.due_at == row.due_at


def test_a_checkin_is_answered_once_and_snoozed_once(repo: Repository) -> None:
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1)], NOW)
    (row,) = repo.aftercare.claim_due(now=NOW, limit=1, owner="a", lease_until=LEASE)
    assert repo.aftercare.record_checkin(row, 4, NOW)
    assert not repo.aftercare.record_checkin(row, 9, NOW)
    assert [a.score for a in repo.aftercare.scores_for_session(session.id)] == [4]
    assert repo.aftercare.record_breathing(row, False, NOW)
    assert not repo.aftercare.record_breathing(row, True, NOW)
    later = NOW + timedelta(hours=1)
    assert repo.aftercare.snooze(row, later, later, NOW) is not None
    assert repo.aftercare.snooze(row, later, later, NOW) is None


def test_kinds_can_be_turned_off_per_patient(repo: Repository) -> None:
    patient = _patient(repo)
    repo.aftercare.set_kind_enabled(patient, "hydration", False)
    assert repo.aftercare.disabled_kinds(patient) == {"hydration"}
    repo.aftercare.set_kind_enabled(patient, "hydration", True)
    assert repo.aftercare.disabled_kinds(patient) == set()


def test_a_sender_never_reclaims_its_own_rows_even_when_the_clock_outruns_the_lease(
    repo: Repository,
) -> None:
    """A fast-forward (or a high time scale) can jump past any lease; only rows of another,
    dead sender go back to pending."""
    session, _ = _session(repo, _patient(repo))
    repo.aftercare.upsert_plan(session, [_planned(-1)], NOW)
    claimed = repo.aftercare.claim_due(now=NOW, limit=10, owner="me", lease_until=LEASE)
    assert len(claimed) == 1
    much_later = NOW + timedelta(hours=22)
    assert repo.aftercare.reclaim_expired(much_later, except_owner="me").requeued == []
    reclaimed = repo.aftercare.reclaim_expired(much_later, except_owner="a-new-process")
    assert reclaimed.requeued == [claimed[0].id]
