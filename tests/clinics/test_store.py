"""ClinicStore on a real SQLite file: staff, invites (digests only), joining, throttling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clinics.invites import PATIENT, STAFF, Invite, InviteSecrets, new_secrets
from bot.clinics.store import ClinicError
from bot.storage.db import open_database
from bot.storage.repository import Repository
from bot.storage.rows import MissingRowError

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_database(tmp_path / "clinic.db"))
    yield repository
    repository.close()


def _patient(repo: Repository, user_id: int) -> int:
    return repo.patients.register(
        telegram_user_id=user_id, chat_id=user_id, display_name="P", locale="en", now=NOW
    ).id


def test_migrations_apply_twice_without_harm(tmp_path: Path) -> None:
    open_database(tmp_path / "twice.db").close()
    db = open_database(tmp_path / "twice.db")
    assert {"clinic_staff", "invites", "invite_failures", "clinic_digests"} <= set(
        db.table_names()
    )
    db.close()


def test_a_clinic_is_found_by_id_or_unique_name(repo: Repository) -> None:
    clinic = repo.clinics.create(
        name="Riverside Physio", timezone="Europe/London", digest_time="08:00", now=NOW
    )
    assert repo.clinics.find(str(clinic.id)) == clinic
    assert repo.clinics.find("riverside physio") == clinic
    assert repo.clinics.find("Nowhere") is None


def test_invites_store_only_digests_of_their_secrets(repo: Repository) -> None:
    clinic = repo.clinics.create(name="C", timezone="UTC", digest_time=None, now=NOW)
    secrets = new_secrets()
    invite = _invite(repo, clinic.id, PATIENT, secrets=secrets)
    dump = "\n".join(repo.db.iterdump())
    assert secrets.token not in dump
    assert secrets.code not in dump
    assert repo.clinics.invite_by_token(secrets.token) == invite
    assert repo.clinics.invite_by_code(secrets.code) == invite
    assert repo.clinics.invite_by_token(secrets.token + "x") is None


def test_a_single_use_invite_admits_exactly_one_patient(repo: Repository) -> None:
    clinic = repo.clinics.create(name="C", timezone="UTC", digest_time=None, now=NOW)
    invite = _invite(repo, clinic.id, PATIENT)
    first, second = _patient(repo, 1), _patient(repo, 2)
    repo.clinics.set_pending(first, invite.id, NOW)
    assert repo.clinics.join(patient_id=first, invite=invite, now=NOW)
    assert not repo.clinics.join(patient_id=second, invite=invite, now=NOW)
    assert repo.patients.get(first).clinic_id == clinic.id  # type: ignore[union-attr]
    assert repo.patients.get(second).clinic_id is None  # type: ignore[union-attr]
    assert repo.clinics.pending(first) is None
    assert repo.clinics.joined_since(clinic.id, NOW - timedelta(hours=1)) == 1


def test_revoked_and_expired_invites_cannot_be_used(repo: Repository) -> None:
    clinic = repo.clinics.create(name="C", timezone="UTC", digest_time=None, now=NOW)
    other = repo.clinics.create(name="D", timezone="UTC", digest_time=None, now=NOW)
    invite = _invite(repo, clinic.id, PATIENT, max_uses=None)
    assert not repo.clinics.use_invite(invite.id, NOW + timedelta(days=2))
    assert not repo.clinics.revoke_invite(other.id, invite.id, NOW)
    assert repo.clinics.revoke_invite(clinic.id, invite.id, NOW)
    assert not repo.clinics.use_invite(invite.id, NOW)
    assert repo.clinics.invites(clinic.id, PATIENT, active_at=NOW) == []


def test_a_user_is_staff_of_one_clinic_at_a_time(repo: Repository) -> None:
    a = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    b = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    member = repo.clinics.add_staff(
        clinic_id=a.id, telegram_user_id=50, chat_id=50, display_name="S", invite_id=None, now=NOW
    )
    with pytest.raises(ClinicError):
        repo.clinics.add_staff(
            clinic_id=b.id,
            telegram_user_id=50,
            chat_id=50,
            display_name="S",
            invite_id=None,
            now=NOW,
        )
    assert repo.clinics.counts(a.id) == (1, 0)
    assert repo.clinics.remove_staff(b.id, "50", NOW) is None
    removal = repo.clinics.remove_staff(a.id, "50", NOW)
    assert removal is not None and removal.member == member
    assert repo.clinics.staff_of_user(50) is None


def test_removing_staff_revokes_the_invite_they_joined_with_and_those_they_made(
    repo: Repository,
) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    joined_with = _invite(repo, clinic.id, "staff", created_by=None, max_uses=5).id
    theirs = [_invite(repo, clinic.id, PATIENT, created_by=50, max_uses=5).id for _ in range(2)]
    colleagues = _invite(repo, clinic.id, PATIENT, created_by=51, max_uses=5).id
    already_revoked = _invite(repo, clinic.id, PATIENT, created_by=50, max_uses=5).id
    repo.clinics.revoke_invite(clinic.id, already_revoked, NOW)
    repo.clinics.add_staff(
        clinic_id=clinic.id,
        telegram_user_id=50,
        chat_id=50,
        display_name="S",
        invite_id=joined_with,
        now=NOW,
    )
    removal = repo.clinics.remove_staff(clinic.id, "50", NOW + timedelta(minutes=1))
    assert removal is not None
    assert removal.revoked_joined_with == joined_with
    assert removal.revoked_created == theirs
    for invite_id in (joined_with, *theirs):
        invite = repo.clinics.invite(invite_id)
        assert invite is not None and invite.revoked_at == NOW + timedelta(minutes=1)
    colleague_invite = repo.clinics.invite(colleagues)
    assert colleague_invite is not None and colleague_invite.revoked_at is None
    # Their menu is to be reset; joining again (a fresh invite) cancels that.
    assert repo.clinics.menu_reset_due(50) == 50
    repo.clinics.add_staff(
        clinic_id=clinic.id,
        telegram_user_id=50,
        chat_id=50,
        display_name="S",
        invite_id=None,
        now=NOW,
    )
    assert repo.clinics.menu_reset_due(50) is None


def test_wrong_attempts_are_counted_for_an_hour(repo: Repository) -> None:
    for minutes in (90, 30, 10):
        repo.clinics.record_failure(9, NOW - timedelta(minutes=minutes))
    assert len(repo.clinics.recent_failures(9, NOW)) == 2
    assert repo.clinics.recent_failures(9, NOW + timedelta(hours=1)) == []


def test_only_the_clinic_can_close_its_alert_and_only_once(repo: Repository) -> None:
    a = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    b = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    alert = repo.alerts.record(
        clinic_id=a.id,
        patient_id=_patient(repo, 1),
        kind="red_flag",
        reason="breathing",
        detail=None,
        now=NOW,
    )
    assert not repo.clinics.mark_alert_handled(
        alert_id=alert.id, clinic_id=b.id, handled_by=2, now=NOW
    )
    assert repo.clinics.open_alerts(a.id) == 1
    assert repo.clinics.mark_alert_handled(
        alert_id=alert.id, clinic_id=a.id, handled_by=1, now=NOW
    )
    assert not repo.clinics.mark_alert_handled(
        alert_id=alert.id, clinic_id=a.id, handled_by=3, now=NOW
    )
    stored = repo.alerts.get(alert.id)
    assert stored is not None and stored.handled_by == 1 and stored.handled_at == NOW


def test_a_digest_is_claimed_once_per_local_day(repo: Repository) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time="08:00", now=NOW)
    assert repo.clinics.claim_digest(clinic.id, date(2026, 11, 21), NOW)
    assert not repo.clinics.claim_digest(clinic.id, date(2026, 11, 21), NOW)
    assert repo.clinics.last_digest_at(clinic.id, date(2026, 11, 22)) == NOW


def test_clinic_texts_override_per_locale_with_english_fallback(repo: Repository) -> None:
    clinic = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    repo.clinics.set_text(clinic.id, "reminders.water", "en", "Drink water, {name}!")
    assert repo.clinics.text_override(clinic.id, "reminders.water", "de") == "Drink water, {name}!"
    repo.clinics.set_text(clinic.id, "reminders.water", "en", None)
    assert repo.clinics.text_override(clinic.id, "reminders.water", "en") is None


def test_a_clinic_that_must_exist_is_returned_or_named_as_missing(repo: Repository) -> None:
    clinic = repo.clinics.create(
        name="Riverside", timezone="Europe/London", digest_time=None, now=NOW
    )
    assert repo.clinics.require(clinic.id) == clinic
    with pytest.raises(MissingRowError, match=f"clinic {clinic.id + 1} is missing"):
        repo.clinics.require(clinic.id + 1)


def test_a_staff_invite_keeps_its_use_when_joining_as_staff_is_refused(repo: Repository) -> None:
    a = repo.clinics.create(name="A", timezone="UTC", digest_time=None, now=NOW)
    b = repo.clinics.create(name="B", timezone="UTC", digest_time=None, now=NOW)
    repo.clinics.add_staff(
        clinic_id=a.id, telegram_user_id=50, chat_id=50, display_name="S", invite_id=None, now=NOW
    )
    invite = _invite(repo, b.id, STAFF)

    def join(user: int) -> object:
        return repo.clinics.join_as_staff(
            invite_id=invite.id,
            clinic_id=b.id,
            telegram_user_id=user,
            chat_id=user,
            display_name="T",
            now=NOW,
        )

    with pytest.raises(ClinicError):
        join(50)
    # The refused join took nothing: the single use is still there for the right person.
    member = join(51)
    assert member is not None and member.clinic_id == b.id  # type: ignore[attr-defined]
    assert join(52) is None


def _invite(
    repo: Repository,
    clinic_id: int,
    purpose: str,
    *,
    created_by: int | None = None,
    max_uses: int | None = 1,
    secrets: InviteSecrets | None = None,
) -> Invite:
    """An invite of ``purpose`` valid for a day (single-use unless told otherwise)."""
    secrets = secrets or new_secrets()
    return repo.clinics.create_invite(
        clinic_id=clinic_id,
        purpose=purpose,
        token=secrets.token,
        code=secrets.code,
        created_by=created_by,
        expires_at=NOW + timedelta(days=1),
        max_uses=max_uses,
        now=NOW,
    )
