"""Start-up as an operator meets it, each as a real ``python -m bot`` process: what is wrong is
said in one line and the exit status is 2; the token never appears in anything printed."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from bot.devtools.standin import BotApiStandIn
from bot.storage.instance_lock import InstanceLock

from .bot_process import bot_env, free_port, run_bot, start_bot, wait_for

# Shaped like a real token (digits, colon, 35 letters): what PTB's InvalidToken used to quote.
# Shaped like a real token (digits, colon, 35 characters), assembled so no scanner mistakes
# the source for a leaked one.
REAL_LOOKING_TOKEN = "9876543210" + ":" + "AAHfakeButRealLookingTokenValue12345"
SECRET_PART = REAL_LOOKING_TOKEN.split(":")[1]

pytestmark = pytest.mark.slow


def _fatal_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, result
    return lines[-1]


def _assert_clean(output: str) -> None:
    assert REAL_LOOKING_TOKEN not in output
    assert SECRET_PART not in output
    assert "Traceback" not in output


def test_no_token_and_no_terminal_exits_2_with_one_line_on_how_to_run(tmp_path: Path) -> None:
    env = bot_env(tmp_path / "a.db", token="", base_url=None, port=free_port())
    result = run_bot(env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "docker run -it" in result.stderr and "python -m bot demo" in result.stderr
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize("path", ["/bot", "/mistyped/bot"])
def test_a_rejected_token_or_a_wrong_api_url_is_one_line_without_the_token(
    tmp_path: Path, path: str
) -> None:
    with BotApiStandIn() as standin:  # accepts only its own token: ours is rejected (401 / 404)
        base_url = f"http://127.0.0.1:{standin.port}{path}"
        env = bot_env(tmp_path / "a.db", token=REAL_LOOKING_TOKEN, base_url=base_url,
                      port=free_port())  # fmt: skip
        result = run_bot(env)
    assert result.returncode == 2
    _assert_clean(result.stdout + result.stderr)
    line = _fatal_line(result)
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in line
    assert ("Unauthorized" if path == "/bot" else "Not Found") in line
    assert "TELEGRAM_API_BASE_URL" in line


def test_a_second_bot_on_the_same_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with BotApiStandIn() as standin, InstanceLock(db, purpose="bot"):
        env = bot_env(db, token=standin.token, base_url=standin.base_url, port=free_port())
        result = run_bot(env)
    assert result.returncode == 2
    line = _fatal_line(result)
    assert "is in use by bot (pid" in line and "one bot per database" in line


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken, BotApiStandIn() as standin:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(tmp_path / "a.db", token=standin.token, base_url=standin.base_url,
                      port=port)  # fmt: skip
        result = run_bot(env)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in _fatal_line(result)
    _assert_clean(result.stderr)


async def test_an_unreachable_telegram_is_retried_in_one_line_each_then_the_bot_runs(
    tmp_path: Path,
) -> None:
    log = tmp_path / "bot.log"
    async with BotApiStandIn() as standin:
        standin.fail_next(2, "disconnect", methods=["getMe"])
        port = free_port()
        env = bot_env(tmp_path / "a.db", token=standin.token, base_url=standin.base_url,
                      port=port)  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: "the bot is running" in log.read_text(), 30, "running")
            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{port}/healthz")
            docker_check = await asyncio.to_thread(run_bot, env, "healthcheck")
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
    output = log.read_text()
    assert code == 0
    assert output.count("Telegram is unreachable") == 2
    assert "retrying in 1 s" in output and "retrying in 2 s" in output
    assert "Traceback" not in output
    assert health.status_code == 200, health.text
    assert (docker_check.returncode, docker_check.stdout) == (0, "ok\n")  # the HEALTHCHECK


async def test_a_second_instance_polling_with_the_same_token_is_one_clear_line(
    tmp_path: Path,
) -> None:
    """Telegram answers 409 Conflict to a poll another poll terminated; the bot says so once,
    keeps retrying, and /healthz names the problem."""
    log = tmp_path / "bot.log"
    async with BotApiStandIn() as standin:
        port = free_port()
        env = bot_env(tmp_path / "a.db", token=standin.token, base_url=standin.base_url,
                      port=port)  # fmt: skip
        process = start_bot(env, log)
        try:
            await wait_for(lambda: "the bot is running" in log.read_text(), 30, "running")
            await standin.wait_for_long_poll(timeout=10)
            async with httpx.AsyncClient(timeout=10) as client:
                other = f"{standin.base_url}{standin.token}/getUpdates"

                async def second_instance() -> None:
                    for _ in range(6):  # each poll terminates the bot's parked one
                        await client.post(other, json={"timeout": 1})

                await second_instance()
                await wait_for(lambda: "409 Conflict" in log.read_text(), 10, "conflict line")
                health = await client.get(f"http://127.0.0.1:{port}/healthz")
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
    output = log.read_text()
    assert code == 0
    conflict_lines = [line for line in output.splitlines() if "409 Conflict" in line]
    assert len(conflict_lines) == 1, conflict_lines
    assert "another instance is polling with this token" in conflict_lines[0]
    assert "Traceback" not in output
    assert health.status_code == 503
    assert "another instance" in json.loads(health.text)["checks"]["telegram"]


def test_json_logs_are_one_object_per_line(tmp_path: Path) -> None:
    with BotApiStandIn() as standin:
        env = bot_env(tmp_path / "a.db", token=REAL_LOOKING_TOKEN, base_url=standin.base_url,
                      port=free_port(), AFTERCARE_LOG_FORMAT="json")  # fmt: skip
        result = run_bot(env)
    assert result.returncode == 2
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert {"time", "level", "logger", "message"} <= set(entries[-1])
    assert entries[-1]["level"] == "CRITICAL"
    assert "rejected" in entries[-1]["message"]
    _assert_clean(result.stderr)
