"""``GET /metrics``: the counters of ``bot.metrics`` plus gauges read from SQLite when scraped.

Reminders by status and the sweep's lag (how long the oldest due, still pending reminder has
waited) come from the reminders table through its (status, due_at) index; they are cached for a
second so a scraper polling fast costs the event loop little.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot import metrics
from bot.aftercare.reminders import Status
from bot.storage.repository import Repository

CACHE_SECONDS = 1.0


class ReminderGauges(Collector):
    def __init__(self, repo: Repository, now: Callable[[], datetime]) -> None:
        self._repo = repo
        self._now = now
        self._cached: tuple[float, dict[str, int], float] | None = None

    def _read(self) -> tuple[dict[str, int], float]:
        stamp = time.monotonic()
        if self._cached is not None and stamp - self._cached[0] < CACHE_SECONDS:
            return self._cached[1], self._cached[2]
        store = self._repo.aftercare
        counts = store.count_by_status()
        oldest = store.next_due_at()
        lag = 0.0 if oldest is None else max(0.0, (self._now() - oldest).total_seconds())
        self._cached = (stamp, counts, lag)
        return counts, lag

    def collect(self) -> Iterable[Metric]:
        counts, lag = self._read()
        by_status = GaugeMetricFamily(
            "aftercare_reminders", "Reminders in the database, by status", labels=["status"]
        )
        for status in Status:
            by_status.add_metric([status.value], counts.get(status.value, 0))
        yield by_status
        yield GaugeMetricFamily(
            "aftercare_sweep_lag_seconds",
            "How long the oldest due reminder has waited without being claimed",
            value=lag,
        )


class MetricsPage:
    def __init__(self, repo: Repository, now: Callable[[], datetime]) -> None:
        self._database = CollectorRegistry(auto_describe=True)
        self._database.register(ReminderGauges(repo, now))

    def render(self) -> bytes:
        return generate_latest(metrics.REGISTRY) + generate_latest(self._database)
