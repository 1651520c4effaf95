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

Everything is precomputed into inverted indexes at build time; a search touches only the
postings of the question's concepts, so it stays well under a millisecond for a clinic corpus.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.articles import Passage
from bot.domain.text import STOPWORDS, Speller, fold, stem

ANSWER_LIMIT = 600
# Tuned on one half of the dev set (bench/devset), checked on the other half.
MIN_COVERAGE = 0.65
MIN_SCORE = 0.30
_EXAMPLE_WEIGHT = 0.55
_TEXT_WEIGHT = 0.25
_FOCUS_WEIGHT = 0.05
_COVERAGE_WEIGHT = 0.15
_MAX_PHRASE = 6
_MAX_LIST = 30
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
    def build(cls, synonyms: Mapping[str, Sequence[str]], vocabulary: Iterable[str]) -> Analyzer:
        singles: dict[str, list[str]] = {}
        phrases: dict[tuple[str, ...], list[str]] = {}
        words: list[str] = list(vocabulary)
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

    def concepts(self, text: str, *, correct: bool = False) -> list[str]:
        words = fold(text).split()
        if correct:
            words = [self._corrected(w) for w in words]
        stems = [stem(w) for w in words]
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
                if stems[i] in self.singles:
                    found.extend(self.singles[stems[i]])
                elif words[i] not in STOPWORDS:
                    found.append(stems[i])
                i += 1
        return found

    def _corrected(self, word: str) -> str:
        if word in STOPWORDS or self.speller.knows(word) or not word.isalpha():
            return word
        if stem(word) in self.singles:
            return word
        return self.speller.correct(word) or word


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

    @classmethod
    def build(cls, passages: Sequence[Passage], synonyms: Mapping[str, Sequence[str]]) -> Ranker:
        vocabulary: list[str] = []
        for passage in passages:
            vocabulary.extend(fold(passage.text).split())
            vocabulary.extend(fold(passage.section).split())
            for example in passage.examples:
                vocabulary.extend(fold(example).split())
        analyzer = Analyzer.build(synonyms, vocabulary)
        docs: list[_Doc] = []
        for passage in passages:
            text = frozenset(analyzer.concepts(passage.text + " " + passage.section))
            own = tuple(frozenset(analyzer.concepts(e)) for e in passage.examples)
            docs.append(_Doc(passage, text, own, text.union(*own)))
        postings: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            for concept in doc.everything:
                postings.setdefault(concept, []).append(i)
        n = max(len(docs), 1)
        idf = {c: math.log(1 + (n - len(d) + 0.5) / (len(d) + 0.5)) for c, d in postings.items()}
        return cls(
            analyzer=analyzer,
            docs=tuple(docs),
            idf=idf,
            unknown_weight=math.log(1 + (n + 0.5) / 0.5),
            postings={k: tuple(v) for k, v in postings.items()},
            text_norms=tuple(sum(idf[c] for c in doc.text) or 1.0 for doc in docs),
            example_norms=tuple(
                tuple(sum(idf[c] for c in e) or 1.0 for e in doc.examples) for doc in docs
            ),
        )

    def search(
        self,
        question: str,
        limit: int = 3,
        *,
        min_coverage: float = MIN_COVERAGE,
        min_score: float = MIN_SCORE,
    ) -> list[Match]:
        """The best passages, best first; `confidence` reaches 1.0 only above both thresholds.

        Only passages that could reach `min_coverage` are scored: each must hold at least one
        of the question's heaviest concepts, whose postings are short. That keeps a search
        fast however many passages contain "muscle".
        """
        concepts = list(dict.fromkeys(self.analyzer.concepts(question, correct=True)))
        # A number the articles never mention ("3 days") says little about the topic.
        weights = {
            c: self.idf.get(c, 0.0 if c.isdigit() else self.unknown_weight) for c in concepts
        }
        weights = {c: w for c, w in weights.items() if w > 0}
        if not weights:
            return []
        total = sum(weights.values())
        candidates: set[int] = set()
        missing = 0.0
        for concept, weight in sorted(weights.items(), key=lambda cw: -cw[1]):
            candidates.update(self.postings.get(concept, ()))
            missing += weight
            if missing > total * (1 - min_coverage):
                break
        scored: list[tuple[float, float, int]] = []
        for i in candidates:
            doc = self.docs[i]
            in_text = sum(w for c, w in weights.items() if c in doc.text)
            covered = sum(w for c, w in weights.items() if c in doc.everything)
            best_example = 0.0
            for example, norm in zip(doc.examples, self.example_norms[i], strict=True):
                overlap = sum(w for c, w in weights.items() if c in example)
                if overlap:
                    precision, recall = overlap / norm, overlap / total
                    best_example = max(best_example, 2 * precision * recall / (precision + recall))
            coverage = covered / total
            score = (
                _EXAMPLE_WEIGHT * best_example
                + _TEXT_WEIGHT * in_text / total
                + _FOCUS_WEIGHT * in_text / self.text_norms[i]
                + _COVERAGE_WEIGHT * coverage
            )
            scored.append((score, coverage, i))
        scored.sort(key=lambda item: (-item[0], item[2]))
        return [
            Match(
                passage=self.docs[i].passage,
                score=round(score, 4),
                confidence=round(min(coverage / min_coverage, score / min_score, 1.0), 4),
                answer_text=self._answer_text(i, set(concepts)),
            )
            for score, coverage, i in scored[:limit]
        ]

    def best(self, question: str) -> Match | None:
        """The answering passage, or None when the articles do not cover the question."""
        matches = self.search(question, limit=1)
        if not matches or matches[0].confidence < 1.0:
            return None
        return matches[0]

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
