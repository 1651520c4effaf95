"""The embedding cache: vectors are computed once per text and model, kept across restarts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.knowledge.store import EmbeddingCache, digest_of
from bot.storage.db import open_database


class CountingEmbed:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, 0.5] for t in texts], dtype=np.float32)


def test_a_restart_reuses_the_stored_vectors(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    first = CountingEmbed()
    vectors = EmbeddingCache(open_database(path)).cached("m1", first)(["ab", "abc"])
    assert first.seen == ["ab", "abc"]
    again = CountingEmbed()
    reused = EmbeddingCache(open_database(path)).cached("m1", again)(["abc", "ab", "abcd"])
    assert again.seen == ["abcd"]
    assert np.array_equal(reused[0], vectors[1])
    assert np.array_equal(reused[1], vectors[0])
    assert reused.dtype == np.float32


def test_another_model_never_reads_vectors_of_the_first(tmp_path: Path) -> None:
    cache = EmbeddingCache(open_database(tmp_path / "bot.db"))
    cache.cached("m1", CountingEmbed())(["ab"])
    other = CountingEmbed()
    cache.cached("m2", other)(["ab"])
    assert other.seen == ["ab"]


def test_keep_only_drops_texts_no_longer_in_use_and_other_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bot.db")
    cache = EmbeddingCache(db)
    cache.cached("m1", CountingEmbed())(["kept", "gone"])
    cache.cached("m0", CountingEmbed())(["kept"])
    assert cache.keep_only("m1", ["kept"]) == 2
    rows = [(r["model"], r["digest"]) for r in db["embeddings"].rows]
    assert rows == [("m1", digest_of("kept"))]


def test_the_old_copy_of_the_articles_is_gone(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bot.db")
    assert {"articles", "passages", "passage_examples"}.isdisjoint(db.table_names())
    assert "embeddings" in db.table_names()
