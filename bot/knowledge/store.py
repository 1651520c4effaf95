"""The embedding cache: a vector per text, so a restart does not embed every passage again.

The articles on disk are the only source of truth for what the bot says; this table holds no
article text, only ``(model, digest of the text) -> vector``. Embedding the shipped articles
takes a second or two, and a clinic with hundreds of articles much longer, so vectors are kept
and reused until the text (or the model) changes. Rows of texts that no longer exist are
dropped after each load. No patient text is ever stored here: only articles, their sentences and
their example questions are embedded ahead of time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from sqlite_utils import Database, Migrations
from sqlite_utils.db import Table

KNOWLEDGE_MIGRATIONS = Migrations("knowledge")


@KNOWLEDGE_MIGRATIONS()
def create_knowledge_tables(db: Database) -> None:
    # The first version kept a parsed copy of the articles that nothing read; the next step
    # drops it.
    Table(db, "articles").create({"slug": str}, pk="slug")


@KNOWLEDGE_MIGRATIONS()
def replace_article_copy_with_embedding_cache(db: Database) -> None:
    for name in ("passage_examples", "passages", "articles"):
        db.execute(f"DROP TABLE IF EXISTS {name}")
    Table(db, "embeddings").create(
        {"model": str, "digest": str, "vector": bytes}, pk=("model", "digest")
    )


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, db: Database) -> None:
        self.db = db

    def cached(
        self, model: str, embed: Callable[[Sequence[str]], np.ndarray]
    ) -> Callable[[Sequence[str]], np.ndarray]:
        """``embed`` that looks each text up first and stores what it had to compute."""

        def embed_cached(texts: Sequence[str]) -> np.ndarray:
            digests = [digest_of(t) for t in texts]
            found = self.vectors(model, digests)
            missing = [i for i, d in enumerate(digests) if d not in found]
            if missing:
                fresh = embed([texts[i] for i in missing])
                self.store(model, [(digests[i], fresh[k]) for k, i in enumerate(missing)])
                for k, i in enumerate(missing):
                    found[digests[i]] = fresh[k]
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([found[d] for d in digests]).astype(np.float32)

        return embed_cached

    def vectors(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(digests))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT digest, vector FROM embeddings WHERE model = ? AND digest IN ({marks})",
                [model, *chunk],
            ).fetchall():
                found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return found

    def store(self, model: str, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        # BEGIN IMMEDIATE takes the write lock up front, waiting out the bot's own writes (busy
        # timeout). A deferred BEGIN would read first (upsert_all looks at the table) and then
        # fail at once with "database is locked" if anyone wrote in between — under a send
        # burst at start-up, someone always has.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            Table(self.db, "embeddings").upsert_all(
                (
                    {"model": model, "digest": d, "vector": v.astype(np.float32).tobytes()}
                    for d, v in rows
                ),
                pk=("model", "digest"),
            )
        except BaseException:
            self.db.conn.rollback()
            raise
        if self.db.conn.in_transaction:
            self.db.execute("COMMIT")

    def keep_only(self, model: str, texts: Sequence[str]) -> int:
        """Drop vectors of texts no longer in use (and of other models); returns how many."""
        keep = {digest_of(t) for t in texts}
        stale = [
            (row[0], row[1])
            for row in self.db.execute("SELECT model, digest FROM embeddings").fetchall()
            if row[0] != model or row[1] not in keep
        ]
        with self.db.atomic():
            for old_model, digest in stale:
                self.db.execute(
                    "DELETE FROM embeddings WHERE model = ? AND digest = ?", [old_model, digest]
                )
        return len(stale)
