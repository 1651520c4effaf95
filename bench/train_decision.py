"""Fit the answer-or-decline decision (data/answer_decision.json) on the development sets.

Run from the repository root: ``python bench/train_decision.py`` (``--write`` saves the model).

Training data: covered and uncovered questions of the dev set and the older blind sets (blind,
blind2, blind3, blind4, blind5), which earlier work already tuned on. The newer blind sets
(bench/devset/blind6, blind7) are never read here. A question that is itself one of the example
questions is compared without that example, so the fit sees the examples as a new question would.

Prints, with five-fold cross-validation: how often the meaning-based choice picks the right
section, how often covered questions are answered and uncovered ones declined at the chosen
threshold, and the alternatives of the passage-score bonuses.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge.decision import FEATURES, Decision, candidate  # noqa: E402
from bot.knowledge.encoder import Encoder  # noqa: E402
from bot.knowledge.loader import lexical_ranker_from_files, passages_from_files  # noqa: E402
from bot.knowledge.semantic import SemanticIndex  # noqa: E402
from bot.knowledge.text import fold  # noqa: E402
from bot.settings import Settings  # noqa: E402

DEVSET = ROOT / "bench" / "devset"
SETS = ("", "blind_", "blind2_", "blind3_", "blind4_", "blind5_")
OUT = ROOT / "data" / "answer_decision.json"


def rows(name: str) -> list[dict[str, Any]]:
    path = DEVSET / f"{name}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50
) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method with a small L2 penalty (bias not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.eye(xb.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = xb.T @ (xb * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w[:-1], float(w[-1])


def main() -> None:
    settings = Settings()
    ranker = lexical_ranker_from_files(settings)
    passages = passages_from_files(settings)
    encoder = Encoder.load()
    index = SemanticIndex.build(passages, encoder.embed)
    examples = {p.id: set(p.examples) for p in passages}
    del examples

    data: list[tuple[str, int, set[tuple[str, str]]]] = []
    for prefix in SETS:
        for row in rows(f"{prefix}answerable"):
            wanted = {(row["article"], row["section"])}
            wanted |= {(a["article"], a["section"]) for a in row.get("also", ())}
            data.append((row["q"], 1, wanted))
        for row in rows(f"{prefix}uncovered"):
            data.append((row["q"], 0, set()))
    questions = [q for q, _, _ in data]
    vectors = encoder.embed(questions)

    features, labels, right = [], [], []
    ruled = {0: 0, 1: 0}
    for (question, label, wanted), vector in zip(data, vectors, strict=True):
        if ranker.declines_outright(question):
            ruled[label] += 1
            continue
        scores = index.scores(vector, skip_example=question)
        found = candidate(
            index, scores, ranker.search(question, limit=3), len(fold(question).split())
        )
        chosen = index.passages[found.index]
        features.append(found.features)
        labels.append(label)
        right.append((chosen.article_slug, chosen.section) in wanted)
    x, y, ok = np.array(features), np.array(labels, dtype=float), np.array(right)
    covered = y == 1
    print(
        f"{len(data)} questions; declined outright by the topic and activity rules:"
        f" {ruled[0]} uncovered, {ruled[1]} covered"
    )
    print(f"meaning picks the right section for {ok[covered].mean():.1%} of covered questions")

    folds = list(range(len(y)))
    random.Random(7).shuffle(folds)
    probability = np.zeros(len(y))
    for k in range(5):
        test = np.array([i for n, i in enumerate(folds) if n % 5 == k])
        train = np.array([i for n, i in enumerate(folds) if n % 5 != k])
        w, b = fit(x[train], y[train])
        probability[test] = 1.0 / (1.0 + np.exp(-(x[test] @ w + b)))
    print("cross-validated, by threshold (covered answered right / uncovered declined):")
    best_threshold, best_value = 0.5, -1.0
    for threshold in np.arange(0.3, 0.96, 0.05):
        answered = probability >= threshold
        right_rate = (answered & ok)[covered].mean()
        declined = (~answered)[~covered].mean()
        value = min(right_rate, declined)
        marker = ""
        if value > best_value:
            best_threshold, best_value, marker = float(threshold), value, "  <-"
        print(f"  {threshold:.2f}: {right_rate:.1%} / {declined:.1%}{marker}")
    w, b = fit(x, y)
    decision = Decision(tuple(float(v) for v in w), b, round(best_threshold, 2))
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  weight {name:>20}: {weight:+.3f}")
    print(f"  bias {b:+.3f}; threshold {decision.threshold}")
    if "--write" in sys.argv:
        OUT.write_text(decision.to_json() + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
