"""Sentence embeddings as a second opinion on the lexical ranker, never as the first one.

An embedding model alone puts the right passage first about half the time and cannot tell
"not covered" from "covered"; the lexical ranker (``bot.knowledge.retrieval``) is far better at
both. So the embeddings only get a say in two narrow cases:

* **re-rank**: the lexical ranker is confident, but other confident passages score within
  ``rerank_margin`` of its first choice. Among those close ones (never others) the order is
  decided by the lexical score plus ``rerank_weight`` times the question's similarity to the
  passage (its text or its best example question);
* **rescue** (optional): the lexical ranker declines, yet the question is nearly a paraphrase of
  one of a passage's example questions (similarity at least ``rescue_similarity``), and the
  lexical ranker did find the question's words somewhere in the articles.

Never: a question the clinic lists as out of scope is declined as before (that check runs on the
question's words, before any similarity); safety triage runs before retrieval in
``bot.knowledge.answer``, so nothing here can turn an urgent message into an article.

The model is injected (``Encoder``): this module only sees plain floats, so it stays pure and
is tested with a bag-of-words stand-in. The encoder is asked only when a case above applies, so
most questions cost no embedding time at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Protocol

from bot.knowledge.retrieval import MIN_COVERAGE, MIN_SCORE, Match, Ranker

# Lexical candidates looked at for a re-rank.
CANDIDATES = 5
# Chosen on the dev set only (bench/embeddings_quality.py; all-MiniLM-L6-v2): weights 0.35-0.5
# and margins 0.05-0.12 scored alike there; a rescue at 0.8 sits above the highest similarity
# of any dev question it would have answered wrongly (0.74). The blind set is the honest check.
RERANK_MARGIN = 0.08
RERANK_WEIGHT = 0.35
RESCUE_SIMILARITY = 0.8


class TextIndex(Protocol):
    """Texts embedded once; compares a question with each of them."""

    def similarities(self, question: str) -> Sequence[float]:
        """Cosine similarity of the question with every indexed text, in index order."""
        ...


class Encoder(Protocol):
    def index(self, texts: Sequence[str]) -> TextIndex: ...


@dataclass(frozen=True)
class HybridRanker(Ranker):
    """The lexical ranker with an embedding second opinion; build it with :meth:`wrap`.

    A subclass (carrying the lexical ranker's fields) only so that everything typed ``Ranker``
    takes it unchanged; every lexical decision is delegated to ``lexical`` itself, so the
    lexical ranker's own logic (such as answering one part of a two-part message) is kept.
    """

    lexical: Ranker | None = field(default=None, repr=False, compare=False)
    similar: TextIndex | None = field(default=None, repr=False, compare=False)
    # Indexed text k belongs to passage slots[k]; examples[k] says whether it is an example
    # question (only those can rescue a decline).
    slots: tuple[int, ...] = field(default=(), repr=False)
    examples: tuple[bool, ...] = field(default=(), repr=False)
    position: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    rerank_margin: float = RERANK_MARGIN
    rerank_weight: float = RERANK_WEIGHT
    rescue_similarity: float | None = RESCUE_SIMILARITY

    @classmethod
    def wrap(
        cls,
        lexical: Ranker,
        encoder: Encoder,
        *,
        rerank_margin: float = RERANK_MARGIN,
        rerank_weight: float = RERANK_WEIGHT,
        rescue_similarity: float | None = RESCUE_SIMILARITY,
    ) -> HybridRanker:
        """Embed every passage and its example questions once; ``rescue_similarity=None``
        turns the rescue off (re-rank only)."""
        texts: list[str] = []
        slots: list[int] = []
        examples: list[bool] = []
        for i, doc in enumerate(lexical.docs):
            passage = doc.passage
            texts.append(f"{passage.section}: {passage.text}")
            slots.append(i)
            examples.append(False)
            for example in passage.examples:
                texts.append(example)
                slots.append(i)
                examples.append(True)
        base = {f.name: getattr(lexical, f.name) for f in fields(Ranker)}
        return cls(
            **base,
            lexical=lexical,
            similar=encoder.index(texts),
            slots=tuple(slots),
            examples=tuple(examples),
            position={doc.passage.id: i for i, doc in enumerate(lexical.docs)},
            rerank_margin=rerank_margin,
            rerank_weight=rerank_weight,
            rescue_similarity=rescue_similarity,
        )

    def search(
        self,
        question: str,
        limit: int = 3,
        *,
        min_coverage: float = MIN_COVERAGE,
        min_score: float = MIN_SCORE,
    ) -> list[Match]:
        """The lexical candidates, re-ranked or led by a rescued passage as described above."""
        lexical = self._lexical.search(
            question, max(limit, CANDIDATES), min_coverage=min_coverage, min_score=min_score
        )
        return self._second_opinion(question, lexical)[:limit]

    def best(self, question: str) -> Match | None:
        answer = self._lexical.best(question)
        lexical = self._lexical.search(question, CANDIDATES)
        whole = bool(lexical) and lexical[0].confidence >= 1.0
        if answer is not None and not (whole and answer.passage.id == lexical[0].passage.id):
            # Answered from one part of the message: that is the lexical ranker's own call.
            return answer
        matches = self._second_opinion(question, lexical)
        if not matches or matches[0].confidence < 1.0:
            return None
        return matches[0]

    @property
    def _lexical(self) -> Ranker:
        assert self.lexical is not None, "build a HybridRanker with HybridRanker.wrap"
        return self.lexical

    def _second_opinion(self, question: str, lexical: list[Match]) -> list[Match]:
        if self.similar is None or not lexical or self._out_of_scope(question):
            return lexical
        confident = [m for m in lexical if m.confidence >= 1.0]
        if confident:
            return self._rerank(question, lexical, confident)
        rescued = self._rescue(question)
        if rescued is None:
            return lexical
        return [rescued, *(m for m in lexical if m.passage.id != rescued.passage.id)]

    def _out_of_scope(self, question: str) -> bool:
        _, stems = self.analyzer.stems(question, correct=True)
        return self._off_topic(stems)

    def _rerank(self, question: str, lexical: list[Match], confident: list[Match]) -> list[Match]:
        top = confident[0].score
        close = [m for m in confident if top - m.score <= self.rerank_margin]
        if len({(m.passage.article_slug, m.passage.section) for m in close}) < 2:
            # One section (or one passage): the answer's citation would not change.
            return lexical
        best = self._by_passage(question)
        combined = {
            m.passage.id: m.score + self.rerank_weight * best[self.position[m.passage.id]]
            for m in close
        }
        reordered = sorted(close, key=lambda m: -combined[m.passage.id])
        chosen = {m.passage.id for m in close}
        return [
            *(replace(m, score=round(combined[m.passage.id], 4)) for m in reordered),
            *(m for m in lexical if m.passage.id not in chosen),
        ]

    def _rescue(self, question: str) -> Match | None:
        if self.rescue_similarity is None or self.similar is None:
            return None
        similarities = self.similar.similarities(question)
        best_k = -1
        for k, similarity in enumerate(similarities):
            if self.examples[k] and (best_k < 0 or similarity > similarities[best_k]):
                best_k = k
        if best_k < 0 or similarities[best_k] < self.rescue_similarity:
            return None
        i = self.slots[best_k]
        concepts = set(self.analyzer.concepts(question, correct=True))
        return Match(
            passage=self.docs[i].passage,
            score=round(float(similarities[best_k]), 4),
            confidence=1.0,
            answer_text=self._answer_text(i, concepts),
        )

    def _by_passage(self, question: str) -> list[float]:
        """Per passage, the best similarity of its text or any of its example questions."""
        assert self.similar is not None
        best = [-1.0] * len(self.docs)
        for k, similarity in enumerate(self.similar.similarities(question)):
            i = self.slots[k]
            best[i] = max(best[i], float(similarity))
        return best
