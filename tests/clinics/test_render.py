"""What staff read in /patients: counted words agree with their number, dates in the clinic's
zone written with the catalog's pattern."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clinics.render import patients_page_text
from bot.clinics.views_store import PatientPage, PatientRow
from bot.content import Messages, html_to_plain

SESSION = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)


def _row(patient_id: int, open_alerts: int) -> PatientRow:
    return PatientRow(patient_id, f"Patient {patient_id}", SESSION, "neck", 4, open_alerts)


@pytest.mark.parametrize(("total", "words"), [(1, "1 patient,"), (2, "2 patients,")])
def test_the_header_counts_patients_in_the_singular_only_for_one(
    messages: Messages, total: int, words: str
) -> None:
    rows = [_row(n, 0) for n in range(1, total + 1)]
    page = PatientPage(rows, page=1, pages=1, total=total, with_open_alerts=0)
    header = html_to_plain(patients_page_text(messages, "Riverside", "UTC", page)).split("\n")[0]
    assert f"Riverside: {words}" in header


def test_a_patients_open_alerts_are_counted_and_the_session_day_is_local(
    messages: Messages,
) -> None:
    page = PatientPage([_row(1, 1), _row(2, 2)], page=1, pages=1, total=2, with_open_alerts=2)
    lines = html_to_plain(patients_page_text(messages, "Riverside", "Asia/Tokyo", page))
    one, two = lines.split("\n")[1:]
    assert one.endswith("1 open alert") and two.endswith("2 open alerts")
    assert "21 Nov" in one  # 23:30 UTC on the 20th is the 21st in Tokyo
    assert "(s)" not in lines
