"""Staff page through a long patient list with the ◀ / ▶ buttons (keyset page turns)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.clinics.render import PAGE_SIZE
from bot.telegram.callbacks import PageTurn
from tests.buttons import button_in

from .harness import World, WorldConfig

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
STAFF_A = 5_400_000_001
LISTED = re.compile(r"#(\d+) ")


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig(start=NOW)


def _ids(text: str | None) -> list[int]:
    return [int(n) for n in LISTED.findall(text or "")]


def _turn(world: World, message_id: int, page: int, *, forward: bool) -> PageTurn:
    """The ◀ or ▶ button on the list, which names the page it shows."""
    datas = [b["callback_data"] for b in world.standin.buttons_on(STAFF_A, message_id)]
    turn = button_in(datas, PageTurn, page=page)
    assert turn.edge is not None and turn.edge.forward is forward
    return turn


async def test_next_and_previous_walk_the_whole_list_in_triage_order(world: World) -> None:
    clinic_id = await world.staffed_clinic("Riverside Physio", STAFF_A, "Alice Staff")
    repo = world.services.repo
    count = PAGE_SIZE * 2 + 3
    for n in range(count):
        patient = repo.patients.register(
            telegram_user_id=8_200_000_000 + n,
            chat_id=8_200_000_000 + n,
            display_name=f"Patient {n}",
            locale="en",
            now=NOW,
        )
        repo.patients.set_fields(patient.id, clinic_id=clinic_id)
        repo.aftercare.add_session(
            patient_id=patient.id,
            treated_at=NOW - timedelta(minutes=n),
            area="neck",
            logged_by="patient",
            idempotency_key=f"s{n}",
            now=NOW,
        )
    expected = [
        p for (p,) in repo.db.execute("SELECT id FROM patients WHERE clinic_id = ?", [clinic_id])
    ]  # sessions are newest for the lowest n, the first registered
    first = (await world.say(STAFF_A, "/patients")).only(STAFF_A)
    assert "page 1 of 3" in (first.plain_text or "")
    seen = _ids(first.plain_text)
    message_id = first.message_id or 0
    for page in (2, 3):
        await world.press(STAFF_A, message_id, _turn(world, message_id, page, forward=True))
        shown = world.standin.current_message(STAFF_A, message_id)
        assert shown is not None and f"page {page} of 3" in shown["text"]
        seen += _ids(shown["text"])
    assert seen == expected
    await world.press(STAFF_A, message_id, _turn(world, message_id, 2, forward=False))
    shown = world.standin.current_message(STAFF_A, message_id)
    assert shown is not None and _ids(shown["text"]) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    # A button of the older kind (a page number only) still turns to that page.
    await world.press(STAFF_A, message_id, "cl:pg:3", forged=True)
    shown = world.standin.current_message(STAFF_A, message_id)
    assert shown is not None and _ids(shown["text"]) == expected[2 * PAGE_SIZE :]
