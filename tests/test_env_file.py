"""``.env`` is read as .env.example promises, and the environment wins over the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.__main__ import load_env_file
from bot.settings import Settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "AFTERCARE_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_env_file_in_the_working_directory_is_read(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=123456:from-the-file-abcdef\nAFTERCARE_TIMEZONE=Europe/London\n"
    )
    monkeypatch.setenv("AFTERCARE_TIMEZONE", "Europe/Paris")  # the environment wins
    load_env_file()
    settings = Settings.from_env()
    assert settings.token is not None
    assert settings.token.reveal() == "123456:from-the-file-abcdef"
    assert settings.default_timezone == "Europe/Paris"


def test_another_env_file_or_none_can_be_chosen(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / ".env").write_text("AFTERCARE_LOCALE=xx\n")
    (clean_env / "prod.env").write_text("AFTERCARE_SWEEP_SECONDS=7\n")
    monkeypatch.setenv("AFTERCARE_ENV_FILE", "off")
    load_env_file()
    assert "AFTERCARE_LOCALE" not in os.environ
    monkeypatch.setenv("AFTERCARE_ENV_FILE", str(clean_env / "prod.env"))
    load_env_file()
    assert Settings.from_env().sweep_interval_seconds == 7


def test_the_example_file_changes_nothing_when_copied_as_is(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(__file__).resolve().parent.parent / ".env.example"
    (clean_env / ".env").write_text(example.read_text())
    load_env_file()
    assert Settings.from_env() == Settings.from_env({})
