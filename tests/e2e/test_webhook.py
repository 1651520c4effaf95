"""Webhook mode, as a real process: the bot tells Telegram (the stand-in) where to post and with
which secret; the test then posts updates as Telegram would. A request without the right secret
is refused with 403 and changes nothing; the right one is answered like a polled update."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import httpx
import pytest

from bot.devtools.standin import BotApiStandIn

from .bot_process import bot_env, free_port, start_bot, wait_for

PATIENT = 7_300_000_001
HEADER = "X-Telegram-Bot-Api-Secret-Token"

pytestmark = pytest.mark.slow


def _patients(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM patients").fetchone()[0])
    finally:
        conn.close()


def _stored_secret(db_path: Path) -> str | None:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        row = conn.execute(
            "SELECT value FROM runtime_values WHERE key = 'webhook_secret'"
        ).fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


async def test_only_requests_with_the_secret_reach_the_bot(tmp_path: Path) -> None:
    db, log = tmp_path / "a.db", tmp_path / "bot.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    async with BotApiStandIn() as standin:
        env = bot_env(db, token=standin.token, base_url=standin.base_url, port=port,
                      TELEGRAM_WEBHOOK_URL=url)  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: "the bot is running" in log.read_text(), 30, "running")
            hook = standin.webhook
            assert hook is not None and hook["url"] == url
            secret = hook["secret_token"]
            assert secret and secret == _stored_secret(db)  # generated once, kept
            assert hook["allowed_updates"] == ["message", "edited_message", "callback_query"]

            standin.push_message(PATIENT, "/start", first_name="Ada")
            (update,) = standin.take_updates()
            async with httpx.AsyncClient(timeout=10) as client:
                missing = await client.post(url, json=update)
                wrong = await client.post(url, json=update, headers={HEADER: secret + "x"})
                forged = await client.post(url, json=update, headers={HEADER: ""})
                await asyncio.sleep(0.3)  # a refused request must have no late effect either
                before = len(standin.sent)
                patients_before = _patients(db)

                right = await client.post(url, json=update, headers={HEADER: secret})
                reply = await standin.wait_for_reply(PATIENT, timeout=10)
                junk = await client.post(url, content=b"{not json", headers={HEADER: secret})
                metrics = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
    assert (missing.status_code, wrong.status_code, forged.status_code) == (403, 403, 403)
    assert before == 0 and patients_before == 0
    assert right.status_code == 200
    assert "Hello" in (reply.plain_text or "")
    assert _patients(db) == 1
    assert junk.status_code == 400
    assert 'aftercare_webhook_refused_total{reason="secret"} 3.0' in metrics
    assert code == 0
    assert secret not in log.read_text()


async def test_a_chosen_webhook_secret_is_the_one_telegram_gets(tmp_path: Path) -> None:
    db, log = tmp_path / "a.db", tmp_path / "bot.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with BotApiStandIn() as standin:
        env = bot_env(
            db, token=standin.token, base_url=standin.base_url, port=port,
            TELEGRAM_WEBHOOK_URL=url, TELEGRAM_WEBHOOK_SECRET="chosen_Secret-1",
        )  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: "the bot is running" in log.read_text(), 30, "running")
            assert standin.webhook is not None
            assert standin.webhook["secret_token"] == "chosen_Secret-1"
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
    assert code == 0
