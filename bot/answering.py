"""The one answer to a patient's free-text message, shared by the Telegram handler and the CLI.

Order matters and is the product's safety promise: red-flag triage first (an urgent reply from
the catalog, never an article snippet; the rules plus the learned second opinion loaded by
``bot.triage_loader``), then the articles, else an honest "not covered". Keeping
this in one function means ``python -m bot ask`` shows exactly what a patient would get.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.content import Markup, Messages
from bot.domain.retrieval import Ranker
from bot.domain.safety import RedFlag, triage
from bot.domain.text import has_words
from bot.triage_loader import default_model

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
        return {
            "kind": self.kind,
            "text": self.text,
            "sources": [{"article": s.article, "section": s.section} for s in self.sources],
        }


def answer_question(
    question: str, ranker: Ranker, messages: Messages, *, locale: str | None = None
) -> Reply:
    flag = triage(question, default_model())
    if flag is not None:
        return Reply("urgent", messages.text(f"urgent.{flag.value}", locale=locale), (), flag)
    if not has_words(question):
        return Reply("unknown", messages.text("input.empty", locale=locale))
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
