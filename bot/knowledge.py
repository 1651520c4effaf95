"""Loading the knowledge base at start: articles on disk -> SQLite index -> in-memory ranker.

The index is rebuilt only when an article file (or its example questions) changed, so a clinic
can drop a new article into the folder and restart the bot.
"""

from __future__ import annotations

import logging

from bot.content import read_article_sources
from bot.domain.articles import Article, parse_article
from bot.domain.retrieval import Ranker
from bot.settings import Settings
from bot.storage.repository import Repository

log = logging.getLogger(__name__)


def load_knowledge(settings: Settings, repo: Repository) -> tuple[list[Article], Ranker]:
    sources = read_article_sources(settings.articles_dir)
    articles = [parse_article(s.name, s.markdown, s.questions) for s in sources]
    if repo.knowledge.sync(sources):
        log.info("re-indexed %d articles", len(articles))
    ranker = Ranker.build(repo.knowledge.load_passages(), load_synonyms(settings))
    return articles, ranker


def load_synonyms(settings: Settings) -> dict[str, list[str]]:
    raise NotImplementedError
