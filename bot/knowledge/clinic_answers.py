"""Matching a question against one clinic's own approved answers.

A clinic answer is treated like a passage with example questions: the question it was first
given for, plus any examples staff add. With the semantic matcher ready, each clinic's answers
get a :class:`~bot.knowledge.semantic.SemanticIndex` built with the same encoder as the
articles (cached by content, so it is rebuilt only when the clinic's answers change) and a
question is answered when it is close in meaning to an answer the way the articles measure
closeness (its text, its sentences, and above all its example questions). Without the model
(tests, ``AFTERCARE_EMBEDDINGS=off``) the content words of the question must largely match an
example's. The articles' index stays shared and untouched; this one is per clinic, and the
caller only ever hands in the answers of the asking patient's own clinic.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.knowledge.articles import Passage
from bot.knowledge.semantic import Embed, SemanticIndex
from bot.knowledge.text import STOPWORDS, fold, spelled_out

# The articles' closeness (``Scores.combined``: the best of answer text, sentence and example,
# plus the text and sentence bonuses) above which a clinic answer is given. Chosen with
# ``bench/clinic_answers.py`` on hand-written clinic questions: at 0.85 about a third of
# paraphrases are found and none of the articles' example questions is taken for a clinic
# answer (at 0.8: half found, 1 in 250 taken). Declining is the safe side: the patient then
# gets the "Ask my clinic" button again.
SEMANTIC_THRESHOLD = 0.85
# Without the model: the share of the content words (of the shorter side) both must share.
LEXICAL_THRESHOLD = 0.6
# Indexes kept in memory (one per clinic whose answers were asked about recently).
_CACHE_SIZE = 64
# Vectors of answer and example texts kept in memory, so approving one more answer embeds only
# its own texts, not the clinic's whole set again (with the event loop waiting).
_VECTOR_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class ClinicAnswer:
    id: int
    answer: str
    examples: tuple[str, ...]


def _content(text: str) -> set[str]:
    words = {w for w in fold(text).split() if w.isalnum() and w not in STOPWORDS}
    # A crude stem: "needles"/"needling"/"needled" meet at "needl".
    return {w[:5] if len(w) > 5 else w for w in words}


@dataclass(frozen=True)
class ClinicAnswerIndex:
    answers: tuple[ClinicAnswer, ...]
    semantic: SemanticIndex | None

    @classmethod
    def build(cls, answers: Sequence[ClinicAnswer], embed: Embed | None) -> ClinicAnswerIndex:
        semantic = None
        if embed is not None and answers:
            passages = [
                Passage(
                    id=f"clinic-answer-{a.id}",
                    article_slug="clinic-answers",
                    article_title="",
                    section=str(a.id),
                    text=a.answer,
                    examples=a.examples,
                )
                for a in answers
            ]
            semantic = SemanticIndex.build(passages, embed)
        return cls(tuple(answers), semantic)

    def find(self, question: str, embed: Embed | None) -> ClinicAnswer | None:
        if not self.answers:
            return None
        if self.semantic is not None and embed is not None:
            vector = embed([spelled_out(question)])[0]
            combined = self.semantic.scores(vector).combined
            best = int(np.argmax(combined))
            return self.answers[best] if float(combined[best]) >= SEMANTIC_THRESHOLD else None
        asked = _content(question)
        if not asked:
            return None
        best_share, chosen = 0.0, None
        for answer in self.answers:
            for asked_as in answer.examples:
                words = _content(asked_as)
                if not words:
                    continue
                share = len(asked & words) / min(len(asked), len(words))
                if share > best_share:
                    best_share, chosen = share, answer
        return chosen if best_share >= LEXICAL_THRESHOLD else None


_lock = threading.Lock()
_indexes: OrderedDict[str, ClinicAnswerIndex] = OrderedDict()


def index_for(answers: Sequence[ClinicAnswer], embed: Embed | None) -> ClinicAnswerIndex:
    """The index of these answers, built once per content (and per kind of matching)."""
    digest = hashlib.sha256(b"semantic" if embed is not None else b"lexical")
    for answer in answers:
        digest.update(f"\0{answer.id}\0{answer.answer}".encode())
        for example in answer.examples:
            digest.update(f"\1{example}".encode())
    key = digest.hexdigest()
    with _lock:
        index = _indexes.get(key)
        if index is not None:
            _indexes.move_to_end(key)
            return index
    index = ClinicAnswerIndex.build(answers, _remembering(embed) if embed is not None else None)
    with _lock:
        _indexes[key] = index
        while len(_indexes) > _CACHE_SIZE:
            _indexes.popitem(last=False)
    return index


_vectors: OrderedDict[str, np.ndarray] = OrderedDict()


def _remembering(embed: Embed) -> Embed:
    """``embed`` that reuses the vectors of texts it has seen (bounded, least recent out)."""

    def cached(texts: Sequence[str]) -> np.ndarray:
        with _lock:
            missing = list(dict.fromkeys(t for t in texts if t not in _vectors))
        if missing:
            fresh = embed(missing)
            with _lock:
                for text, vector in zip(missing, fresh, strict=True):
                    _vectors[text] = vector
                while len(_vectors) > _VECTOR_CACHE_SIZE:
                    _vectors.popitem(last=False)
        with _lock:
            rows = [_vectors.get(t) for t in texts]
        if any(row is None for row in rows):  # evicted meanwhile: embed them all at once
            return embed(list(texts))
        if not rows:
            return embed([])
        return np.stack([r for r in rows if r is not None])

    return cached
