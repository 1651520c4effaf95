"""Loading the knowledge base at start: articles on disk -> SQLite index -> in-memory ranker.

The index is rebuilt only when an article file (or its example questions) changed, so a clinic
can drop a new article into the folder and restart the bot. With the optional ``embeddings``
extra installed (and ``AFTERCARE_EMBEDDINGS`` not off) the ranker gets a sentence-embedding
second opinion (``bot.knowledge.hybrid``); without it nothing heavy is imported.
"""

from __future__ import annotations

import logging

from bot.content import read_article_sources
from bot.knowledge import embeddings
from bot.knowledge.articles import Article, Passage, parse_article
from bot.knowledge.retrieval import Ranker, parse_out_of_scope, parse_synonyms
from bot.settings import Settings
from bot.storage.repository import Repository

log = logging.getLogger(__name__)


def load_knowledge(settings: Settings, repo: Repository) -> tuple[list[Article], Ranker]:
    sources = read_article_sources(settings.articles_dir)
    articles = [parse_article(s.name, s.markdown, s.questions) for s in sources]
    if repo.knowledge.sync(sources):
        log.info("re-indexed %d articles", len(articles))
    ranker = Ranker.build(
        repo.knowledge.load_passages(), load_synonyms(settings), load_out_of_scope(settings)
    )
    if settings.embeddings and embeddings.available():
        ranker = embeddings.hybrid(ranker)
    return articles, ranker


def passages_from_files(settings: Settings) -> list[Passage]:
    """Every passage of the articles on disk, parsed exactly as the index stores them."""
    return [
        passage
        for source in read_article_sources(settings.articles_dir)
        for passage in parse_article(source.name, source.markdown, source.questions).passages
    ]


def lexical_ranker_from_files(settings: Settings) -> Ranker:
    """The bot's lexical ranker straight from the files, no database: for benches and tests."""
    return Ranker.build(
        passages_from_files(settings), load_synonyms(settings), load_out_of_scope(settings)
    )


def load_synonyms(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The clinic's synonym groups; without the file the bot still answers, less forgivingly."""
    path = settings.synonyms_path
    if not path.is_file():
        log.warning("no synonyms file; answers will only match the articles' own words")
        return {}
    return parse_synonyms(path.read_text(encoding="utf-8"))


def load_out_of_scope(settings: Settings) -> tuple[str, ...]:
    """Topics the clinic's articles do not cover, declined even when a passage looks close."""
    path = settings.out_of_scope_path
    if not path.is_file():
        return ()
    return parse_out_of_scope(path.read_text(encoding="utf-8"))
