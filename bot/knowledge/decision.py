"""Answer or decline: one calibrated decision from the semantic and lexical signals.

No similarity threshold alone separates covered from uncovered questions: "can I have a sauna
after" is as close to the aftercare paragraph as "can I stretch after" is. Each signal sees
something the others miss — how close the best passage is in meaning, how far ahead of the next
one it is, whether the question is a near-paraphrase of an example question, and whether the
articles contain the question's own topic words (the lexical ranker's coverage) and agree on the
section. A small logistic model weighs them. It is fitted by ``bench/train_decision.py`` on the
development sets only and ships as ``data/answer_decision.json``; the same features are computed
here for the bot and there for the fit, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.knowledge.retrieval import Match
from bot.knowledge.semantic import Scores, SemanticIndex

FEATURES = (
    "best",
    "margin",
    "example",
    "text",
    "sentence",
    "lexical_confidence",
    "lexical_agrees",
    "words",
    "not_covered",
)


# Which passage of the closest few to quote: meaning and the lexical ranker's view of each.
RERANK_FEATURES = (
    "combined",
    "behind_best",
    "text",
    "example",
    "sentence",
    "lexical_score",
    "lexical_confidence",
    "lexical_rank",
    "semantic_first",
)
RERANK_CANDIDATES = 6
# The longest message the decision was fitted on has under this many words, and the model reads
# no more tokens than this: beyond it the count is held, or a long enough string of nonsense
# ("ahh ahh ahh ..." 600 times) would be answered on its length alone.
WORDS_SEEN = 128
_LEXICAL_LOOKED_AT = 10


class DecisionFileError(ValueError):
    """The decision model file cannot be used; the message says why."""


@dataclass(frozen=True)
class Candidate:
    """The passage the meaning points to, with the signals that speak for or against it."""

    index: int
    features: tuple[float, ...]


def candidate(
    index: SemanticIndex, scores: Scores, lexical: Sequence[Match], word_count: int
) -> Candidate:
    combined = scores.combined
    order = np.argsort(-combined)
    best = int(order[0])
    second = float(combined[order[1]]) if len(order) > 1 else 0.0
    top = lexical[0] if lexical else None
    agrees = top is not None and (
        top.passage.article_slug,
        top.passage.section,
    ) == (index.passages[best].article_slug, index.passages[best].section)
    features = (
        float(combined[best]),
        float(combined[best]) - second,
        float(scores.example[best]),
        float(scores.text[best]),
        float(scores.sentence[best]),
        min(top.confidence, 1.5) if top is not None else 0.0,
        1.0 if agrees else 0.0,
        math.log1p(min(word_count, WORDS_SEEN)),
        scores.not_covered,
    )
    return Candidate(best, features)


def rerank_candidates(
    index: SemanticIndex, scores: Scores, lexical: Sequence[Match]
) -> list[tuple[int, tuple[float, ...]]]:
    """The closest passages in meaning, each with what speaks for it (``RERANK_FEATURES``).

    ``lexical`` is the lexical ranker's list for the same text (``_LEXICAL_LOOKED_AT`` long);
    a section it ranks gives its best score, confidence and rank to each passage of that section.
    """
    combined = scores.combined
    order = [int(i) for i in np.argsort(-combined)[:RERANK_CANDIDATES]]
    by_section: dict[tuple[str, str], tuple[int, float, float]] = {}
    for rank, match in enumerate(lexical[:_LEXICAL_LOOKED_AT]):
        key = (match.passage.article_slug, match.passage.section)
        by_section.setdefault(key, (rank, match.score, match.confidence))
    found: list[tuple[int, tuple[float, ...]]] = []
    for position, i in enumerate(order):
        passage = index.passages[i]
        rank, score, confidence = by_section.get(
            (passage.article_slug, passage.section), (_LEXICAL_LOOKED_AT, 0.0, 0.0)
        )
        features = (
            float(combined[i]),
            float(combined[i] - combined[order[0]]),
            float(scores.text[i]),
            float(scores.example[i]),
            float(scores.sentence[i]),
            float(score),
            min(float(confidence), 1.5),
            1.0 / (1 + rank),
            1.0 if position == 0 else 0.0,
        )
        found.append((i, features))
    return found


def _linear(weights: Sequence[float], bias: float, features: Sequence[float]) -> float:
    return bias + sum(w * x for w, x in zip(weights, features, strict=True))


@dataclass(frozen=True)
class Decision:
    """``p(covered) = sigmoid(w · features + bias)``; answer when it reaches ``threshold``.

    The passage quoted is the candidate the re-ranker scores highest (a linear score over
    ``RERANK_FEATURES``); without re-ranker weights it is the closest passage in meaning.
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float
    rerank_weights: tuple[float, ...] = ()
    rerank_bias: float = 0.0

    def pick(self, candidates: Sequence[tuple[int, tuple[float, ...]]]) -> int:
        if not self.rerank_weights:
            return candidates[0][0]
        best = max(candidates, key=lambda c: _linear(self.rerank_weights, self.rerank_bias, c[1]))
        return best[0]

    def probability(self, features: Sequence[float]) -> float:
        z = _linear(self.weights, self.bias, features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def answers(self, features: Sequence[float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6),
                "threshold": round(self.threshold, 4),
                "rerank": {
                    "features": list(RERANK_FEATURES),
                    "weights": [round(w, 6) for w in self.rerank_weights],
                    "bias": round(self.rerank_bias, 6),
                },
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Decision:
        try:
            data = json.loads(text)
            if tuple(data["features"]) != FEATURES:
                raise DecisionFileError("its features are not the ones this version computes")
            weights = tuple(float(w) for w in data["weights"])
            rerank = data.get("rerank") or {"features": list(RERANK_FEATURES), "weights": []}
            if tuple(rerank["features"]) != RERANK_FEATURES:
                raise DecisionFileError("its re-ranker features are not the ones computed here")
            decision = cls(
                weights,
                float(data["bias"]),
                float(data["threshold"]),
                tuple(float(w) for w in rerank["weights"]),
                float(rerank.get("bias", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, DecisionFileError):
                raise
            raise DecisionFileError(f"it is not a decision model ({error})") from None
        if (
            len(decision.weights) != len(FEATURES)
            or len(decision.rerank_weights) not in (0, len(RERANK_FEATURES))
            or not 0.0 < decision.threshold < 1.0
        ):
            raise DecisionFileError("its weights or threshold are out of shape")
        return decision

    @classmethod
    def load(cls, path: Path) -> Decision:
        return cls.from_json(path.read_text(encoding="utf-8"))
