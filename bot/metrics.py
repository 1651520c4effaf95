"""Prometheus metrics: counters the running bot bumps, read by ``GET /metrics``.

Call sites add one line (``metrics.REPLIES.labels(kind).inc()``); nothing here knows the call
sites. Labels are small fixed sets (reply kinds, reminder statuses, alert kinds): never a
patient id, a chat id or anything a patient wrote. Gauges that describe the database (reminders
by status, how late the sweep is) are read from SQLite when scraped, see ``bot.web.metrics``.

The metrics live in their own registry, not prometheus_client's global one, so a process that
builds several applications (the tests) still has one set.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics

# The ``*_created`` timestamp series double the page and no dashboard reads them.
disable_created_metrics()

REGISTRY = CollectorRegistry(auto_describe=True)

REPLY_KINDS = ("answer", "unknown", "urgent", "smalltalk", "safety", "clinic")
SEND_KINDS = ("reply", "background")

UPDATES = Counter("aftercare_updates", "Telegram updates the bot has handled", registry=REGISTRY)
REPLIES = Counter(
    "aftercare_replies",
    "Replies to patients' free-text messages, by kind",
    ["kind"],
    registry=REGISTRY,
)
ALERTS = Counter(
    "aftercare_alerts", "Alerts raised for clinics, by kind", ["kind"], registry=REGISTRY
)
SENDS = Counter(
    "aftercare_telegram_sends",
    "Messages and edits sent to Telegram (reply: answers to patients; background: reminders, "
    "digests)",
    ["kind"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "aftercare_telegram_rate_limited", "429 Too Many Requests answers from Telegram",
    registry=REGISTRY,
)  # fmt: skip
ANSWER_SECONDS = Histogram(
    "aftercare_answer_seconds",
    "From a patient's question to the reply being sent",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
WEBHOOK_REFUSED = Counter(
    "aftercare_webhook_refused",
    "Webhook requests refused (wrong or missing secret, bad body)",
    ["reason"],
    registry=REGISTRY,
)

for _kind in REPLY_KINDS:
    REPLIES.labels(_kind)
for _kind in SEND_KINDS:
    SENDS.labels(_kind)


def count_reply(kind: str) -> None:
    """Count a reply; an unexpected kind is counted as ``other`` (labels stay a fixed set)."""
    REPLIES.labels(kind if kind in REPLY_KINDS else "other").inc()
