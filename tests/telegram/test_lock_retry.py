"""Updates whose write meets another connection's lock, in the production Application: they
wait without holding up anyone else and are handled again once the lock goes, unless something
already went out. The lock is a second connection to the same SQLite file, held by the test."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Update

from bot.app import AftercareApp, build_application
from bot.settings import Settings
from bot.storage.db import serve_from_event_loop
from bot.telegram.context import AftercareContext, Services
from bot.telegram.lock_retry import retry_when_locked
from tests.fakes import RecordingRequest, message_update
from tests.waiting import until

PATIENT = 7_600_000_001
NEWCOMERS = [7_600_000_100 + n for n in range(12)]
QUESTION = "how long will I be sore?"


@pytest.fixture
def lock(settings: Settings) -> Iterator[sqlite3.Connection]:
    """Another connection to the bot's file; ``BEGIN IMMEDIATE`` on it holds the write lock."""
    holder = sqlite3.connect(Path(str(settings.db_path)), isolation_level=None)
    yield holder
    if holder.in_transaction:
        holder.execute("COMMIT")
    holder.close()


@pytest.fixture
async def running(
    settings: Settings, services: Services, telegram: RecordingRequest
) -> AsyncIterator[AftercareApp]:
    """The production Application taking updates from its queue, serving as after start-up."""
    app = build_application(settings, services=services, request=telegram)
    await app.initialize()
    serve_from_event_loop(services.repo.db)
    await app.start()
    yield app
    await app.stop()
    await app.shutdown()


def texts_to(telegram: RecordingRequest, chat: int) -> list[str]:
    return [c.plain_text for c in telegram.calls.to(chat).of("sendMessage")]


async def test_newcomers_waiting_for_a_lock_keep_no_question_from_being_answered(
    running: AftercareApp, telegram: RecordingRequest, services: Services, lock: sqlite3.Connection
) -> None:
    lock.execute("BEGIN IMMEDIATE")
    for user in NEWCOMERS:  # more than can think at once; each must register (a write)
        await running.update_queue.put(Update.de_json(message_update(user, "/start"), running.bot))
    await running.update_queue.put(Update.de_json(message_update(PATIENT, QUESTION), running.bot))
    await until(lambda: texts_to(telegram, PATIENT), "the question answered during the lock")
    assert not any(texts_to(telegram, user) for user in NEWCOMERS), "they wait for the lock"
    lock.execute("COMMIT")
    await until(
        lambda: all(len(texts_to(telegram, user)) == 1 for user in NEWCOMERS),
        "every newcomer welcomed once the lock went",
    )
    assert all(services.repo.patients.by_telegram_user(user) for user in NEWCOMERS)
    assert all(len(texts_to(telegram, user)) == 1 for user in NEWCOMERS), "welcomed once"


async def test_an_update_is_not_handled_again_once_something_went_out(
    running: AftercareApp,
    telegram: RecordingRequest,
    services: Services,
    lock: sqlite3.Connection,
) -> None:
    attempts = 0

    async def sends_then_writes(update: Update, context: AftercareContext) -> None:
        nonlocal attempts
        attempts += 1
        await context.bot.send_message(PATIENT, "sent before the write")
        context.repo.patients.register(
            telegram_user_id=PATIENT, chat_id=PATIENT, display_name=None, locale="en",
            now=context.clock.now(),
        )  # fmt: skip

    update = Update.de_json(message_update(PATIENT, "hello"), running.bot)
    context = AftercareContext.from_update(update, running)
    lock.execute("BEGIN IMMEDIATE")
    await retry_when_locked(sends_then_writes)(update, context)
    lock.execute("COMMIT")
    assert attempts == 1
    assert texts_to(telegram, PATIENT) == [
        "sent before the write",
        services.messages.text("errors.busy"),
    ]
