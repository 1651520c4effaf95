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
from bot.knowledge.shortlist import ReducedCopy

# Where a passage splits into sentences (never inside "e.g." or a number like "24–48").
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'])")
# Sentences shorter than this ("Yes.") say nothing on their own.
_MIN_SENTENCE = 16
# How much the passage text and the best sentence add to the best of the three ways. Chosen on
# the development sets (bench/train_decision.py prints the alternatives), never on blind sets.
TEXT_BONUS = 0.3
SENTENCE_BONUS = 0.2

# Above this many vectors (passage texts, examples and sentences; the shipped two articles have
# about 1,100, 500 more articles about 42,000) a question is compared with a reduced copy of them
# first, and exactly only with the closest passages' sections (bot.knowledge.shortlist). Below
# it the whole index is compared exactly: its reduced copy would save well under a millisecond.
SHORTLIST_ABOVE = 10_000
# How many passages (and examples) the reduced copy picks, and how many numbers of the 384 it
# keeps per vector. On the shipped vectors, shortlisting 12 of the 36 passages this way already
# finds every dev question's closest passage and example (tests/knowledge/test_semantic.py), and
# the answer-quality figures do not move (bench/answer_quality.py --shortlist 12, RESULTS.md);
# 64 dimensions found the closest passage first only 75 % of the time, 128 dimensions 88 %.
SHORTLIST = 64
REDUCED_DIMENSIONS = 128

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
        return combined_closeness(self.text, self.example, self.sentence)


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
    # Above this many vectors a question is compared through a reduced copy first (see
    # :meth:`scores`); tests and the bench lower both to check the shortlist on real vectors.
    shortlist_above: int = SHORTLIST_ABOVE
    shortlist_size: int = SHORTLIST

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

    @property
    def reduced_bytes(self) -> int:
        """The memory the reduced copy takes (0 for an index compared in full)."""
        reduced = self._reduced
        return reduced.nbytes if reduced is not None else 0

    def warm(self) -> None:
        """Make what comparing needs ahead of the first question (the reduced copy of a large
        index takes a fraction of a second to fit)."""
        _ = self._reduced, self._section_ids

    @cached_property
    def _reduced(self) -> ReducedCopy | None:
        """The reduced copy of a large index's vectors (:mod:`bot.knowledge.shortlist`), or
        None when the index is small enough to compare with in full."""
        kinds = (self.text_vectors, self.example_vectors, self.sentence_vectors)
        if sum(len(k) for k in kinds) <= self.shortlist_above or not len(self.passages):
            return None
        return ReducedCopy.fit(kinds, REDUCED_DIMENSIONS)

    @cached_property
    def _section_ids(self) -> np.ndarray:
        """A number per (article, section), by passage: a shortlist is widened to whole
        sections, since quoting reads every sentence of the chosen passage's section (and a
        list's items, which share its section)."""
        ids: dict[tuple[str, str], int] = {}
        return np.array(
            [ids.setdefault((p.article_slug, p.section), len(ids)) for p in self.passages],
            dtype=np.int64,
        )

    def scores(self, question: np.ndarray, *, skip_example: str | None = None) -> Scores:
        """Similarities of one question vector with everything indexed.

        ``skip_example`` leaves out an example (or not-covered) question with exactly that text
        (to measure a question that is itself one of them fairly).

        A large index (more than ``shortlist_above`` vectors) is first compared through its
        reduced copy; only the passages of the ``shortlist_size`` closest passages' sections are
        then compared exactly, and every other passage, sentence and example scores -1 (as
        far as it can be from the question): nothing downstream looks past the closest few
        passages, the closest example, and the chosen passage's own section.
        """
        skipped = (
            np.array([k for k, t in enumerate(self.example_texts) if t == skip_example], int)
            if skip_example is not None
            else np.zeros(0, dtype=np.int64)
        )
        reduced = self._reduced
        if reduced is None:
            text, example, sentence, per_sentence = self._exact(question, skipped)
        else:
            picked = self._shortlist(reduced, question, skipped)
            text, example, sentence, per_sentence = self._exact_for(question, picked, skipped)
        not_covered = -1.0
        if len(self.not_covered_texts):
            against = self.not_covered_vectors @ question
            for k, text_k in enumerate(self.not_covered_texts):
                if text_k != skip_example:
                    not_covered = max(not_covered, float(against[k]))
        warning, topic = -1.0, ""
        if self.warning_vectors is not None and len(self.warning_texts):
            against = self.warning_vectors @ question
            at = int(np.argmax(against))
            warning = float(against[at])
            topic = self.warning_topics[at] if self.warning_topics else ""
        return Scores(text, example, sentence, per_sentence, not_covered, warning, topic)

    def scores_many(
        self, questions: np.ndarray, *, skip_example: str | None = None
    ) -> list[Scores]:
        """:meth:`scores` for several question vectors (rows), one after another.

        One matrix-vector product per question, not one matrix product for all: with numpy's
        BLAS on one thread (as the bot runs it) a product with a few columns is slower than as
        many matrix-vector products (measured: 42,000 vectors by 3 questions 10.6 ms, 3 × 2.6 ms
        one by one).
        """
        return [self.scores(q, skip_example=skip_example) for q in questions]

    def _exact(
        self, question: np.ndarray, skipped: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Text, example, sentence and per-sentence similarities, every vector compared."""
        count = len(self.passages)
        example = np.full(count, -1.0, dtype=np.float32)
        if len(self.example_of):
            similarities = self.example_vectors @ question
            similarities[skipped] = -1.0
            _best_per_owner(example, self.example_of, similarities)
        sentence = np.full(count, -1.0, dtype=np.float32)
        per_sentence = self.sentence_vectors @ question
        if len(self.sentence_of):
            _best_per_owner(sentence, self.sentence_of, per_sentence)
        return self.text_vectors @ question, example, sentence, per_sentence

    def _shortlist(
        self, reduced: ReducedCopy, question: np.ndarray, skipped: np.ndarray
    ) -> np.ndarray:
        """Which passages (a mask) to compare exactly: the sections of the ``shortlist_size``
        passages and of the ``shortlist_size`` examples closest by the reduced copy."""
        text, examples, sentences = reduced.similarities(question)
        count = len(self.passages)
        example = np.full(count, -1.0, dtype=np.float32)
        if len(self.example_of):
            examples[skipped] = -1.0
            _best_per_owner(example, self.example_of, examples)
        sentence = np.full(count, -1.0, dtype=np.float32)
        if len(self.sentence_of):
            _best_per_owner(sentence, self.sentence_of, sentences)
        closest = _closest(combined_closeness(text, example, sentence), self.shortlist_size)
        # The closest example may belong to a passage whose text and sentences are far (the
        # warning-sign check compares with it): its passage is shortlisted too.
        closest_examples = _closest(examples, self.shortlist_size)
        sections = self._section_ids
        wanted = np.zeros(int(sections.max()) + 1, dtype=bool)
        wanted[sections[closest]] = True
        wanted[sections[self.example_of[closest_examples]]] = True
        return wanted[sections]

    def _exact_for(
        self, question: np.ndarray, picked: np.ndarray, skipped: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_exact` for the ``picked`` passages (a mask) only; -1 for everything else."""
        count = len(self.passages)
        text = np.full(count, -1.0, dtype=np.float32)
        passages = np.flatnonzero(picked)
        text[passages] = self.text_vectors[passages] @ question
        example = np.full(count, -1.0, dtype=np.float32)
        rows = np.flatnonzero(picked[self.example_of])
        if len(rows):
            similarities = self.example_vectors[rows] @ question
            similarities[np.isin(rows, skipped)] = -1.0
            _best_per_owner(example, self.example_of[rows], similarities)
        sentence = np.full(count, -1.0, dtype=np.float32)
        per_sentence = np.full(len(self.sentence_of), -1.0, dtype=np.float32)
        rows = np.flatnonzero(picked[self.sentence_of])
        if len(rows):
            per_sentence[rows] = self.sentence_vectors[rows] @ question
            _best_per_owner(sentence, self.sentence_of[rows], per_sentence[rows])
        return text, example, sentence, per_sentence


def _closest(values: np.ndarray, count: int) -> np.ndarray:
    """The positions of the ``count`` largest values, in no order."""
    if len(values) <= count:
        return np.arange(len(values))
    return np.argpartition(-values, count - 1)[:count]


def combined_closeness(text: np.ndarray, example: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """The best of the three ways, plus what the passage text and best sentence add."""
    best = np.maximum(np.maximum(text, example), sentence)
    return best + TEXT_BONUS * text + SENTENCE_BONUS * sentence


def _best_per_owner(best: np.ndarray, owners: np.ndarray, values: np.ndarray) -> None:
    """``best[o] = max(best[o], values of o)`` for owners listed in runs (as built above), row
    by row of ``values`` (one column per question); ``np.maximum.reduceat`` over the runs is far
    faster than ``np.maximum.at``."""
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    best[owners[starts]] = np.maximum(best[owners[starts]], np.maximum.reduceat(values, starts))
