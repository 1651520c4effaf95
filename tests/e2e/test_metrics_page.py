"""``/metrics`` after real traffic: Prometheus text that prometheus_client's own parser reads,
counting replies by kind, alerts, sends, reminders by status and the sweep's lag, with no
patient id or text in any label."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from bot.web.metrics import MetricsPage

from .harness import World

PATIENT = 7_400_000_001


def _samples(world: World) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    page = MetricsPage(world.services.repo, world.clock.now).render().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    }


async def test_the_metrics_page_parses_and_counts_what_happened(world: World) -> None:
    before = _samples(world)
    await world.say(PATIENT, "how long will I be sore?")
    await world.say(PATIENT, "I can't breathe since the session")
    await world.log_session(PATIENT)
    world.clock.advance(timedelta(hours=3))  # the water reminder is due, not yet swept
    after = _samples(world)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after[key] - before.get(key, 0.0)

    assert grew("aftercare_replies_total", kind="answer") == 1
    assert grew("aftercare_replies_total", kind="urgent") == 1
    assert grew("aftercare_alerts_total", kind="red_flag") == 1
    assert grew("aftercare_updates_total") >= 2
    assert grew("aftercare_telegram_sends_total", kind="reply") >= 2
    assert grew("aftercare_answer_seconds_count") == 2  # both questions were answered
    assert after[("aftercare_reminders", (("status", "pending"),))] >= 1
    assert after[("aftercare_sweep_lag_seconds", ())] >= 3600

    labels = " ".join(f"{k}={v}" for (_, pairs) in after for k, v in pairs)
    assert str(PATIENT) not in labels
    assert "breathe" not in labels and "sore" not in labels
