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
)


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
        math.log1p(word_count),
    )
    return Candidate(best, features)


@dataclass(frozen=True)
class Decision:
    """``p(covered) = sigmoid(w · features + bias)``; answer when it reaches ``threshold``."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
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
            decision = cls(weights, float(data["bias"]), float(data["threshold"]))
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, DecisionFileError):
                raise
            raise DecisionFileError(f"it is not a decision model ({error})") from None
        if len(decision.weights) != len(FEATURES) or not 0.0 < decision.threshold < 1.0:
            raise DecisionFileError("its weights or threshold are out of shape")
        return decision

    @classmethod
    def load(cls, path: Path) -> Decision:
        return cls.from_json(path.read_text(encoding="utf-8"))
