"""The ranker that picks the passage answering a patient's question, or declines.

Plain BM25 or sentence embeddings put the right passage first only a quarter to a half of the
time on real patient phrasings, and neither tells "not covered" from "covered". So this ranker
works the way FAQ bots do:

* every passage carries example questions in patients' words (data beside the article), and a
  question is compared with those examples as well as with the passage text;
* words are spelling-corrected against the corpus vocabulary and mapped onto synonym groups
  ("hit by a truck" = sore), so both sides speak in the same concepts;
* a coverage signal declines questions the articles do not cover: the share of the question's
  weight (IDF; a word the corpus has never seen weighs the most) that the chosen passage covers.
  "Can I drink alcohol after needling" matches "drink" but not "alcohol", and is declined.
  Everyday words the corpus never uses ("my mum", "a couple of months") weigh little, so chat
  around a covered question does not sink it; topic words it never uses weigh the most;
* a clinic's list of topics its articles do not cover (``data/out_of_scope.toml``) declines a
  question outright while no article mentions the topic ("bruise", "sauna"): once an article
  does, the topic is answered like any other;
* "when can I go back to the gym", "can I play football tomorrow": a question about when an
  activity may be resumed is declined while no article speaks of resuming anything, because
  "light exercise helps" is no answer to it. Gentle movement the articles do advise ("can i go
  for a walk afterwards", "can i exercise after") is still answered. Questions about booking,
  moving or cancelling an appointment are declined the same way (the articles are not a desk).

Everything is precomputed into inverted indexes at build time; a search touches only the
postings of the question's concepts, so it stays well under a millisecond for a clinic corpus.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from bot.knowledge.articles import Passage
from bot.knowledge.text import GENERIC_WORDS, IGNORED_WORDS, STOPWORDS, Speller, fold, stem

ANSWER_LIMIT = 600
# Tuned on one half of the dev set (bench/devset), checked on the other half.
MIN_COVERAGE = 0.7
MIN_SCORE = 0.30
_EXAMPLE_WEIGHT = 0.55
_TEXT_WEIGHT = 0.25
_FOCUS_WEIGHT = 0.05
_COVERAGE_WEIGHT = 0.15
# A word of the question in the section's heading ("benefits", "results"): the heading names
# what the section is about, where synonyms blur "benefits" and "results" into one idea.
_HEADING_WEIGHT = 0.1
# Heading words shared by this share of the sections ("dry", "needling") name no one section.
_HEADING_COMMON = 0.25
_MAX_PHRASE = 6
_MAX_LIST = 30
# Sections scored when none reaches the coverage bar (the matches then only inform).
_FALLBACK = 3
# Example questions per passage that count (a passage's examples are posted as i * _STRIDE + e).
_STRIDE = 1024
# Weight of an everyday word the corpus never uses (a topic word it never uses weighs ~4).
_GENERIC_WEIGHT = 0.6
# "keeping", "tells": inflections of function words say no more than the words themselves.
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9“\"'])")


@dataclass(frozen=True)
class Match:
    passage: Passage
    score: float
    confidence: float
    answer_text: str


@dataclass(frozen=True)
class Analyzer:
    """Turns text into concepts: synonym-group ids ("~sore") or word stems."""

    speller: Speller
    singles: Mapping[str, tuple[str, ...]]
    phrases: Mapping[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def build(
        cls,
        synonyms: Mapping[str, Sequence[str]],
        vocabulary: Iterable[str],
        known_words: Iterable[str] = (),
    ) -> Analyzer:
        """`known_words` are real words the speller must keep, though no passage uses them."""
        singles: dict[str, list[str]] = {}
        phrases: dict[tuple[str, ...], list[str]] = {}
        words: list[str] = [*vocabulary, *GENERIC_WORDS, *known_words]
        for group, terms in synonyms.items():
            concept = "~" + fold(group).replace(" ", "_")
            for term in terms:
                parts = fold(term).split()
                words.extend(parts)
                if len(parts) == 1:
                    singles.setdefault(stem(parts[0]), []).append(concept)
                elif parts:
                    phrases.setdefault(tuple(stem(p) for p in parts), []).append(concept)
        return cls(
            speller=Speller.build(w for w in words if w not in STOPWORDS),
            singles={k: tuple(dict.fromkeys(v)) for k, v in singles.items()},
            phrases={k: tuple(dict.fromkeys(v)) for k, v in phrases.items()},
        )

    def stems(self, text: str, *, correct: bool = False) -> tuple[list[str], list[str]]:
        """The (possibly corrected) words of a text and their stems."""
        words = fold(text).split()
        if correct:
            words = [part for w in words for part in self._corrected(w)]
        return words, [stem(w) for w in words]

    def concepts(self, text: str, *, correct: bool = False) -> list[str]:
        return self.concepts_of(*self.stems(text, correct=correct))

    def concepts_of(self, words: Sequence[str], stems: Sequence[str]) -> list[str]:
        found: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
                group = self.phrases.get(tuple(stems[i : i + size]))
                if group:
                    found.extend(group)
                    i += size
                    break
            else:
                if _continual(words, i):
                    # "they keep talking about", "keeps on about": "keep" says "again and again".
                    pass
                elif stems[i] in self.singles:
                    found.extend(self.singles[stems[i]])
                elif words[i] not in STOPWORDS and stems[i] not in _STOP_STEMS:
                    found.append(stems[i])
                i += 1
        return found

    def _corrected(self, word: str) -> tuple[str, ...]:
        if word in STOPWORDS or self.speller.knows(word) or not word.isalpha():
            return (word,)
        if stem(word) in self.singles:
            return (word,)
        corrected = self.speller.correct(word)
        if corrected:
            return (corrected,)
        return self._split(word) or (word,)

    def _split(self, word: str) -> tuple[str, ...] | None:
        """Two words typed without the space ("howlong"), when both halves are known words."""
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if self._known(head) and self._known(tail):
                return head, tail
        return None

    def _known(self, word: str) -> bool:
        return word in STOPWORDS or self.speller.knows(word) or stem(word) in self.singles


def _continual(words: Sequence[str], i: int) -> bool:
    """Whether words[i] is "keep" meaning "again and again": before "on" or an -ing verb."""
    if words[i] not in ("keep", "keeps") or i + 1 >= len(words):
        return False
    following = words[i + 1]
    return following == "on" or (following.endswith("ing") and following != "thing")


@dataclass(frozen=True)
class _Doc:
    passage: Passage
    text: frozenset[str]
    examples: tuple[frozenset[str], ...]
    everything: frozenset[str]


@dataclass(frozen=True)
class Ranker:
    analyzer: Analyzer
    docs: tuple[_Doc, ...]
    idf: Mapping[str, float]
    unknown_weight: float
    postings: Mapping[str, tuple[int, ...]]
    text_norms: tuple[float, ...]
    example_norms: tuple[tuple[float, ...], ...]
    # Out-of-scope topics no passage mentions, as stem sequences (see module doc).
    blocked: frozenset[tuple[str, ...]] = frozenset()
    generic: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    # A passage's coverage is its whole section's (answers are judged by section, and a
    # question often names one idea from a paragraph and another from the next one).
    section_of: tuple[int, ...] = ()
    section_docs: tuple[tuple[int, ...], ...] = ()
    section_postings: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    text_postings: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # Example `e` of passage `i` is posted as i * _STRIDE + e.
    example_postings: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # The distinctive stems of each section's heading, by section id.
    headings: tuple[frozenset[str], ...] = ()
    # Some passage speaks of resuming activities or of booking: such questions are not declined.
    covers_resuming: bool = False
    covers_booking: bool = False

    @classmethod
    def build(
        cls,
        passages: Sequence[Passage],
        synonyms: Mapping[str, Sequence[str]],
        out_of_scope: Iterable[str] = (),
    ) -> Ranker:
        """`out_of_scope`: words or phrases of topics the articles do not cover (may be empty)."""
        vocabulary: list[str] = []
        for passage in passages:
            vocabulary.extend(fold(passage.text).split())
            vocabulary.extend(fold(passage.section).split())
            for example in passage.examples:
                vocabulary.extend(fold(example).split())
        topics = [t for t in (tuple(fold(term).split()) for term in out_of_scope) if t]
        analyzer = Analyzer.build(synonyms, vocabulary, (w for t in topics for w in t))
        corpus_stems = " " + " ".join(stem(w) for w in vocabulary) + " "
        blocked = frozenset(
            stems
            for stems in (tuple(stem(w) for w in t) for t in topics)
            if " " + " ".join(stems) + " " not in corpus_stems
        )
        docs: list[_Doc] = []
        for passage in passages:
            text = frozenset(analyzer.concepts(passage.text + " " + passage.section))
            own = tuple(frozenset(analyzer.concepts(e)) for e in passage.examples)
            docs.append(_Doc(passage, text, own, text.union(*own)))
        section_ids: dict[tuple[str, str], int] = {}
        section_of = tuple(
            section_ids.setdefault((d.passage.article_slug, d.passage.section), len(section_ids))
            for d in docs
        )
        section_docs: list[list[int]] = [[] for _ in section_ids]
        section_postings: dict[str, set[int]] = {}
        text_postings: dict[str, list[int]] = {}
        example_postings: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            section_docs[section_of[i]].append(i)
            for concept in doc.everything:
                section_postings.setdefault(concept, set()).add(section_of[i])
            for concept in doc.text:
                text_postings.setdefault(concept, []).append(i)
            for e, asked in enumerate(doc.examples[: _STRIDE - 1]):
                for concept in asked:
                    example_postings.setdefault(concept, []).append(i * _STRIDE + e)
        heading_stems: dict[int, set[str]] = {}
        for i, doc in enumerate(docs):
            heading_stems[section_of[i]] = {
                stem(w) for w in fold(doc.passage.section).split() if w not in STOPWORDS
            }
        spread: dict[str, int] = {}
        for found in heading_stems.values():
            for s in found:
                spread[s] = spread.get(s, 0) + 1
        common = {
            s for s, n in spread.items() if n > 1 and n >= _HEADING_COMMON * len(section_ids)
        }
        headings = tuple(
            frozenset(heading_stems.get(sid, set()) - common) for sid in range(len(section_ids))
        )
        postings: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            for concept in doc.everything:
                postings.setdefault(concept, []).append(i)
        n = max(len(docs), 1)
        idf = {c: math.log(1 + (n - len(d) + 0.5) / (len(d) + 0.5)) for c, d in postings.items()}
        ranker = cls(
            analyzer=analyzer,
            docs=tuple(docs),
            idf=idf,
            unknown_weight=math.log(1 + (n + 0.5) / 0.5),
            postings={k: tuple(v) for k, v in postings.items()},
            text_norms=tuple(sum(idf[c] for c in doc.text) or 1.0 for doc in docs),
            example_norms=tuple(
                tuple(sum(idf[c] for c in e) or 1.0 for e in doc.examples) for doc in docs
            ),
            blocked=blocked,
            section_of=section_of,
            section_docs=tuple(tuple(d) for d in section_docs),
            section_postings={k: tuple(sorted(v)) for k, v in section_postings.items()},
            text_postings={k: tuple(v) for k, v in text_postings.items()},
            example_postings={k: tuple(v) for k, v in example_postings.items()},
            generic=_generic_concepts(synonyms),
            ignored=frozenset(stem(w) for w in IGNORED_WORDS),
            headings=headings,
            covers_resuming=any(_RESUMING_TEXT.search(p.text) for p in passages),
            covers_booking=any(_BOOKING_TEXT.search(p.text) for p in passages),
        )
        _ = ranker._arrays  # made now, not on the first question
        return ranker

    def search(
        self,
        question: str,
        limit: int = 3,
        *,
        min_coverage: float = MIN_COVERAGE,
        min_score: float = MIN_SCORE,
    ) -> list[Match]:
        """The best passages, best first; `confidence` reaches 1.0 only above both thresholds.

        Scores are summed from postings, never by walking the passages: first per section (a
        passage's coverage is that of its section), then only the passages of sections that
        reach `min_coverage` (or, if none does, of the few best sections) are scored. The sums
        are numpy arrays indexed by postings (:class:`_PostingArrays`): with a clinic's hundreds
        of articles a common word ("muscle", "pain") is posted in thousands of passages, and
        walking those postings in Python cost about 6 ms a search (bench/answer_quality.py
        --latency, +500 synthetic articles). Every sum adds the same numbers in the same order
        as a walk would, so the scores are the same to the last bit.
        """
        words, stems = self.analyzer.stems(question, correct=True)
        concepts = list(dict.fromkeys(self.analyzer.concepts_of(words, stems)))
        weights = {c: self._weight(c) for c in concepts}
        weights = {c: w for c, w in weights.items() if w > 0}
        if not weights:
            return []
        total = sum(weights.values())
        arrays = self._arrays
        by_section = np.zeros(len(self.section_docs))
        reached = np.zeros(len(self.section_docs), dtype=bool)
        for concept, weight in weights.items():
            sections = arrays.section_postings.get(concept)
            if sections is not None:
                by_section[sections] += weight
                reached[sections] = True
        if not reached.any():
            return []
        bar = total * min_coverage - 1e-9
        chosen = reached & (by_section >= bar)
        if not chosen.any():
            ids = np.flatnonzero(reached)
            chosen[ids[np.lexsort((ids, -by_section[ids]))[:_FALLBACK]]] = True
        candidates = chosen[arrays.section_of]
        in_text = np.zeros(len(self.docs))
        overlaps = np.zeros(len(arrays.example_owner))
        for concept, weight in weights.items():
            posted = arrays.text_postings.get(concept)
            if posted is not None:
                in_text[posted[candidates[posted]]] += weight
            asked_as = arrays.example_postings.get(concept)
            if asked_as is not None:
                overlaps[asked_as[candidates[arrays.example_owner[asked_as]]]] += weight
        best_example = np.zeros(len(self.docs))
        overlapping = np.flatnonzero(overlaps)
        if len(overlapping):
            f1 = 2 * overlaps[overlapping] / (arrays.example_norms[overlapping] + total)
            _best_per_run(best_example, arrays.example_owner[overlapping], f1)
        # A passage with neither text nor example overlap only scores its section's coverage:
        # one per section is enough to stand for it.
        scored = (in_text > 0) | (best_example > 0)
        scored[arrays.section_first[chosen]] = True
        ids = np.flatnonzero(scored)
        sections_of_ids = arrays.section_of[ids]
        coverage = by_section[sections_of_ids] / total
        text_weight = in_text[ids]
        asked = {s for w, s in zip(words, stems, strict=True) if w not in STOPWORDS}
        score = (
            _EXAMPLE_WEIGHT * best_example[ids]
            + _TEXT_WEIGHT * text_weight / total
            + _FOCUS_WEIGHT * text_weight / arrays.text_norms[ids]
            + _COVERAGE_WEIGHT * coverage
            + _HEADING_WEIGHT * self._in_heading(asked)[sections_of_ids]
        )
        best = np.lexsort((ids, -score))[:limit]
        found = [(float(score[k]), float(coverage[k]), int(ids[k])) for k in best]
        # A topic the clinic lists as not covered, which no passage mentions: decline (unless
        # it is only in the reason given after the question).
        cap = 0.0 if self._off_topic(self._asked_stems(question, stems)) else 1.0
        return [
            Match(
                passage=self.docs[i].passage,
                score=round(score, 4),
                confidence=round(min(coverage / min_coverage, score / min_score, cap), 4),
                answer_text=self._answer_text(i, set(concepts)),
            )
            for score, coverage, i in found
        ]

    def _weight(self, concept: str) -> float:
        if concept in self.ignored:
            return 0.0
        known = self.idf.get(concept)
        if concept in self.generic:
            # Everyday words never carry a question, whether or not an article uses them.
            return min(known if known is not None else _GENERIC_WEIGHT, _GENERIC_WEIGHT)
        if known is not None:
            return known
        if concept.isdigit():
            # A number the articles never mention ("3 days") says little about the topic.
            return 0.0
        if len(concept) <= 2:
            # Chat shorthand the articles never use ("d1", "w", "x2") is no topic word.
            return _GENERIC_WEIGHT
        return self.unknown_weight

    def _in_heading(self, asked: set[str]) -> np.ndarray:
        """By section: the share of the question's words (at most 1) its heading names."""
        named = np.zeros(len(self.section_docs))
        if not asked or not self.headings:
            return named
        for word in asked:
            sections = self._arrays.heading_postings.get(word)
            if sections is not None:
                named[sections] += 1
        return np.minimum(1.0, named / min(len(asked), 3))

    @cached_property
    def _arrays(self) -> _PostingArrays:
        return _PostingArrays.of(self)

    def substance(self, text: str) -> float:
        """How much a text says about a topic: the summed weight of its concepts."""
        words, stems = self.analyzer.stems(text, correct=True)
        concepts = dict.fromkeys(self.analyzer.concepts_of(words, stems))
        return sum(self._weight(c) for c in concepts)

    def _off_topic(self, stems: Sequence[str]) -> bool:
        if not self.blocked:
            return False
        for size in {len(t) for t in self.blocked}:
            for start in range(len(stems) - size + 1):
                if tuple(stems[start : start + size]) in self.blocked:
                    return True
        return False

    def best(self, question: str) -> Match | None:
        """The answering passage, or None when the articles do not cover the question.

        A message the articles do not cover as a whole may still hold a covered question among
        chat ("...my daughter drove me... how many sessions will i need?") or be two questions
        in one ("is it safe and does it help migraines"): then each part is tried on its own and
        the best confident part answers. A topic the clinic lists as not covered anywhere in the
        message still declines it, so a covered half cannot hide an uncovered one.
        """
        if self._undecided_by_articles(question):
            return None
        matches = self.search(question, limit=1)
        if matches and matches[0].confidence >= 1.0:
            return matches[0]
        parts = parts_of(question)
        if len(parts) < 2 or self._off_topic(self.analyzer.stems(question, correct=True)[1]):
            return None
        found: Match | None = None
        unanswered_question = False
        for part in parts:
            if self.substance(part) < _MIN_PART_WEIGHT:
                continue
            asking = asks(part, question)
            if not asking and unanswered_question and found is None:
                # The message asks something the articles do not cover: the story around the
                # question ("my physio needled my quads yesterday") is no answer to it.
                break
            matches = self.search(part, limit=1)
            confident = matches and matches[0].confidence >= 1.0
            if confident and (found is None or matches[0].score > found.score):
                found = matches[0]
            unanswered_question = unanswered_question or (asking and not confident)
        return found

    def _asked_stems(self, question: str, stems: list[str]) -> list[str]:
        """The stems of what ``question`` asks, without the reason given after it."""
        asked = _asked(question)
        return stems if asked == fold(question) else self.analyzer.stems(asked, correct=True)[1]

    def declines_outright(self, question: str) -> bool:
        """A topic the clinic lists as not covered, or a resume/booking question no article
        answers: declined whatever any passage looks like. The reason given after a question
        is not what it asks: "how long is the appointment, i have to pick the kids up at three"
        asks about the appointment, not about children."""
        asked = _asked(question)
        if self._undecided_by_articles(asked):
            return True
        return self._off_topic(self.analyzer.stems(asked, correct=True)[1])

    def _undecided_by_articles(self, question: str) -> bool:
        """When to resume an activity, or booking: questions no article here answers."""
        folded = fold(question)
        if not self.covers_booking and _BOOKING.search(folded):
            return True
        if self.covers_resuming or _GENTLE.search(folded):
            return False
        if _RESUME.search(folded):
            return True
        # The activity is what leave is asked for, a few words on ("should i do ... to help it
        # work better" asks no leave to go to work).
        return any(
            _ACTIVITY.search(
                " ".join(
                    folded[found.start() :].split()[: len(found.group().split()) + _LEAVE_WORDS]
                )
            )
            for found in _PERMISSION.finditer(folded)
        )

    def _answer_text(self, index: int, concepts: set[str]) -> str:
        passage = self.docs[index].passage
        if passage.lead:
            # Only the sentence that introduces the list: "... including:" + the item.
            return _fit(f"{_SENTENCE.split(passage.lead)[-1]}\n• {passage.text}")
        if passage.text.rstrip().endswith(":"):
            sentences = _SENTENCE.split(passage.text)
            before = [s for s in sentences[:-1] if concepts & set(self.analyzer.concepts(s))]
            if before:
                return _fit(" ".join(before))
            items = []
            for doc in self.docs[index + 1 : index + 1 + _MAX_LIST]:
                if doc.passage.lead != passage.text or doc.passage.section != passage.section:
                    break
                items.append(doc.passage.text)
            return _list_answer(sentences[-1], items)
        return self._best_sentences(passage.text, concepts)

    def _best_sentences(self, text: str, concepts: set[str]) -> str:
        if len(text) <= ANSWER_LIMIT:
            return text
        sentences = _SENTENCE.split(text)
        ranked = sorted(
            range(len(sentences)),
            key=lambda i: -len(concepts & set(self.analyzer.concepts(sentences[i]))),
        )
        chosen: list[int] = []
        length = 0
        for i in ranked:
            if length + len(sentences[i]) + 1 > ANSWER_LIMIT and chosen:
                continue
            chosen.append(i)
            length += len(sentences[i]) + 1
        return _fit(" ".join(sentences[i] for i in sorted(chosen)))


@dataclass(frozen=True)
class _PostingArrays:
    """The ranker's postings as numpy arrays, for :meth:`Ranker.search` to sum with.

    Examples are numbered in one flat sequence (passage by passage, so their owners run in
    order); ``example_owner`` and ``example_norms`` are by that number.
    """

    section_postings: Mapping[str, np.ndarray]
    text_postings: Mapping[str, np.ndarray]
    example_postings: Mapping[str, np.ndarray]
    heading_postings: Mapping[str, np.ndarray]
    section_of: np.ndarray
    section_first: np.ndarray
    text_norms: np.ndarray
    example_owner: np.ndarray
    example_norms: np.ndarray

    @classmethod
    def of(cls, ranker: Ranker) -> _PostingArrays:
        first_example = np.cumsum([0, *(len(n) for n in ranker.example_norms)])
        headings: dict[str, list[int]] = {}
        for sid, heading in enumerate(ranker.headings):
            for word in heading:
                headings.setdefault(word, []).append(sid)

        def flat(key: int) -> int:
            i, e = divmod(key, _STRIDE)
            return int(first_example[i]) + e

        return cls(
            section_postings=_as_arrays(ranker.section_postings),
            text_postings=_as_arrays(ranker.text_postings),
            example_postings={
                c: np.array([flat(k) for k in keys], dtype=np.int64)
                for c, keys in ranker.example_postings.items()
            },
            heading_postings=_as_arrays(headings),
            section_of=np.array(ranker.section_of, dtype=np.int64),
            section_first=np.array([d[0] for d in ranker.section_docs], dtype=np.int64),
            text_norms=np.array(ranker.text_norms, dtype=np.float64),
            example_owner=np.repeat(
                np.arange(len(ranker.example_norms)), [len(n) for n in ranker.example_norms]
            ),
            example_norms=np.array([x for n in ranker.example_norms for x in n], dtype=np.float64),
        )


def _as_arrays(postings: Mapping[str, Sequence[int]]) -> dict[str, np.ndarray]:
    return {c: np.array(ids, dtype=np.int64) for c, ids in postings.items()}


def _best_per_run(best: np.ndarray, owners: np.ndarray, values: np.ndarray) -> None:
    """``best[o] = max(values of o)`` for owners listed in ascending runs."""
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    best[owners[starts]] = np.maximum.reduceat(values, starts)


# Where a message splits into the parts tried one by one: sentences, clauses, and "and"/"also"
# between two questions.
_PART_BREAK = re.compile(
    r"[.!?;:,\n]+|\s(?:and|n|also|plus|but|btw|anyway|or|\+|&)\s+(?=(?:also |then )?(?:what|whats"
    r"|how|hows|why|when|where|which|who|is|are|can|could|do|does|did|will|would|should|shall"
    r"|might|may|tell|any|i|im|my|wat|wats|wot|hw|wen|whn|wich)\b)",
    re.IGNORECASE,
)
_MAX_PARTS = 6
_WHO = (
    r"(?:i|we|he|she|they|you|(?:my|our) (?:son|daughter|wife|husband|partner|mum|mom|dad|kid"
    r"|child|boy|girl|mother|father))"
)
# "when can i go back to the gym", "how soon can i swim", "when can he play football again".
_RESUME = re.compile(
    r"\b(?:go|get|going|getting|be) back (?:to|on|in|into)\b(?! (?:the )?(?:physio|clinic"
    r"|therapist|you|see|for|normal after|how))"
    r"|\b(?:resume|resuming|restart|restarting|return to|returning to)\b"
    r"|\bwhen (?:can|could|should|will|may|would|do) " + _WHO + r"(?: \w+){1,4}? again\b"
    r"|\b(?:how soon|how long (?:before|until|till|til|after)(?: \w+){0,3}? can|when is it"
    r" (?:ok|okay|safe|fine|alright) to|how many days (?:before|until|till))\b"
)
# "can i lift weights tomorrow", "is it ok to do yoga tonight": asking leave for an activity...
_LEAVE_VERB = (
    r"(?:go|do|have|get|play|lift|run|jog|swim|drive|fly|work|train|use|hit|ride|start|take"
    r"|attend|hop|jump|try|continue|keep)"
)
_PERMISSION = re.compile(
    r"\b(?:(?:can|could|may|should) " + _WHO + r"(?: still| now| also| even| then| just)?"
    r" "
    + _LEAVE_VERB
    + r"|if "
    + _WHO
    + r" (?:can|could|may|should)(?: still| also| even)? "
    + _LEAVE_VERB
    + r"|(?:is it|its|it is) (?:ok|okay|safe|fine"
    r"|alright|a good idea|bad) (?:to|if|i|for me to)|am i (?:ok|okay|allowed|able) to"
    r"|(?:ok|okay) to|when can|(?:allowed|safe|fine) to)\b"
)
# ... the activities patients ask about most (the articles advise none of them by name).
_ACTIVITY = re.compile(
    r"\b(?:gym|weights|lift|lifting|run|running|jog|jogging|swim|swimming|yoga|work|job|shift"
    r"|drive|driving|fly|flying|flight|sex|massage|sauna|hot tub|shower|bath|sport|sports"
    r"|training|train|match|game|football|soccer|rugby|tennis|marathon|hike|hiking|bike"
    r"|plane|planes|travel|travelling|traveling|steam room|spa|tattoo|ski|skiing|dance|dancing"
    r"|cycle|cycling|ride|riding|climb|climbing|golf|pilates)\b"
)
# How many words after asking leave the activity may come: "can i still do my sauna sessions".
_LEAVE_WORDS = 6
# Movement the articles do advise: "can i go for a walk afterwards" is answered.
_GENTLE = re.compile(
    r"\b(?:walk|walking|walks|stretch\w*|gentle|gently|light|exercise|exercises)\b"
)
_RESUMING_TEXT = re.compile(
    r"\b(?:resum\w*|return(?:ing)? to (?:work|sport|training|exercise|activit\w*|normal))\b",
    re.IGNORECASE,
)
# "how do i book", "can i reschedule my session", "i need to cancel my appointment".
_BOOKING = re.compile(
    r"\b(?:how|where|can|could|do|may)(?: do| can| could| would| should)? (?:i|we) (?:book"
    r"|make|get)(?: an?| my| the| another| our)?(?: next| new| follow up)? (?:appointment|session"
    r"|slot|visit)\b|\b(?:how|where) (?:do|can|could) (?:i|we) book\b"
    r"|\b(?:reschedule|re schedule|cancel|move|change|swap)(?: my| the| our)?(?: next)?"
    r" (?:appointment|session|booking|slot|visit)\b"
)
_BOOKING_TEXT = re.compile(r"\b(?:book (?:online|by|at|via)|reschedul\w*|cancellation)\b", re.I)
# Why the patient asks, said after the question: "..., so she can sort childcare", "... i have to
# get back to work", "... because ive got my cousins wedding".
_REASON_AFTER = re.compile(
    r"(?<=\w) (?:so (?:that )?(?:i|she|he|we|they|you) (?:can|could|know)|because|cos|coz|cause"
    r"|as (?:i|ive|im)|i have to|i need to|ive got to|i got to|need to get) .*$"
)


def _asked(question: str) -> str:
    """``question`` folded, without the reason given after it (:data:`_REASON_AFTER`)."""
    return _REASON_AFTER.sub("", fold(question))


# A part must say this much on its own ("can i still have my session" does not).
_MIN_PART_WEIGHT = 1.0


def parts_of(question: str) -> list[str]:
    """The parts of a message worth trying alone, questions first, at most `_MAX_PARTS`."""
    pieces = [p for p in _pieces(question) if len(fold(p).split()) >= 2]
    asked = [p for p in pieces if asks(p, question)]
    # The questions come first: they, not the story around them, are what needs answering.
    told = [p for p in pieces if p not in asked]
    return (asked + told)[:_MAX_PARTS]


def _pieces(question: str) -> list[str]:
    """The message cut at its breaks, a tag question kept with what it asks about: in "back's
    still sore 2 days later, normal? also can i have a bath" the first part asks."""
    spans: list[tuple[int, int]] = []
    start = 0
    joined = False  # whether the break before this piece only joins clauses (a comma)
    for cut in [*_PART_BREAK.finditer(question), None]:
        end = len(question) if cut is None else cut.start()
        text = question[start:end]
        if text.strip():
            tag = _TAG_QUESTION.fullmatch(fold(text)) and question[end : end + 1] == "?"
            if tag and spans and joined:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        if cut is not None:
            start = cut.end()
            joined = _SENTENCE_BREAK.search(cut.group()) is None
    return [question[a:b].strip() for a, b in spans]


_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
# A question of a word or three that asks about the clause before it: "..., normal?".
_TAG_QUESTION = re.compile(
    r"(?:is (?:that|this|it) |thats |that s )?(?:normal|ok|okay|right|fine|usual|expected|common"
    r"|alright|safe|bad)"
)


_QUESTION_WORD = re.compile(
    r"^(?:so |and |but |also |then |ok |okay )?(?:what|whats|how|hows|why|when|where|which|who"
    r"|is|are|can|could|do|does|did|will|would|should|shall|might|may|any"
    # As typed on phones: "hw many sesh", "wat do i do after".
    r"|wat|wats|wot|hw|wen|whn|wich)\b"
)


# Not a question after all: "..., which has been bugging me", "..., do a run club on sundays".
_NOT_ASKING = re.compile(
    r"^(?:which (?:has|have|had|is|was|were|i|we|he|she|they|means|meant|made|makes|started"
    r"|keeps|kept|got|gets)|do (?:a|an|the|some|my|our|it|this|that|lots|loads)|did it)\b"
)
# Asked indirectly: "i was wondering how long i should expect to feel achy".
_INDIRECT = re.compile(
    r"\b(?:wondering|wonder|wondered|wants?(?:ed)? to know|like to know|not sure|unsure|curious"
    # Passed on: "a patient is asking how long the soreness hangs around", "she asked me to find
    # out whether needling helps".
    r"|asking(?: me| us| you)?|asked(?: me| us)?(?: to find out| to check| to ask)?"
    r"|needs? to know|find out|check)"
    r" (?:how|what|when|why|whether|if|where|which)\b|\b(?:can|could) you tell me\b"
)


# A question that takes its topic from the story told before it: "i'm getting a tattoo next
# week, is that ok after needling?", "my gp gave me naproxen ... is it fine to take one
# afterwards?". "it" is left out: in this chat it is nearly always the needling itself.
_STORY_REFERENCE = re.compile(
    r"\b(?:is|would|will|are) (?:that|this|those|these)(?: be)? (?:ok|okay|fine|safe|alright"
    r"|all right|a problem|an issue|a good idea|a bad idea|bad|allowed|advisable)\b"
    # "is that true?", "is that something it can help with?", "will it undo it?".
    r"|\bis (?:that|this) (?:actually |really )?(?:true|real|a thing|right|correct|legit)\b"
    r"|\b(?:is|would|could) (?:that|this) (?:be )?something (?:it|dry needling|needling|you"
    r"|this|it s|its)(?: \w+){0,3} (?:help|helps|used|use|treat|treats|do|does)\b"
    r"|\bshould i (?:hold off|wait|avoid it|skip it|stop it)\b"
    # "i'm pregnant. can i still have dry needling?", "ice or heat ... which one is right?".
    r"|\b(?:can|could|should|may) i still (?:have|get|do|go ahead with|try|come for|keep)\b"
    # "i'm 12 weeks pregnant, is needling still ok?".
    r"|\bis (?:it|needling|dry needling|that|this|the needling) still (?:ok|okay|fine|safe"
    r"|alright|all right|allowed|a good idea)\b"
    # "i am pregnant in the fourth month. is the dry needling dangerous for the baby?", "is
    # possible to make this treatment?".
    r"|\b(?:is|would|will|could|can) (?:the |dry |this )*(?:needling|needles?|it|this|that"
    r"|treatment)(?: be)? (?:dangerous|safe|risky|harmful|ok|okay|bad|a risk) for (?:the|my|our"
    r"|her|his) (?:baby|bump|pregnancy|unborn)\b"
    r"|\b(?:is )?(?:it )?possible (?:to|for me to) (?:make|have|do|get|try) (?:this|the|dry|it)\b"
    # "my mum has osteoporosis. is needling safe for her back?".
    r"|\bis (?:it|needling|dry needling|the needling|this) (?:safe|ok|okay|suitable|dangerous)"
    r" for (?:her|him|them)\b"
    # "i have a pacemaker. does that rule out dry needling?", "my insurance is southern cross.
    # are they paying for it?": the condition or the payer is the thing told of.
    r"|\b(?:does|do|would|will|could|can|might) (?:that|this|it) (?:rule (?:me |him |her )?out"
    r"|stop (?:me|him|her)|prevent (?:me|him|her)|mean (?:i|he|she) (?:cant|cannot|shouldnt)"
    r"|count against|be a problem)\b"
    r"|\b(?:(?:are|is|will|would|do|does) (?:they|he|she|it)|(?:they|he|she) (?:are|is|will"
    r"|would|do|does)) (?:be )?(?:paying|pay|covering|cover)(?: for)?\b"
    r"|\bwhich (?:one|of (?:them|those|the two)) (?:is|would be|should)\b"
    # "got a tattoo booked, will needling mess with it?", "a coffee before, or will that make it
    # worse?": the object is the thing told of.
    r"|\b(?:mess|interfere|clash) (?:with|up) (?:it|that|this|them)\b"
    r"|\b(?:will|would|could|does|can|might) (?:that|this) make (?:it|things) worse\b"
    r"|\b(?:will|would|could|does|do|can|might) (?:it|that|this|they|those|these) (?:undo|ruin"
    r"|affect|mess up|cancel out|get in the way|interfere|block|weaken|stop (?:it|the \w+)"
    r" (?:working|from working))\b"
    r"|\b(?:take|use|have|get|do|avoid|try|put|apply|skip|mix) (?:one|that|those|these|them"
    r"|this|either(?: of (?:them|those|these))?|both(?: of (?:them|those|these))?|any of (?:them"
    r"|those|these))\b(?! (?:session|sessions|needl\w*|treatment|appointment|stretch\w*"
    r"|exercise\w*|week|day|kind|sort|type))"
)


def leans_on_story(part: str) -> bool:
    """The question points back to something told earlier in the message (see above)."""
    return bool(_STORY_REFERENCE.search(fold(part)))


# The rest of the question before it, not a question of its own: "can i wear my compression
# tights after, or do they need to come off", "...the ibuprofen, after treatment?", "can i go to
# the gym and do heavy deadlifts tonight".
_CONTINUES = re.compile(
    r"^(?:so |and |but |or |then )?(?:(?:do|does|did|are|is|can|could|will|would|should)"
    r" (?:they|them|those|these)\b(?! (?:dry )?needl)"
    r"|do (?!(?:i|you|we|u|people|they|most|patients|dry|needl\w*|it)\b)\w+(?: \w+){0,2}$"
    r"|(?:after|before|during|with|for|on|in) (?:the |my |a |your )?\w+$)"
)


def continues_question(part: str) -> bool:
    """The part carries on the question before it (see above)."""
    return bool(_CONTINUES.match(fold(part)))


def asks(part: str, message: str) -> bool:
    end = message.find(part) + len(part)
    if message[end : end + 1] == "?":
        return True
    folded = fold(part)
    if _NOT_ASKING.match(folded):
        return False
    return bool(_QUESTION_WORD.match(folded) or _INDIRECT.search(folded))


def _list_answer(lead: str, items: Sequence[str]) -> str:
    """A list introduction with its items; items that no longer fit shrink to their label."""
    lines = [lead]
    length = len(lead)
    for position, item in enumerate(items):
        rest = sum(len(_label(i)) + 3 for i in items[position + 1 :])
        line = item if length + len(item) + 3 + rest <= ANSWER_LIMIT else _label(item)
        lines.append(f"• {line}")
        length += len(line) + 3
    return "\n".join(lines)


def _label(item: str) -> str:
    for separator in (":", " – ", " - ", " — "):
        if separator in item:
            return item.split(separator, 1)[0].strip()
    return item


def _fit(text: str) -> str:
    if len(text) <= ANSWER_LIMIT:
        return text
    cut = text[:ANSWER_LIMIT]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    return cut[: end + 1] if end > 0 else cut.rstrip() + "…"


def _generic_concepts(synonyms: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Everyday word stems, plus the synonym groups made of everyday words only ("~leg")."""
    generic = {stem(w) for w in GENERIC_WORDS}
    for group, terms in synonyms.items():
        folded = [fold(t).split() for t in terms]
        if folded and all(len(t) == 1 and t[0] in GENERIC_WORDS for t in folded):
            generic.add("~" + fold(group).replace(" ", "_"))
    return frozenset(generic)


def parse_synonyms(toml_text: str) -> dict[str, tuple[str, ...]]:
    """The ``[groups]`` table of ``data/synonyms.toml``: idea -> the words that express it."""
    data = tomllib.loads(toml_text)
    groups = data.get("groups", {})
    if not isinstance(groups, dict):
        raise ValueError("synonyms: [groups] must be a table of lists")
    result: dict[str, tuple[str, ...]] = {}
    for name, terms in groups.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ValueError(f"synonyms: group {name!r} must be a list of words or phrases")
        result[name] = tuple(terms)
    return result


def parse_out_of_scope(toml_text: str) -> tuple[str, ...]:
    """The ``topics`` lists of ``data/out_of_scope.toml``: words or phrases, grouped by table."""
    data = tomllib.loads(toml_text)
    result: list[str] = []
    for name, table in data.items():
        terms = table.get("topics") if isinstance(table, dict) else None
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ValueError(f"out_of_scope: [{name}] must hold topics = a list of words")
        result.extend(terms)
    return tuple(result)
