"""The one answer to a patient's free-text message, shared by the Telegram handler and the CLI.

Order matters and is the product's safety promise: red-flag triage first (an urgent reply from
the catalog, never an article snippet; the rules plus the learned second opinion loaded by
``bot.knowledge.triage_loader``), then the articles, else an honest "not covered". Keeping
this in one function means ``python -m bot ask`` shows exactly what a patient would get.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.content import Markup, Messages, html_to_plain
from bot.knowledge.retrieval import Ranker
from bot.knowledge.safety import RedFlag, triage
from bot.knowledge.text import has_words
from bot.knowledge.triage_loader import default_model

ReplyKind = Literal["answer", "unknown", "urgent"]


@dataclass(frozen=True)
class Source:
    article: str
    section: str


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    text: str
    sources: tuple[Source, ...] = ()
    red_flag: RedFlag | None = None

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON: ``text`` is the reply as the patient reads it (markup rendered)."""
        return {
            "kind": self.kind,
            "text": html_to_plain(self.text),
            "sources": [{"article": s.article, "section": s.section} for s in self.sources],
        }


def answer_question(
    question: str, ranker: Ranker, messages: Messages, *, locale: str | None = None
) -> Reply:
    flag = triage(question, default_model())
    if flag is not None:
        return Reply("urgent", messages.text(f"urgent.{flag.value}", locale=locale), (), flag)
    if not has_words(question):
        # Letters we cannot read (another script) deserve a different answer than emoji or blanks.
        key = "input.other_language" if any(c.isalpha() for c in question) else "input.empty"
        return Reply("unknown", messages.text(key, locale=locale))
    match = ranker.best(question)
    if match is None:
        return Reply("unknown", messages.text("answers.not_covered", locale=locale))
    passage = match.passage
    citation = messages.text(
        "answers.citation", locale=locale, article=passage.article_title, section=passage.section
    )
    text = messages.text(
        "answers.answer", locale=locale, passage=match.answer_text, citation=Markup(citation)
    )
    return Reply("answer", text, (Source(passage.article_title, passage.section),))
