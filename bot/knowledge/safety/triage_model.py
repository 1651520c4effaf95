"""A learned second opinion for red-flag triage: a linear classifier over hashed text features.

The hand-built rules in :mod:`bot.knowledge.safety` miss wordings they never saw; every fresh set
of patient messages showed new ones. This model reads the same message through features that
survive such wordings: word stems and stem pairs (``bot.knowledge.text`` normalisation), character
3-5-grams inside words ("cant brief", "bleedin" share most of their grams with the real words),
and markers for words under a negation and for questions. Features are hashed into a fixed-size
space, so the model is a bias and a weight vector per class (the red flags plus ``none``).

Small on purpose: a clinic may run the bot on a small server, so inference is one sorted search
of a few hundred hashed features among the weights' buckets, a sum of their rows and a softmax.
Training (multinomial logistic regression by SGD with L2, ``bench/triage_training.py``) is not
part of the bot. Nothing here reads files: the caller
parses the model's JSON and passes it in (:meth:`TriageModel.from_json`).

The decision rule that combines it with the rules (``urgent_at``, ``veto_below``) travels in the
model file, because it was chosen by cross-validation together with the weights; see
``bench/train_triage.py`` for how, and :func:`bot.knowledge.safety.triage` for how it is applied.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from bot.knowledge.text import fold, stem

NONE = "none"
FORMAT = 1
DEFAULT_DIM = 1 << 18

_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|\b(?:but|though|although)\b", re.IGNORECASE)
_NEGATION_TEXT = """
no not never dont didnt doesnt cant cannot couldnt wont wasnt isnt arent havent hasnt hadnt
without nothing none nor neither nope
"""
_NEGATIONS = frozenset(_NEGATION_TEXT.split())
_QUESTION_TEXT = """
is are am can could should shall do does did will would what how when why where which who
whats hows any anyone has have
"""
_QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
_NEGATION_SCOPE = 3


def feature_names(text: str) -> set[str]:
    """The named features of a message, before hashing (readable, for tests and debugging)."""
    names: set[str] = set()
    if "?" in text:
        names.add("?")
    for raw in _CLAUSE_BREAK.split(text.casefold()):
        tokens = fold(raw).split()
        if not tokens:
            continue
        stems = [stem(token) for token in tokens]
        question = tokens[0] in _QUESTION_WORDS
        if question:
            names.add("q:" + tokens[0])
        negated_until = -1
        for i, (token, word) in enumerate(zip(tokens, stems, strict=True)):
            names.add("w:" + word)
            if i:
                names.add(f"b:{stems[i - 1]} {word}")
            if i <= negated_until:
                names.add("n:" + word)
            if question:
                names.add("qw:" + word)
            if token in _NEGATIONS:
                negated_until = i + _NEGATION_SCOPE
            names.update(_character_grams(token))
    return names


@lru_cache(maxsize=8192)
def _character_grams(token: str) -> tuple[str, ...]:
    """The token's 3- to 5-character pieces, marked at both ends: the features that carry
    misspellings ("breathin", "numbb"). Cached: the same everyday words come back in every
    message, and these loops were a third of the model's time on a long message."""
    padded = f"<{token}>"
    return tuple(
        "c:" + padded[start : start + size]
        for size in (3, 4, 5)
        for start in range(len(padded) - size + 1)
    )


def features(text: str, dim: int = DEFAULT_DIM) -> dict[int, float]:
    """Hashed features, each weighted so that the message's feature vector has length one."""
    buckets = {zlib.crc32(name.encode()) & (dim - 1) for name in feature_names(text)}
    if not buckets:
        return {}
    value = 1.0 / math.sqrt(len(buckets))
    return dict.fromkeys(buckets, value)


class PackedWeights(Mapping[int, tuple[float, ...]]):
    """Bucket -> one weight per class, packed in two flat arrays (sorted buckets, float32
    weights): tens of thousands of buckets take about 1.5 MB, where a dict of tuples of Python
    floats took over 30 MB of the bot's memory."""

    def __init__(self, rows: Mapping[int, Sequence[float]], width: int) -> None:
        self._width = width
        self._buckets = array("q", sorted(rows))
        self._values = array("f")
        for bucket in self._buckets:
            row = rows[bucket]
            if len(row) != width:
                raise ValueError(f"bucket {bucket} has {len(row)} weights for {width} classes")
            self._values.extend(row)

    def row_sum(self, buckets: Sequence[int]) -> list[float]:
        """The sum of the rows of those of ``buckets`` that have weights (one search for all:
        a message has hundreds of features, and a look-up each was most of triage's time)."""
        known = np.frombuffer(self._buckets, dtype=np.int64)
        wanted = np.fromiter(buckets, dtype=np.int64, count=len(buckets))
        at = np.searchsorted(known, wanted)
        inside = at < len(known)
        at = at[inside]
        at = at[known[at] == wanted[inside]]
        rows = np.frombuffer(self._values, dtype=np.float32).reshape(-1, self._width)
        return [float(v) for v in rows[at].astype(np.float64).sum(axis=0)]

    def get(self, bucket: int, default: object = None) -> tuple[float, ...] | None:  # type: ignore[override]
        at = bisect_left(self._buckets, bucket)
        if at == len(self._buckets) or self._buckets[at] != bucket:
            return None
        start = at * self._width
        return tuple(self._values[start : start + self._width])

    def __getitem__(self, bucket: int) -> tuple[float, ...]:
        row = self.get(bucket)
        if row is None:
            raise KeyError(bucket)
        return row

    def __iter__(self) -> Iterator[int]:
        return iter(self._buckets)

    def __len__(self) -> int:
        return len(self._buckets)


@dataclass(frozen=True)
class Opinion:
    """What the model thinks of one message."""

    p_flag: float  # probability that the message is any red flag (1 - p(none))
    flag: str  # the most likely red flag, even when p_flag is small


@dataclass(frozen=True)
class TriageModel:
    classes: tuple[str, ...]  # class names; NONE is one of them
    bias: tuple[float, ...]
    weights: Mapping[int, tuple[float, ...]]  # hashed bucket -> one weight per class
    dim: int = DEFAULT_DIM
    # Classifier alone: a message the rules pass is urgent when p_flag reaches this.
    urgent_at: float = 1.0
    # A rules' sign (other than self-harm) stands only when p_flag reaches this; 0 = no veto.
    veto_below: float = 0.0

    def probabilities(self, text: str) -> dict[str, float]:
        scores = list(self.bias)
        hashed = features(text, self.dim)
        if not hashed:
            return dict(zip(self.classes, _softmax(scores), strict=True))
        # Every feature of a message has the same value (the vector has length one).
        value = next(iter(hashed.values()))
        if isinstance(self.weights, PackedWeights):
            sums = self.weights.row_sum(list(hashed))
        else:
            sums = [0.0] * len(scores)
            for bucket in hashed:
                for k, weight in enumerate(self.weights.get(bucket) or ()):
                    sums[k] += weight
        scores = [b + value * total for b, total in zip(scores, sums, strict=True)]
        return dict(zip(self.classes, _softmax(scores), strict=True))

    def opinion(self, text: str) -> Opinion:
        probabilities = self.probabilities(text)
        flags = {name: p for name, p in probabilities.items() if name != NONE}
        best = max(flags, key=lambda name: (flags[name], name))
        return Opinion(1.0 - probabilities[NONE], best)

    def with_rule(self, *, urgent_at: float, veto_below: float) -> TriageModel:
        return TriageModel(self.classes, self.bias, self.weights, self.dim, urgent_at, veto_below)

    def to_json(self, digits: int = 3) -> dict[str, Any]:
        """A compact JSON form: weights rounded, buckets whose weights all round to 0 dropped."""
        weights = {}
        for bucket in sorted(self.weights):
            row = [round(w, digits) for w in self.weights[bucket]]
            if any(row):
                weights[str(bucket)] = [0 if w == 0 else w for w in row]
        return {
            "format": FORMAT,
            "dim": self.dim,
            "classes": list(self.classes),
            "bias": [round(b, digits) for b in self.bias],
            "urgent_at": self.urgent_at,
            "veto_below": self.veto_below,
            "weights": weights,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TriageModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown triage model format {data.get('format')!r}")
        classes = tuple(str(c) for c in data["classes"])
        if NONE not in classes:
            raise ValueError("a triage model needs a 'none' class")
        width = len(classes)
        weights = PackedWeights({int(b): row for b, row in data["weights"].items()}, width)
        bias = tuple(float(b) for b in data["bias"])
        if len(bias) != width:
            raise ValueError("one bias per class")
        return cls(
            classes,
            bias,
            weights,
            int(data["dim"]),
            float(data["urgent_at"]),
            float(data["veto_below"]),
        )


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]
