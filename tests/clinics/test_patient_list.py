"""The staff patient list on a real SQLite file: its order, kept by triggers, paged by keyset.

The expected order is worked out here from the raw tables, the way the list was defined before
it had a maintained sort key: open alerts first, then the latest session (none last), then the
newest patient. Every page turn must agree with it, after any write to patients, sessions or
alerts, whichever code makes it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.clinics.store import CLINIC_MIGRATIONS
from bot.clinics.views_store import PageCursor
from bot.storage.db import migration_sets, open_database
from bot.storage.repository import Repository
from bot.storage.timefmt import to_db

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
PAGE = 4


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_database(tmp_path / "list.db"))
    yield repository
    repository.close()


def _seed(repo: Repository, clinic_id: int, count: int, rng: random.Random) -> list[int]:
    ids = []
    for n in range(count):
        user = clinic_id * 1_000 + n
        patient = repo.patients.register(
            telegram_user_id=user, chat_id=user, display_name=f"P{n}", locale="en", now=NOW
        )
        repo.patients.set_fields(patient.id, clinic_id=clinic_id)
        for s in range(rng.randint(0, 2)):
            repo.aftercare.add_session(
                patient_id=patient.id,
                treated_at=NOW - timedelta(hours=rng.randint(0, 5)),  # ties on purpose
                area="neck",
                logged_by="patient",
                idempotency_key=f"{user}-{s}",
                now=NOW,
            )
        if rng.random() < 0.3:
            repo.alerts.record(
                clinic_id=clinic_id,
                patient_id=patient.id,
                kind="red_flag",
                reason="breathing",
                detail=None,
                now=NOW,
            )
        ids.append(patient.id)
    return ids


def _expected(repo: Repository, clinic_id: int) -> list[int]:
    rows = repo.db.execute(
        "SELECT p.id, "
        "(SELECT count(*) FROM alerts a WHERE a.patient_id = p.id AND a.handled_at IS NULL), "
        "(SELECT max(treated_at) FROM sessions s WHERE s.patient_id = p.id) "
        "FROM patients p WHERE p.clinic_id = ?",
        [clinic_id],
    ).fetchall()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1] > 0, r[2] or "", r[0]), reverse=True)]


def _assert_counts(repo: Repository, clinic_id: int) -> None:
    """The header's figures, kept by triggers, equal a count over the raw tables."""
    total, alerting = repo.db.execute(
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM alerts a WHERE a.patient_id = p.id "
        "AND a.handled_at IS NULL)) FROM patients p WHERE p.clinic_id = ?",
        [clinic_id],
    ).fetchone()
    page = repo.clinic_views.patients_page(clinic_id, 1, PAGE)
    assert (page.total, page.with_open_alerts) == (total, alerting or 0)


def _walk(repo: Repository, clinic_id: int) -> tuple[list[int], list[int]]:
    """Every page by "next" buttons, then back to the first by "previous" buttons."""
    page = repo.clinic_views.patients_page(clinic_id, 1, PAGE)
    forward = [r.id for r in page.rows]
    while page.page < page.pages:
        page = repo.clinic_views.patients_page(
            clinic_id, page.page + 1, PAGE, PageCursor(page.rows[-1].id, forward=True)
        )
        forward += [r.id for r in page.rows]
    backward = [r.id for r in page.rows]
    while page.page > 1:
        page = repo.clinic_views.patients_page(
            clinic_id, page.page - 1, PAGE, PageCursor(page.rows[0].id, forward=False)
        )
        backward = [r.id for r in page.rows] + backward
    return forward, backward


def test_paging_by_keyset_follows_the_triage_order_both_ways(repo: Repository) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    other = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    rng = random.Random(3)
    _seed(repo, clinic.id, 23, rng)
    _seed(repo, other.id, 9, rng)
    expected = _expected(repo, clinic.id)
    forward, backward = _walk(repo, clinic.id)
    assert forward == expected == backward
    first = repo.clinic_views.patients_page(clinic.id, 1, PAGE)
    assert first.total == 23 and first.pages == 6
    alerting = repo.db.execute(
        "SELECT count(DISTINCT patient_id) FROM alerts WHERE clinic_id = ?", [clinic.id]
    ).fetchone()[0]
    assert first.with_open_alerts == alerting
    # A typed page number lands on the same rows as walking there.
    third = repo.clinic_views.patients_page(clinic.id, 3, PAGE)
    assert [r.id for r in third.rows] == expected[2 * PAGE : 3 * PAGE]
    _assert_counts(repo, clinic.id)


def test_the_order_follows_every_write_to_patients_sessions_and_alerts(
    repo: Repository,
) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    other = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    ids = _seed(repo, clinic.id, 15, random.Random(5))
    _seed(repo, other.id, 5, random.Random(6))
    db = repo.db
    # Handle every open alert of one patient, and raise one for another.
    alerted = db.execute("SELECT patient_id FROM alerts LIMIT 1").fetchone()[0]
    db.execute("UPDATE alerts SET handled_at = ? WHERE patient_id = ?", [to_db(NOW), alerted])
    repo.alerts.record(
        clinic_id=clinic.id,
        patient_id=ids[-1],
        kind="checkin",
        reason="score",
        detail=None,
        now=NOW,
    )
    # A newer session for one, all sessions deleted for another, one moved in time.
    repo.aftercare.add_session(
        patient_id=ids[0],
        treated_at=NOW + timedelta(minutes=1),
        area="neck",
        logged_by="staff:1",
        idempotency_key="new",
        now=NOW,
    )
    db.execute("DELETE FROM reminders WHERE patient_id = ?", [ids[1]])
    db.execute("DELETE FROM sessions WHERE patient_id = ?", [ids[1]])
    db.execute(
        "UPDATE sessions SET treated_at = ? WHERE patient_id = ?",
        [to_db(NOW - timedelta(days=9)), ids[2]],
    )
    # One patient moves to the other clinic; one erases all their data.
    repo.patients.set_fields(ids[3], clinic_id=other.id)
    repo.privacy.erase(ids[4])
    for clinic_id in (clinic.id, other.id):
        forward, backward = _walk(repo, clinic_id)
        assert forward == _expected(repo, clinic_id) == backward
        _assert_counts(repo, clinic_id)
    assert ids[4] not in [r[0] for r in db.execute("SELECT patient_id FROM patient_list_order")]


def test_a_cursor_from_another_clinic_shows_the_page_by_its_number(repo: Repository) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    other = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    _seed(repo, clinic.id, 10, random.Random(1))
    theirs = _seed(repo, other.id, 10, random.Random(2))
    page = repo.clinic_views.patients_page(clinic.id, 2, PAGE, PageCursor(theirs[0], True))
    assert [r.id for r in page.rows] == _expected(repo, clinic.id)[PAGE : 2 * PAGE]
    assert not set(theirs) & {r.id for r in page.rows}


def test_a_database_from_before_the_sort_key_is_filled_in_when_it_migrates(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    for migrations in migration_sets():
        if migrations is CLINIC_MIGRATIONS:
            migrations.apply(old, stop_before="keep_the_patient_list_in_order")
        else:
            migrations.apply(old)
    old_repo = Repository(old)
    clinic = old_repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    _seed(old_repo, clinic.id, 12, random.Random(9))
    old_repo.close()
    repo = Repository(open_database(path))
    try:
        forward, _ = _walk(repo, clinic.id)
        assert forward == _expected(repo, clinic.id) and len(forward) == 12
        _assert_counts(repo, clinic.id)
    finally:
        repo.close()
