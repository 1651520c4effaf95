"""``python -m bot clinic ...`` end to end through ``bot.__main__.main`` on a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.clinics.invites import digest
from bot.storage.db import open_database
from bot.storage.repository import Repository

LINK = re.compile(r"https://t\.me/aftercare_demo_bot\?start=([A-Za-z0-9_-]{32,64})")


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("AFTERCARE_DB", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("AFTERCARE_BOT_USERNAME", raising=False)
    return path


def test_clinic_create_prints_a_staff_link_whose_token_is_stored_only_as_a_digest(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    out = capsys.readouterr().out
    assert code == 0
    match = LINK.search(out)
    assert match, out
    token = match.group(1)
    repo = Repository(open_database(db_path))
    try:
        invite = repo.clinics.invite_by_token(token)
        assert invite is not None and invite.purpose == "staff"
        clinic = repo.clinics.get(invite.clinic_id)
        assert clinic is not None and clinic.name == "Riverside Physio"
        assert clinic.timezone == "Europe/London"
        dump = "\n".join(repo.db.iterdump())
        assert token not in dump and digest(token) in dump
    finally:
        repo.close()


def test_clinic_create_refuses_an_unknown_time_zone(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clinic", "create", "X", "--timezone", "Mars/Base"]) == 2
    assert "IANA" in capsys.readouterr().out


def test_clinic_create_refuses_a_name_already_taken_whatever_the_case(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clinic", "create", "Riverside Physio", "--timezone", "UTC"]) == 0
    assert main(["clinic", "create", "riverside  PHYSIO", "--timezone", "UTC"]) == 2
    assert "already exists" in capsys.readouterr().out
    repo = Repository(open_database(db_path))
    try:
        assert len(repo.clinics.all()) == 1
    finally:
        repo.close()


def test_clinic_list_shows_staff_and_patient_counts(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    main(["clinic", "create", "Hill Clinic", "--timezone", "UTC", "--digest-time", "07:30"])
    capsys.readouterr()
    assert main(["clinic", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split("\t") == ["1", "Riverside Physio", "Europe/London", "-", "0", "0"]
    assert lines[2].split("\t") == ["2", "Hill Clinic", "UTC", "07:30", "0", "0"]


def test_staff_remove_needs_a_member_of_that_clinic(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    assert main(["clinic", "staff", "remove", "1", "12345"]) == 1
    assert main(["clinic", "staff", "remove", "99", "12345"]) == 1


def test_a_text_override_may_only_use_the_placeholders_of_the_default(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    assert main(["clinic", "text", "1", "start.name_part", ", {nope}"]) == 2
    assert main(["clinic", "text", "1", "start.name_part", ", dear {name}"]) == 0


def test_a_plan_override_is_checked_like_the_default_plan(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\n[[reminder]]\nkind = "nonsense"\n', encoding="utf-8")
    assert main(["clinic", "plan", "1", "--file", str(bad)]) == 2
    default = Path(__file__).resolve().parents[2] / "data" / "aftercare_plan.toml"
    assert main(["clinic", "plan", "1", "--file", str(default)]) == 0
    repo = Repository(open_database(db_path))
    try:
        assert repo.clinics.plan_override(1) == default.read_text(encoding="utf-8")
    finally:
        repo.close()


def test_a_clinic_text_override_is_used_for_that_clinic_only(db_path: Path) -> None:
    from bot.clinics.service import clinic_text
    from bot.content import Messages

    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    main(["clinic", "create", "Hill Clinic", "--timezone", "UTC"])
    main(["clinic", "text", "1", "start.name_part", ", dear {name}"])
    messages = Messages.load(Path(__file__).resolve().parents[2] / "messages")
    repo = Repository(open_database(db_path))
    try:
        assert (
            clinic_text(repo, messages, 1, "start.name_part", name="<Ann>") == ", dear &lt;Ann&gt;"
        )
        assert clinic_text(repo, messages, 2, "start.name_part", name="Ann") == ", Ann"
    finally:
        repo.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["clinic", "revoke", "1", "99999999999999999999"],
        ["clinic", "revoke", "1", "²"],
        ["clinic", "revoke", "1", "1_0"],
        ["clinic", "invite", "1", "--hours", "99999999999999999999"],
        ["clinic", "invite", "1", "--uses", "٣"],
        ["clinic", "invite", "1", "--hours", "0"],
    ],
)
def test_numbers_the_cli_cannot_use_are_a_usage_error_not_a_crash(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "is not a number" in capsys.readouterr().err


@pytest.mark.parametrize("who", ["99999999999999999999", "²", "-5", "٣"])
def test_naming_a_clinic_or_staff_member_with_an_odd_number_finds_nobody(
    db_path: Path, capsys: pytest.CaptureFixture[str], who: str
) -> None:
    main(["clinic", "create", "Riverside Physio", "--timezone", "Europe/London"])
    capsys.readouterr()
    assert main(["clinic", "staff", "remove", "1", who]) == 1
    assert "is not staff" in capsys.readouterr().out
    assert main(["clinic", "staff", "list", who]) == 1
    assert "no clinic" in capsys.readouterr().out
