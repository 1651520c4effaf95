import hashlib
from dataclasses import dataclass

import pytest
from sqlite_utils import Database

from bot.knowledge.articles import ArticleFormatError
from bot.knowledge.retrieval import Ranker
from bot.knowledge.store import KNOWLEDGE_MIGRATIONS, KnowledgeStore

FIRST = """---
title: Soreness guide
source: soreness.txt
---

## After the session

Some soreness may occur for 24-48 hours, similar to post-workout soreness.
"""

CLINIC = """---
title: Our clinic's heat advice
source: clinic
author: Front desk
---

## Heat packs

A warm heat pack on the treated muscle for ten minutes can ease stiffness in the evening.
"""

CLINIC_QUESTIONS = """
[[passage]]
section = "Heat packs"
contains = "heat pack"
questions = ["can i use a heat pack", "is a hot water bottle ok"]
"""


@dataclass(frozen=True)
class Source:
    name: str
    markdown: str
    questions: str | None
    digest: str


def source(name: str, markdown: str, questions: str | None = None) -> Source:
    digest = hashlib.sha256((markdown + (questions or "")).encode()).hexdigest()
    return Source(name, markdown, questions, digest)


@pytest.fixture
def store(tmp_path):
    db = Database(tmp_path / "bot.db")
    KNOWLEDGE_MIGRATIONS.apply(db)
    return KnowledgeStore(db)


def test_articles_are_indexed_with_passages_and_examples(store):
    assert store.sync([source("soreness", FIRST), source("heat", CLINIC, CLINIC_QUESTIONS)])
    passages = store.load_passages()
    assert [p.article_title for p in passages] == ["Our clinic's heat advice", "Soreness guide"]
    assert passages[0].examples == ("can i use a heat pack", "is a hot water bottle ok")
    assert store.article_count() == 2


def test_unchanged_files_are_not_indexed_again(store):
    sources = [source("soreness", FIRST)]
    assert store.sync(sources)
    assert not store.sync(sources)


def test_a_changed_file_is_indexed_again_replacing_the_old_text(store):
    store.sync([source("soreness", FIRST)])
    changed = FIRST.replace("24-48 hours", "one or two days")
    assert store.sync([source("soreness", changed)])
    [passage] = store.load_passages()
    assert "one or two days" in passage.text


def test_a_removed_article_disappears_from_the_index(store):
    store.sync([source("soreness", FIRST), source("heat", CLINIC)])
    assert store.sync([source("soreness", FIRST)])
    assert {p.article_slug for p in store.load_passages()} == {"soreness"}


def test_a_malformed_article_leaves_the_previous_index_untouched(store):
    store.sync([source("soreness", FIRST)])
    with pytest.raises(ArticleFormatError):
        store.sync([source("broken", "no front matter")])
    assert len(store.load_passages()) == 1


def test_a_clinic_added_article_is_answered_from(store):
    store.sync([source("soreness", FIRST), source("heat", CLINIC, CLINIC_QUESTIONS)])
    ranker = Ranker.build(store.load_passages(), {"sore": ["sore", "soreness", "ache"]})
    match = ranker.best("can I put a heat pack on it")
    assert match is not None
    assert match.passage.article_title == "Our clinic's heat advice"
    assert match.passage.section == "Heat packs"
