"""Hand-written code against the well-kept library that could replace it: outputs, speed, memory.

Run from the repository root: ``python bench/library_choices.py``. ``--quality`` also measures
answer quality with each stemmer (slow: one process per stemmer, each loading the answer model).
rapidfuzz and markdown-it-py are the bot's own dependencies now; the two stemmers are
development dependencies only. The hand-written code a library replaced is kept, unchanged, in
``bench/replaced.py``.

Each comparison runs on the project's own text: the articles and their example questions in
data/, and the questions of the dev sets in bench/devset (the old sets and blind6, blind8,
blind9; never blind7, the final held-out set). What was decided from the figures, and why, is
in bench/RESULTS.md ("Own code or a library") and in the docstring of each module concerned.

* **Stemmer** (``bot.knowledge.text.stem``) against Snowball English (Porter2), both the pure
  Python ``snowballstemmer`` and the C ``PyStemmer``, and Snowball behind the hand-written table
  of irregular forms. Stems are internal, so what matters is which words each one puts together
  and, above all, the answers: ``--quality`` scores both matchers on every set with each stemmer
  in the lexical ranker and the triage model's features.
* **Edit distance**: the hand-written optimal string alignment with a cut-off against
  ``rapidfuzz.distance.OSA`` (what ``bot.knowledge.text.Speller`` uses now) on every call the
  three spellers make while reading the questions, and the spellers' corrections end to end.
* **Article parsing**: the hand-written line parser against ``markdown-it-py`` (CommonMark, what
  ``bot.knowledge.articles`` uses now): passages of the shipped articles, then Markdown a clinic
  may write.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import replaced  # noqa: E402

from bot.knowledge import articles, text  # noqa: E402
from bot.knowledge.loader import passages_from_files  # noqa: E402
from bot.settings import Settings  # noqa: E402

DEVSET = ROOT / "bench" / "devset"
# The message sets read here; blind7 is the final held-out set and is never read.
MESSAGE_SETS = ("blind6", "blind8", "blind9")
SETTINGS = Settings()


def questions() -> list[str]:
    """Every question of the dev sets (blind7 excluded) and every example question in data/."""
    found: list[str] = []
    for path in sorted(DEVSET.glob("*.jsonl")):
        found.extend(json.loads(line)["q"] for line in path.read_text().splitlines() if line)
    for name in MESSAGE_SETS:
        for path in sorted((DEVSET / name).glob("*.jsonl")):
            found.extend(json.loads(line)["q"] for line in path.read_text().splitlines() if line)
    for passage in passages_from_files(SETTINGS):
        found.extend(passage.examples)
    return found


def corpus_words() -> list[str]:
    """The words of the articles and of every question, folded as the ranker folds them."""
    words = [w for p in passages_from_files(SETTINGS) for w in text.fold(p.text).split()]
    return words + [w for q in questions() for w in text.fold(q).split()]


def per_call_us(
    function: Callable[[Any], object], inputs: Sequence[Any], rounds: int = 5
) -> float:
    """The best of `rounds` passes over `inputs`, in microseconds per call."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in inputs:
            function(item)
        best = min(best, time.perf_counter() - start)
    return best / len(inputs) * 1e6


def import_cost(module: str) -> str:
    """What importing a module adds to a fresh interpreter: RSS in MB and time in ms."""
    code = (
        "import time\n"
        "def rss():\n"
        "    line = [l for l in open('/proc/self/status') if l.startswith('VmRSS')][0]\n"
        "    return int(line.split()[1])\n"
        "before = rss(); start = time.perf_counter()\n"
        f"import {module}\n"
        "print(rss() - before, (time.perf_counter() - start) * 1000)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return f"import {module}: +{int(out[0]) / 1024:.1f} MB RSS, {float(out[1]):.0f} ms"


# -- Stemmer -------------------------------------------------------------------------------------


def stemmers() -> dict[str, Callable[[str], str]]:
    import Stemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    fast = Stemmer.Stemmer("english").stemWord
    irregular = text._IRREGULAR

    def snowball_irregular(word: str) -> str:
        return fast(irregular.get(word, word))

    return {
        "hand-written": text.stem,
        "snowballstemmer (pure Python)": EnglishStemmer().stemWord,
        "PyStemmer (C)": fast,
        "PyStemmer + irregular table": snowball_irregular,
    }


def stemmer_figures() -> None:
    print("== Stemmer")
    words = corpus_words()
    vocabulary = sorted(set(words))
    print(f"{len(words)} words, {len(vocabulary)} distinct (articles, examples, dev questions)")
    shipped = text.stem
    groups_of: dict[str, dict[str, set[str]]] = {}
    for name, function in stemmers().items():
        groups: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            groups[function(word)].add(word)
        groups_of[name] = groups
        same = sum(function(w) == shipped(w) for w in vocabulary)
        # Every word as the ranker meets them, repeats included (PyStemmer caches recent words,
        # as it would in the bot).
        print(
            f"{name}: {len(groups)} stems; same stem as hand-written for {same}/{len(vocabulary)}"
            f" words; {per_call_us(function, words):.2f} µs per word"
        )
    hand = groups_of["hand-written"]
    snowball = groups_of["PyStemmer (C)"]
    joined = [sorted(g) for g in snowball.values() if len({shipped(w) for w in g}) > 1]
    fast = stemmers()["PyStemmer (C)"]
    split = [sorted(g) for g in hand.values() if len({fast(w) for w in g}) > 1]
    print(f"Snowball joins what the hand-written one keeps apart ({len(joined)}):")
    print("  " + "; ".join(" ".join(g) for g in sorted(joined)[:40]))
    print(f"Snowball keeps apart what the hand-written one joins ({len(split)}):")
    print("  " + "; ".join(" ".join(g) for g in sorted(split)[:40]))
    print(import_cost("snowballstemmer"))
    print(import_cost("Stemmer"))


@contextmanager
def stemmer_in_use(function: Callable[[str], str]) -> Iterator[None]:
    """Every caller of ``text.stem`` (ranker, analyzer, triage features) uses `function`."""
    from bot.knowledge import retrieval
    from bot.knowledge.safety import triage_model

    saved = (text.stem, retrieval.stem, triage_model.stem, retrieval._STOP_STEMS)
    text.stem = retrieval.stem = triage_model.stem = function  # type: ignore[assignment]
    retrieval._STOP_STEMS = frozenset(function(w) for w in text.STOPWORDS)
    try:
        yield
    finally:
        text.stem, retrieval.stem, triage_model.stem, retrieval._STOP_STEMS = saved


def stemmer_quality(name: str) -> None:
    """Answer quality with stemmer `name`: the old sets (lexical) and both matchers (sets)."""
    import answer_quality as quality

    from bot.knowledge.retrieval import Ranker

    with stemmer_in_use(stemmers()[name]):
        ranker = Ranker.build(quality.load_passages(), quality.synonyms(), quality.out_of_scope())
        quality.quality(ranker, slice(None), "dev set, all")
        quality.safety_figures()
        for prefix in ("blind", "blind2", "blind3", "blind4", "blind5"):
            quality.blind_figures(ranker, prefix=prefix, label=prefix.upper())
        quality.whole_path_figures(show_misses=False, final=False)


def stemmer_quality_figures() -> None:
    for name in stemmers():
        print(f"== Answer quality with the {name} stemmer")
        out = subprocess.run(
            [sys.executable, __file__, "--quality-of", name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # The summary lines only: the by-style breakdowns and latencies are in answer_quality.
        print("\n".join(line for line in out.splitlines() if not line.startswith("  ")))


# -- Edit distance -------------------------------------------------------------------------------


def recorded_distances() -> list[tuple[str, str, int]]:
    """Every edit-distance call the three spellers make while the bot reads every question."""
    from rapidfuzz.distance import OSA

    from bot.knowledge.loader import load_synonyms
    from bot.knowledge.retrieval import Ranker
    from bot.knowledge.safety import rules_triage

    calls: list[tuple[str, str, int]] = []

    class Recording:
        @staticmethod
        def distance(a: str, b: str, *, score_cutoff: int) -> int:
            calls.append((a, b, score_cutoff))
            return int(OSA.distance(a, b, score_cutoff=score_cutoff))

    passages = passages_from_files(SETTINGS)
    ranker = Ranker.build(passages, load_synonyms(SETTINGS))
    # The semantic matcher's speller knows the articles' words (SemanticMatcher.attach).
    article_words = [
        w for p in passages for t in (p.text, p.section) for w in text.fold(t).split()
    ]
    semantic_speller = text.Speller.build([*article_words, *text.GENERIC_WORDS])
    text.OSA = Recording  # type: ignore[assignment]
    try:
        for question in questions():
            ranker.analyzer.stems(question, correct=True)
            rules_triage(question)
            for word in text.fold(question).split():
                semantic_speller.correct(word)
    finally:
        text.OSA = OSA
    return calls


def edit_distance_figures() -> None:
    from rapidfuzz.distance import OSA

    print("== Edit distance")
    calls = recorded_distances()
    distinct = sorted(set(calls))
    hand = [replaced.edit_distance(a, b, limit) for a, b, limit in distinct]
    library = [OSA.distance(a, b, score_cutoff=limit) for a, b, limit in distinct]
    # Above the limit the speller only needs "too far": the hand-written code sometimes returns
    # the exact distance there, rapidfuzz always limit + 1.
    same = sum(
        h == r or (h > c[2] and r > c[2]) for c, h, r in zip(distinct, hand, library, strict=True)
    )
    exact = sum(h == r for h, r in zip(hand, library, strict=True))
    print(
        f"{len(calls)} calls while reading every question ({len(distinct)} distinct): rapidfuzz"
        f" agrees on {same}/{len(distinct)} (within the limit or both beyond it;"
        f" {exact} the very same number)"
    )
    hand_us = per_call_us(lambda c: replaced.edit_distance(*c), calls)
    fuzz_us = per_call_us(lambda c: OSA.distance(c[0], c[1], score_cutoff=c[2]), calls)
    print(f"hand-written: {hand_us:.2f} µs per call; rapidfuzz.OSA: {fuzz_us:.2f} µs per call")
    speller = text.Speller.build(
        w for p in passages_from_files(SETTINGS) for w in text.fold(p.text).split()
    )
    # Words the speller knows return before any distance is computed: time the others.
    words = [w for q in questions() for w in text.fold(q).split() if not speller.knows(w)]
    timings = {}
    for name, distance in (("hand-written", None), ("rapidfuzz", OSA)):
        if distance is None:
            text.OSA = HandWritten  # type: ignore[assignment]
        try:
            timings[name] = per_call_us(speller.correct, words)
        finally:
            text.OSA = OSA
    print(
        f"a speller correcting the words of the questions it does not know ({len(words)}):"
        + "; ".join(f" {name} {us:.1f} µs per word" for name, us in timings.items())
    )
    print(import_cost("rapidfuzz.distance"))


class HandWritten:
    """The hand-written distance behind rapidfuzz's signature, for the end-to-end timing."""

    @staticmethod
    def distance(a: str, b: str, *, score_cutoff: int) -> int:
        return replaced.edit_distance(a, b, score_cutoff)


# -- Article parsing -----------------------------------------------------------------------------

# Markdown a clinic may write that the shipped articles do not contain.
SAMPLES = {
    "star bullets and numbered items": "## A\n\nIntro:\n\n* one\n* two\n\n1) first\n2) second\n",
    "bullets pasted from a word processor": "## A\n\nIntro:\n\n• one\n• two\n",
    "a plain line right after a list item": "## A\n\n- an item\nA new paragraph.\n",
    "an indented continuation of an item": "## A\n\n- an item\n  that goes on\n- next\n",
    "nested list": "## A\n\n- outer\n  - inner\n- last\n",
    "setext heading": "Section A\n---------\n\nText.\n",
    "title heading first": "# Title\n\nText.\n\n## A\n\nMore.\n",
    "heading with closing hashes and emphasis": "## **Bold** heading ##\n\nText.\n",
    "escaped and entity characters": "## A\n\nUse 2\\*3 &amp; \\_x\\_ sets.\n",
    "emphasis, code, link with title, image": (
        "## A\n\n*Soft* and __strong__, `code`, [page](https://e.org 'T'), ![alt](i.png).\n"
    ),
    "hard line break": "## A\n\nFirst line  \nsecond line.\n",
    "html comment": "## A\n\n<!-- note to self -->\n\nText.\n",
    "block quote": "## A\n\n> Quoted advice.\n",
}


def markdown_it_blocks(body: str) -> list[tuple[str, str, bool]]:
    return [(b.section, b.text, b.is_item) for b in articles._blocks(body)[0]]


def article_figures() -> None:
    print("== Article parsing")
    bodies = []
    for path in sorted((ROOT / "data" / "articles").glob("*.md")):
        bodies.append(path.read_text().split("\n---\n", 1)[1])
    for body in bodies:
        hand, library = replaced.article_blocks(body), markdown_it_blocks(body)
        same = sum(h == m for h, m in zip(hand, library, strict=False))
        print(
            f"shipped article: hand-written {len(hand)} passages, markdown-it {len(library)};"
            f" identical {same}"
        )
    for label, body in SAMPLES.items():
        hand, library = replaced.article_blocks(body), markdown_it_blocks(body)
        if hand == library:
            print(f"  same: {label}")
        else:
            print(f"  differ: {label}\n    hand-written {hand}\n    markdown-it  {library}")
    for name, function in (
        ("hand-written", replaced.article_blocks),
        ("markdown-it", markdown_it_blocks),
    ):
        print(f"{name}: {per_call_us(function, bodies, rounds=20) / 1000:.2f} ms per article")
    print(import_cost("markdown_it"))
    tracemalloc.start()
    gc.collect()
    markdown_it_blocks(bodies[0])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"markdown-it parse of one article: peak {peak / 1024:.0f} KB traced")


def main(argv: Iterable[str]) -> None:
    args = list(argv)
    if "--quality-of" in args:
        stemmer_quality(args[args.index("--quality-of") + 1])
        return
    stemmer_figures()
    edit_distance_figures()
    article_figures()
    if "--quality" in args:
        stemmer_quality_figures()


if __name__ == "__main__":
    main(sys.argv[1:])
