"""Training for the learned triage second opinion (``bot.knowledge.safety.triage_model``).

The bot only reads a trained model; this is how ``bench/train_triage.py`` makes one, kept out of
the runtime package. Pure Python, like inference: no numerical libraries to install.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.knowledge.safety.triage_model import (
    DEFAULT_DIM,
    NONE,
    TriageModel,
    features,
)
from bot.knowledge.safety.triage_model import _softmax as softmax  # the same as inference


def train(
    examples: Sequence[tuple[str, str]],
    *,
    classes: Sequence[str],
    epochs: int = 15,
    l2: float = 1e-4,
    rate: float = 0.5,
    seed: int = 0,
    dim: int = DEFAULT_DIM,
) -> TriageModel:
    """Multinomial logistic regression by SGD with L2; deterministic for a given seed.

    ``examples`` are (message, class) pairs. L2 is applied lazily through a shared scale
    (w = scale * v), so a step costs only the message's own features.
    """
    names = tuple(classes)
    if NONE not in names:
        raise ValueError("classes must include 'none'")
    index = {name: k for k, name in enumerate(names)}
    width = len(names)
    data = [(features(text, dim), index[label]) for text, label in examples]
    order = list(range(len(data)))
    rng = random.Random(seed)
    v: dict[int, list[float]] = {}
    bias = [0.0] * width
    scale = 1.0
    step = 0
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            x, y = data[i]
            lr = rate / (1.0 + rate * l2 * step)
            step += 1
            scores = list(bias)
            rows = []
            for bucket, value in x.items():
                row = v.get(bucket)
                if row is None:
                    row = v[bucket] = [0.0] * width
                rows.append((row, value))
                for k in range(width):
                    scores[k] += scale * row[k] * value
            probabilities = softmax(scores)
            scale *= 1.0 - lr * l2
            for k in range(width):
                gradient = probabilities[k] - (1.0 if k == y else 0.0)
                if abs(gradient) < 1e-6:
                    continue
                bias[k] -= lr * gradient
                delta = lr * gradient / scale
                for row, value in rows:
                    row[k] -= delta * value
            if scale < 1e-6:
                for row in v.values():
                    for k in range(width):
                        row[k] *= scale
                scale = 1.0
    weights = {bucket: tuple(w * scale for w in row) for bucket, row in v.items()}
    return TriageModel(names, tuple(bias), weights, dim)
