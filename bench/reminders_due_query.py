"""Finding the due batch among 600,000 pending reminders (100,000 patients × 6), and the memory
of a bot process that sweeps such a table.

Prints: seeding time, the claim time for one sender batch (p50/p99 of 200 claims, each claim is
the production ``claim_due``: UPDATE … RETURNING through the (status, due_at) index), and the
peak RSS of a separate process that builds the bot's services and claims batches.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import timedelta
from pathlib import Path

from aftercare_seed import seed, utcnow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage.db import open_database  # noqa: E402
from bot.storage.repository import Repository  # noqa: E402

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from bot.app import build_services
    from bot.clock import SystemClock
    from bot.settings import Settings
    services = build_services(Settings(db_path=Path(sys.argv[1])), clock=SystemClock())
    def peak():  # VmHWM: ru_maxrss would carry the parent's peak across exec on Linux
        status = Path("/proc/self/status").read_text()
        return int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
    built = peak()
    now = datetime.now(UTC)
    for _ in range(20):
        services.repo.aftercare.claim_due(now=now, limit=56, owner="rss", lease_until=now)
    print(built, peak())
    """
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--per-patient", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        now = utcnow()
        started = time.perf_counter()
        seed(
            db_path, patients=args.patients, per_patient=args.per_patient, due_now=20_000, now=now
        )
        rows = args.patients * args.per_patient
        print(f"seeded {rows:,} pending reminders in {time.perf_counter() - started:.1f} s")
        repo = Repository(open_database(db_path))
        timings = []
        lease = now + timedelta(minutes=1)
        for n in range(200):
            t0 = time.perf_counter()
            batch = repo.aftercare.claim_due(now=now, limit=56, owner=f"b{n}", lease_until=lease)
            timings.append((time.perf_counter() - t0) * 1000)
            assert len(batch) == 56
        timings.sort()
        print(
            f"claim of a 56-row due batch: p50 {statistics.median(timings):.2f} ms, "
            f"p99 {timings[int(len(timings) * 0.99) - 1]:.2f} ms, max {timings[-1]:.2f} ms"
        )
        t0 = time.perf_counter()
        for _ in range(200):
            repo.db.execute(
                "SELECT id FROM reminders WHERE status = 'pending' AND due_at <= ? "
                "ORDER BY due_at LIMIT 56",
                [now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")],
            ).fetchall()
        print(f"due query alone (SELECT): {(time.perf_counter() - t0) / 200 * 1000:.3f} ms")
        repo.close()
        rss = subprocess.run(
            [sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.split()  # fmt: skip
        print(
            f"bot process: peak RSS {float(rss[0]):.0f} MB after start-up (services, migrations),"
            f" {float(rss[1]):.0f} MB after sweeping batches of the {rows:,}-row table"
        )


if __name__ == "__main__":
    main()
