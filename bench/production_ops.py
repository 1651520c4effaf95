"""What running it in production costs: ``/healthz`` and ``/metrics`` requests per second that
the bot's one core serves while it drains a reminder burst (and whether the drain keeps its
pace meanwhile), and how long ``python -m bot backup`` takes for a 600,000-reminder database.

The bot runs as ``python -m bot`` in its own process pinned to one core, against the Bot API
stand-in in another process (Telegram's 30 messages/s limit switched on); the load comes from
this process, pinned to the other core when there is one.

    .venv/bin/python bench/production_ops.py [--seconds 5] [--burst 3000] [--reminders 600000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from aftercare_seed import FIRST_CHAT, seed, utcnow
from standin_process import StandInProcess

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.storage.backup import backup_database

ROOT = Path(__file__).resolve().parent.parent

CONCURRENCY = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_bot(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pin(pid: int, core: int) -> None:
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) > 1:
        os.sched_setaffinity(pid, {cores[core % len(cores)]})


async def _load(client: httpx.AsyncClient, path: str, seconds: float) -> tuple[int, int]:
    """Requests answered (any status) and how many were 200, in ``seconds``."""
    deadline = time.monotonic() + seconds
    answered = ok = 0

    async def worker() -> None:
        nonlocal answered, ok
        while time.monotonic() < deadline:
            response = await client.get(path)
            answered += 1
            ok += response.status_code == 200

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return answered, ok


async def endpoints(seconds: float, burst: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "burst.db"
        seed(db, patients=burst, per_patient=1, due_now=burst, now=utcnow())
        async with StandInProcess() as standin:
            await standin.call(
                "register_chats", chats=[FIRST_CHAT + p for p in range(1, burst + 1)]
            )
            await standin.call("rate_limit", per_second=30, retry_after=1)
            port = _free_port()
            env = {
                **{
                    k: v
                    for k, v in os.environ.items()
                    if not k.startswith(("TELEGRAM_", "AFTERCARE_"))
                },
                "TELEGRAM_BOT_TOKEN": standin.token,
                "TELEGRAM_API_BASE_URL": standin.base_url,
                "AFTERCARE_DB": str(db),
                "AFTERCARE_HTTP_PORT": str(port),
                "AFTERCARE_ENV_FILE": "off",
                "AFTERCARE_LOG_LEVEL": "WARNING",
                "AFTERCARE_SWEEP_SECONDS": "1",
                # The answerer's model is not what is measured here; its warm-up would be.
                "AFTERCARE_EMBEDDINGS": "off",
            }
            bot = _start_bot(env)
            _pin(bot.pid, 0)
            _pin(0, 1)
            try:
                async with httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{port}", timeout=10
                ) as client:
                    for _ in range(200):
                        try:
                            if (await client.get("/healthz")).status_code == 200:
                                break
                        except httpx.TransportError:
                            pass
                        await asyncio.sleep(0.1)
                    await asyncio.sleep(1)  # the burst is under way
                    rows = []
                    for label, path in (
                        ("no load", None),
                        ("/healthz", "/healthz"),
                        ("/metrics", "/metrics"),
                        ("no load", None),
                    ):
                        sent_before = await standin.call("count_sends", method="sendMessage")
                        cpu_before = _cpu_seconds(bot.pid)
                        started = time.monotonic()
                        if path is None:
                            await asyncio.sleep(seconds)
                            answered = ok = 0
                        else:
                            answered, ok = await _load(client, path, seconds)
                        elapsed = time.monotonic() - started
                        cpu = _cpu_seconds(bot.pid) - cpu_before
                        sent = (
                            await standin.call("count_sends", method="sendMessage") - sent_before
                        )
                        rows.append((label, answered / elapsed, ok, sent / elapsed, cpu / elapsed))
                    metrics_page = (await client.get("/metrics")).content
            finally:
                bot.terminate()
                bot.wait(15)
    print(f"endpoints while the bot drains a {burst}-reminder burst (bot pinned to one core, "
          f"{CONCURRENCY} client connections, {seconds:g} s each):")  # fmt: skip
    # The bot's own CPU share while it drains without requests, before and after the load.
    baseline = (rows[0][4] + rows[-1][4]) / 2
    for label, rps, ok, drain, busy in rows:
        line = f"  {label:9} bot CPU {busy:4.0%}, reminders sent {drain:5.1f}/s"
        if label != "no load":
            line += f", {rps:5.0f} requests/s served ({ok} answered 200)"
            if busy > baseline and rps > 0:
                per_request = (busy - baseline) / rps
                line += (
                    f"; {per_request * 1e3:.2f} ms CPU each = {1 / per_request:,.0f}/s on one core"
                )
            else:
                line += "; too few requests to tell the bot's CPU cost (the client is the limit)"
        print(line)
    print(f"  /metrics page: {len(metrics_page)} bytes")


def backup(reminders: int) -> None:
    patients = reminders // 3
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        started = time.perf_counter()
        seed(db, patients=patients, per_patient=3, due_now=0, now=utcnow())
        seeded = time.perf_counter() - started
        size = db.stat().st_size + (
            Path(f"{db}-wal").stat().st_size if Path(f"{db}-wal").exists() else 0
        )
        timings = [backup_database(db, Path(tmp) / f"copy{n}.db") for n in range(3)]
    best = min(t.seconds for t in timings)
    print(f"backup of a {patients * 3:,}-reminder database ({patients:,} patients, "
          f"{size / 1e6:.0f} MB; seeded in {seeded:.0f} s): best of 3 {best:.2f} s, "
          f"copy {timings[0].bytes / 1e6:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--burst", type=int, default=3000)
    parser.add_argument("--reminders", type=int, default=600_000)
    args = parser.parse_args()
    asyncio.run(endpoints(args.seconds, args.burst))
    backup(args.reminders)


if __name__ == "__main__":
    main()
