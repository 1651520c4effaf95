"""``/healthz`` over the real web app: 200 when the database takes a write, the sweep ran lately
and Telegram answered; 503 naming what is wrong otherwise. Time is a manual monotonic clock."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.ops.health import (
    CONFLICT_WINDOW,
    LOCK_TOLERATED,
    TELEGRAM_STALE,
    HealthCheck,
    TelegramWatch,
)
from bot.storage.db import open_database, serve_from_event_loop
from bot.storage.repository import Repository
from bot.storage.runtime_store import RuntimeStore
from bot.web import build_web_app
from bot.web.metrics import MetricsPage

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
SWEEP_SECONDS = 5.0


@dataclass
class Tick:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Bot:
    client: httpx.AsyncClient
    repo: Repository
    time: Tick
    watch: TelegramWatch
    sweep: dict[str, float | None]

    async def health(self) -> tuple[int, dict[str, object]]:
        response = await self.client.get("/healthz")
        return response.status_code, response.json()

    def later(self, seconds: float) -> None:
        """Time passes with the sweep running and Telegram answering as usual."""
        self.time.now += seconds
        self.sweep["finished_at"] = self.time.now
        self.watch.answered(200)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Bot]:
    repo = Repository(open_database(tmp_path / "a.db"))
    tick = Tick()
    watch = TelegramWatch(clock=tick)
    sweep: dict[str, float | None] = {"finished_at": None}
    check = HealthCheck(
        probe_database=lambda: RuntimeStore(repo.db).probe_write(NOW),
        sweep_finished_at=lambda: sweep["finished_at"],
        sweep_interval=SWEEP_SECONDS,
        telegram=watch,
        clock=tick,
    )
    app = build_web_app(check, MetricsPage(repo, lambda: NOW))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        watch.answered(200)
        sweep["finished_at"] = tick.now
        yield Bot(client, repo, tick, watch, sweep)
    repo.close()


async def test_a_running_bot_is_healthy(bot: Bot) -> None:
    status, body = await bot.health()
    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "sweep": "ok", "telegram": "ok"},
    }


async def test_a_read_only_database_makes_it_unhealthy_and_recovery_heals_it(bot: Bot) -> None:
    bot.repo.db.execute("PRAGMA query_only = ON")  # every write on the bot's connection fails
    bot.time.now += 2
    status, body = await bot.health()
    assert status == 503
    checks = body["checks"]
    assert isinstance(checks, dict)
    assert "not writable" in checks["database"] and "readonly" in checks["database"]
    assert checks["sweep"] == checks["telegram"] == "ok"

    bot.repo.db.execute("PRAGMA query_only = OFF")
    bot.time.now += 2
    assert (await bot.health())[0] == 200


async def test_another_process_holding_the_lock_is_unhealthy_only_after_a_minute(
    bot: Bot, tmp_path: Path
) -> None:
    serve_from_event_loop(bot.repo.db)  # as the running bot: never waits inside SQLite
    holder = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert (await bot.health())[0] == 200, "the clinic CLI writes for milliseconds"
        bot.later(LOCK_TOLERATED - 1)
        assert (await bot.health())[0] == 200
        bot.later(2)
        status, body = await bot.health()
        assert status == 503
        assert body["checks"] == {
            "database": "locked by another process for 61 s",
            "sweep": "ok",
            "telegram": "ok",
        }
    finally:
        holder.execute("COMMIT")
        holder.close()
    bot.time.now += 1
    assert (await bot.health())[0] == 200


async def test_a_stopped_sweep_makes_it_unhealthy_after_a_few_periods(bot: Bot) -> None:
    bot.time.now += 14  # within 15 s (3 periods of 5 s, at least 15 s)
    bot.watch.answered(200)
    assert (await bot.health())[0] == 200
    bot.time.now += 2
    status, body = await bot.health()
    assert status == 503
    assert body["checks"] == {
        "database": "ok",
        "telegram": "ok",
        "sweep": "the reminder sweep last finished 16 s ago",
    }
    bot.sweep["finished_at"] = bot.time.now  # it runs again
    assert (await bot.health())[0] == 200


async def test_telegram_silent_for_minutes_or_a_second_poller_make_it_unhealthy(bot: Bot) -> None:
    bot.sweep["finished_at"] = bot.time.now = bot.time.now + TELEGRAM_STALE + 1
    bot.watch.failed(TimeoutError())
    status, body = await bot.health()
    assert status == 503
    checks = body["checks"]
    assert isinstance(checks, dict)
    assert checks["telegram"] == "Telegram has not answered for 181 s (last error: TimeoutError)"

    bot.watch.answered(409)
    status, body = await bot.health()
    assert status == 503
    assert "another instance is polling" in str(body)
    bot.time.now += CONFLICT_WINDOW + 1
    bot.sweep["finished_at"] = bot.time.now
    bot.watch.answered(200)
    assert (await bot.health())[0] == 200


async def test_the_database_is_probed_at_most_once_a_second(bot: Bot) -> None:
    await bot.health()
    bot.repo.db.execute("PRAGMA query_only = ON")
    assert (await bot.health())[0] == 200  # the answer of a moment ago
    bot.time.now += 1
    assert (await bot.health())[0] == 503
