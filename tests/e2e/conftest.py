"""The ``world`` fixture every end-to-end test module shares (see ``harness.py``).

A module changes the start time or the default time zone by overriding ``world_config``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .harness import World, WorldConfig, open_world


@pytest.fixture
def world_config() -> WorldConfig:
    return WorldConfig()


@pytest.fixture
async def world(tmp_path: Path, world_config: WorldConfig) -> AsyncIterator[World]:
    async with open_world(tmp_path / "aftercare-e2e.db", world_config) as world:
        yield world
