"""The saved anchor of a time-scaled clock (one row at most)."""

from __future__ import annotations

from sqlite_utils import Database

from bot.clock import ClockAnchor
from bot.storage.timefmt import from_db, to_db


class ClockAnchorStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> ClockAnchor | None:
        rows = list(self.db.table("clock_anchor").rows_where("id = 1", limit=1))
        if not rows:
            return None
        row = rows[0]
        return ClockAnchor(
            float(row["scale"]), from_db(row["wall_origin"]), from_db(row["scaled_origin"])
        )

    def save(self, anchor: ClockAnchor) -> None:
        self.db.table("clock_anchor").upsert(
            {
                "id": 1,
                "scale": anchor.scale,
                "wall_origin": to_db(anchor.wall_origin),
                "scaled_origin": to_db(anchor.scaled_origin),
            },
            pk="id",
        )
