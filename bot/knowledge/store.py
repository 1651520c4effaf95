"""The knowledge base in SQLite: articles, their passages and example questions.

The files in ``data/articles`` are the source of truth; the database holds the parsed copy so a
start-up only re-parses when a file's digest changed, and so the clinic tools can list what the
bot answers from. A re-index replaces everything in one transaction: a half-written index would
make the bot answer from a mix of old and new passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlite_utils import Database, Migrations
from sqlite_utils.db import Table

from bot.knowledge.articles import Passage, parse_article

KNOWLEDGE_MIGRATIONS = Migrations("knowledge")


@KNOWLEDGE_MIGRATIONS()
def create_knowledge_tables(db: Database) -> None:
    Table(db, "articles").create(
        {"slug": str, "name": str, "title": str, "source": str, "author": str, "digest": str},
        pk="slug",
    )
    Table(db, "passages").create(
        {
            "id": str,
            "article_slug": str,
            "position": int,
            "section": str,
            "text": str,
            "lead": str,
        },
        pk="id",
        foreign_keys=[("article_slug", "articles", "slug")],
    )
    Table(db, "passages").create_index(["article_slug", "position"], unique=True)
    Table(db, "passage_examples").create(
        {"passage_id": str, "position": int, "question": str},
        pk=("passage_id", "position"),
        foreign_keys=[("passage_id", "passages", "id")],
    )


class ArticleSourceLike(Protocol):
    """What `bot.content.read_article_sources` returns; storage must not import content."""

    @property
    def name(self) -> str: ...
    @property
    def markdown(self) -> str: ...
    @property
    def questions(self) -> str | None: ...
    @property
    def digest(self) -> str: ...


class KnowledgeStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def sync(self, sources: Sequence[ArticleSourceLike]) -> bool:
        """Re-index when the set of files or any digest changed; return whether it did.

        Parsing happens before the transaction, so a malformed file raises ArticleFormatError
        and leaves the previous index untouched.
        """
        articles = [(s, parse_article(s.name, s.markdown, s.questions)) for s in sources]
        wanted = {article.slug: source.digest for source, article in articles}
        stored = {row["slug"]: row["digest"] for row in self._table("articles").rows}
        if wanted == stored:
            return False
        with self.db.atomic():
            for name in ("passage_examples", "passages", "articles"):
                self.db.execute(f"DELETE FROM {name}")
            for source, article in articles:
                self._table("articles").insert(
                    {
                        "slug": article.slug,
                        "name": source.name,
                        "title": article.title,
                        "source": article.source,
                        "author": article.author,
                        "digest": source.digest,
                    }
                )
                self._table("passages").insert_all(
                    {
                        "id": p.id,
                        "article_slug": article.slug,
                        "position": position,
                        "section": p.section,
                        "text": p.text,
                        "lead": p.lead,
                    }
                    for position, p in enumerate(article.passages)
                )
                self._table("passage_examples").insert_all(
                    {"passage_id": p.id, "position": i, "question": q}
                    for p in article.passages
                    for i, q in enumerate(p.examples)
                )
        return True

    def load_passages(self) -> list[Passage]:
        examples: dict[str, list[str]] = {}
        for row in self.db.query(
            "SELECT passage_id, question FROM passage_examples ORDER BY passage_id, position"
        ):
            examples.setdefault(row["passage_id"], []).append(row["question"])
        rows = self.db.query(
            "SELECT p.id, p.article_slug, a.title, p.section, p.text, p.lead"
            " FROM passages p JOIN articles a ON a.slug = p.article_slug"
            " ORDER BY a.slug, p.position"
        )
        return [
            Passage(
                id=row["id"],
                article_slug=row["article_slug"],
                article_title=row["title"],
                section=row["section"],
                text=row["text"],
                examples=tuple(examples.get(row["id"], ())),
                lead=row["lead"],
            )
            for row in rows
        ]

    def article_count(self) -> int:
        return self._table("articles").count

    def _table(self, name: str) -> Table:
        return Table(self.db, name)
