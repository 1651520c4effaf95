"""Fixtures every test folder can use: a real SQLite file, the catalogs, and the real Application
talking to a recording Telegram connection (``tests/fakes.py``) for fast handler tests.

``app`` is built by ``bot.app.build_application`` exactly as in production: the same handler
table, the same bot with its send budget and HTML defaults, the same error handler. Only three
things differ: HTTP is ``RecordingRequest``, time is a ``ManualClock``, and the articles are
indexed once per test session with the word-matching ranker (the semantic matcher has tests of
its own). Nothing polls: a test hands updates to ``app.process_update`` (see ``Person``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.app import AftercareApp, assemble_services, build_application
from bot.clock import ManualClock
from bot.content import Messages
from bot.knowledge.articles import Article
from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import Matcher
from bot.settings import PROJECT_ROOT, Secret, Settings
from bot.storage.db import open_database
from bot.storage.repository import Repository
from bot.telegram.context import Services
from tests.fakes import Person, RecordingRequest

#: Where the manual clock starts unless a test moves it.
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TEST_TOKEN = "4000000001:TEST-TOKEN-not-a-real-one"


@pytest.fixture(scope="session")
def messages() -> Messages:
    """The shipped catalogs, as the bot loads them."""
    return Messages.load(PROJECT_ROOT / "messages")


@pytest.fixture(scope="session")
def knowledge() -> tuple[list[Article], Matcher]:
    """The shipped articles and a word-matching matcher over them, indexed once."""
    return load_knowledge(replace(Settings(), embeddings=False))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=Secret(TEST_TOKEN), db_path=tmp_path / "aftercare.db", embeddings=False)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """A fresh SQLite file with every migration applied."""
    database = open_database(settings.db_path)
    yield database
    database.close()


@pytest.fixture
def repo(db: Database) -> Repository:
    return Repository(db)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def telegram() -> RecordingRequest:
    """Every Bot API call the application makes, answered as Telegram would."""
    return RecordingRequest()


@pytest.fixture
def services(
    settings: Settings,
    repo: Repository,
    messages: Messages,
    clock: ManualClock,
    knowledge: tuple[list[Article], Matcher],
) -> Services:
    """What ``bot.app.build_services`` builds, with the session's index and a manual clock."""
    return assemble_services(settings, repo, messages, clock, knowledge)


@pytest.fixture
async def app(
    settings: Settings, services: Services, telegram: RecordingRequest
) -> AsyncIterator[AftercareApp]:
    """The production Application, initialised (it has asked getMe) but not polling."""
    application = build_application(settings, services=services, request=telegram)
    await application.initialize()
    telegram.calls.clear()
    yield application
    await application.shutdown()


@pytest.fixture
def person(app: AftercareApp, telegram: RecordingRequest) -> Callable[..., Person]:
    """``person(user_id, first_name)``: someone who talks to ``app`` in a private chat."""

    def make(user_id: int, first_name: str = "Patient") -> Person:
        return Person(app, telegram, user_id, first_name)

    return make
