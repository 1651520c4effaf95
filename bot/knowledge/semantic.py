"""Comparing a question with every passage in meaning: its text, its sentences, its examples.

A passage is reached three ways, and the best of them counts: the whole paragraph (with its
section heading, which names the topic), each of its sentences (a short question often restates
one sentence), and each example question a clinic wrote for it (patients' own words). Comparing
with examples matters most: a question is far more like another question than like a paragraph
of prose. The vectors come from :mod:`bot.knowledge.encoder`; this module only does arithmetic
on them, so it is tested with any vectors and stays free of the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.knowledge.articles import Passage

# Where a passage splits into sentences (never inside "e.g." or a number like "24–48").
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'])")
# Sentences shorter than this ("Yes.") say nothing on their own.
_MIN_SENTENCE = 16
# How much the passage text and the best sentence add to the best of the three ways. Chosen on
# the development sets (bench/train_decision.py prints the alternatives), never on blind sets.
TEXT_BONUS = 0.3
SENTENCE_BONUS = 0.2

Embed = Callable[[Sequence[str]], np.ndarray]
# The topic of warning-sign questions about no one sign ("what should I watch out for?").
GENERAL_TOPIC = "general"


def passage_text(passage: Passage) -> str:
    """What the whole-passage vector is made of: heading, list lead and text."""
    lead = f"{passage.lead} " if passage.lead else ""
    return f"{passage.section}. {lead}{passage.text}"


def sentences_of(passage: Passage) -> list[str]:
    return [s for s in SENTENCE_BREAK.split(passage.text) if len(s) >= _MIN_SENTENCE]


@dataclass(frozen=True)
class Scores:
    """One question against every passage, in passage order."""

    text: np.ndarray
    example: np.ndarray
    sentence: np.ndarray
    # The question against each sentence (``SemanticIndex.sentence_of`` names its passage).
    per_sentence: np.ndarray
    # The closest question the clinic listed as not covered (-1 without such a list).
    not_covered: float = -1.0
    # The closest question about warning signs, and its topic ("" without such questions).
    warning: float = -1.0
    warning_topic: str = ""

    @property
    def combined(self) -> np.ndarray:
        best = np.maximum(np.maximum(self.text, self.example), self.sentence)
        return best + TEXT_BONUS * self.text + SENTENCE_BONUS * self.sentence


@dataclass(frozen=True)
class SemanticIndex:
    passages: tuple[Passage, ...]
    text_vectors: np.ndarray
    example_vectors: np.ndarray
    example_of: np.ndarray
    example_texts: tuple[str, ...]
    sentence_vectors: np.ndarray
    sentence_of: np.ndarray
    sentence_texts: tuple[str, ...]
    not_covered_vectors: np.ndarray
    not_covered_texts: tuple[str, ...] = ()
    warning_vectors: np.ndarray | None = None
    warning_texts: tuple[str, ...] = ()
    warning_topics: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        passages: Sequence[Passage],
        embed: Embed,
        not_covered: Sequence[str] = (),
        warnings: Sequence[tuple[str, str]] = (),
    ) -> SemanticIndex:
        """Embed every passage, sentence and example question (``embed`` may be cached), the
        questions the clinic lists as not covered, and questions about warning signs as
        (topic, question)."""
        examples = [(i, e) for i, p in enumerate(passages) for e in p.examples]
        sentences = [(i, s) for i, p in enumerate(passages) for s in sentences_of(p)]
        return cls(
            passages=tuple(passages),
            text_vectors=embed([passage_text(p) for p in passages]),
            example_vectors=embed([e for _, e in examples]),
            example_of=np.array([i for i, _ in examples], dtype=np.int64),
            example_texts=tuple(e for _, e in examples),
            sentence_vectors=embed([s for _, s in sentences]),
            sentence_of=np.array([i for i, _ in sentences], dtype=np.int64),
            sentence_texts=tuple(s for _, s in sentences),
            not_covered_vectors=embed(list(not_covered)),
            not_covered_texts=tuple(not_covered),
            warning_vectors=embed([q for _, q in warnings]),
            warning_texts=tuple(q for _, q in warnings),
            warning_topics=tuple(t for t, _ in warnings),
        )

    def section_sentences(self, passage: int) -> list[int]:
        """The sentences (by index) of every passage in ``passage``'s section, lists excluded."""
        target = self.passages[passage]
        return list(self._sentences_by_section.get((target.article_slug, target.section), ()))

    @cached_property
    def _sentences_by_section(self) -> dict[tuple[str, str], list[int]]:
        """Sentence indices per (article, section), made in one pass the first time they are
        needed (list items are quoted whole, so their sentences are left out)."""
        by_section: dict[tuple[str, str], list[int]] = {}
        for k, owner in enumerate(self.sentence_of):
            passage = self.passages[int(owner)]
            if not passage.lead:
                by_section.setdefault((passage.article_slug, passage.section), []).append(k)
        return by_section

    def list_items(self, article: str, lead: str) -> list[int]:
        """The passages (by index) that are items of the list ``lead`` introduces."""
        return list(self._items_by_lead.get((article, lead), ()))

    @cached_property
    def _items_by_lead(self) -> dict[tuple[str, str], list[int]]:
        """List items per (article, introduction), made in one pass the first time needed."""
        items: dict[tuple[str, str], list[int]] = {}
        for i, passage in enumerate(self.passages):
            if passage.lead:
                items.setdefault((passage.article_slug, passage.lead), []).append(i)
        return items

    def texts(self) -> list[str]:
        """Every text this index embedded (to keep their cached vectors)."""
        return [
            *(passage_text(p) for p in self.passages),
            *self.example_texts,
            *self.sentence_texts,
            *self.not_covered_texts,
            *self.warning_texts,
        ]

    def scores(self, question: np.ndarray, *, skip_example: str | None = None) -> Scores:
        """Similarities of one question vector with everything indexed.

        ``skip_example`` leaves out an example (or not-covered) question with exactly that text
        (to measure a question that is itself one of them fairly).
        """
        return self.scores_many(question[np.newaxis, :], skip_example=skip_example)[0]

    def scores_many(
        self, questions: np.ndarray, *, skip_example: str | None = None
    ) -> list[Scores]:
        """:meth:`scores` for several question vectors (rows) at once.

        A message read in parts asks for several; one matrix product per kind of vector reads
        the index once for all of them, where a product per part read it once each (with a
        clinic's hundreds of articles the index is tens of megabytes, and reading it is the
        cost).
        """
        count, asked = len(self.passages), len(questions)
        example = np.full((count, asked), -1.0, dtype=np.float32)
        if len(self.example_of):
            similarities = self.example_vectors @ questions.T
            if skip_example is not None:
                for k, text in enumerate(self.example_texts):
                    if text == skip_example:
                        similarities[k] = -1.0
            _best_per_owner(example, self.example_of, similarities)
        sentence = np.full((count, asked), -1.0, dtype=np.float32)
        per_sentence = self.sentence_vectors @ questions.T
        if len(self.sentence_of):
            _best_per_owner(sentence, self.sentence_of, per_sentence)
        not_covered = np.full(asked, -1.0, dtype=np.float32)
        if len(self.not_covered_texts):
            against = self.not_covered_vectors @ questions.T
            for k, text in enumerate(self.not_covered_texts):
                if text != skip_example:
                    not_covered = np.maximum(not_covered, against[k])
        warning = np.full(asked, -1.0, dtype=np.float32)
        warning_at = np.zeros(asked, dtype=np.int64)
        if self.warning_vectors is not None and len(self.warning_texts):
            against = self.warning_vectors @ questions.T
            warning_at = np.argmax(against, axis=0)
            warning = against[warning_at, np.arange(asked)]
        text = self.text_vectors @ questions.T
        return [
            Scores(
                np.ascontiguousarray(text[:, j]),
                np.ascontiguousarray(example[:, j]),
                np.ascontiguousarray(sentence[:, j]),
                np.ascontiguousarray(per_sentence[:, j]),
                float(not_covered[j]),
                float(warning[j]),
                self.warning_topics[int(warning_at[j])] if self.warning_topics else "",
            )
            for j in range(asked)
        ]


def _best_per_owner(best: np.ndarray, owners: np.ndarray, values: np.ndarray) -> None:
    """``best[o] = max(best[o], values of o)`` for owners listed in runs (as built above), row
    by row of ``values`` (one column per question); ``np.maximum.reduceat`` over the runs is far
    faster than ``np.maximum.at``."""
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    best[owners[starts]] = np.maximum(best[owners[starts]], np.maximum.reduceat(values, starts))
