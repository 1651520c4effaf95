"""Finding the passages that answer a message, or deciding that none does.

Two matchers share one interface (:class:`Matcher`):

* :class:`SemanticMatcher`, the default: meaning first. The message is compared with every
  passage, sentence and example question (:mod:`bot.knowledge.semantic`), the lexical ranker
  (:mod:`bot.knowledge.retrieval`) adds whether the articles contain the question's own topic
  words, and one calibrated decision (:mod:`bot.knowledge.decision`) answers or declines;
* :class:`LexicalMatcher`, the fallback when the model cannot load (or is switched off), and the
  matcher in use while the semantic index is still being built at start-up.

Either way the clinic's list of topics its articles do not cover, and questions about resuming
an activity or booking, are declined first (the lexical ranker's rules), so a passage that merely
looks close never answers them.

A message is also read in parts: "how long will I be sore and can I have a beer tonight" gets the
soreness answer and a plain word that the beer is not covered; a long story with one question in
it is answered for the question, not for the story. The reply leads with the sentences of the
passage closest in meaning to the question, not with the paragraph's opening lines.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from bot.knowledge.articles import Passage
from bot.knowledge.decision import Decision, candidate, rerank_candidates
from bot.knowledge.duration import asks_duration, states_duration
from bot.knowledge.retrieval import (
    ANSWER_LIMIT,
    Ranker,
    asks,
    continues_question,
    leans_on_story,
    parts_of,
)
from bot.knowledge.semantic import SENTENCE_BREAK, Embed, Scores, SemanticIndex
from bot.knowledge.text import GENERIC_WORDS, STOPWORDS, Speller, fold, spelled_out

log = logging.getLogger(__name__)

# A message asks about a warning sign when it is at least this close to one of the clinic's
# questions about warning signs, and closer (by this margin) than to any example question of the
# articles. Chosen on the development sets (blind6, 8, 9, 11), see bench/RESULTS.md.
WARNING_MIN = 0.65
WARNING_MARGIN = 0.05
# How many recent messages' vectors, and comparisons with the whole index, are kept.
RECENT_VECTORS = 16
RECENT_READINGS = 4
# A part must say this much (lexical weight) to be tried on its own ("ok so" does not).
MIN_PART_WEIGHT = 1.0
# A part that asks needs less: "is it painful" is a question of its own, weight 0.26.
MIN_QUESTION_WEIGHT = 0.2
# A message is tried in at most this many parts (questions first).
MAX_PARTS = 4
# At most this many answers to one message; each gets an equal share of the length.
MAX_ANSWERS = 2
# A passage of another section is quoted too when it is this close in meaning (chosen on the
# development sets blind8 and blind9: 0.02-0.1 all helped, 0.1 most for two-question messages).
ALSO_MARGIN = 0.1
# Sentences of the chosen paragraph are preferred by this much over the rest of its section
# (chosen on the covered questions of blind6 … blind68, 0.05 to 0.16 tried: 0.08 quoted the
# right sentence most often; on blind71, blind76, blind79 and blind85 it quoted 4 more right).
OWN_PASSAGE_BONUS = 0.08
# Items quoted from one list at most.
MAX_LIST_ITEMS = 2
# Sentences quoted from one passage at most.
MAX_SENTENCES = 3


@dataclass(frozen=True)
class Found:
    """A passage that answers (part of) a message, and the sentences of it to quote; ``also``
    is a passage of another section that answers it nearly as closely (the two articles overlap:
    both explain how needling works), quoted after it."""

    passage: Passage
    text: str
    also: Found | None = None


@dataclass(frozen=True)
class Finding:
    """What the articles say to a message: answers (possibly none), and whether a question in
    it was left unanswered because the articles do not cover it."""

    answers: tuple[Found, ...] = ()
    declined_part: bool = False

    @property
    def covered(self) -> bool:
        return bool(self.answers)


class Matcher(Protocol):
    def find(self, message: str) -> Finding: ...

    def warning_topic(self, message: str) -> str | None: ...

    @property
    def ranker(self) -> Ranker: ...


@dataclass
class LexicalMatcher:
    """The word-matching ranker alone (``bot.knowledge.retrieval``)."""

    ranker: Ranker

    def find(self, message: str) -> Finding:
        match = self.ranker.best(message)
        if match is None:
            return Finding()
        return Finding((Found(match.passage, match.answer_text),))

    def warning_topic(self, message: str) -> str | None:
        """Words alone leave warning-sign questions to the rules in ``knowledge/safety``."""
        return None


@dataclass
class _Part:
    text: str
    asking: bool
    found: Found | None


@dataclass
class SemanticMatcher:
    """Meaning first, calibrated by the lexical signals; lexical alone until :meth:`attach`."""

    ranker: Ranker
    decision: Decision
    embed: Embed | None = None
    index: SemanticIndex | None = None
    fallback: LexicalMatcher = field(init=False)
    _settled: threading.Event = field(init=False, default_factory=threading.Event)
    _speller: Speller | None = field(init=False, default=None)
    # The last few messages' vectors: the answer path asks about one message more than once
    # (warning-sign question? then which passage?), and the model is the cost.
    _recent: OrderedDict[str, np.ndarray] = field(init=False, default_factory=OrderedDict)
    _recent_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _read_before: OrderedDict[tuple[int, str], Scores] = field(
        init=False, default_factory=OrderedDict
    )

    def __post_init__(self) -> None:
        self.fallback = LexicalMatcher(self.ranker)

    def attach(self, embed: Embed, index: SemanticIndex) -> None:
        """Switch to meaning-based answers (called once the index is built)."""
        # Only the articles' own words (and everyday ones) count as spelled right here: the
        # lexical ranker's speller also knows common misspellings listed as synonyms.
        vocabulary = [
            w for p in index.passages for text in (p.text, p.section) for w in fold(text).split()
        ]
        self._speller = Speller.build([*vocabulary, *GENERIC_WORDS])
        index.warm()
        self.embed = embed
        self.index = index
        self._settled.set()

    def give_up(self) -> None:
        """The index cannot be built: stay with the lexical ranker for good."""
        self._settled.set()

    @property
    def ready(self) -> bool:
        return self.index is not None and self.embed is not None

    def warning_topic(self, message: str) -> str | None:
        """The warning-sign topic a message asks about ("what if I get short of breath
        later?"), when it is closer to one of the clinic's questions about warning signs than
        to any example question of the articles; None otherwise, and always for the lexical
        ranker. Triage has already ruled out a report of the sign itself."""
        index, embed = self.index, self.embed
        if index is None or embed is None or not index.warning_texts:
            return None
        scores = self._read(index, embed, [message])[0]
        closest_example = float(scores.example.max()) if len(scores.example) else -1.0
        if scores.warning < WARNING_MIN or scores.warning < closest_example + WARNING_MARGIN:
            return None
        return scores.warning_topic

    def _read(self, index: SemanticIndex, embed: Embed, texts: Sequence[str]) -> list[Scores]:
        """Embed each of ``texts`` and compare each with the index.

        Each text is embedded alone: the model's int8 activations are scaled over the whole
        batch, so a part embedded beside a longer part would get a slightly different vector,
        and its answer would depend on what else the message said.
        """
        with self._recent_lock:
            known = [self._read_before.get((id(index), text)) for text in texts]
        if all(k is not None for k in known):
            return [k for k in known if k is not None]
        read = index.scores_many(np.vstack([self._vector(embed, text) for text in texts]))
        if len(texts) == 1:
            # A whole message is read twice (warning-sign question? then which passage?): with a
            # clinic's hundreds of articles each reading is tens of megabytes.
            with self._recent_lock:
                self._read_before[(id(index), texts[0])] = read[0]
                while len(self._read_before) > RECENT_READINGS:
                    self._read_before.popitem(last=False)
        return read

    def _vector(self, embed: Embed, text: str) -> np.ndarray:
        with self._recent_lock:
            vector = self._recent.get(text)
        if vector is None:
            # Phone shorthand written out ("hw many sesh" -> "how many session"): the sentence
            # model reads edited English best.
            vector = embed([spelled_out(text)])
            with self._recent_lock:
                self._recent[text] = vector
                if len(self._recent) > RECENT_VECTORS:
                    self._recent.popitem(last=False)
        return vector

    def wait_until_settled(self, timeout: float) -> bool:
        """Block until the index is ready or given up (tests and the CLI); False on timeout."""
        return self._settled.wait(timeout)

    def find(self, message: str) -> Finding:
        index, embed = self.index, self.embed
        if index is None or embed is None:
            return self.fallback.find(message)
        pieces = parts_of(message)
        parts = [p for p in pieces if self._worth_trying(p, message)][:MAX_PARTS]
        read_whole = self._read(index, embed, [message])[0]
        whole = self._judge(index, embed, message, read_whole, ANSWER_LIMIT)
        asking = [p for p in parts if asks(p, message)]
        vague = [p for p in pieces if p not in parts and asks(p, message)]
        share = ANSWER_LIMIT // MAX_ANSWERS
        if (
            whole is None
            and all(
                leans_on_story(p) or continues_question(p) or self.ranker.declines_outright(p)
                for p in asking
            )
            and self.ranker.declines_outright(message)
        ):
            # "I'm getting a tattoo next week, is that ok after needling?": the question's topic
            # is the story's, which the articles do not cover; its own words would answer
            # something else. With no question at all, the story's words answer nothing.
            return Finding()
        if whole is not None and len(asking) == 1 and vague:
            # "I'm scared of needles, should I still do it? And how long is the appointment?":
            # the vague question leans on the story, which the whole message answers; the
            # other is answered alone. Each gets its share of the reply's length.
            story = self._judge(index, embed, message, read_whole, share)
            alone = self._judge(
                index, embed, asking[0], self._read(index, embed, asking)[0], share
            )
            return _combine(None, [_Part(message, True, story), _Part(asking[0], True, alone)])
        if len(parts) < 2 or (whole is not None and len(asking) < 2):
            # One question (in a story or not): the parts could not change the answer.
            return Finding((whole,) if whole else ())
        # When some parts ask, only they are answered (the story around them is not): the
        # others need no reading at all, and the model is what a message costs.
        tried = asking or parts
        read = self._read(index, embed, tried)
        # "i'm 12 weeks pregnant, is needling still ok? and how long does the soreness last?":
        # the question that leans on an uncovered story is not covered either.
        uncovered_story = self.ranker.declines_outright(message)
        judged = [
            _Part(
                part,
                part in asking,
                None
                if uncovered_story and leans_on_story(part)
                else self._judge(index, embed, part, scores, share),
            )
            for part, scores in zip(tried, read, strict=True)
        ]
        if uncovered_story:
            # Too short to be tried alone ("is needling still ok?"), yet asked of the story.
            judged += [_Part(part, True, None) for part in vague if leans_on_story(part)]
        return _combine(whole, judged)

    def _worth_trying(self, part: str, message: str) -> bool:
        """A part says enough to be tried alone: a question may be short ("is it painful"),
        a statement must carry a topic ("ok so" does not)."""
        needed = MIN_QUESTION_WEIGHT if asks(part, message) else MIN_PART_WEIGHT
        return self.ranker.substance(part) >= needed

    def _spelled(self, text: str) -> str | None:
        """The text with words the articles almost use corrected ("acupunture"), or None."""
        speller = self._speller
        if speller is None:
            return None
        words = fold(text).split()
        fixed = [
            (_g_restored(speller, w) or speller.correct(w) or w)
            if len(w) > 4 and w.isalpha() and w not in STOPWORDS and not speller.knows(w)
            else w
            for w in words
        ]
        return None if fixed == words else " ".join(fixed)

    def _judge(
        self, index: SemanticIndex, embed: Embed, text: str, scores: Scores, limit: int
    ) -> Found | None:
        """The answer to ``text`` (whose comparisons with the index are ``scores``), or None."""
        if self.ranker.declines_outright(text):
            return None
        lexical = self.ranker.search(text, limit=10)
        words = len(fold(text).split())

        def probability_of(read: Scores) -> float:
            return self.decision.probability(candidate(index, read, lexical, words).features)

        probability = probability_of(scores)
        if probability < self.decision.threshold:
            # Read it again with its typos corrected ("acupunture"): only when it would decline.
            fixed = self._spelled(text)
            if fixed is not None:
                again = self._read(index, embed, [fixed])[0]
                probability, scores = max(
                    (probability, scores), (probability_of(again), again), key=_first
                )
        if probability < self.decision.threshold:
            return None
        candidates = rerank_candidates(index, scores, lexical)
        chosen = self.decision.pick(candidates)
        other = _nearly_as_close(index, scores, candidates, chosen)
        how_long = asks_duration(text)
        if other is None:
            return Found(index.passages[chosen], quote(index, scores, chosen, limit, how_long))
        half = limit // 2
        return Found(
            index.passages[chosen],
            quote(index, scores, chosen, half, how_long),
            Found(index.passages[other], quote(index, scores, other, half, how_long)),
        )


def _g_restored(speller: Speller, word: str) -> str | None:
    """A word typed without its final g ("twitchin", "stretchin") as the articles have it: the
    -ing form, or its stem ("twitch") when only that is theirs."""
    if not word.endswith("in") or len(word) < 6:
        return None
    for spelled in (word + "g", word[:-2], word[:-2] + "e"):
        if speller.knows(spelled):
            return spelled
    return None


def _first(pair: tuple[float, Scores]) -> float:
    return pair[0]


def _nearly_as_close(
    index: SemanticIndex,
    scores: Scores,
    candidates: Sequence[tuple[int, tuple[float, ...]]],
    chosen: int,
) -> int | None:
    """The closest passage of another section, if it is within ``ALSO_MARGIN`` of the chosen."""
    target = index.passages[chosen]
    combined = scores.combined
    for i, _ in sorted(candidates, key=lambda c: -float(combined[c[0]])):
        passage = index.passages[i]
        if (passage.article_slug, passage.section) == (target.article_slug, target.section):
            continue
        if float(combined[i]) >= float(combined[chosen]) - ALSO_MARGIN:
            return i
        return None
    return None


def _combine(whole: Found | None, parts: Sequence[_Part]) -> Finding:
    """One finding for a message from its whole and its parts (see the module docstring)."""
    asked = [p for p in parts if p.asking]
    relevant = asked or list(parts)
    answers: list[Found] = []
    joined = False
    for part in relevant:
        if part.found is None:
            continue
        same = next((k for k, a in enumerate(answers) if _same_section(a, part.found)), None)
        if same is None:
            answers.append(part.found)
        else:
            # Two questions one section answers ("is it painful, and how long does it take?"):
            # one answer, quoting what answers each.
            before = answers[same]
            answers[same] = _joined(before, part.found)
            joined = joined or answers[same] is not before
    unanswered = any(p.asking and p.found is None for p in parts)
    if whole is not None and len(answers) < 2 and not unanswered:
        if joined and _same_section(whole, answers[0]):
            return Finding((answers[0],))
        return Finding((whole,))
    if answers:
        return Finding(tuple(answers[:MAX_ANSWERS]), declined_part=unanswered)
    if whole is not None:
        return Finding((whole,))
    return Finding()


def _same_section(a: Found, b: Found) -> bool:
    return (a.passage.article_slug, a.passage.section) == (
        b.passage.article_slug,
        b.passage.section,
    )


def _joined(first: Found, second: Found) -> Found:
    """``first`` quoting also the sentences of ``second`` it does not quote yet.

    Quotes are compared line by line and sentence by sentence, so a list item or a list's
    introduction both parts quote is sent once ("is it painful, and how long does it take?"
    both land on "Here's what you can expect: …")."""
    have = {s for line in first.text.split("\n") for s in _sentences(line)}
    added: list[str] = []
    for line in second.text.split("\n"):
        new = [s for s in _sentences(line) if s not in have]
        if new:
            have.update(new)
            added.append(("• " if line.startswith("• ") else "") + " ".join(new))
    if not added:
        return first
    listed = "\n" in first.text or any(a.startswith("• ") for a in added)
    text = _fit(("\n" if listed else " ").join([first.text, *added]), ANSWER_LIMIT)
    return Found(first.passage, text, first.also or second.also)


def _sentences(line: str) -> list[str]:
    return [s for s in SENTENCE_BREAK.split(line.removeprefix("• ")) if s]


def quote(
    index: SemanticIndex,
    scores: Scores,
    chosen: int,
    limit: int = ANSWER_LIMIT,
    how_long: bool = False,
) -> str:
    """The sentences to send, the closest to the question first.

    The chosen passage decides the section (and so the citation); the sentences come from that
    section's paragraphs by closeness to the question, the chosen passage's own a little
    preferred. "How long does the relief last?" may land on the paragraph that introduces relief
    duration, while the sentence giving the duration ("a few days ... to several weeks") sits two
    paragraphs down: that sentence is the answer, so it leads. When the question asks for a
    length of time (``how_long``), the sentences that state one come first (``duration``).
    """
    passage = index.passages[chosen]
    items = _list_items(index, chosen)
    if items:
        return _list_quote(index, scores, chosen, items, limit, how_long)
    picked = _best_sentences(index, scores, chosen, how_long)
    text = ""
    for sentence in picked:
        longer = f"{text} {sentence}".strip()
        if len(longer) > limit and text:
            break
        text = longer
    return _fit(text or passage.text, limit)


def _list_items(index: SemanticIndex, chosen: int) -> list[int]:
    """The items of the list ``chosen`` belongs to: ``chosen`` is one of them, or the paragraph
    that introduces them ("… a twitch response that helps:"). Empty for other passages."""
    passage = index.passages[chosen]
    return index.list_items(passage.article_slug, passage.lead or passage.text)


def _list_quote(
    index: SemanticIndex,
    scores: Scores,
    chosen: int,
    items: Sequence[int],
    limit: int,
    how_long: bool,
) -> str:
    """The introduction of a list, then its items closest to the question (the chosen item
    first): the introduction alone ("… that helps:") answers nothing, and the list's items are
    where one item or its neighbour answers."""
    combined = scores.combined
    ranked = sorted(
        items,
        key=lambda i: (
            not (how_long and states_duration(index.passages[i].text)),
            i != chosen,
            -float(combined[i]),
        ),
    )
    introduction = index.passages[ranked[0]].lead
    # The whole introduction when it was chosen ("A session lasts 15 to 30 minutes … Here's what
    # you can expect:"), else only its sentence that leads into the items.
    lead = introduction if chosen not in items else SENTENCE_BREAK.split(introduction)[-1]
    text = lead
    for i in ranked[:MAX_LIST_ITEMS]:
        longer = f"{text}\n• {index.passages[i].text}"
        if len(longer) > limit and text != lead:
            break
        text = longer
    return _fit(text, limit)


def _best_sentences(
    index: SemanticIndex, scores: Scores, chosen: int, how_long: bool
) -> list[str]:
    """Up to ``MAX_SENTENCES`` of the section: the closest first (a sentence giving a length of
    time before any other when the question asks how long), the rest in reading order."""
    target = index.passages[chosen]
    closeness: dict[int, float] = {}
    for k in index.section_sentences(chosen):
        bonus = OWN_PASSAGE_BONUS if int(index.sentence_of[k]) == chosen else 0.0
        closeness[k] = float(scores.per_sentence[k]) + bonus
    if not closeness:
        return [target.text]
    ranked = sorted(
        closeness,
        key=lambda k: (
            not (how_long and states_duration(index.sentence_texts[k])),
            -closeness[k],
        ),
    )[:MAX_SENTENCES]
    best, rest = ranked[0], sorted(ranked[1:])
    return [index.sentence_texts[k] for k in (best, *rest)]


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
