"""The outbox on a real SQLite file, delivering through PTB's Bot to the stand-in over HTTP.

Ordering (``after``), held rows, leases and possible duplicates, the back-off, what each answer
from Telegram does to a row, and the spill for a database that refuses a write.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import ManualClock
from bot.devtools.standin import BotApiStandIn
from bot.outbox.courier import SPILLED, Hooks, Outbox, Outcome
from bot.outbox.effects import Effect, Purpose, RowStatus, retry_delay
from bot.storage.db import open_database
from bot.telegram.callbacks import ReminderConsent, encode

NOW = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
CHAT, OTHER = 4_242, 4_343


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "bot.db")
    yield database
    database.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def outbox(db: Database, clock: ManualClock) -> Outbox:
    return Outbox(db, clock, owner="this-process")


@pytest.fixture
def standin() -> Iterator[BotApiStandIn]:
    with BotApiStandIn() as running:
        running.register_chat(CHAT)
        running.register_chat(OTHER)
        yield running


@pytest.fixture
async def bot(standin: BotApiStandIn) -> AsyncIterator[Bot]:
    async with Bot(standin.token, base_url=standin.base_url) as client:
        yield client


def message(
    text: str = "hello",
    chat: int = CHAT,
    *,
    after: int | None = None,
    edit_message_id: int | None = None,
    markup: dict[str, object] | None = None,
) -> Effect:
    return Effect(
        Purpose.REPLY, chat, text, due_at=NOW, deadline_at=None, after=after,
        edit_message_id=edit_message_id, markup=markup,
    )  # fmt: skip


def status(outbox: Outbox, row_id: int) -> RowStatus:
    row = outbox.store.get(row_id)
    assert row is not None
    return row.status


def claim(outbox: Outbox) -> list[int]:
    return [r.id for r in outbox.claim_due(10)]


# --- the table -------------------------------------------------------------------------------


def test_the_back_off_doubles_from_one_second_and_stops_at_thirty() -> None:
    seconds = [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 7, 100)]
    assert seconds == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_row_waits_for_the_row_it_follows_to_end(outbox: Outbox) -> None:
    first = outbox.add(message("urgent"))
    second = outbox.add(message("your clinic was told", after=first))
    assert claim(outbox) == [first]
    assert outbox.store.mark_sending(first, outbox.owner, NOW)
    assert claim(outbox) == [], "not while the first is in flight"
    outbox.store.retry_later(
        first, outbox.owner, due_at=NOW, now=NOW, reason="network", failed=True
    )
    assert claim(outbox) == [first], "nor while it waits for a retry"
    outbox.store.mark_sent(first, outbox.owner, 7, NOW)
    assert claim(outbox) == [second]


def test_a_held_row_is_claimed_only_once_released(outbox: Outbox) -> None:
    held = outbox.add(
        Effect(
            Purpose.ALERT_TOLD, CHAT, "told", due_at=NOW, deadline_at=None, alert_id=3, held=True
        )
    )
    assert claim(outbox) == []
    assert outbox.store.release_held(3, Purpose.ALERT_TOLD, NOW) == 1
    assert claim(outbox) == [held]


def test_a_dead_claimers_rows_come_back_and_one_in_flight_is_a_possible_duplicate(
    db: Database, clock: ManualClock
) -> None:
    dead = Outbox(db, clock, owner="dead-process")
    claimed, sending = dead.add(message("a")), dead.add(message("b", chat=OTHER))
    assert sorted(r.id for r in dead.claim_due(10)) == [claimed, sending]
    dead.store.mark_sending(sending, dead.owner, NOW)
    alive = Outbox(db, clock, owner="new-process")
    assert alive.recover().requeued == [], "not before the lease ends"
    clock.advance(timedelta(minutes=5))
    reclaimed = alive.recover()
    assert (reclaimed.requeued, reclaimed.possible_duplicates) == ([claimed], [sending])
    rows = {r.id: r for r in alive.claim_due(10)}
    assert not rows[claimed].maybe_delivered and rows[sending].maybe_delivered


def test_a_write_the_database_refuses_is_kept_and_written_later(
    db: Database, outbox: Outbox
) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
    woken: list[bool] = []
    outbox.on_wake(lambda: woken.append(True))
    big = "x" * 200_000  # needs new pages
    assert outbox.write(lambda: outbox.add(message(big)), what="test write") is SPILLED
    assert outbox.spilled == 1 and outbox.store.rows() == []
    assert outbox.flush_spilled() == 0, "still full"
    db.execute("PRAGMA max_page_count = 1073741823")
    assert outbox.flush_spilled() == 1 and outbox.spilled == 0
    assert [r.text for r in outbox.store.rows()] == [big] and woken


# --- delivering ------------------------------------------------------------------------------


async def test_a_delivered_row_is_sent_and_its_hook_runs_in_the_same_transaction(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn
) -> None:
    seen: list[tuple[int, int | None]] = []
    outbox.register(Purpose.REPLY, Hooks(delivered=lambda row, mid: seen.append((row.id, mid))))
    yes = encode(ReminderConsent(agreed=True))
    row_id = outbox.add(message("<b>hi</b>", markup={"inline_keyboard": [[
        {"text": "Yes", "callback_data": yes}]]}), claim=True)  # fmt: skip
    assert await outbox.send_now(bot, row_id) is Outcome.SENT
    (sent,) = standin.messages_to(CHAT)
    assert sent.plain_text == "hi" and sent.callback_data == [yes]
    row = outbox.store.get(row_id)
    assert row is not None and row.status is RowStatus.SENT
    assert seen == [(row_id, sent.message_id)] and row.telegram_message_id == sent.message_id


@pytest.mark.parametrize("fault", [500, 502, "disconnect"])
async def test_a_network_failure_waits_a_back_off_and_counts_against_nothing(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn, clock: ManualClock, fault: int | str
) -> None:
    row_id = outbox.add(message(), claim=True)
    for failure in range(1, 13):  # more than any old give-up budget
        standin.fail_next(1, fault)  # type: ignore[arg-type]
        row = outbox.store.get(row_id)
        assert row is not None
        result = await outbox.attempt(bot, row)
        assert result.outcome is Outcome.RETRY
        row = outbox.store.get(row_id)
        assert row is not None and row.status is RowStatus.PENDING
        assert row.failures == failure and not row.maybe_delivered
        assert row.due_at == clock.now() + retry_delay(failure)
        clock.advance(retry_delay(failure))
        assert claim(outbox) == [row_id]
    assert await outbox.send_now(bot, row_id) is Outcome.SENT
    assert len(standin.messages_to(CHAT)) == 1


async def test_a_timed_out_request_is_retried_and_flagged_as_maybe_delivered(
    outbox: Outbox, standin: BotApiStandIn
) -> None:
    standin.fail_next(1, "late", methods=["sendMessage"], late_seconds=0.6)
    impatient = Bot(
        standin.token, base_url=standin.base_url, request=HTTPXRequest(read_timeout=0.2)
    )
    async with impatient:
        row_id = outbox.add(message(), claim=True)
        assert await outbox.send_now(impatient, row_id) is Outcome.RETRY
    row = outbox.store.get(row_id)
    assert row is not None and row.maybe_delivered and row.reason == "timeout"
    assert len(standin.messages_to(CHAT)) == 1, "it was delivered all the same"


async def test_refusals_end_a_row_with_the_gave_up_hook_and_a_passed_deadline_too(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn, clock: ManualClock
) -> None:
    ended: list[tuple[int, str]] = []
    outbox.register(Purpose.REPLY, Hooks(gave_up=lambda row, why: ended.append((row.id, why))))
    standin.block_chat(OTHER, notify=False)
    blocked = outbox.add(message(chat=OTHER), claim=True)
    refused = outbox.add(message("<b>unclosed"), claim=True)
    late = outbox.add(
        Effect(Purpose.REPLY, CHAT, "late", due_at=NOW, deadline_at=NOW + timedelta(hours=1)),
        claim=True,
    )
    clock.advance(timedelta(hours=2))
    for row_id in (blocked, refused, late):
        assert await outbox.send_now(bot, row_id) is Outcome.ENDED
    assert [status(outbox, r) for r in (blocked, refused, late)] == [
        RowStatus.FAILED, RowStatus.FAILED, RowStatus.EXPIRED,
    ]  # fmt: skip
    assert ended == [(blocked, "blocked"), (refused, "refused"), (late, "deadline passed")]
    assert standin.messages_to(CHAT) == []


async def test_a_row_no_longer_wanted_is_cancelled_before_any_request(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn
) -> None:
    outbox.register(Purpose.ALERT_COPY, Hooks(cancel_reason=lambda row: "handled"))
    row_id = outbox.add(
        Effect(Purpose.ALERT_COPY, CHAT, "alert", due_at=NOW, deadline_at=None), claim=True
    )
    assert await outbox.send_now(bot, row_id) is Outcome.ENDED
    row = outbox.store.get(row_id)
    assert row is not None and row.status is RowStatus.CANCELLED and row.reason == "handled"
    assert standin.counters.requests_by_method.get("sendMessage", 0) == 0


async def test_an_edit_that_changes_nothing_counts_as_done(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn
) -> None:
    original = await bot.send_message(CHAT, "already scrubbed")
    row_id = outbox.add(
        message("already scrubbed", edit_message_id=original.message_id), claim=True
    )
    assert await outbox.send_now(bot, row_id) is Outcome.SENT


async def test_a_copy_delivered_after_its_row_was_erased_runs_the_orphan_hook(
    outbox: Outbox, bot: Bot, standin: BotApiStandIn, tmp_path: Path
) -> None:
    orphans: list[tuple[int, int | None]] = []
    outbox.register(
        Purpose.ALERT_COPY, Hooks(orphaned=lambda row, mid: orphans.append((row.id, mid)))
    )
    row_id = outbox.add(
        Effect(Purpose.ALERT_COPY, CHAT, "alert", due_at=NOW, deadline_at=None, patient_id=9),
        claim=True,
    )

    def erase_meanwhile(_record: object) -> None:  # another connection, while the request runs
        other = Database(tmp_path / "bot.db")
        with other.conn:
            other.execute("DELETE FROM outbox WHERE patient_id = 9")
        other.close()

    standin.subscribe(erase_meanwhile)
    assert await outbox.send_now(bot, row_id) is Outcome.SENT
    (sent,) = standin.messages_to(CHAT)
    assert orphans == [(row_id, sent.message_id)]
